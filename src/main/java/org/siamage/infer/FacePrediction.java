package org.siamage.infer;

import java.util.List;

/**
 * Age and gender of one face.
 *
 * @param source image file or face id
 * @param age estimated age in years, as the model's estimator reports it (the distance-weighted
 *     mean of the nearest references unless the model uses its age head or a blend)
 * @param uncertainty weighted standard deviation of those references' ages, in years
 * @param femaleProbability probability that the face is female, 0..1
 * @param genderSource {@code head} (multi-task head) or {@code references} (vote of the neighbours)
 * @param neighbours the k nearest references, nearest first
 * @param embedding the face's L2-normalised embedding
 * @param note a warning for the user (no face found, several faces), or empty
 * @param referencesAge the distance-weighted mean age of the nearest references, years
 * @param headAge the age head's estimate, years, or NaN without an age head
 * @param unusual the face is farther from its nearest reference than the model's {@code
 *     evaluation.unusualDistance}: unlike the faces the model knows, so its estimate is not to be
 *     trusted (always false for models without that distance)
 */
public record FacePrediction(
    String source,
    double age,
    double uncertainty,
    double femaleProbability,
    String genderSource,
    List<Neighbour> neighbours,
    float[] embedding,
    String note,
    double referencesAge,
    double headAge,
    boolean unusual) {
  public FacePrediction {
    neighbours = List.copyOf(neighbours);
  }

  /** "F" or "M" by the more likely gender. */
  public String genderCode() {
    return femaleProbability >= 0.5 ? "F" : "M";
  }
}
