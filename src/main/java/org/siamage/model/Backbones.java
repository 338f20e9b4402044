package org.siamage.model;

import org.siamage.config.ModelConfig;
import org.siamage.core.UserFacingException;

/** Creates the backbone a model config names. */
public final class Backbones {
  private Backbones() {}

  /**
   * Creates the backbone's parameters in the factory's graph.
   *
   * @param inputSize side S of the square input in pixels
   */
  public static Backbone create(ParameterFactory parameters, ModelConfig model, int inputSize) {
    if (model.backbone() == null) {
      throw new UserFacingException("model.backbone: missing (use plain-cnn, compact-inception, inception-v3 or"
          + " reference-cnn)");
    }
    try {
      return switch (model.backbone()) {
        case COMPACT_INCEPTION -> new CompactInception(parameters, inputSize, model.width(), model.embeddingSize());
        case INCEPTION_V3 -> new InceptionV3(parameters, inputSize, model.embeddingSize());
        case REFERENCE_CNN -> new ReferenceCnn(parameters, inputSize, model.embeddingSize());
        case PLAIN_CNN -> new PlainCnn(parameters, inputSize, model.width(), model.embeddingSize());
      };
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("preprocessing.inputSize: " + e.getMessage(), e);
    }
  }
}
