package org.siamage.config;

/**
 * The Siamese network.
 *
 * @param backbone {@code compact-inception}, {@code inception-v3} or {@code reference-cnn}
 * @param width base channel count of the compact backbone, 8..256
 * @param embeddingSize dimension of the L2-normalised embedding, 2..2048
 * @param genderHead whether the multi-task gender head is trained
 */
public record ModelConfig(String backbone, int width, int embeddingSize, boolean genderHead) {}
