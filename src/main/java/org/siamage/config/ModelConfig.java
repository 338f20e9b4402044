package org.siamage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

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
    Backbone backbone, int width, int embeddingSize, boolean genderHead, String initialWeights, HeadInput headInput) {
  /** {@code model.backbone}: the tower both inputs go through (docs/method.md). */
  public enum Backbone implements ConfigEnum {
    /** A plain convolutional tower for CPUs (the default, ADR 0046). */
    PLAIN_CNN("plain-cnn"),
    /** A small Inception-style network that trains on a laptop CPU. */
    COMPACT_INCEPTION("compact-inception"),
    /** Inception V3, the paper's backbone (299 px by design; ImageNet weights may start it). */
    INCEPTION_V3("inception-v3"),
    /** The fixed small network that compares training speed with other frameworks. */
    REFERENCE_CNN("reference-cnn");

    private final String wireName;

    Backbone(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code model.backbone} and the allowed names. */
    @JsonCreator
    public static Backbone fromWireName(String name) {
      return ConfigEnum.parse(Backbone.class, "model.backbone", name);
    }
  }

  /** {@code model.headInput}: what the gender and age heads read. */
  public enum HeadInput implements ConfigEnum {
    /** The L2-normalised embedding (the paper's multi-task reading). */
    EMBEDDING("embedding"),
    /** The backbone's pooled features before the embedding layer. */
    FEATURES("features");

    private final String wireName;

    HeadInput(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code model.headInput} and the allowed names. */
    @JsonCreator
    public static HeadInput fromWireName(String name) {
      return ConfigEnum.parse(HeadInput.class, "model.headInput", name);
    }
  }

  /** A model initialised at random, its heads on the embedding. */
  public ModelConfig(Backbone backbone, int width, int embeddingSize, boolean genderHead) {
    this(backbone, width, embeddingSize, genderHead, "", HeadInput.EMBEDDING);
  }

  public ModelConfig withGenderHead(boolean newGenderHead) {
    return new ModelConfig(backbone, width, embeddingSize, newGenderHead, initialWeights, headInput);
  }

  public ModelConfig withHeadInput(HeadInput newHeadInput) {
    return new ModelConfig(backbone, width, embeddingSize, genderHead, initialWeights, newHeadInput);
  }

  /** Whether the heads read the pooled features rather than the embedding. */
  public boolean headsOnFeatures() {
    return headInput == HeadInput.FEATURES;
  }
}
