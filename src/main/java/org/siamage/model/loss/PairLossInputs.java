package org.siamage.model.loss;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The graph variables a pair loss reads.
 *
 * @param left embeddings of the left faces, {@code [N, E]}
 * @param right embeddings of the right faces, {@code [N, E]}
 * @param distance Euclidean distance of each pair, {@code [N]} (0..2 for L2-normalised embeddings)
 * @param ageLeft age of each left face in years, {@code [N]}
 * @param ageRight age of each right face in years, {@code [N]}
 */
public record PairLossInputs(
    SDVariable left, SDVariable right, SDVariable distance, SDVariable ageLeft, SDVariable ageRight) {}
