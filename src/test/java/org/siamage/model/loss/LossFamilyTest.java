package org.siamage.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;
import org.siamage.model.Distances;

/**
 * Holds every loss's SameDiff ops against its per-pair loop: equal values on random batches, and
 * autodiff gradients equal to central finite differences of the loop.
 */
class LossFamilyTest {
  private static final int PAIRS = 8;
  private static final int DIMENSION = 5;
  private static final TrainingConfig TRAINING = ConfigDefaults.experiment().training();

  static Stream<Arguments> losses() {
    Stream<Arguments> sampled =
        Stream.of(LossFamily.values()).map(family -> Arguments.of(family.configName(), family.create(TRAINING)));
    TrainingConfig t = TRAINING;
    Stream<Arguments> wholeBatch = Stream.of(
        Arguments.of("revised-contrastive, whole batch", new RevisedContrastiveLoss(t.ageThreshold(),
            t.positiveMargin(), t.negativeMargin(), t.marginSlope(), t.maxNegativeMargin(), true, false)),
        Arguments.of("contrastive, whole batch", new ContrastiveLoss(t.ageThreshold(), t.negativeMargin(), true, false)),
        Arguments.of("revised-contrastive, whole batch, balanced", new RevisedContrastiveLoss(t.ageThreshold(),
            t.positiveMargin(), t.negativeMargin(), t.marginSlope(), t.maxNegativeMargin(), true, true)),
        Arguments.of("contrastive, sampled, balanced", new ContrastiveLoss(t.ageThreshold(), t.negativeMargin(),
            false, true)));
    return Stream.concat(sampled, wholeBatch);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void sameDiffValueMatchesLoop(String name, PairLoss loss) {
    for (long seed = 1; seed <= 5; seed++) {
      PairData pairs = randomPairs(seed);
      double expected = loss.reference(pairs);
      double actual = evaluate(loss, pairs, DataType.FLOAT);
      assertThat(actual).as("%s seed %d", name, seed).isCloseTo(expected, Offset.offset(1e-4 * Math.max(Math.abs(expected), 1e-3)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void sameDiffGradientMatchesFiniteDifferencesOfLoop(String name, PairLoss loss) {
    for (long seed = 1; seed <= 3; seed++) {
      PairData pairs = randomPairs(seed);
      Map<String, INDArray> gradients = gradients(loss, pairs);
      assertGradientMatches(name + " left", pairs.left(), gradients.get("left"), p -> loss.reference(pairs));
      assertGradientMatches(name + " right", pairs.right(), gradients.get("right"), p -> loss.reference(pairs));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void reportedPartNamesAreTheTermsTheGraphDefines(String name, PairLoss loss) {
    LossFamily family = Stream.of(LossFamily.values())
        .filter(candidate -> name.startsWith(candidate.configName() + ",") || name.equals(candidate.configName()))
        .findFirst().orElseThrow();
    java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of(LossNames.PAIR));
    expected.addAll(family.partNames());
    assertThat(build(loss, randomPairs(2), DataType.FLOAT).keySet()).as(name).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void reportedNamesFollowTheExperiment() {
    var experiment = ConfigDefaults.experiment();
    assertThat(LossNames.reportedBy(experiment)).startsWith(LossNames.TOTAL, LossNames.PAIR);
    assertThat(LossNames.reportedBy(experiment).contains(LossNames.GENDER))
        .isEqualTo(experiment.model().genderHead() && experiment.training().genderWeight() > 0);
    assertThat(LossNames.hasGenderTerm(true, 0.0)).isFalse();
    assertThat(LossNames.hasGenderTerm(false, 0.5)).isFalse();
    assertThat(LossNames.hasGenderTerm(true, 0.5)).isTrue();
  }

  @Test
  void contrastivePartsAddUpToThePairLoss() {
    PairData pairs = randomPairs(7);
    Map<String, Double> values = evaluateAll(LossFamily.REVISED_CONTRASTIVE.create(TRAINING), pairs);
    assertThat(values.get(LossNames.PAIR_SIMILAR) + values.get(LossNames.PAIR_DISSIMILAR))
        .isCloseTo(values.get(LossNames.PAIR), Offset.offset(1e-6));
    assertThat(values.get(LossNames.PAIR)).isGreaterThan(0);
  }

  /**
   * With balanced terms, each similar pair weighs 1 / (similar pairs) however many dissimilar pairs
   * the batch holds: doubling the dissimilar pairs leaves the similar part and every similar pair's
   * gradient unchanged. Without balance both shrink by the growth of the batch.
   */
  @ParameterizedTest(name = "balanced {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void doublingTheDissimilarPairsLeavesTheSimilarTermsWeight(boolean balanced) {
    TrainingConfig t = TRAINING;
    PairLoss loss = new RevisedContrastiveLoss(t.ageThreshold(), t.positiveMargin(), t.negativeMargin(),
        t.marginSlope(), t.maxNegativeMargin(), false, balanced);
    PairData pairs = randomPairs(5);
    java.util.List<Integer> dissimilar = new java.util.ArrayList<>();
    int similarPair = -1;
    for (int i = 0; i < pairs.size(); i++) {
      if (Math.abs(pairs.ageLeft()[i] - pairs.ageRight()[i]) > t.ageThreshold()) {
        dissimilar.add(i);
      } else if (similarPair < 0) {
        similarPair = i;
      }
    }
    assertThat(similarPair).as("the batch holds a similar pair").isGreaterThanOrEqualTo(0);
    assertThat(dissimilar).as("the batch holds dissimilar pairs").isNotEmpty();
    int n = pairs.size() + dissimilar.size();
    double[][] left = Arrays.copyOf(pairs.left(), n);
    double[][] right = Arrays.copyOf(pairs.right(), n);
    double[] ageLeft = Arrays.copyOf(pairs.ageLeft(), n);
    double[] ageRight = Arrays.copyOf(pairs.ageRight(), n);
    for (int c = 0; c < dissimilar.size(); c++) {
      int source = dissimilar.get(c);
      left[pairs.size() + c] = pairs.left()[source].clone();
      right[pairs.size() + c] = pairs.right()[source].clone();
      ageLeft[pairs.size() + c] = pairs.ageLeft()[source];
      ageRight[pairs.size() + c] = pairs.ageRight()[source];
    }
    PairData doubled = new PairData(left, right, ageLeft, ageRight);

    double similarBefore = evaluateAll(loss, pairs).get(LossNames.PAIR_SIMILAR);
    double similarAfter = evaluateAll(loss, doubled).get(LossNames.PAIR_SIMILAR);
    double gradientBefore = gradients(loss, pairs).get("left").getDouble(similarPair, 0);
    double gradientAfter = gradients(loss, doubled).get("left").getDouble(similarPair, 0);
    assertThat(similarBefore).isGreaterThan(0);
    assertThat(Math.abs(gradientBefore)).isGreaterThan(1e-6);
    if (balanced) {
      assertThat(similarAfter).isCloseTo(similarBefore, Offset.offset(1e-9));
      assertThat(gradientAfter).isCloseTo(gradientBefore, Offset.offset(1e-9));
    } else {
      double shrink = (double) pairs.size() / n;
      assertThat(similarAfter).isCloseTo(similarBefore * shrink, Offset.offset(1e-9));
      assertThat(gradientAfter).isCloseTo(gradientBefore * shrink, Offset.offset(1e-9));
    }
  }

  @Test
  void tripletAndLiftedAreZeroWhenTheBatchOffersNoTerm() {
    PairData pairs = randomPairs(3);
    Arrays.fill(pairs.ageLeft(), 30);
    Arrays.fill(pairs.ageRight(), 60);
    PairLoss triplet = LossFamily.TRIPLET.create(TRAINING);
    assertThat(triplet.reference(pairs)).isZero();
    assertThat(evaluate(triplet, pairs, DataType.FLOAT)).isZero();
    Arrays.fill(pairs.ageRight(), 30);
    PairLoss lifted = LossFamily.LIFTED.create(TRAINING);
    assertThat(lifted.reference(pairs)).isZero();
    assertThat(evaluate(lifted, pairs, DataType.FLOAT)).isZero();
    assertThat(gradients(lifted, pairs).get("left").isInfinite().any()).isFalse();
    assertThat(gradients(lifted, pairs).get("left").isNaN().any()).isFalse();
  }

  @Test
  void revisedContrastiveMarginGrowsWithTheAgeGapUpToTheCap() {
    RevisedContrastiveLoss loss = (RevisedContrastiveLoss) LossFamily.REVISED_CONTRASTIVE.create(TRAINING);
    assertThat(loss.negativeMarginFor(TRAINING.ageThreshold())).isEqualTo(TRAINING.negativeMargin());
    assertThat(loss.negativeMarginFor(TRAINING.ageThreshold() + 10))
        .isCloseTo(TRAINING.negativeMargin() + 10 * TRAINING.marginSlope(), Offset.offset(1e-12));
    assertThat(loss.negativeMarginFor(200)).isEqualTo(TRAINING.maxNegativeMargin());
  }

  @Test
  void unknownLossNameIsReportedWithTheBadValue() {
    assertThatThrownBy(() -> TrainingConfig.Loss.fromWireName("hinge"))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("training.loss: unknown value 'hinge' (use revised-contrastive, contrastive, triplet, lifted or"
            + " none)");
  }

  @Test
  void eachPairLossOfAConfigHasItsFamilyAndNoneHasNone() {
    for (LossFamily family : LossFamily.values()) {
      assertThat(LossFamily.of(family.loss())).isEqualTo(family);
      assertThat(family.configName()).isEqualTo(family.loss().wireName());
    }
    assertThatThrownBy(() -> LossFamily.of(TrainingConfig.Loss.NONE)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void genderCrossEntropyMatchesLoopInValueAndGradient() {
    Random random = new Random(11);
    double[][] left = unitRows(random);
    double[][] right = unitRows(random);
    double[] weights = new double[DIMENSION];
    for (int k = 0; k < DIMENSION; k++) {
      weights[k] = 2 * random.nextGaussian();
    }
    double bias = 0.3;
    double[] targetLeft = new double[PAIRS];
    double[] targetRight = new double[PAIRS];
    double[] maskLeft = new double[PAIRS];
    double[] maskRight = new double[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      targetLeft[i] = random.nextBoolean() ? 1 : 0;
      targetRight[i] = random.nextBoolean() ? 1 : 0;
      maskLeft[i] = i % 3 == 0 ? 0 : 1;
      maskRight[i] = i % 4 == 1 ? 0 : 1;
    }
    ToDoubleFunction<Void> reference =
        ignored ->
            GenderLoss.reference(
                logits(left, weights, bias), logits(right, weights, bias), targetLeft, targetRight, maskLeft, maskRight);

    for (DataType dataType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      SameDiff sameDiff = SameDiff.create();
      SDVariable leftVariable = sameDiff.var("left", Nd4j.createFromArray(left).castTo(dataType));
      SDVariable rightVariable = sameDiff.var("right", Nd4j.createFromArray(right).castTo(dataType));
      SDVariable weightVariable = sameDiff.constant(Nd4j.createFromArray(weights).reshape(DIMENSION, 1).castTo(dataType));
      SDVariable biasVariable = sameDiff.constant(Nd4j.createFromArray(new double[] {bias}).castTo(dataType));
      SDVariable logitLeft = sameDiff.reshape(sameDiff.nn().linear(leftVariable, weightVariable, biasVariable), -1);
      SDVariable logitRight = sameDiff.reshape(sameDiff.nn().linear(rightVariable, weightVariable, biasVariable), -1);
      SDVariable loss =
          GenderLoss.define(
              sameDiff,
              logitLeft,
              logitRight,
              constant(sameDiff, targetLeft, dataType),
              constant(sameDiff, targetRight, dataType),
              constant(sameDiff, maskLeft, dataType),
              constant(sameDiff, maskRight, dataType));
      double expected = reference.applyAsDouble(null);
      assertThat(loss.eval().getDouble(0))
          .isCloseTo(expected, Offset.offset(1e-4 * Math.abs(expected)));
      if (dataType == DataType.DOUBLE) {
        sameDiff.setLossVariables(loss);
        Map<String, INDArray> gradients = sameDiff.calculateGradients(Map.of(), "left", "right");
        assertGradientMatches("gender left", left, gradients.get("left"), p -> reference.applyAsDouble(null));
        assertGradientMatches("gender right", right, gradients.get("right"), p -> reference.applyAsDouble(null));
      }
    }
  }

  private static double[] logits(double[][] embeddings, double[] weights, double bias) {
    double[] logits = new double[embeddings.length];
    for (int i = 0; i < embeddings.length; i++) {
      logits[i] = bias;
      for (int k = 0; k < weights.length; k++) {
        logits[i] += embeddings[i][k] * weights[k];
      }
    }
    return logits;
  }

  /** Perturbs each entry of {@code values} in place, central differences with h = 1e-6. */
  private static void assertGradientMatches(
      String label, double[][] values, INDArray gradient, ToDoubleFunction<double[][]> loss) {
    double step = 1e-6;
    double[][] numeric = new double[values.length][values[0].length];
    double scale = 0;
    for (int i = 0; i < values.length; i++) {
      for (int k = 0; k < values[i].length; k++) {
        double original = values[i][k];
        values[i][k] = original + step;
        double plus = loss.applyAsDouble(values);
        values[i][k] = original - step;
        double minus = loss.applyAsDouble(values);
        values[i][k] = original;
        numeric[i][k] = (plus - minus) / (2 * step);
        scale = Math.max(scale, Math.abs(numeric[i][k]));
      }
    }
    assertThat(scale).as("%s gradient is not trivially zero", label).isGreaterThan(1e-4);
    for (int i = 0; i < values.length; i++) {
      for (int k = 0; k < values[i].length; k++) {
        assertThat(gradient.getDouble(i, k))
            .as("%s d/d[%d][%d]", label, i, k)
            .isCloseTo(numeric[i][k], Offset.offset(1e-3 * scale + 1e-8));
      }
    }
  }

  private static double evaluate(PairLoss loss, PairData pairs, DataType dataType) {
    return build(loss, pairs, dataType).get(LossNames.PAIR).eval().getDouble(0);
  }

  private static Map<String, Double> evaluateAll(PairLoss loss, PairData pairs) {
    Map<String, Double> values = new LinkedHashMap<>();
    build(loss, pairs, DataType.DOUBLE).forEach((name, variable) -> values.put(name, variable.eval().getDouble(0)));
    return values;
  }

  private static Map<String, INDArray> gradients(PairLoss loss, PairData pairs) {
    Map<String, SDVariable> terms = build(loss, pairs, DataType.DOUBLE);
    SameDiff sameDiff = terms.get(LossNames.PAIR).getSameDiff();
    sameDiff.setLossVariables(terms.get(LossNames.PAIR));
    return sameDiff.calculateGradients(Map.of(), "left", "right");
  }

  private static Map<String, SDVariable> build(PairLoss loss, PairData pairs, DataType dataType) {
    SameDiff sameDiff = SameDiff.create();
    SDVariable left = sameDiff.var("left", Nd4j.createFromArray(pairs.left()).castTo(dataType));
    SDVariable right = sameDiff.var("right", Nd4j.createFromArray(pairs.right()).castTo(dataType));
    SDVariable distance = Distances.pairDistance(sameDiff, "distance", left, right);
    PairLossInputs inputs =
        new PairLossInputs(
            left,
            right,
            distance,
            constant(sameDiff, pairs.ageLeft(), dataType),
            constant(sameDiff, pairs.ageRight(), dataType));
    return loss.define(sameDiff, inputs);
  }

  private static SDVariable constant(SameDiff sameDiff, double[] values, DataType dataType) {
    return sameDiff.constant(Nd4j.createFromArray(values).castTo(dataType));
  }

  /**
   * Random unit embeddings (distances spread over 0..2 so every hinge is sometimes active) and ages
   * with about half the pairs within τ. Values are rounded to float so both sides see the same
   * numbers.
   */
  static PairData randomPairs(long seed) {
    Random random = new Random(seed);
    double[][] left = unitRows(random);
    double[][] right = unitRows(random);
    double[] ageLeft = new double[PAIRS];
    double[] ageRight = new double[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      ageLeft[i] = 16 + random.nextInt(50);
      ageRight[i] = i % 2 == 0 ? ageLeft[i] + random.nextInt(3) - 1 : 16 + random.nextInt(50);
      if (i % 2 == 0) {
        // pull similar pairs closer so their hinge (D − m_pos) and the lifted terms vary
        for (int k = 0; k < DIMENSION; k++) {
          right[i][k] = (float) (0.7 * left[i][k] + 0.3 * right[i][k]);
        }
      }
    }
    return new PairData(left, right, ageLeft, ageRight);
  }

  private static double[][] unitRows(Random random) {
    double[][] rows = new double[PAIRS][DIMENSION];
    for (double[] row : rows) {
      double norm = 0;
      for (int k = 0; k < DIMENSION; k++) {
        row[k] = random.nextGaussian();
        norm += row[k] * row[k];
      }
      for (int k = 0; k < DIMENSION; k++) {
        row[k] = (float) (row[k] / Math.sqrt(norm));
      }
    }
    return rows;
  }
}
