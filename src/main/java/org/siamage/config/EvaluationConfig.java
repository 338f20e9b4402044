package org.siamage.config;

/**
 * Reference-based estimation and its evaluation.
 *
 * @param neighbours k nearest references averaged for an estimate, ≥ 1
 * @param referencesPerYear cap of references per year of age (0 = the whole training split)
 * @param maxCumulativeScoreYears largest T of the CS(T) curve, 0..30
 */
public record EvaluationConfig(int neighbours, int referencesPerYear, int maxCumulativeScoreYears) {}
