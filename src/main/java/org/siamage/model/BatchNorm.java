package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the channels of an NCHW tensor, written with elementwise ops so autodiff
 * differentiates through the batch statistics exactly.
 *
 * <p>Training mode normalises with the batch mean and (biased) variance over N, H, W; inference
 * mode with running averages. The running averages are graph constants (never trained) whose
 * arrays {@link #updateRunningStatistics} changes in place after each training step, like
 * PyTorch's {@code momentum = 0.1}.
 */
public final class BatchNorm {
  static final double EPSILON = 1e-3;
  static final double RUNNING_AVERAGE_MOMENTUM = 0.1;

  private final SDVariable scale;
  private final SDVariable shift;
  private final SDVariable runningMean;
  private final SDVariable runningVariance;

  BatchNorm(ParameterFactory parameters, String name, int channels) {
    scale = parameters.ones(name + "/scale", 1, channels, 1, 1);
    shift = parameters.zeros(name + "/shift", 1, channels, 1, 1);
    runningMean = parameters.runningStatistic(name + "/running-mean", 0.0, 1, channels, 1, 1);
    runningVariance = parameters.runningStatistic(name + "/running-variance", 1.0, 1, channels, 1, 1);
  }

  /**
   * @param input {@code [N, C, H, W]}
   * @return normalised, scaled and shifted input, same shape
   */
  SDVariable apply(SameDiff sameDiff, SDVariable input, TowerContext context) {
    if (context.isTraining()) {
      SDVariable mean = input.mean(true, 0, 2, 3);
      SDVariable centred = input.sub(mean);
      // centred·centred rather than square(centred): square's backward (pow derivative) costs
      // about ten times a same-shape multiply's in libnd4j M2.1
      SDVariable variance = centred.mul(centred).mean(true, 0, 2, 3);
      context.record(new TowerContext.BatchStatistics(this, mean, variance));
      SDVariable factor = sameDiff.math().rsqrt(variance.add(EPSILON)).mul(scale);
      // The per-channel factor is spread to the input's shape before the multiply: libnd4j M2.1's
      // multiply_bp with a broadcast operand is about 150 times slower than with equal shapes
      // (700 ms against 5 ms on [128, 32, 64, 64]), while add_bp spreads and sums fast (15 ms).
      SDVariable spreadFactor = sameDiff.zerosLike(centred).add(factor);
      return centred.mul(spreadFactor).add(shift);
    }
    SDVariable factor = sameDiff.math().rsqrt(runningVariance.add(EPSILON)).mul(scale);
    return input.sub(runningMean).mul(factor).add(shift);
  }

  /** Folds one step's batch statistics ({@code [1, C, 1, 1]}) into the running averages. */
  void updateRunningStatistics(INDArray batchMean, INDArray batchVariance) {
    INDArray mean = runningMean.getArr();
    INDArray variance = runningVariance.getArr();
    mean.muli(1 - RUNNING_AVERAGE_MOMENTUM).addi(batchMean.castTo(mean.dataType()).mul(RUNNING_AVERAGE_MOMENTUM));
    variance
        .muli(1 - RUNNING_AVERAGE_MOMENTUM)
        .addi(batchVariance.castTo(variance.dataType()).mul(RUNNING_AVERAGE_MOMENTUM));
  }
}
