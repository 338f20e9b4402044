package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.ModelConfig;

/**
 * A plain convolutional tower for CPUs: five 3×3 convolutions, each with batch norm and ReLU, with
 * w, 2w, 4w, 8w and 8w channels (w = {@code model.width}; 32 gives 32-64-128-256-256), 2×2 max
 * pooling after the first four, global average pooling, then a small MLP (dense 8w → 8w, ReLU,
 * dense 8w → E) and L2 normalisation. At w = 32 and a 128-d embedding it has about 1.08 M
 * parameters. The heads (gender, age) can read the pooled features (before the MLP), so they do
 * not bend the metric space.
 *
 * <p>Shapes: {@code [N, 3, S, S]} → {@code [N, 8w, S/16, S/16]} → pooled {@code [N, 8w]} → {@code
 * [N, E]}. S must be a multiple of 16.
 */
public final class PlainCnn extends SizedBackbone {
  private static final int[] CHANNEL_FACTORS = {1, 2, 4, 8, 8};
  private static final int POOLED_BLOCKS = 4;

  private final SameDiff sameDiff;
  private final int featureSize;
  private final ConvUnit[] blocks = new ConvUnit[CHANNEL_FACTORS.length];
  private final SDVariable hiddenWeights;
  private final SDVariable hiddenBias;
  private final EmbeddingLayer embedding;

  /**
   * @param width w, channels of the first block
   */
  public PlainCnn(ParameterFactory parameters, int inputSize, int width, int embeddingSize) {
    super(ModelConfig.Backbone.PLAIN_CNN, inputSize, embeddingSize);
    if (inputSize % 16 != 0) {
      throw new IllegalArgumentException("plain-cnn needs an input size divisible by 16, got " + inputSize);
    }
    this.sameDiff = parameters.sameDiff();
    int channels = 3;
    for (int i = 0; i < blocks.length; i++) {
      int out = CHANNEL_FACTORS[i] * width;
      blocks[i] = ConvUnit.normalised(parameters, "plain-cnn/block" + (i + 1), channels, out, 3, 1, true);
      channels = out;
    }
    featureSize = channels;
    hiddenWeights = parameters.denseWeights("plain-cnn/mlp/weights", featureSize, featureSize);
    hiddenBias = parameters.zeros("plain-cnn/mlp/bias", featureSize);
    embedding = new EmbeddingLayer(parameters, "plain-cnn/embedding", featureSize, embeddingSize);
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public Tower tower(SDVariable images, String embeddingName, TowerContext context) {
    SDVariable x = images;
    for (int i = 0; i < blocks.length; i++) {
      SDVariable normalised = blocks[i].applyBeforeActivation(sameDiff, x, context);
      if (i < POOLED_BLOCKS) {
        normalised = Layers.maxPool(sameDiff, normalised, 2, 2, false);
      }
      x = sameDiff.nn().relu(normalised, 0);
    }
    SDVariable pooled = Layers.globalAveragePool(x);
    SDVariable hidden = sameDiff.nn().relu(sameDiff.nn().linear(pooled, hiddenWeights, hiddenBias), 0);
    return new Tower(pooled, embedding.apply(sameDiff, hidden, embeddingName));
  }
}
