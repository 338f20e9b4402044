package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.ModelConfig;

/**
 * A small Inception-style backbone for 64–128 px faces that trains on a laptop CPU. Every
 * convolution is conv → batch norm → ReLU. With width w:
 *
 * <ul>
 *   <li>stem: 3×3/2 conv (w), 3×3 conv (2w), 3×3/2 max pool: {@code [N, 3, S, S]} → {@code [N, 2w,
 *       S/4, S/4]}
 *   <li>Inception block (c = w) → 4w channels; 3×3/2 max pool → S/8
 *   <li>Inception block (c = 2w) → 8w channels; 3×3/2 max pool → S/16
 *   <li>Inception block (c = 4w) → 16w channels
 *   <li>global average pooling {@code [N, 16w]} → dense → L2 normalisation {@code [N, E]}
 * </ul>
 *
 * A block concatenates four branches of c channels each: 1×1; 1×1 → 3×3; 1×1 (c/2) → 3×3 → 3×3
 * (a factorised 5×5); 3×3 average pool → 1×1. All spatial ops use SAME padding, so any S ≥ 32
 * works. At w = 16 the backbone has about 0.2 M parameters.
 */
public final class CompactInception extends SizedBackbone {
  private final SameDiff sameDiff;
  private final ConvUnit stemReduce;
  private final ConvUnit stemConvolution;
  private final Block[] blocks = new Block[3];
  private final EmbeddingLayer embedding;
  private final int featureSize;

  /**
   * @param width base channel count w, ≥ 2
   */
  public CompactInception(ParameterFactory parameters, int inputSize, int width, int embeddingSize) {
    super(ModelConfig.Backbone.COMPACT_INCEPTION, inputSize, embeddingSize);
    this.sameDiff = parameters.sameDiff();
    String prefix = "compact-inception/";
    stemReduce = ConvUnit.normalised(parameters, prefix + "stem1", 3, width, 3, 2, true);
    stemConvolution = ConvUnit.normalised(parameters, prefix + "stem2", width, 2 * width, 3, 1, true);
    int channels = 2 * width;
    for (int i = 0; i < blocks.length; i++) {
      int branchChannels = width << i;
      blocks[i] = new Block(parameters, prefix + "block" + (i + 1), channels, branchChannels);
      channels = 4 * branchChannels;
    }
    featureSize = channels;
    embedding = new EmbeddingLayer(parameters, prefix + "embedding", channels, embeddingSize);
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public Tower tower(SDVariable images, String embeddingName, TowerContext context) {
    SDVariable x = stemReduce.apply(sameDiff, images, context);
    x = stemConvolution.apply(sameDiff, x, context);
    x = Layers.maxPool(sameDiff, x, 3, 2, true);
    for (int i = 0; i < blocks.length; i++) {
      if (i > 0) {
        x = Layers.maxPool(sameDiff, x, 3, 2, true);
      }
      x = blocks[i].apply(x, context);
    }
    SDVariable pooled = Layers.globalAveragePool(x);
    return new Tower(pooled, embedding.apply(sameDiff, pooled, embeddingName));
  }

  private final class Block {
    private final ConvUnit single;
    private final ConvUnit threeReduce;
    private final ConvUnit three;
    private final ConvUnit fiveReduce;
    private final ConvUnit fiveFirst;
    private final ConvUnit fiveSecond;
    private final ConvUnit poolProjection;

    Block(ParameterFactory parameters, String name, int inputChannels, int branchChannels) {
      int reduced = Math.max(1, branchChannels / 2);
      single = ConvUnit.normalised(parameters, name + "/1x1", inputChannels, branchChannels, 1, 1, true);
      threeReduce = ConvUnit.normalised(parameters, name + "/3x3-reduce", inputChannels, branchChannels, 1, 1, true);
      three = ConvUnit.normalised(parameters, name + "/3x3", branchChannels, branchChannels, 3, 1, true);
      fiveReduce = ConvUnit.normalised(parameters, name + "/5x5-reduce", inputChannels, reduced, 1, 1, true);
      fiveFirst = ConvUnit.normalised(parameters, name + "/5x5-a", reduced, branchChannels, 3, 1, true);
      fiveSecond = ConvUnit.normalised(parameters, name + "/5x5-b", branchChannels, branchChannels, 3, 1, true);
      poolProjection = ConvUnit.normalised(parameters, name + "/pool-projection", inputChannels, branchChannels, 1, 1, true);
    }

    SDVariable apply(SDVariable input, TowerContext context) {
      SDVariable singleBranch = single.apply(sameDiff, input, context);
      SDVariable threeBranch = three.apply(sameDiff, threeReduce.apply(sameDiff, input, context), context);
      SDVariable fiveBranch =
          fiveSecond.apply(
              sameDiff, fiveFirst.apply(sameDiff, fiveReduce.apply(sameDiff, input, context), context), context);
      SDVariable poolBranch =
          poolProjection.apply(sameDiff, Layers.averagePool(sameDiff, input, 3, 1, true), context);
      return sameDiff.concat(1, singleBranch, threeBranch, fiveBranch, poolBranch);
    }
  }
}
