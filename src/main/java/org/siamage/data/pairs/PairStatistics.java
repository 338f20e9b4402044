package org.siamage.data.pairs;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an epoch's pairs look like, for logs and the training view.
 *
 * @param pairs number of pairs
 * @param targetPositiveShare ρ the sampler aimed at, 0..1
 * @param positiveShare share of similar pairs actually drawn, 0..1
 * @param meanSimilarAgeGap mean |Δage| in years over similar pairs, NaN when there are none
 * @param meanDissimilarAgeGap mean |Δage| in years over dissimilar pairs, NaN when there are none
 * @param ageGapBands histogram of |Δage|: the similar band [0, ⌊τ⌋], then 5-year bands, then an
 *     open band
 * @param similarFallbacks pairs meant to be similar whose left face has no partner within τ, so a
 *     dissimilar partner was drawn instead
 * @param dissimilarFallbacks pairs meant to be dissimilar whose left face has no partner beyond τ,
 *     so a similar partner was drawn instead
 * @param hardNegativeCandidates candidates compared per dissimilar pair (0 = no mining)
 */
public record PairStatistics(
    int pairs,
    double targetPositiveShare,
    double positiveShare,
    double meanSimilarAgeGap,
    double meanDissimilarAgeGap,
    List<AgeGapBand> ageGapBands,
    int similarFallbacks,
    int dissimilarFallbacks,
    int hardNegativeCandidates) {

  public PairStatistics {
    ageGapBands = List.copyOf(ageGapBands);
  }

  public int fallbacks() {
    return similarFallbacks + dissimilarFallbacks;
  }

  /**
   * One line, e.g. {@code 1000 pairs, 50.0% similar (target 50.0%), mean |Δage| 1.4 similar / 17.9
   * dissimilar, fallbacks 0 similar→dissimilar / 2 dissimilar→similar, |Δage| 0–3:500 4–8:180 …}.
   */
  public String describe() {
    String histogram =
        ageGapBands.stream()
            .map(band -> band.label() + ":" + band.pairs())
            .collect(Collectors.joining(" "));
    return String.format(
        Locale.ROOT,
        "%d pairs, %.1f%% similar (target %.1f%%), mean |Δage| %s similar / %s dissimilar,"
            + " fallbacks %d similar→dissimilar / %d dissimilar→similar,%s |Δage| %s",
        pairs,
        100 * positiveShare,
        100 * targetPositiveShare,
        formatGap(meanSimilarAgeGap),
        formatGap(meanDissimilarAgeGap),
        similarFallbacks,
        dissimilarFallbacks,
        hardNegativeCandidates > 0 ? " hard negatives best of " + hardNegativeCandidates + "," : "",
        histogram);
  }

  private static String formatGap(double years) {
    return Double.isNaN(years) ? "–" : String.format(Locale.ROOT, "%.1f", years);
  }
}
