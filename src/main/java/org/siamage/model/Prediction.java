package org.siamage.model;

/**
 * Inference output for N faces.
 *
 * @param embeddings L2-normalised embeddings {@code [N][E]}
 * @param femaleProbability gender head output in 0..1 per face, {@code [N]}; null without a head
 * @param headAge age head estimate in years per face, {@code [N]}; null without an age head
 */
public record Prediction(float[][] embeddings, float[] femaleProbability, float[] headAge) {}
