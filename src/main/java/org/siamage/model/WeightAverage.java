package org.siamage.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of a network's saved arrays (trained parameters and batch-norm
 * running statistics), updated after every optimizer step, as in Polyak averaging and the
 * "EMA" models of image classification: the averaged weights sit nearer the middle of the region
 * the last few hundred steps explored, which is flatter and generalises better than the last
 * step's weights. Validation and the final model read the average; training continues from the
 * live weights.
 *
 * <p>The decay at step t (counted from 1) is {@code min(decay, (1 + t) / (10 + t))}, so the first
 * steps, far from where training ends, are forgotten quickly instead of anchoring the average to
 * the random start. Not thread-safe: the network calls it under its own lock.
 */
final class WeightAverage {
  /** Prefix of the average's arrays among a checkpoint's optimizer state. */
  static final String STATE_PREFIX = "average/";

  private final double decay;
  private final List<String> names;
  private final Function<String, INDArray> live;
  private final Map<String, INDArray> averages = new LinkedHashMap<>();

  /**
   * @param decay the average's decay per step, in (0, 1): 0.999 keeps about the last 1,000 steps
   * @param names every array to average, in a fixed order
   * @param live the network's current array of a name
   */
  WeightAverage(double decay, List<String> names, Function<String, INDArray> live) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
    }
    this.decay = decay;
    this.names = List.copyOf(names);
    this.live = live;
    for (String name : this.names) {
      averages.put(name, live.apply(name).dup());
    }
  }

  /** The decay applied after optimizer step {@code step} (1 = the first step). */
  double decayAt(long step) {
    return Math.min(decay, (1.0 + step) / (10.0 + step));
  }

  /** Folds the current arrays in after optimizer step {@code step} (1 = the first step). */
  void update(long step) {
    double d = decayAt(step);
    for (String name : names) {
      INDArray average = averages.get(name);
      // a ← d·a + (1 − d)·w in place (BLAS axpy), with no temporary copy of w on every step
      average.muli(d);
      Nd4j.getBlasWrapper().level1().axpy(average.length(), 1 - d, live.apply(name), average);
    }
  }

  /** Copies of the averaged arrays, by name (sorted). */
  Map<String, INDArray> averages() {
    Map<String, INDArray> copies = new TreeMap<>();
    averages.forEach((name, value) -> copies.put(name, value.dup()));
    return copies;
  }

  /** The average's arrays for a checkpoint, keyed {@link #STATE_PREFIX} + name. */
  Map<String, INDArray> state() {
    Map<String, INDArray> state = new TreeMap<>();
    averages.forEach((name, value) -> state.put(STATE_PREFIX + name, value.dup()));
    return state;
  }

  /**
   * Checks that {@code state} holds every array {@link #state()} saves, with its shape.
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped array
   */
  void check(Map<String, INDArray> state) {
    for (Map.Entry<String, INDArray> entry : averages.entrySet()) {
      INDArray value = state.get(STATE_PREFIX + entry.getKey());
      if (value == null) {
        throw new IllegalArgumentException("weight average of '" + entry.getKey() + "' is missing");
      }
      if (!Arrays.equals(value.shape(), entry.getValue().shape())) {
        throw new IllegalArgumentException("weight average of '" + entry.getKey() + "' has shape "
            + Arrays.toString(value.shape()) + ", expected " + Arrays.toString(entry.getValue().shape()));
      }
    }
  }

  /**
   * Restores arrays saved by {@link #state()}; checks every array before changing any.
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped array
   */
  void loadState(Map<String, INDArray> state) {
    check(state);
    averages.forEach((name, value) -> value.assign(state.get(STATE_PREFIX + name)));
  }
}
