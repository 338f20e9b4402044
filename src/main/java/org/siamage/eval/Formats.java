package org.siamage.eval;

import java.util.Locale;

/** Number formats shared by the report and table writers (always with a decimal point). */
public final class Formats {
  static final String MISSING = "–";

  private Formats() {}

  /** Years with two decimals: "2.24". */
  static String years(Double value) {
    return value == null ? MISSING : String.format(Locale.ROOT, "%.2f", value);
  }

  /** A share 0..1 as a percentage with one decimal: "69.7 %". */
  static String percent(Double share) {
    return share == null ? MISSING : String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  /** A number without trailing zeros: "3", "2.5". */
  public static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** A percentage that is already in 0..100, printed as given: "81.23 %". */
  static String paperPercent(double percent, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f %%", percent);
  }
}
