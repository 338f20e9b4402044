package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** Stateless NCHW building blocks shared by the backbones. */
final class Layers {
  private Layers() {}

  static Conv2DConfig convolution(int kernelHeight, int kernelWidth, int stride, boolean same) {
    return Conv2DConfig.builder()
        .kH(kernelHeight)
        .kW(kernelWidth)
        .sH(stride)
        .sW(stride)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
        .dataFormat(Conv2DConfig.NCHW)
        .build();
  }

  /** Max pooling, {@code [N, C, H, W]} → {@code [N, C, H', W']}. */
  static SDVariable maxPool(SameDiff sameDiff, SDVariable input, int kernel, int stride, boolean same) {
    return sameDiff.cnn().maxPooling2d(input, pooling(Pooling2D.Pooling2DType.MAX, kernel, stride, same));
  }

  /** Average pooling that ignores padded cells, {@code [N, C, H, W]} → {@code [N, C, H', W']}. */
  static SDVariable averagePool(SameDiff sameDiff, SDVariable input, int kernel, int stride, boolean same) {
    return sameDiff.cnn().avgPooling2d(input, pooling(Pooling2D.Pooling2DType.AVG, kernel, stride, same));
  }

  private static Pooling2DConfig pooling(
      Pooling2D.Pooling2DType type, int kernel, int stride, boolean same) {
    return Pooling2DConfig.builder()
        .type(type)
        .kH(kernel)
        .kW(kernel)
        .sH(stride)
        .sW(stride)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
        .divisor(Pooling2D.Divisor.EXCLUDE_PADDING)
        .isNHWC(false)
        .build();
  }

  /** Global average pooling, {@code [N, C, H, W]} → {@code [N, C]}. */
  static SDVariable globalAveragePool(SDVariable input) {
    return input.mean(2, 3);
  }

  /** Scales each row to unit Euclidean length, {@code [N, E]} → {@code [N, E]}. */
  static SDVariable l2Normalise(SameDiff sameDiff, String name, SDVariable input) {
    SDVariable squaredNorm = sameDiff.math().square(input).sum(true, 1);
    return input.mul(name, sameDiff.math().rsqrt(squaredNorm.add(1e-12)));
  }
}
