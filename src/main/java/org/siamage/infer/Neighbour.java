package org.siamage.infer;

import org.siamage.data.Gender;

/**
 * One of the nearest references of a query.
 *
 * @param referenceIndex row of the reference in its {@link ReferenceGallery}
 * @param id the reference face's id
 * @param age the reference's age in years
 * @param gender the reference's gender, possibly {@link Gender#UNKNOWN}
 * @param distance Euclidean distance between the query and reference embeddings (0..2 for
 *     L2-normalised embeddings)
 * @param weight the reference's share of the estimate, 0..1; the weights of an estimate's
 *     neighbours sum to 1
 */
public record Neighbour(
    int referenceIndex, String id, int age, Gender gender, double distance, double weight) {}
