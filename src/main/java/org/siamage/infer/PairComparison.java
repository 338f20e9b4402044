package org.siamage.infer;

/**
 * The learned distance between two faces and what it means.
 *
 * @param first estimate of the first face
 * @param second estimate of the second face
 * @param distance Euclidean distance of their embeddings, 0..2
 * @param threshold distance under which the model calls them the same age class
 * @param ageThreshold τ in years: the age gap the model was trained to call "same class"
 * @param sameAgeClass {@code distance ≤ threshold}
 */
public record PairComparison(
    FacePrediction first,
    FacePrediction second,
    double distance,
    double threshold,
    double ageThreshold,
    boolean sameAgeClass) {}
