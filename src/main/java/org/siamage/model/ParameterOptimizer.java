package org.siamage.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.NesterovsUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.siamage.config.TrainingConfig;

/**
 * The optimizer of a {@link SiameseNetwork}: ND4J's fused Adam or Nesterov-momentum updaters, one
 * per trained parameter, applied in place, with AdamW's decoupled weight decay on the chosen
 * parameters and the step counter Adam's bias correction reads. Its state (moments per parameter
 * and the step count) is what a checkpoint stores beside the weights for an exact resume.
 * Not thread-safe: the network calls it under its own lock.
 */
final class ParameterOptimizer {
  private final IUpdater updaterConfig;
  /** Decoupled weight decay per unit of learning rate (0 = off), applied to {@link #decayedNames}. */
  private final double weightDecay;
  private final Set<String> decayedNames;
  private final List<String> trainableNames;
  /** The current array of a trained parameter, by name (updated in place). */
  private final Function<String, INDArray> parameter;
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  private int iteration;

  /**
   * @param training {@code adam}, or {@code sgd} = Nesterov momentum with {@code training.momentum()};
   *     {@code training.weightDecay()} per unit of learning rate
   * @param trainableNames every trained parameter, in a fixed order
   * @param decayedNames the parameters weight decay shrinks (kernels and weight matrices)
   * @param parameter the array of a trained parameter, by name
   */
  ParameterOptimizer(TrainingConfig training, List<String> trainableNames, Collection<String> decayedNames,
      Function<String, INDArray> parameter) {
    this.updaterConfig = updater(training);
    this.weightDecay = training.weightDecay();
    this.decayedNames = Set.copyOf(decayedNames);
    this.trainableNames = List.copyOf(trainableNames);
    this.parameter = parameter;
  }

  private static IUpdater updater(TrainingConfig training) {
    return switch (training.optimizer()) {
      case ADAM -> new Adam(training.learningRate());
      case SGD -> new Nesterovs(training.learningRate(), training.momentum());
    };
  }

  /** Optimizer steps taken so far. */
  int iteration() {
    return iteration;
  }

  /**
   * One step: every parameter with a gradient moves by its updater's step at {@code learningRate},
   * then shrinks by the decoupled weight decay where that applies. Parameters without a gradient
   * in {@code gradients} are left alone. The gradient arrays are overwritten (they become the steps).
   */
  void step(Map<String, INDArray> gradients, double learningRate) {
    updaterConfig.setLrAndSchedule(learningRate, null);
    for (String name : trainableNames) {
      INDArray gradient = gradients.get(name);
      if (gradient == null) {
        continue;
      }
      INDArray weights = parameter.apply(name);
      updaterFor(name, weights).applyUpdater(gradient, iteration, 0);
      weights.subi(gradient);
      if (weightDecay > 0 && decayedNames.contains(name)) {
        // AdamW's decoupled decay: shrink the weight itself, not through the adaptive step
        weights.muli(1 - learningRate * weightDecay);
      }
    }
    iteration++;
  }

  private GradientUpdater<?> updaterFor(String name, INDArray weights) {
    return updaters.computeIfAbsent(
        name,
        key -> {
          Map<String, INDArray> state = new LinkedHashMap<>();
          if (updaterConfig instanceof Adam) {
            state.put(AdamUpdater.M_STATE, Nd4j.zeros(weights.dataType(), weights.shape()));
            state.put(AdamUpdater.V_STATE, Nd4j.zeros(weights.dataType(), weights.shape()));
          } else {
            state.put(NesterovsUpdater.V_STATE, Nd4j.zeros(weights.dataType(), weights.shape()));
          }
          return updaterConfig.instantiate(state, false);
        });
  }

  /** Copies of the per-parameter state, keyed {@code PARAMETER/STATE}, sorted. */
  Map<String, INDArray> state() {
    Map<String, INDArray> copies = new TreeMap<>();
    for (String name : trainableNames) {
      for (Map.Entry<String, INDArray> entry : updaterFor(name, parameter.apply(name)).getState().entrySet()) {
        copies.put(name + "/" + entry.getKey(), entry.getValue().dup());
      }
    }
    return copies;
  }

  /**
   * Restores state saved by {@link #state()} and the step counter; checks everything before
   * changing anything.
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped state array
   */
  void loadState(Map<String, INDArray> values, int iterations) {
    for (String name : trainableNames) {
      for (Map.Entry<String, INDArray> entry : updaterFor(name, parameter.apply(name)).getState().entrySet()) {
        String key = name + "/" + entry.getKey();
        INDArray value = values.get(key);
        if (value == null) {
          throw new IllegalArgumentException("optimizer state '" + key + "' is missing");
        }
        if (!Arrays.equals(value.shape(), entry.getValue().shape())) {
          throw new IllegalArgumentException("optimizer state '" + key + "' has shape "
              + Arrays.toString(value.shape()) + ", expected " + Arrays.toString(entry.getValue().shape()));
        }
      }
    }
    for (String name : trainableNames) {
      for (Map.Entry<String, INDArray> entry : updaterFor(name, parameter.apply(name)).getState().entrySet()) {
        entry.getValue().assign(values.get(name + "/" + entry.getKey()));
      }
    }
    this.iteration = iterations;
  }
}
