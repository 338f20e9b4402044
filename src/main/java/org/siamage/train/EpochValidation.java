package org.siamage.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.PairVerification;
import org.siamage.infer.NeighbourTable;
import org.siamage.infer.ReferenceGallery;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.SiameseNetwork;

/**
 * What the trainer measures after each epoch, from one embedding of the training and validation
 * faces: the validation faces' ages from the training faces (the epoch's score), the same estimate
 * on a fixed subset of training faces each left out of its own references (the gap between the two
 * shows over-fitting), the age head's MAE, and the mean distance of similar and dissimilar
 * validation pairs (whether the metric separates age classes at all).
 */
final class EpochValidation {
  /** Training faces whose estimate is tracked each epoch. */
  static final int TRAINING_SUBSET = 1000;

  /**
   * @param metrics the validation faces estimated from the training faces (k of the config)
   * @param trainingMae the same on the fixed training subset, years
   * @param headMae the age head's validation MAE, years, or NaN without a head
   * @param pairs the pair verdict over the validation faces at the configured threshold
   * @param validation the validation faces' embeddings, in {@code data.validation()} order
   */
  record Result(AgeMetrics metrics, double trainingMae, double headMae, PairVerification pairs,
      FaceEmbedder.Embedded validation) {}

  private EpochValidation() {}

  static Result run(SiameseNetwork network, TrainingData data, ExperimentConfig config, StopToken stop) {
    FaceEmbedder.Embedded references = Trainer.requireFinite(
        FaceEmbedder.embed(network, data.faces(), data.train(), ProgressListener.silent(), stop));
    FaceEmbedder.Embedded validation = Trainer.requireFinite(
        FaceEmbedder.embed(network, data.faces(), data.validation(), ProgressListener.silent(), stop));
    AgeMetrics metrics = Trainer.evaluate(data, data.train(), references, data.validation(), validation, config, stop);
    int[] validationAges = ages(data, data.validation());
    double headMae = validation.headAge() == null ? Double.NaN : mae(validation.headAge(), validationAges);
    double trainingMae = trainingSubsetMae(data, references, config);
    PairVerification pairs = PairVerification.measure(validation.embeddings(), validation.dimension(),
        validationAges, config.training().ageThreshold(), FinalModel.startingThreshold(config));
    return new Result(metrics, trainingMae, headMae, pairs, validation);
  }

  /** The k-NN MAE of a fixed, seeded subset of training faces, each left out of the gallery. */
  private static double trainingSubsetMae(TrainingData data, FaceEmbedder.Embedded references,
      ExperimentConfig config) {
    int[] rows = subset(data.train().length, config.training().seed());
    int dimension = references.dimension();
    float[] queries = new float[rows.length * dimension];
    int[] trueAges = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(references.embeddings(), rows[i] * dimension, queries, i * dimension, dimension);
      trueAges[i] = data.ages()[data.train()[rows[i]]];
    }
    ReferenceGallery gallery = Trainer.gallery(data, data.train(), references);
    NeighbourTable table = NeighbourTable.of(gallery, queries, config.evaluation().neighbours(), rows);
    double[] estimates = table.ages(config.evaluation().neighbours());
    double sum = 0;
    for (int i = 0; i < rows.length; i++) {
      sum += Math.abs(estimates[i] - trueAges[i]);
    }
    return rows.length == 0 ? Double.NaN : sum / rows.length;
  }

  /** Up to {@link #TRAINING_SUBSET} distinct rows of {@code count}, the same for every epoch. */
  static int[] subset(int count, long seed) {
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = rows[i];
      rows[i] = rows[j];
      rows[j] = swap;
    }
    int[] kept = Arrays.copyOf(rows, Math.min(count, TRAINING_SUBSET));
    Arrays.sort(kept);
    return kept;
  }

  static int[] ages(TrainingData data, int[] faces) {
    return Arrays.stream(faces).map(face -> data.ages()[face]).toArray();
  }

  static double mae(float[] predicted, int[] trueAges) {
    double sum = 0;
    for (int i = 0; i < predicted.length; i++) {
      sum += Math.abs(predicted[i] - trueAges[i]);
    }
    return predicted.length == 0 ? Double.NaN : sum / predicted.length;
  }
}
