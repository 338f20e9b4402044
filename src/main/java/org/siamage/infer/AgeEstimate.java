package org.siamage.infer;

import java.util.List;

/**
 * The estimated age of one face.
 *
 * @param age distance-weighted mean age of the nearest references, in years
 * @param uncertainty weighted standard deviation of those ages around {@code age}, in years (≥ 0)
 * @param neighbours the nearest references, closest first
 * @param leftOut references left out as the query's own image (see {@link
 *     AgeEstimator#estimateLeavingOut}), 0 normally
 */
public record AgeEstimate(double age, double uncertainty, List<Neighbour> neighbours, int leftOut) {
  public AgeEstimate {
    neighbours = List.copyOf(neighbours);
  }

  /** Gender by a weighted vote of these neighbours (for networks without a gender head). */
  public GenderEstimate genderVote() {
    return GenderVote.of(neighbours);
  }
}
