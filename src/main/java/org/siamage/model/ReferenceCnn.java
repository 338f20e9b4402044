package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.ModelConfig;

/**
 * The fixed small network used to compare training speed with other frameworks: three 3×3 SAME
 * convolutions with bias (3→32→64→128 channels), each followed by ReLU and 2×2 max pooling (computed
 * as pooling then ReLU, which is identical and cheaper), then
 * flatten → dense → L2 normalisation. No batch norm. At 64×64 input and a 64-d embedding it has
 * 617,600 parameters.
 *
 * <p>Shapes: {@code [N, 3, S, S]} → {@code [N, 128, S/8, S/8]} → {@code [N, 128·(S/8)²]} → {@code
 * [N, E]}. S must be a multiple of 8.
 */
public final class ReferenceCnn extends SizedBackbone {
  private static final int[] CHANNELS = {3, 32, 64, 128};
  private final SameDiff sameDiff;
  private final ConvUnit[] convolutions = new ConvUnit[3];
  private final EmbeddingLayer embedding;
  private final int flatFeatures;

  public ReferenceCnn(ParameterFactory parameters, int inputSize, int embeddingSize) {
    super(ModelConfig.Backbone.REFERENCE_CNN, inputSize, embeddingSize);
    if (inputSize % 8 != 0) {
      throw new IllegalArgumentException("reference-cnn needs an input size divisible by 8, got " + inputSize);
    }
    this.sameDiff = parameters.sameDiff();
    for (int i = 0; i < 3; i++) {
      convolutions[i] =
          new ConvUnit(parameters, "reference-cnn/conv" + (i + 1), CHANNELS[i], CHANNELS[i + 1], 3, 3, 1, true, false);
    }
    int side = inputSize / 8;
    flatFeatures = CHANNELS[3] * side * side;
    embedding = new EmbeddingLayer(parameters, "reference-cnn/embedding", flatFeatures, embeddingSize);
  }

  @Override
  public int featureSize() {
    return flatFeatures;
  }

  @Override
  public Tower tower(SDVariable images, String embeddingName, TowerContext context) {
    SDVariable x = images;
    for (ConvUnit convolution : convolutions) {
      // ReLU after pooling: max pooling and ReLU commute (both monotone), so the result and its
      // gradient are the same while the ReLU and its backward pass touch a quarter of the values
      x = sameDiff.nn().relu(Layers.maxPool(sameDiff, convolution.applyWithoutActivation(sameDiff, x), 2, 2, false), 0);
    }
    SDVariable flat = sameDiff.reshape(x, -1, flatFeatures);
    return new Tower(flat, embedding.apply(sameDiff, flat, embeddingName));
  }
}
