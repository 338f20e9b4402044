package org.siamage.data.read;

import org.siamage.data.Gender;

/** Gender codes accepted in index files (labels.csv, MORPH): F/M, female/male, or empty. */
final class IndexGenderCodes {
  private IndexGenderCodes() {}

  static Gender parse(String raw) throws BadValueException {
    String value = raw == null ? "" : raw.trim();
    // 0/1 mean opposite things in different datasets (UTKFace: 0 = male), so an index must spell
    // it.
    if (value.equals("0") || value.equals("1")) {
      throw new BadValueException("gender code '" + value + "' is ambiguous: write F or M");
    }
    return Gender.parse(value, true)
        .orElseThrow(
            () ->
                new BadValueException(
                    "unknown gender code '" + value + "' (expected F, M, female, male or empty)"));
  }
}
