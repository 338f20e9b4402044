package org.siamage.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates a backbone's parameters once, with seeded initialisation, so that every tower call reuses
 * the same variables (that is the weight sharing of the Siamese branches).
 */
public final class ParameterFactory {
  private final SameDiff sameDiff;
  private final DataType dataType;
  private final Random random;
  private final List<SDVariable> runningStatistics = new ArrayList<>();
  private final List<String> createdNames = new ArrayList<>();
  private final List<String> weightNames = new ArrayList<>();

  /**
   * @param seed seeds all initial weights
   */
  public ParameterFactory(SameDiff sameDiff, DataType dataType, long seed) {
    this.sameDiff = sameDiff;
    this.dataType = dataType;
    this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  public SameDiff sameDiff() {
    return sameDiff;
  }

  /** He-normal convolution weights in YXIO layout {@code [kH, kW, inC, outC]} (what conv2d_bp needs). */
  public SDVariable convolutionWeights(
      String name, int kernelHeight, int kernelWidth, int inputChannels, int outputChannels) {
    double deviation = Math.sqrt(2.0 / (kernelHeight * kernelWidth * inputChannels));
    return normal(name, deviation, kernelHeight, kernelWidth, inputChannels, outputChannels);
  }

  /** Glorot-normal dense weights {@code [in, out]}. */
  public SDVariable denseWeights(String name, int inputs, int outputs) {
    return normal(name, Math.sqrt(2.0 / (inputs + outputs)), inputs, outputs);
  }

  /** A trainable variable initialised to 0 (a bias or a shift). */
  public SDVariable zeros(String name, long... shape) {
    createdNames.add(name);
    return sameDiff.var(name, Nd4j.zeros(dataType, shape));
  }

  /** A trainable variable initialised to 1 (a scale). */
  public SDVariable ones(String name, long... shape) {
    createdNames.add(name);
    return sameDiff.var(name, Nd4j.ones(dataType, shape));
  }

  /** A non-trained graph constant filled with {@code value}, updated in place outside autodiff. */
  public SDVariable runningStatistic(String name, double value, long... shape) {
    createdNames.add(name);
    SDVariable constant = sameDiff.constant(name, Nd4j.valueArrayOf(shape, value, dataType));
    runningStatistics.add(constant);
    return constant;
  }

  /** The running-statistics constants created so far (they belong to the saved state). */
  public List<SDVariable> runningStatistics() {
    return Collections.unmodifiableList(runningStatistics);
  }

  /**
   * Names of every parameter and running statistic in the order they were created: the order in
   * which a backbone builds its layers (SameDiff's own variable list does not keep it).
   */
  public List<String> createdNames() {
    return Collections.unmodifiableList(createdNames);
  }

  /**
   * Names of the convolution kernels and dense weight matrices created so far: the parameters
   * weight decay applies to (biases, scales and shifts are left alone).
   */
  public List<String> weightNames() {
    return Collections.unmodifiableList(weightNames);
  }

  private SDVariable normal(String name, double deviation, long... shape) {
    createdNames.add(name);
    weightNames.add(name);
    return sameDiff.var(name, Nd4j.randn(random, shape).castTo(dataType).muli(deviation));
  }
}
