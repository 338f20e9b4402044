package org.siamage.data;

import java.util.Locale;
import java.util.Optional;

/** Gender label of a face. {@link #UNKNOWN} faces are used for age but not for gender metrics. */
public enum Gender {
  FEMALE("F"),
  MALE("M"),
  UNKNOWN("");

  private final String code;

  Gender(String code) {
    this.code = code;
  }

  /** The one-letter code written to CSV files: "F", "M" or "" for unknown. */
  public String code() {
    return code;
  }

  /**
   * Parses the gender codes datasets use: F/M, female/male, w/woman, and 0/1 where {@code zeroIsMale}
   * says which convention the dataset follows (UTKFace: 0 = male). Empty means unknown.
   *
   * @return empty when the code is not recognised (the caller reports it with file and line)
   */
  public static Optional<Gender> parse(String raw, boolean zeroIsMale) {
    String value = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "":
      case "?":
      case "u":
      case "unknown":
        return Optional.of(UNKNOWN);
      case "f":
      case "female":
      case "w":
      case "woman":
        return Optional.of(FEMALE);
      case "m":
      case "male":
      case "man":
        return Optional.of(MALE);
      case "0":
        return Optional.of(zeroIsMale ? MALE : FEMALE);
      case "1":
        return Optional.of(zeroIsMale ? FEMALE : MALE);
      default:
        return Optional.empty();
    }
  }

  /** 1.0 for female, 0.0 for male: the target of the gender head's sigmoid. */
  public double femaleProbabilityTarget() {
    if (this == UNKNOWN) {
      throw new IllegalStateException("An unknown gender has no training target");
    }
    return this == FEMALE ? 1.0 : 0.0;
  }
}
