package org.siamage.model;

/**
 * Inference output for N faces.
 *
 * @param embeddings L2-normalised embeddings {@code [N][E]}
 * @param femaleProbability gender head output in 0..1 per face, {@code [N]}; null without a head
 */
public record Prediction(float[][] embeddings, float[] femaleProbability) {}
