package org.siamage.infer.explain;

/**
 * Occlusion maps of both faces of a pair.
 *
 * @param first map over the first face (the second stays whole)
 * @param second map over the second face (the first stays whole)
 * @param settings patch, stride and batch used
 * @param forwardPasses network calls made
 * @param seconds wall-clock time of the computation
 */
public record PairOcclusion(OcclusionMap first, OcclusionMap second, OcclusionSettings settings,
    int forwardPasses, double seconds) {}
