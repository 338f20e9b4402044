package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A planned graph gives SameDiff's own results: training, evaluation and prediction, step after step. */
class GraphPlanTest {

  @ParameterizedTest(name = "{0}, gender head {1}")
  @CsvSource({"reference-cnn, false", "reference-cnn, true", "compact-inception, true"})
  void plannedStepsMatchSameDiffsOwnExecution(String backbone, boolean genderHead) {
    SiameseNetwork planned = NetworkFixtures.network(backbone, 4, 8, genderHead, 16);
    SiameseNetwork interpreted = NetworkFixtures.network(backbone, 4, 8, genderHead, 16);
    planned.usePlans(true);
    interpreted.usePlans(false);
    Random random = new Random(11);
    // a full batch, a shorter one (an epoch's last), then the full shape again from the plan's cache
    int[] sizes = {8, 8, 5, 8};
    for (int size : sizes) {
      PairBatch batch = NetworkFixtures.brightnessBatch(random, size, 16, genderHead);
      StepResult a = planned.trainStep(batch, 1e-3);
      StepResult b = interpreted.trainStep(batch, 1e-3);
      assertThat(a.losses().keySet()).isEqualTo(b.losses().keySet());
      a.losses().forEach((name, value) -> assertThat(value).as(name).isCloseTo(b.losses().get(name), Offset.offset(1e-5)));
      assertThat(a.distances()).containsExactly(b.distances(), Offset.offset(1e-5f));
    }
    // the comparison means something only if the two networks took different paths
    assertThat(planned.trainingRuns()).isEqualTo(new SiameseNetwork.GraphRuns(sizes.length, 0));
    assertThat(interpreted.trainingRuns()).isEqualTo(new SiameseNetwork.GraphRuns(0, sizes.length));
    Map<String, INDArray> after = planned.parameters();
    Map<String, INDArray> expected = interpreted.parameters();
    assertThat(after.keySet()).isEqualTo(expected.keySet());
    after.forEach((name, value) -> assertThat(value.equalsWithEps(expected.get(name), 1e-5)).as(name).isTrue());

    PairBatch held = NetworkFixtures.brightnessBatch(random, 6, 16, genderHead);
    assertThat(planned.evaluate(held).totalLoss()).isCloseTo(interpreted.evaluate(held).totalLoss(), Offset.offset(1e-5));
    for (int faces : new int[] {1, 3, 2, 3}) {
      float[] images = NetworkFixtures.randomImages(random, faces, 16);
      Prediction a = planned.predict(images, faces);
      Prediction b = interpreted.predict(images, faces);
      for (int i = 0; i < faces; i++) {
        assertThat(a.embeddings()[i]).containsExactly(b.embeddings()[i], Offset.offset(1e-5f));
      }
      if (genderHead) {
        assertThat(a.femaleProbability()).containsExactly(b.femaleProbability(), Offset.offset(1e-5f));
      }
    }
    assertThat(planned.evaluationRuns()).isEqualTo(new SiameseNetwork.GraphRuns(1, 0));
    assertThat(interpreted.evaluationRuns()).isEqualTo(new SiameseNetwork.GraphRuns(0, 1));
    assertThat(planned.predictionRuns()).isEqualTo(new SiameseNetwork.GraphRuns(4, 0));
    assertThat(interpreted.predictionRuns()).isEqualTo(new SiameseNetwork.GraphRuns(0, 4));
  }

  /** y = sum((x·w + b)², axis 1) with an identity and a scalar op: custom, legacy and pass-through ops. */
  private static SameDiff smallGraph() {
    SameDiff graph = SameDiff.create();
    SDVariable x = graph.placeHolder("x", DataType.FLOAT, -1, 3);
    SDVariable w = graph.var("w", Nd4j.createFromArray(new float[][] {{-1f, 0.5f}, {0.25f, -0.75f}, {1f, 0.1f}}));
    SDVariable b = graph.var("b", Nd4j.createFromArray(0.5f, -0.25f));
    SDVariable hidden = graph.identity("hidden", x.mmul(w).add(b));
    graph.math().square(hidden).sum("y", 1).mul("z", 2.0);
    return graph;
  }

  @org.junit.jupiter.api.Test
  void aPlanGivesSameDiffsOutputsForEveryBatchShapeAndKeepsTheLatestShapes() {
    SameDiff graph = smallGraph();
    GraphPlan plan = GraphPlan.of(graph, java.util.List.of("z", "hidden"), 2, 1L << 20).orElseThrow();
    assertThat(plan.placeholders()).containsExactly("x");
    for (int rows : new int[] {4, 1, 4, 7}) {
      INDArray x = Nd4j.rand(DataType.FLOAT, rows, 3);
      Map<String, INDArray> expected = graph.output(Map.of("x", x), "z", "hidden");
      Map<String, INDArray> actual = plan.run(Map.of("x", x));
      assertThat(actual.get("z").equalsWithEps(expected.get("z"), 1e-6)).isTrue();
      assertThat(actual.get("hidden").equalsWithEps(expected.get("hidden"), 1e-6)).isTrue();
    }
    // two shapes kept (7 rows, 4 rows); per row: x 3, x·w 2, +b 2, sum 1, z 1 floats (the square reuses x·w's buffer)
    assertThat(plan.heldBytes()).isEqualTo(4L * (7 + 4) * (3 + 2 + 2 + 1 + 1));
    plan.close();
    assertThat(plan.heldBytes()).isZero();
  }

  @org.junit.jupiter.api.Test
  void shapesOverTheByteLimitAreRefusedWhileSmallerOnesStillRun() {
    SameDiff graph = smallGraph();
    GraphPlan plan = GraphPlan.of(graph, java.util.List.of("z"), 2, 64).orElseThrow();
    INDArray large = Nd4j.rand(DataType.FLOAT, 100, 3);
    assertThatThrownBy(() -> plan.run(Map.of("x", large)))
        .isInstanceOf(GraphPlan.TooLargeException.class).hasMessageContaining("exceed");
    assertThat(plan.heldBytes()).isZero();
    INDArray small = Nd4j.rand(DataType.FLOAT, 1, 3); // 36 bytes of arrays
    assertThat(plan.run(Map.of("x", small)).get("z").equalsWithEps(graph.output(Map.of("x", small), "z").get("z"), 1e-6))
        .isTrue();
    assertThatThrownBy(() -> plan.run(Map.of("x", large))).isInstanceOf(GraphPlan.TooLargeException.class);
    assertThat(plan.heldBytes()).isEqualTo(36);
  }

  @org.junit.jupiter.api.Test
  void aGraphWithAnOpThatSameDiffSpecialCasesIsNotPlanned() {
    SameDiff graph = SameDiff.create();
    SDVariable x = graph.placeHolder("x", DataType.FLOAT, 2);
    SDVariable y = graph.var("y", Nd4j.zeros(DataType.FLOAT, 2));
    new org.nd4j.linalg.api.ops.impl.transforms.custom.Assign(graph, y, x).outputVariable().rename("copied");
    assertThat(GraphPlan.of(graph, java.util.List.of("copied"), 1, 1L << 20)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aNetworkWhoseGraphsOutgrowTheLimitTrainsInSameDiffWithTheSameResults() {
    SiameseNetwork limited = NetworkFixtures.network("compact-inception", 4, 8, true, 16);
    SiameseNetwork interpreted = NetworkFixtures.network("compact-inception", 4, 8, true, 16);
    limited.limitPlans(4096);
    interpreted.usePlans(false);
    Random random = new Random(3);
    for (int step = 0; step < 2; step++) {
      PairBatch batch = NetworkFixtures.brightnessBatch(random, 8, 16, true);
      assertThat(limited.trainStep(batch, 1e-3).totalLoss())
          .isCloseTo(interpreted.trainStep(batch, 1e-3).totalLoss(), Offset.offset(1e-5));
    }
    // over the limit: every training step fell back to SameDiff (nothing ran from a plan)
    assertThat(limited.trainingRuns()).isEqualTo(new SiameseNetwork.GraphRuns(0, 2));
    float[] images = NetworkFixtures.randomImages(random, 2, 16);
    assertThat(limited.embed(images, 2)[1]).containsExactly(interpreted.embed(images, 2)[1], Offset.offset(1e-5f));
    assertThat(limited.predictionRuns().sameDiff()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void parametersLoadedAfterPlanningAreTheOnesUsed() {
    SiameseNetwork network = NetworkFixtures.network("reference-cnn", 4, 8, false, 16);
    SiameseNetwork other = NetworkFixtures.network("reference-cnn", 4, 8, false, 16);
    Random random = new Random(5);
    other.trainStep(NetworkFixtures.brightnessBatch(random, 8, 16, false), 1e-2);
    float[] images = NetworkFixtures.randomImages(random, 2, 16);
    network.predict(images, 2); // plans and binds the initial weights
    network.loadParameters(other.parameters());
    float[][] loaded = network.embed(images, 2);
    float[][] reference = other.embed(images, 2);
    for (int i = 0; i < 2; i++) {
      assertThat(loaded[i]).containsExactly(reference[i], Offset.offset(1e-6f));
    }
  }
}
