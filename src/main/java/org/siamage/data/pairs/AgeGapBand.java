package org.siamage.data.pairs;

/**
 * One bar of the |Δage| histogram of an epoch's pairs.
 *
 * @param fromYears smallest age gap in the band, inclusive
 * @param toYears largest age gap in the band, inclusive; {@link Integer#MAX_VALUE} for the open
 *     last band
 * @param pairs pairs whose age gap lies in the band
 */
public record AgeGapBand(int fromYears, int toYears, int pairs) {
  /** "0–3", "4–8", …, "29+". */
  public String label() {
    if (toYears == Integer.MAX_VALUE) {
      return fromYears + "+";
    }
    return fromYears == toYears ? Integer.toString(fromYears) : fromYears + "–" + toYears;
  }
}
