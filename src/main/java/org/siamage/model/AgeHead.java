package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.TrainingConfig;

/**
 * The optional age head (an extension beside the paper's reference-based estimate, see
 * docs/method.md): a linear layer on the head input that predicts age in years, in one of two forms.
 *
 * <ul>
 *   <li>{@code l1}: one output z, age = μ + σ·z, where μ and σ are the mean and standard deviation
 *       of the training ages (so z is a standardised age);
 *   <li>{@code bins}: one logit per whole year 0..{@value #MAX_BIN_AGE}, age = the expected value
 *       of the softmax over the bins.
 * </ul>
 *
 * Both are trained with the L1 distance to the true age divided by σ (the loss lives in the
 * training layer). μ and σ are graph constants
 * saved with the weights (like batch-norm running statistics): the trainer sets them from the
 * training faces before the first step, and a bundle brings them back.
 */
final class AgeHead {
  /** The last bin of the {@code bins} head, years. */
  static final int MAX_BIN_AGE = SiameseGraph.AGE_BINS - 1;
  static final String MEAN = "age-head/mean";
  static final String SCALE = "age-head/scale";

  private final boolean bins;
  private final SDVariable weights;
  private final SDVariable bias;
  private final SDVariable mean;
  private final SDVariable scale;
  private final SDVariable binAges;

  /**
   * @param kind {@link TrainingConfig.AgeHead#L1} or {@link TrainingConfig.AgeHead#BINS}
   * @param inputs width of the head input
   */
  AgeHead(ParameterFactory parameters, TrainingConfig.AgeHead kind, int inputs) {
    bins = kind == TrainingConfig.AgeHead.BINS;
    int outputs = bins ? MAX_BIN_AGE + 1 : 1;
    weights = parameters.denseWeights("age-head/weights", inputs, outputs);
    bias = parameters.zeros("age-head/bias", outputs);
    mean = parameters.runningStatistic(MEAN, 35.0, 1);
    scale = parameters.runningStatistic(SCALE, 20.0, 1);
    SameDiff sameDiff = parameters.sameDiff();
    binAges = bins ? sameDiff.constant("age-head/bin-ages", SiameseGraph.binAges().reshape(MAX_BIN_AGE + 1, 1)) : null;
  }

  /**
   * @param input {@code [N, F]} head input
   * @return predicted age in years, {@code [N]}
   */
  SDVariable years(SameDiff sameDiff, SDVariable input) {
    return outputs(sameDiff, input).years();
  }

  /**
   * The estimate in years and, for the {@code bins} head, the log-probabilities of the bins.
   *
   * @param years {@code [N]}
   * @param binLogProbabilities {@code [N, MAX_BIN_AGE + 1]}, bin b = age b years; null for {@code l1}
   */
  record Outputs(SDVariable years, SDVariable binLogProbabilities) {}

  /** @param input {@code [N, F]} head input */
  Outputs outputs(SameDiff sameDiff, SDVariable input) {
    SDVariable output = sameDiff.nn().linear(input, weights, bias);
    if (bins) {
      SDVariable years = sameDiff.reshape(sameDiff.mmul(sameDiff.nn().softmax(output, 1), binAges), -1);
      // log-softmax by hand: SameDiff's logSoftmax op with an axis fails to build at 1.0.0-M2.1,
      // and log(softmax) gives −∞ for bins whose probability underflows
      SDVariable largest = output.max(true, 1);
      SDVariable shifted = output.sub(largest);
      SDVariable logProbabilities = shifted.sub(sameDiff.math().log(sameDiff.math().exp(shifted).sum(true, 1)));
      return new Outputs(years, logProbabilities);
    }
    return new Outputs(sameDiff.reshape(output, -1).mul(scale).add(mean), null);
  }

  /** σ, the standard deviation of the training ages in years ({@code [1]}), for the loss. */
  SDVariable scale() {
    return scale;
  }
}
