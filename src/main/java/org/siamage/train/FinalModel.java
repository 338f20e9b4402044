package org.siamage.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.siamage.config.EvaluationConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.Percentiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EstimatorScore;
import org.siamage.eval.PairVerification;
import org.siamage.eval.UnusualFaces;
import org.siamage.infer.AgeEstimate;
import org.siamage.infer.AgeReadout;
import org.siamage.infer.NeighbourTable;
import org.siamage.infer.ReferenceGallery;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.SiameseNetwork;

/**
 * The last steps of a run, once the epoch is chosen: settings chosen on the validation part (k,
 * flip averaging, the blend weight, the pair threshold and the unusual-face distance; {@code
 * evaluation.tuneOnValidation}),
 * a reference gallery of the training and validation faces, and the test evaluation of every
 * estimator the model has.
 */
final class FinalModel {
  /** The k tried on the validation part. */
  static final int[] NEIGHBOUR_CANDIDATES = {1, 2, 3, 5, 7, 10, 15, 20, 30, 40, 50, 70, 100};
  /** Blend weights (share of the references' estimate) tried on the validation part. */
  static final int BLEND_STEPS = 10;

  private FinalModel() {}

  /**
   * What tuning chose, with the embeddings it chose them from.
   *
   * @param evaluation the config's evaluation section with the chosen values
   * @param summary one line for the run log
   * @param train training faces' embeddings (flip-averaged when chosen), {@code data.train()} order
   * @param validation validation faces' embeddings, likewise
   */
  record Tuning(EvaluationConfig evaluation, String summary, FaceEmbedder.Embedded train,
      FaceEmbedder.Embedded validation) {}

  /**
   * The test split's metrics for the chosen estimator, every estimator's score, the pair verdict,
   * and how the unusual-face flag fared ({@link UnusualFaces#summary}).
   */
  record TestResult(AgeMetrics metrics, List<EstimatorScore> estimators, PairVerification pairs,
      String unusualSummary) {}

  /** The pair inspector's threshold before calibration: the configured one, or halfway between the margins. */
  static double startingThreshold(ExperimentConfig config) {
    double configured = config.evaluation().sameClassThreshold();
    return configured > 0 ? configured
        : (config.training().positiveMargin() + config.training().negativeMargin()) / 2;
  }

  /** Chooses the evaluation settings on the validation part (embedding both parts, plain and mirrored). */
  static Tuning tune(SiameseNetwork network, TrainingData data, ExperimentConfig config, StopToken stop) {
    EvaluationConfig evaluation = config.evaluation();
    FaceEmbedder.Embedded trainPlain = embed(network, data, data.train(), false, stop);
    FaceEmbedder.Embedded validationPlain = embed(network, data, data.validation(), false, stop);
    if (!evaluation.tuneOnValidation() || data.validation().length == 0) {
      if (!evaluation.flipAveraging()) {
        return new Tuning(evaluation, "", trainPlain, validationPlain);
      }
      return new Tuning(evaluation, "", trainPlain.averagedWith(embed(network, data, data.train(), true, stop)),
          validationPlain.averagedWith(embed(network, data, data.validation(), true, stop)));
    }
    FaceEmbedder.Embedded trainFlipped = trainPlain.averagedWith(embed(network, data, data.train(), true, stop));
    FaceEmbedder.Embedded validationFlipped =
        validationPlain.averagedWith(embed(network, data, data.validation(), true, stop));
    int[] validationAges = EpochValidation.ages(data, data.validation());
    int bestNeighbours = evaluation.neighbours();
    boolean bestFlip = false;
    double bestMae = Double.POSITIVE_INFINITY;
    StringBuilder table = new StringBuilder();
    for (boolean flip : new boolean[] {false, true}) {
      FaceEmbedder.Embedded references = flip ? trainFlipped : trainPlain;
      FaceEmbedder.Embedded queries = flip ? validationFlipped : validationPlain;
      NeighbourTable neighbours = NeighbourTable.of(Trainer.gallery(data, data.train(), references),
          queries.embeddings(), NEIGHBOUR_CANDIDATES[NEIGHBOUR_CANDIDATES.length - 1], null);
      table.append(flip ? "; with flip averaging:" : "references MAE by k:");
      for (int k : NEIGHBOUR_CANDIDATES) {
        double mae = mae(neighbours.ages(k), validationAges);
        table.append(String.format(Locale.ROOT, " %d→%.2f", k, mae));
        // flip averaging costs a second forward pass per face: taken only when it helps
        if (mae < bestMae - (flip ? 0.01 : 1e-9)) {
          bestMae = mae;
          bestNeighbours = k;
          bestFlip = flip;
        }
      }
    }
    FaceEmbedder.Embedded train = bestFlip ? trainFlipped : trainPlain;
    FaceEmbedder.Embedded validation = bestFlip ? validationFlipped : validationPlain;
    NeighbourTable chosen = NeighbourTable.of(Trainer.gallery(data, data.train(), train), validation.embeddings(),
        bestNeighbours, null);
    double[] referencesAges = chosen.ages(bestNeighbours);
    double unusualDistance = percentile(chosen.nearestDistances(), EvaluationConfig.UNUSUAL_PERCENTILE);
    double blendWeight = evaluation.blendWeight();
    String headPart = "";
    if (validation.headAge() != null) {
      double bestBlendMae = Double.POSITIVE_INFINITY;
      for (int step = 0; step <= BLEND_STEPS; step++) {
        double weight = (double) step / BLEND_STEPS;
        double[] blended = new double[referencesAges.length];
        for (int i = 0; i < blended.length; i++) {
          blended[i] = AgeReadout.blend(weight, referencesAges[i], validation.headAge()[i]);
        }
        double mae = mae(blended, validationAges);
        if (mae < bestBlendMae - 1e-9) {
          bestBlendMae = mae;
          blendWeight = weight;
        }
      }
      headPart = String.format(Locale.ROOT, ", age head %.2f, blend %.2f (weight %.1f on the references)",
          EpochValidation.mae(validation.headAge(), validationAges), bestBlendMae, blendWeight);
    }
    PairVerification pairs = PairVerification.calibrate(validation.embeddings(), validation.dimension(),
        validationAges, config.training().ageThreshold());
    String summary = String.format(Locale.ROOT,
        "Chosen on the validation part: k = %d%s (references MAE %.2f%s); pair threshold %.3f (balanced"
            + " accuracy %.1f %%); unusual beyond D = %.3f to the nearest reference%n  (%s)", bestNeighbours,
        bestFlip ? " with flip averaging" : "", bestMae, headPart, pairs.threshold(), 100 * pairs.balancedAccuracy(),
        unusualDistance, table);
    return new Tuning(evaluation.tuned(bestNeighbours, bestFlip, blendWeight, pairs.threshold(), unusualDistance),
        summary, train, validation);
  }

  /**
   * Estimates the test faces from {@code gallery} with every estimator and measures the pair
   * verdict at the configured threshold.
   */
  static TestResult test(SiameseNetwork network, TrainingData data, ExperimentConfig config,
      ReferenceGallery gallery, StopToken stop) {
    EvaluationConfig evaluation = config.evaluation();
    FaceEmbedder.Embedded test = Trainer.requireFinite(
        FaceEmbedder.embed(network, data.faces(), data.test(), evaluation.flipAveraging(), ProgressListener.silent(),
            stop));
    int n = data.test().length;
    int[] trueAges = EpochValidation.ages(data, data.test());
    NeighbourTable neighbours = NeighbourTable.of(gallery, test.embeddings(), evaluation.neighbours(), null);
    double[] referencesAges = new double[n];
    double[] predicted = new double[n];
    double[] spread = new double[n];
    double[] female = new double[n];
    for (int i = 0; i < n; i++) {
      AgeEstimate estimate = neighbours.estimate(i, evaluation.neighbours());
      double head = test.headAge() == null ? Double.NaN : test.headAge()[i];
      referencesAges[i] = estimate.age();
      predicted[i] = AgeReadout.age(evaluation, estimate.age(), head);
      spread[i] = estimate.uncertainty();
      female[i] = test.femaleProbability() != null ? test.femaleProbability()[i]
          : estimate.genderVote().femaleProbability();
    }
    AgeMetrics metrics = data.metrics(data.test(), predicted, spread, female, evaluation.maxCumulativeScoreYears());
    String setting = "k = " + evaluation.neighbours() + (evaluation.flipAveraging() ? ", flip averaging" : "");
    List<EstimatorScore> scores = new ArrayList<>();
    scores.add(EstimatorScore.of(EvaluationConfig.Estimator.REFERENCES.wireName(), setting, referencesAges, trueAges));
    if (test.headAge() != null) {
      double[] head = new double[n];
      double[] blend = new double[n];
      for (int i = 0; i < n; i++) {
        head[i] = test.headAge()[i];
        blend[i] = AgeReadout.blend(evaluation.blendWeight(), referencesAges[i], head[i]);
      }
      scores.add(EstimatorScore.of(EvaluationConfig.Estimator.HEAD.wireName(),
          "age head (" + config.training().ageHead() + ")", head, trueAges));
      scores.add(EstimatorScore.of(EvaluationConfig.Estimator.BLEND.wireName(), String.format(Locale.ROOT,
          "weight %.1f on the references", evaluation.blendWeight()), blend, trueAges));
    }
    PairVerification pairs = PairVerification.measure(test.embeddings(), test.dimension(), trueAges,
        config.training().ageThreshold(), startingThreshold(config));
    double[] nearest = neighbours.nearestDistances();
    boolean[] unusual = new boolean[n];
    for (int i = 0; i < n; i++) {
      unusual[i] = evaluation.isUnusual(nearest[i]);
    }
    return new TestResult(metrics, scores, pairs,
        UnusualFaces.summary(evaluation.unusualDistance(), unusual, predicted, trueAges));
  }

  private static FaceEmbedder.Embedded embed(SiameseNetwork network, TrainingData data, int[] faces, boolean mirrored,
      StopToken stop) {
    return Trainer.requireFinite(
        FaceEmbedder.embedOnce(network, data.faces(), faces, mirrored, ProgressListener.silent(), stop));
  }

  /**
   * The {@code percent}th percentile of {@code values} (nearest rank); 0 when there are none, which
   * turns the unusual-face check off.
   */
  static double percentile(double[] values, int percent) {
    return values.length == 0 ? 0 : Percentiles.nearestRank(values, percent / 100.0);
  }

  private static double mae(double[] predicted, int[] trueAges) {
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      sum += Math.abs(predicted[i] - trueAges[i]);
    }
    return predicted.length == 0 ? Double.NaN : sum / predicted.length;
  }
}
