package org.siamage.infer;

import java.util.List;
import org.siamage.data.Gender;

/**
 * Gender from the embedding alone: the nearest references vote with their estimate weights. This is
 * how the paper reads gender "without gender data", and what the estimator reports when the network
 * has no gender head. Neighbours of unknown gender abstain; their weight is left out of the
 * normalisation.
 */
public final class GenderVote {
  private GenderVote() {}

  /**
   * @return the weighted share of female votes among neighbours of known gender; NaN probability
   *     when none of them has a known gender
   */
  public static GenderEstimate of(List<Neighbour> neighbours) {
    double femaleWeight = 0;
    double knownWeight = 0;
    int votes = 0;
    for (Neighbour neighbour : neighbours) {
      if (neighbour.gender() == Gender.UNKNOWN) {
        continue;
      }
      votes++;
      knownWeight += neighbour.weight();
      if (neighbour.gender() == Gender.FEMALE) {
        femaleWeight += neighbour.weight();
      }
    }
    if (votes == 0) {
      return new GenderEstimate(Double.NaN, 0, GenderEstimate.Source.REFERENCE_VOTE);
    }
    // All-zero weights cannot happen with inverse-distance weights, but a plain vote is the
    // sensible answer if a caller passes them.
    double probability =
        knownWeight > 0 ? femaleWeight / knownWeight : femaleShareUnweighted(neighbours, votes);
    return new GenderEstimate(probability, votes, GenderEstimate.Source.REFERENCE_VOTE);
  }

  private static double femaleShareUnweighted(List<Neighbour> neighbours, int votes) {
    long female = neighbours.stream().filter(n -> n.gender() == Gender.FEMALE).count();
    return (double) female / votes;
  }
}
