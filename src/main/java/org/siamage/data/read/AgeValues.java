package org.siamage.data.read;

import java.math.BigDecimal;
import org.siamage.data.FaceRecord;

/** Parses age labels in whole years, rejecting values no face can have. */
final class AgeValues {
  private AgeValues() {}

  /**
   * @param raw the age as written in the dataset, e.g. "23" or "23.0"
   * @return the age in whole years, 0 ≤ age ≤ {@link FaceRecord#MAX_AGE}
   * @throws BadValueException naming the raw value when it is missing, not a whole number, negative
   *     or absurd
   */
  static int parse(String raw) throws BadValueException {
    String value = raw == null ? "" : raw.trim();
    if (value.isEmpty()) {
      throw new BadValueException("missing age");
    }
    BigDecimal number;
    try {
      number = new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new BadValueException("age '" + value + "' is not a number");
    }
    if (number.signum() < 0) {
      throw new BadValueException("age " + value + " is negative");
    }
    if (number.stripTrailingZeros().scale() > 0) {
      throw new BadValueException("age " + value + " is not a whole number of years");
    }
    if (number.compareTo(BigDecimal.valueOf(FaceRecord.MAX_AGE)) > 0) {
      throw new BadValueException(
          "age " + value + " is absurd (over " + FaceRecord.MAX_AGE + " years)");
    }
    return number.intValueExact();
  }
}
