package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * Convolution → batch norm → ReLU (Inception style: no bias, the batch norm shift replaces it), or
 * convolution + bias → ReLU when built without batch norm. Parameters are created once; {@link
 * #apply} may be called for any number of towers.
 */
final class ConvUnit {
  private final SDVariable weights;
  private final SDVariable bias;
  private final BatchNorm batchNorm;
  private final Conv2DConfig config;
  final int outputChannels;

  /**
   * @param same SAME padding (output side = ceil(input / stride)) when true, VALID otherwise
   */
  ConvUnit(
      ParameterFactory parameters,
      String name,
      int inputChannels,
      int outputChannels,
      int kernelHeight,
      int kernelWidth,
      int stride,
      boolean same,
      boolean withBatchNorm) {
    this.outputChannels = outputChannels;
    weights = parameters.convolutionWeights(name + "/weights", kernelHeight, kernelWidth, inputChannels, outputChannels);
    if (withBatchNorm) {
      bias = null;
      batchNorm = new BatchNorm(parameters, name + "/batch-norm", outputChannels);
    } else {
      bias = parameters.zeros(name + "/bias", outputChannels);
      batchNorm = null;
    }
    config = Layers.convolution(kernelHeight, kernelWidth, stride, same);
  }

  /** Square kernel with batch norm. */
  static ConvUnit normalised(
      ParameterFactory parameters, String name, int inputChannels, int outputChannels, int kernel, int stride, boolean same) {
    return new ConvUnit(parameters, name, inputChannels, outputChannels, kernel, kernel, stride, same, true);
  }

  /** Rectangular kernel (factorised n×1 / 1×n), stride 1, SAME padding, with batch norm. */
  static ConvUnit factorised(
      ParameterFactory parameters, String name, int inputChannels, int outputChannels, int kernelHeight, int kernelWidth) {
    return new ConvUnit(parameters, name, inputChannels, outputChannels, kernelHeight, kernelWidth, 1, true, true);
  }

  /**
   * Convolution + bias without batch norm or ReLU, for callers that apply the activation later.
   *
   * @param input {@code [N, inC, H, W]}
   * @return {@code [N, outC, H', W']}
   */
  SDVariable applyWithoutActivation(SameDiff sameDiff, SDVariable input) {
    if (batchNorm != null) {
      throw new IllegalStateException("a batch-normalised unit applies its ReLU after the batch norm");
    }
    return sameDiff.cnn().conv2d(input, weights, bias, config);
  }

  /**
   * Convolution and its batch norm (or bias) without the ReLU, for callers that pool first: max
   * pooling and ReLU commute, so pooling before the ReLU gives the same values while the ReLU
   * and its backward pass touch a quarter of them.
   *
   * @param input {@code [N, inC, H, W]}
   * @return {@code [N, outC, H', W']}
   */
  SDVariable applyBeforeActivation(SameDiff sameDiff, SDVariable input, TowerContext context) {
    if (batchNorm == null) {
      return sameDiff.cnn().conv2d(input, weights, bias, config);
    }
    return batchNorm.apply(sameDiff, sameDiff.cnn().conv2d(input, weights, config), context);
  }

  /**
   * @param input {@code [N, inC, H, W]}
   * @return {@code [N, outC, H', W']}
   */
  SDVariable apply(SameDiff sameDiff, SDVariable input, TowerContext context) {
    if (batchNorm == null) {
      return sameDiff.nn().relu(sameDiff.cnn().conv2d(input, weights, bias, config), 0);
    }
    SDVariable convolved = sameDiff.cnn().conv2d(input, weights, config);
    return sameDiff.nn().relu(batchNorm.apply(sameDiff, convolved, context), 0);
  }
}
