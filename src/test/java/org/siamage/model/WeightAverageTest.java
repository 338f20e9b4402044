package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WeightAverageTest {
  private final Map<String, INDArray> live = new HashMap<>(Map.of(
      "w", Nd4j.createFromArray(1f, 2f), "bn/mean", Nd4j.createFromArray(10f)));

  private WeightAverage average(double decay) {
    return new WeightAverage(decay, List.of("w", "bn/mean"), live::get);
  }

  @Test
  void earlyStepsAreForgottenQuicklyAndLaterOnesAtTheConfiguredDecay() {
    WeightAverage average = average(0.99);
    assertThat(average.decayAt(1)).isCloseTo(2.0 / 11, within(1e-12));
    assertThat(average.decayAt(90)).isCloseTo(91.0 / 100, within(1e-12));
    assertThat(average.decayAt(100_000)).isEqualTo(0.99);
  }

  @Test
  void eachUpdateMovesTheAverageTowardsTheLiveWeightsAndLeavesThemAlone() {
    WeightAverage average = average(0.99);
    live.get("w").assign(Nd4j.createFromArray(3f, 6f));
    live.get("bn/mean").assign(Nd4j.createFromArray(21f));
    average.update(1);
    double d = 2.0 / 11;
    assertThat(average.averages().get("w").toDoubleVector())
        .containsExactly(new double[] {d * 1 + (1 - d) * 3, d * 2 + (1 - d) * 6}, within(1e-5));
    assertThat(average.averages().get("bn/mean").getDouble(0)).isCloseTo(d * 10 + (1 - d) * 21, within(1e-4));
    assertThat(live.get("w").toDoubleVector()).containsExactly(3, 6);

    // a constant weight pulls the average to itself
    for (int step = 2; step < 3000; step++) {
      average.update(step);
    }
    assertThat(average.averages().get("w").toDoubleVector()).containsExactly(new double[] {3, 6}, within(1e-4));
  }

  @Test
  void itsStateRoundTripsAndAMissingOrMisshapedArrayIsNamed() {
    WeightAverage saved = average(0.9);
    live.get("w").assign(Nd4j.createFromArray(5f, 5f));
    saved.update(1);
    Map<String, INDArray> state = saved.state();
    assertThat(state).containsOnlyKeys("average/w", "average/bn/mean");

    WeightAverage restored = average(0.9);
    restored.loadState(state);
    assertThat(restored.averages().get("w")).isEqualTo(saved.averages().get("w"));

    Map<String, INDArray> missing = new HashMap<>(state);
    missing.remove("average/bn/mean");
    assertThatThrownBy(() -> restored.loadState(missing)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight average of 'bn/mean' is missing");
    Map<String, INDArray> misshaped = new HashMap<>(state);
    misshaped.put("average/w", Nd4j.zeros(3));
    assertThatThrownBy(() -> restored.check(misshaped)).hasMessage(
        "weight average of 'w' has shape [3], expected [2]");
    assertThatThrownBy(() -> average(1.0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKernelShapedArrayIsAveragedElementByElement() {
    INDArray kernel = Nd4j.linspace(1, 24, 24, org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(2, 3, 2, 2);
    Map<String, INDArray> arrays = Map.of("conv/W", kernel);
    WeightAverage average = new WeightAverage(0.9, List.of("conv/W"), arrays::get);
    INDArray before = kernel.dup();
    kernel.muli(3);
    average.update(100); // decay 0.9 by then
    INDArray expected = before.mul(0.9).addi(kernel.mul(0.1));
    assertThat(average.averages().get("conv/W").shape()).containsExactly(2, 3, 2, 2);
    assertThat(average.averages().get("conv/W").equalsWithEps(expected, 1e-5)).isTrue();
  }
}
