package org.siamage.model;

import org.siamage.config.ModelConfig;
import org.siamage.core.UserFacingException;

/** Creates the backbone a model config names. */
public final class Backbones {
  private Backbones() {}

  public static final String COMPACT_INCEPTION = "compact-inception";
  public static final String INCEPTION_V3 = "inception-v3";
  public static final String REFERENCE_CNN = "reference-cnn";
  public static final String PLAIN_CNN = "plain-cnn";

  /**
   * Creates the backbone's parameters in the factory's graph.
   *
   * @param inputSize side S of the square input in pixels
   */
  public static Backbone create(ParameterFactory parameters, ModelConfig model, int inputSize) {
    try {
      return switch (model.backbone()) {
        case COMPACT_INCEPTION -> new CompactInception(parameters, inputSize, model.width(), model.embeddingSize());
        case INCEPTION_V3 -> new InceptionV3(parameters, inputSize, model.embeddingSize());
        case REFERENCE_CNN -> new ReferenceCnn(parameters, inputSize, model.embeddingSize());
        case PLAIN_CNN -> new PlainCnn(parameters, inputSize, model.width(), model.embeddingSize());
        default -> throw new UserFacingException(
            "model.backbone: unknown backbone '"
                + model.backbone()
                + "' (expected "
                + PLAIN_CNN
                + ", "
                + COMPACT_INCEPTION
                + ", "
                + INCEPTION_V3
                + " or "
                + REFERENCE_CNN
                + ")");
      };
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("preprocessing.inputSize: " + e.getMessage(), e);
    }
  }
}
