package org.siamage.infer;

import org.siamage.data.Gender;

/**
 * The estimated gender of a face.
 *
 * @param femaleProbability probability that the face is female, 0..1; NaN when nothing could be
 *     said (no neighbour of known gender)
 * @param votes neighbours of known gender that voted (0 for a head estimate)
 * @param source where the probability comes from
 */
public record GenderEstimate(double femaleProbability, int votes, Source source) {
  /** Where a gender estimate comes from. */
  public enum Source {
    /** The network's gender head (sigmoid output). */
    HEAD,
    /** A distance-weighted vote of the nearest references (no gender head). */
    REFERENCE_VOTE
  }

  public boolean isKnown() {
    return !Double.isNaN(femaleProbability);
  }

  /** {@link Gender#FEMALE} from probability 0.5 up, {@link Gender#UNKNOWN} when NaN. */
  public Gender gender() {
    if (!isKnown()) {
      return Gender.UNKNOWN;
    }
    return femaleProbability >= 0.5 ? Gender.FEMALE : Gender.MALE;
  }
}
