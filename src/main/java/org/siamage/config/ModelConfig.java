package org.siamage.config;

/**
 * The Siamese network.
 *
 * @param backbone {@code compact-inception}, {@code inception-v3} or {@code reference-cnn}
 * @param width base channel count of the compact backbone, 8..256
 * @param embeddingSize dimension of the L2-normalised embedding, 2..2048
 * @param genderHead whether the multi-task gender head is trained
 * @param initialWeights Keras {@code .h5} with ImageNet InceptionV3 weights to start from
 *     ({@code inception-v3} only; transfer learning), or empty for random initialisation
 */
public record ModelConfig(
    String backbone, int width, int embeddingSize, boolean genderHead, String initialWeights) {

  /** A model initialised at random. */
  public ModelConfig(String backbone, int width, int embeddingSize, boolean genderHead) {
    this(backbone, width, embeddingSize, genderHead, "");
  }

  public ModelConfig withGenderHead(boolean newGenderHead) {
    return new ModelConfig(backbone, width, embeddingSize, newGenderHead, initialWeights);
  }
}
