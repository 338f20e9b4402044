package org.siamage.config;

/**
 * The Siamese network.
 *
 * @param backbone {@code plain-cnn}, {@code compact-inception}, {@code inception-v3} or {@code
 *     reference-cnn}
 * @param width base channel count of the plain and the compact backbone, 8..256
 * @param embeddingSize dimension of the L2-normalised embedding, 2..2048
 * @param genderHead whether the multi-task gender head is trained
 * @param initialWeights Keras {@code .h5} with ImageNet InceptionV3 weights to start from
 *     ({@code inception-v3} only; transfer learning), or empty for random initialisation
 * @param headInput what the gender and age heads read: {@code embedding} (the L2-normalised
 *     embedding, the paper's multi-task reading) or {@code features} (the backbone's pooled
 *     features before the embedding layer, so the heads do not bend the metric space)
 */
public record ModelConfig(
    String backbone, int width, int embeddingSize, boolean genderHead, String initialWeights, String headInput) {
  public static final String HEADS_ON_EMBEDDING = "embedding";
  public static final String HEADS_ON_FEATURES = "features";

  /** A model initialised at random, its heads on the embedding. */
  public ModelConfig(String backbone, int width, int embeddingSize, boolean genderHead) {
    this(backbone, width, embeddingSize, genderHead, "", HEADS_ON_EMBEDDING);
  }

  public ModelConfig withGenderHead(boolean newGenderHead) {
    return new ModelConfig(backbone, width, embeddingSize, newGenderHead, initialWeights, headInput);
  }

  public ModelConfig withHeadInput(String newHeadInput) {
    return new ModelConfig(backbone, width, embeddingSize, genderHead, initialWeights, newHeadInput);
  }

  /** Whether the heads read the pooled features rather than the embedding. */
  public boolean headsOnFeatures() {
    return HEADS_ON_FEATURES.equals(headInput);
  }
}
