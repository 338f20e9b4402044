package org.siamage.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.AtomicFiles;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Gender;
import org.siamage.data.pairs.PairEpoch;
import org.siamage.data.pairs.PairSampler;
import org.siamage.data.pairs.TrainingFace;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.eval.MeanAgeBaseline;
import org.siamage.infer.AgeEstimate;
import org.siamage.infer.AgeEstimator;
import org.siamage.infer.ReferenceGallery;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.KerasInceptionV3Weights;
import org.siamage.model.PairBatch;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.StepResult;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleReader;
import org.siamage.model.bundle.ModelBundleWriter;
import org.siamage.model.bundle.NamedTensor;
import org.siamage.model.bundle.Provenance;
import org.siamage.model.bundle.ReferenceGalleryData;
import org.siamage.model.loss.SiameseLoss;

/**
 * Trains the Siamese network of an experiment and writes everything into a {@link RunFolder}.
 *
 * <p>Each epoch draws new pairs (a pure function of the seed and the epoch), takes one optimizer
 * step per batch, then estimates the validation faces' ages from the training faces (k nearest
 * references) and writes a checkpoint atomically. A checkpoint holds the weights, batch-norm
 * statistics, optimizer state and trainer counters, so {@link #train} on a folder with checkpoints
 * continues exactly as an uninterrupted run with the same seed would. The stop token is checked
 * before every iteration; a NaN or infinite loss stops the run and keeps the last good checkpoint.
 */
public final class Trainer {
  static final String STATE_NEXT_EPOCH = "trainer.nextEpoch";
  static final String STATE_ITERATION = "trainer.iteration";
  static final String STATE_BEST_EPOCH = "trainer.bestEpoch";
  static final String STATE_BEST_MAE = "trainer.bestValidationMae";
  static final String STATE_STALE_EPOCHS = "trainer.epochsWithoutImprovement";
  static final String STATE_SECONDS = "trainer.trainingSeconds";
  private static final int CHECKPOINTS_KEPT = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Builds the network of an experiment (tests substitute one). */
  @FunctionalInterface
  interface NetworkFactory {
    SiameseNetwork create(ExperimentConfig config);
  }

  private final String appVersion;
  private final String backend;
  private final NetworkFactory networks;
  /** Written into the final model's preprocessing settings; null when not measured. */
  private org.siamage.data.preprocess.CropFraming.Measured liveFraming;

  /**
   * @param appVersion recorded in provenance
   * @param backend ND4J backend description, recorded in provenance
   */
  public Trainer(String appVersion, String backend) {
    this(appVersion, backend, config -> SiameseNetwork.create(config.model(),
        config.preprocessing().inputSize(), config.training(), SiameseLoss.fromConfig(config.training())));
  }

  Trainer(String appVersion, String backend, NetworkFactory networks) {
    this.appVersion = appVersion;
    this.backend = backend;
    this.networks = networks;
  }

  /** Counters that a checkpoint carries. */
  private static final class State {
    int nextEpoch;
    int iteration;
    int bestEpoch = -1;
    double bestMae = Double.NaN;
    int staleEpochs;
    double trainingSeconds;
  }

  /**
   * Trains (or resumes, when {@code folder} holds checkpoints) and returns how the run ended.
   *
   * @throws CancelledException never: a stop request ends the run with {@link
   *     RunOutcome.Status#STOPPED}
   */
  /**
   * The final model crops live faces (webcam, photographs) with this framing of its pre-aligned
   * training crops. Only the final bundle carries it: checkpoints keep the run's own config, so a
   * run resumes whether or not it was measured.
   */
  public Trainer withLiveFraming(org.siamage.data.preprocess.CropFraming.Measured measured) {
    this.liveFraming = measured;
    return this;
  }

  public RunOutcome train(
      ExperimentConfig config, TrainingData data, RunFolder folder, TrainingListener listener, StopToken stop)
      throws IOException {
    if (data.train().length < 2) {
      throw new UserFacingException("Training needs at least 2 training faces, the split has "
          + data.train().length + " (dataset " + data.datasetName() + ")");
    }
    Files.createDirectories(folder.checkpoints());
    SiameseNetwork network = networks.create(config);
    // the network's graph plans hold a step's arrays (ADR 0044): free them when the run ends
    try {
      State state = startOrResume(config, data, folder, network, listener);
      Run run = new Run(config, data, folder, network, listener, stop, state);
      try (BufferedWriter metrics = Files.newBufferedWriter(folder.metrics(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        return run.epochs(metrics);
      }
    } finally {
      network.releasePlans();
    }
  }

  /**
   * Sets the network up for this run: age standardisation from the training faces, the initial
   * weights of a new run or the last checkpoint of an interrupted one, and the mean-age baseline.
   */
  private State startOrResume(ExperimentConfig config, TrainingData data, RunFolder folder,
      SiameseNetwork network, TrainingListener listener) throws IOException {
    State state = new State();
    int[] trainAges = ages(data, data.train());
    network.setAgeStandardisation(java.util.Arrays.stream(trainAges).average().orElse(0),
        standardDeviation(trainAges));
    Optional<Path> latest = latestCheckpoint(folder);
    if (latest.isEmpty() && !config.model().initialWeights().isBlank()) {
      int arrays = KerasInceptionV3Weights.load(Path.of(config.model().initialWeights()), network);
      listener.onMessage("Started from the Keras weights " + config.model().initialWeights() + " ("
          + arrays + " arrays)");
    }
    if (latest.isPresent()) {
      restore(latest.get(), config, data, network, state);
      listener.onMessage(String.format(Locale.ROOT, "Resuming from %s: epoch %d of %d",
          folder.root().relativize(latest.get()), state.nextEpoch + 1, config.training().epochs()));
    }
    truncateMetrics(folder.metrics(), state.nextEpoch);
    if (data.validation().length > 0) {
      MeanAgeBaseline baseline = MeanAgeBaseline.of(ages(data, data.train()), ages(data, data.validation()));
      listener.onMessage(String.format(Locale.ROOT,
          "Mean-age baseline: always predicting the training mean (%.1f years) gives validation MAE %.2f",
          baseline.meanTrainingAge(), baseline.mae()));
    }
    return state;
  }

  /**
   * One run's epochs: what every epoch shares (pair sampler, batch assembler, schedule, metrics
   * file) and the two halves of an epoch, its training steps and its end (validation, checkpoints,
   * early stopping). Each half returns the run's outcome when the run ends there, or null.
   */
  private final class Run {
    private final ExperimentConfig config;
    private final TrainingConfig training;
    private final TrainingData data;
    private final RunFolder folder;
    private final SiameseNetwork network;
    private final TrainingListener listener;
    private final StopToken stop;
    private final State state;
    private final PairSampler sampler;
    private final BatchAssembler assembler;
    private final LearningRateSchedule schedule;
    private final long runStart;
    private final double secondsBefore;
    private BufferedWriter metrics;
    private final int firstEpoch;
    /** With weight averaging, the live weights while the averaged ones are loaded for judging; else null. */
    private Map<String, INDArray> liveWeights;

    Run(ExperimentConfig config, TrainingData data, RunFolder folder, SiameseNetwork network,
        TrainingListener listener, StopToken stop, State state) {
      this.config = config;
      this.training = config.training();
      this.data = data;
      this.folder = folder;
      this.network = network;
      this.listener = listener;
      this.stop = stop;
      this.state = state;
      List<TrainingFace> trainFaces = new ArrayList<>(data.train().length);
      for (int face : data.train()) {
        trainFaces.add(new TrainingFace(face, data.ages()[face], data.genders()[face]));
      }
      this.sampler = PairSampler.fromConfig(trainFaces, training);
      this.assembler = new BatchAssembler(data, training.augment(),
          training.augmentation() == TrainingConfig.Augmentation.STRONG, training.erasing(), training.seed());
      this.schedule = new LearningRateSchedule(training);
      this.secondsBefore = state.trainingSeconds;
      this.firstEpoch = state.nextEpoch;
      this.runStart = System.nanoTime();
    }

    /** Runs the remaining epochs, appending their lines to {@code metricsFile}, and ends the run. */
    RunOutcome epochs(BufferedWriter metricsFile) throws IOException {
      this.metrics = metricsFile;
      try {
        for (int epoch = state.nextEpoch; epoch < training.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          Map<String, Double> meanLosses = new LinkedHashMap<>();
          RunOutcome ended = trainEpoch(epoch, meanLosses);
          if (ended == null) {
            ended = endEpoch(epoch, meanLosses, epochStart);
          }
          if (ended != null) {
            return finish(listener, ended);
          }
        }
      } catch (CancelledException e) {
        return finish(listener, new RunOutcome(RunOutcome.Status.STOPPED,
            "Stopped during validation; resume continues from the last finished epoch",
            state.nextEpoch, state.bestEpoch, state.bestMae, Optional.empty()));
      }
      Path bundle = writeFinalModel(config, data, folder, network, state, listener, stop);
      return finish(listener, new RunOutcome(RunOutcome.Status.COMPLETED, String.format(Locale.ROOT,
          "Finished %d epochs%s", training.epochs(), state.bestEpoch < 0 ? ""
              : String.format(Locale.ROOT, "; best validation MAE %.2f years at epoch %d", state.bestMae,
                  state.bestEpoch + 1)),
          training.epochs(), state.bestEpoch, state.bestMae, Optional.of(bundle)));
    }

    /** The training steps of one epoch; fills {@code meanLosses}; an outcome if stopped or diverged. */
    private RunOutcome trainEpoch(int epoch, Map<String, Double> meanLosses) {
      PairEpoch pairs = training.hardNegativeMining() && epoch > 0
          ? sampler.sample(epoch, hardNegativeDistance(network, data, stop))
          : sampler.sample(epoch);
      if (epoch == firstEpoch) {
        listener.onMessage("Pairs of epoch " + (epoch + 1) + ": " + pairs.statistics().describe());
      }
      int iterations = Math.max(1, (pairs.size() + training.batchSize() - 1) / training.batchSize());
      Map<String, Double> lossSums = new LinkedHashMap<>();
      for (int batch = 0; batch < iterations; batch++) {
        if (stop.isStopRequested()) {
          return new RunOutcome(RunOutcome.Status.STOPPED,
              "Stopped at epoch " + (epoch + 1) + "; resume continues from the last finished epoch ("
                  + epoch + ")", epoch, state.bestEpoch, state.bestMae, Optional.empty());
        }
        int from = batch * training.batchSize();
        int to = Math.min(pairs.size(), from + training.batchSize());
        if (to - from < 2) {
          continue; // batch norm needs two faces per branch; the lone pair waits for the next epoch
        }
        PairBatch pairBatch = assembler.assemble(pairs, from, to, epoch, batch);
        double rate = schedule.rate(epoch, batch, iterations);
        long stepStart = System.nanoTime();
        StepResult step = network.trainStep(pairBatch, rate);
        double stepSeconds = (System.nanoTime() - stepStart) / 1e9;
        if (!Double.isFinite(step.totalLoss())) {
          return new RunOutcome(RunOutcome.Status.DIVERGED, String.format(Locale.ROOT,
              "Training diverged at epoch %d, iteration %d: loss/total = %s. The last good checkpoint "
                  + "(epoch %d) is kept; lower training.learningRate (now %s) and resume.",
              epoch + 1, batch + 1, step.totalLoss(), epoch, training.learningRate()),
              epoch, state.bestEpoch, state.bestMae, Optional.empty());
        }
        step.losses().forEach((name, value) -> lossSums.merge(name, value, Double::sum));
        IterationMetrics iterationMetrics = new IterationMetrics(epoch, state.iteration, batch, iterations,
            step.losses(), rate, (to - from) / stepSeconds,
            meanDistance(step.distances(), pairs, from, true),
            meanDistance(step.distances(), pairs, from, false),
            (System.nanoTime() - runStart) / 1e9);
        state.iteration++;
        writeLine(metrics, iterationLine(iterationMetrics));
        listener.onIteration(iterationMetrics);
      }
      lossSums.forEach((name, sum) -> meanLosses.put(name, sum / iterations));
      return null;
    }

    /**
     * Validates the epoch, keeps the best and the epoch's checkpoints, writes its metrics line and
     * stops early when validation stalled; an outcome if the run ends here.
     */
    private RunOutcome endEpoch(int epoch, Map<String, Double> meanLosses, long epochStart) throws IOException {
      // with weight averaging, the epoch is judged (and kept as best) by its averaged weights;
      // training goes on from the live ones, which the epoch checkpoint holds
      if (network.averagesWeights()) {
        liveWeights = network.parameters();
        network.loadParameters(network.averagedParameters());
      }
      try {
        return judgeEpoch(epoch, meanLosses, epochStart);
      } finally {
        restoreLiveWeights(); // when judging ended before the epoch checkpoint
      }
    }

    /** Puts the live weights back after judging by the averaged ones; does nothing when they are back. */
    private void restoreLiveWeights() {
      if (liveWeights != null) {
        network.loadParameters(liveWeights);
        liveWeights = null;
      }
    }

    private RunOutcome judgeEpoch(int epoch, Map<String, Double> meanLosses, long epochStart) throws IOException {
      EpochValidation.Result checked;
      try {
        checked = data.validation().length == 0 ? null : EpochValidation.run(network, data, config, stop);
      } catch (NonFiniteEmbeddingException e) {
        return new RunOutcome(RunOutcome.Status.DIVERGED, String.format(Locale.ROOT,
            "Training diverged in epoch %d: %s. The last good checkpoint (epoch %d) is kept; lower"
                + " training.learningRate (now %s) and resume.", epoch + 1, e.getMessage(), epoch,
            training.learningRate()), epoch, state.bestEpoch, state.bestMae, Optional.empty());
      }
      AgeMetrics validation = checked == null ? null : checked.metrics();
      if (checked != null) {
        ProbeEmbeddings.write(folder, data, epoch, checked.validation());
      }
      double mae = validation == null ? Double.NaN : validation.mae();
      boolean best = validation != null && (state.bestEpoch < 0 || mae < state.bestMae - 1e-12);
      if (best) {
        state.bestEpoch = epoch;
        state.bestMae = mae;
        state.staleEpochs = 0;
      } else {
        state.staleEpochs++;
      }
      state.nextEpoch = epoch + 1;
      state.trainingSeconds = secondsBefore + (System.nanoTime() - runStart) / 1e9;
      EpochMetrics epochMetrics = new EpochMetrics(epoch, meanLosses, mae,
          validation == null ? Double.NaN : validation.cumulativeScore(3),
          validation == null ? Double.NaN : validation.cumulativeScore(5),
          validation == null || validation.genderAccuracy() == null ? Double.NaN : validation.genderAccuracy(),
          (System.nanoTime() - epochStart) / 1e9, best,
          checked == null ? Double.NaN : checked.trainingMae(),
          checked == null ? Double.NaN : checked.headMae(),
          checked == null ? Double.NaN : checked.pairs().meanSimilarDistance(),
          checked == null ? Double.NaN : checked.pairs().meanDissimilarDistance());
      if (best) {
        writeCheckpoint(folder.bestCheckpoint(), config, data, network, state, false);
      }
      restoreLiveWeights();
      writeCheckpoint(Checkpoints.epochFile(folder.checkpoints(), epoch), config, data, network, state, true);
      pruneCheckpoints(folder.checkpoints());
      writeLine(metrics, epochLine(epochMetrics));
      metrics.flush();
      listener.onEpochEnd(epochMetrics);
      if (training.earlyStoppingPatience() > 0 && state.staleEpochs >= training.earlyStoppingPatience()
          && epoch + 1 < training.epochs()) {
        Path bundle = writeFinalModel(config, data, folder, network, state, listener, stop);
        return new RunOutcome(RunOutcome.Status.EARLY_STOPPED, String.format(Locale.ROOT,
            "Early stop after epoch %d: validation MAE did not improve for %d epochs (best %.2f at epoch %d)",
            epoch + 1, state.staleEpochs, state.bestMae, state.bestEpoch + 1),
            epoch + 1, state.bestEpoch, state.bestMae, Optional.of(bundle));
      }
      return null;
    }
  }

  private static double standardDeviation(int[] values) {
    double mean = java.util.Arrays.stream(values).average().orElse(0);
    double sum = 0;
    for (int value : values) {
      sum += (value - mean) * (value - mean);
    }
    return values.length < 2 ? 1 : Math.sqrt(sum / (values.length - 1));
  }

  private static int[] ages(TrainingData data, int[] faces) {
    return java.util.Arrays.stream(faces).map(face -> data.ages()[face]).toArray();
  }

  private static RunOutcome finish(TrainingListener listener, RunOutcome outcome) {
    listener.onRunFinished(outcome);
    return outcome;
  }

  /**
   * Age metrics of {@code queries} estimated from {@code references} (k nearest, the config's k),
   * both already embedded by the current network.
   */
  static AgeMetrics evaluate(TrainingData data, int[] references, FaceEmbedder.Embedded referenceEmbeddings,
      int[] queries, FaceEmbedder.Embedded queryEmbeddings, ExperimentConfig config, StopToken stop) {
    ReferenceGallery gallery = gallery(data, references, referenceEmbeddings)
        .withAtMostPerYear(config.evaluation().referencesPerYear(), config.training().seed());
    AgeEstimator estimator = AgeEstimator.fromConfig(gallery, config.evaluation());
    List<AgeEstimate> estimates = estimator.estimateAll(queryEmbeddings.embeddings(), stop, ProgressListener.silent());
    int n = queries.length;
    double[] predicted = new double[n];
    double[] spread = new double[n];
    double[] female = new double[n];
    for (int i = 0; i < n; i++) {
      predicted[i] = estimates.get(i).age();
      spread[i] = estimates.get(i).uncertainty();
      female[i] = queryEmbeddings.femaleProbability() != null
          ? queryEmbeddings.femaleProbability()[i]
          : estimates.get(i).genderVote().femaleProbability();
    }
    return data.metrics(queries, predicted, spread, female, config.evaluation().maxCumulativeScoreYears());
  }

  /** Thrown when the network's inference tower produces NaN or infinite embeddings. */
  static final class NonFiniteEmbeddingException extends RuntimeException {
    NonFiniteEmbeddingException(String message) {
      super(message);
    }
  }

  static FaceEmbedder.Embedded requireFinite(FaceEmbedder.Embedded embedded) {
    float[] values = embedded.embeddings();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new NonFiniteEmbeddingException("the embedding of face " + (i / embedded.dimension() + 1)
            + " holds " + values[i] + " (NaN or infinite weights or batch-norm statistics)");
      }
    }
    return embedded;
  }

  static ReferenceGallery gallery(TrainingData data, int[] references, FaceEmbedder.Embedded embedded) {
    int[] ages = new int[references.length];
    Gender[] genders = new Gender[references.length];
    List<String> ids = new ArrayList<>(references.length);
    for (int i = 0; i < references.length; i++) {
      ages[i] = data.ages()[references[i]];
      genders[i] = data.genders()[references[i]];
      ids.add(data.id(references[i]));
    }
    return ReferenceGallery.of(embedded.embeddings(), embedded.dimension(), ages, genders, ids);
  }

  private static org.siamage.data.pairs.PairDistance hardNegativeDistance(
      SiameseNetwork network, TrainingData data, StopToken stop) {
    FaceEmbedder.Embedded embedded =
        FaceEmbedder.embed(network, data.faces(), data.train(), ProgressListener.silent(), stop);
    Map<Integer, Integer> row = new java.util.HashMap<>();
    for (int i = 0; i < data.train().length; i++) {
      row.put(data.train()[i], i);
    }
    int dimension = embedded.dimension();
    float[] values = embedded.embeddings();
    return (a, b) -> {
      int rowA = row.get(a) * dimension;
      int rowB = row.get(b) * dimension;
      double sum = 0;
      for (int k = 0; k < dimension; k++) {
        double difference = values[rowA + k] - values[rowB + k];
        sum += difference * difference;
      }
      return Math.sqrt(sum);
    };
  }

  private static double meanDistance(float[] distances, PairEpoch pairs, int from, boolean similar) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < distances.length; i++) {
      if (pairs.isSimilar(from + i) == similar) {
        sum += distances[i];
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private Path writeFinalModel(ExperimentConfig config, TrainingData data, RunFolder folder,
      SiameseNetwork network, State state, TrainingListener listener, StopToken stop) throws IOException {
    if (state.bestEpoch >= 0 && Files.isRegularFile(folder.bestCheckpoint())) {
      ModelBundle best = ModelBundleReader.read(folder.bestCheckpoint());
      network.loadParameters(Checkpoints.toArrays(best.tensors()));
    } else if (network.averagesWeights()) {
      network.loadParameters(network.averagedParameters());
    }
    FinalModel.Tuning tuning = FinalModel.tune(network, data, config, stop);
    if (!tuning.summary().isEmpty()) {
      listener.onMessage(tuning.summary());
    }
    ExperimentConfig tuned = config.withEvaluation(tuning.evaluation());
    if (liveFraming != null) {
      tuned = tuned.withPreprocessing(liveFraming.applyTo(tuned.preprocessing()));
    }
    // once the epoch is chosen, the validation faces join the references
    int[] referenceFaces = concat(data.train(), data.validation());
    FaceEmbedder.Embedded references = concat(tuning.train(), tuning.validation());
    ReferenceGallery gallery = gallery(data, referenceFaces, references)
        .withAtMostPerYear(config.evaluation().referencesPerYear(), config.training().seed());
    Map<String, String> finalMetrics = new TreeMap<>();
    finalMetrics.put("epochs", Integer.toString(state.nextEpoch));
    if (state.bestEpoch >= 0) {
      finalMetrics.put("validation.mae", format(state.bestMae));
      finalMetrics.put("validation.bestEpoch", Integer.toString(state.bestEpoch + 1));
    }
    if (data.test().length > 0) {
      FinalModel.TestResult test = FinalModel.test(network, data, tuned, gallery, stop);
      AgeMetrics metrics = test.metrics();
      int[] trainAges = ages(data, data.train());
      int[] testAges = ages(data, data.test());
      EvaluationReport report = new EvaluationReport("Test split of " + data.datasetName(),
          "test (split " + data.splitHash().substring(0, Math.min(12, data.splitHash().length())) + ")",
          "Model " + folder.model().getFileName() + ", best validation epoch " + (state.bestEpoch + 1)
              + "; estimator " + tuned.evaluation().estimator() + "; " + gallery.size() + " references"
              + (test.unusualSummary().isEmpty() ? "" : "; " + test.unusualSummary()),
          metrics, MeanAgeBaseline.of(trainAges, testAges), test.estimators(), test.pairs(), List.of());
      EvaluationReportWriter.writeAll(report, folder.testReport());
      finalMetrics.put("test.mae", format(metrics.mae()));
      finalMetrics.put("test.cs3", format(metrics.cumulativeScore(3)));
      finalMetrics.put("test.cs5", format(metrics.cumulativeScore(5)));
      if (metrics.genderAccuracy() != null) {
        finalMetrics.put("test.genderAccuracy", format(metrics.genderAccuracy()));
      }
      finalMetrics.put("test.pairBalancedAccuracy", format(test.pairs().balancedAccuracy()));
      listener.onMessage(String.format(Locale.ROOT,
          "Test split: MAE %.2f years, CS(3) %.1f %%, CS(5) %.1f %%%s (report in %s)", metrics.mae(),
          100 * metrics.cumulativeScore(3), 100 * metrics.cumulativeScore(5),
          metrics.genderAccuracy() == null ? "" : String.format(Locale.ROOT, ", gender %.1f %%", 100 * metrics.genderAccuracy()),
          folder.root().relativize(folder.testReport())));
      StringBuilder estimators = new StringBuilder("Test split by estimator:");
      test.estimators().forEach(score -> estimators.append(String.format(Locale.ROOT, " %s %.2f (CS(5) %.1f %%);",
          score.estimator(), score.mae(), 100 * score.cumulativeScore5())));
      listener.onMessage(estimators + String.format(Locale.ROOT,
          " pair verdict at τ: balanced accuracy %.1f %% at threshold %.3f", 100 * test.pairs().balancedAccuracy(),
          test.pairs().threshold()));
    }
    ModelBundle bundle = new ModelBundle(tuned, Checkpoints.toTensors(network.parameters()), List.of(),
        galleryData(gallery, references.dimension()),
        provenance(config, data, state, finalMetrics));
    ModelBundleWriter.write(bundle, folder.model());
    listener.onMessage("Model bundle written to " + folder.model());
    return folder.model();
  }

  private static int[] concat(int[] first, int[] second) {
    int[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static FaceEmbedder.Embedded concat(FaceEmbedder.Embedded first, FaceEmbedder.Embedded second) {
    return new FaceEmbedder.Embedded(concat(first.embeddings(), second.embeddings()), first.dimension(),
        concat(first.femaleProbability(), second.femaleProbability()), concat(first.headAge(), second.headAge()));
  }

  private static float[] concat(float[] first, float[] second) {
    if (first == null || second == null) {
      return null;
    }
    float[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static ReferenceGalleryData galleryData(ReferenceGallery gallery, int dimension) {
    int n = gallery.size();
    float[] embeddings = new float[n * dimension];
    byte[] genders = new byte[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(gallery.embedding(i), 0, embeddings, i * dimension, dimension);
      genders[i] = switch (gallery.gender(i)) {
        case FEMALE -> ReferenceGalleryData.FEMALE;
        case MALE -> ReferenceGalleryData.MALE;
        case UNKNOWN -> ReferenceGalleryData.UNKNOWN;
      };
    }
    return new ReferenceGalleryData(gallery.ids(), gallery.ages(), genders, embeddings, dimension);
  }

  private Provenance provenance(ExperimentConfig config, TrainingData data, State state, Map<String, String> metrics) {
    return Provenance.forThisRuntime(appVersion, backend, config.training().seed(), data.datasetName(),
        data.datasetHash(), data.splitHash(), Instant.now(),
        Duration.ofMillis(Math.round(state.trainingSeconds * 1000)), metrics);
  }

  private void writeCheckpoint(Path file, ExperimentConfig config, TrainingData data, SiameseNetwork network,
      State state, boolean withOptimizer) {
    Map<String, String> counters = new TreeMap<>();
    counters.put(STATE_NEXT_EPOCH, Integer.toString(state.nextEpoch));
    counters.put(STATE_ITERATION, Integer.toString(state.iteration));
    counters.put(STATE_BEST_EPOCH, Integer.toString(state.bestEpoch));
    counters.put(STATE_BEST_MAE, Double.toString(state.bestMae));
    counters.put(STATE_STALE_EPOCHS, Integer.toString(state.staleEpochs));
    counters.put(STATE_SECONDS, Double.toString(state.trainingSeconds));
    List<NamedTensor> optimizer = withOptimizer ? Checkpoints.toTensors(network.optimizerState()) : List.of();
    ModelBundle checkpoint = new ModelBundle(config, Checkpoints.toTensors(network.parameters()), optimizer,
        ReferenceGalleryData.empty(network.embeddingSize()), provenance(config, data, state, counters));
    ModelBundleWriter.write(checkpoint, file);
  }

  private static void restore(Path file, ExperimentConfig config, TrainingData data, SiameseNetwork network,
      State state) {
    ModelBundle checkpoint = ModelBundleReader.read(file);
    if (!checkpoint.config().equals(config)) {
      throw new UserFacingException("Cannot resume from " + file + ": it was trained with another config");
    }
    if (!checkpoint.provenance().datasetHash().equals(data.datasetHash())) {
      throw new UserFacingException("Cannot resume from " + file + ": the dataset or its preprocessing changed"
          + " since the run started (hash " + checkpoint.provenance().datasetHash() + ", now "
          + data.datasetHash() + ")");
    }
    Map<String, String> counters = checkpoint.provenance().finalMetrics();
    try {
      state.nextEpoch = Integer.parseInt(counters.get(STATE_NEXT_EPOCH));
      state.iteration = Integer.parseInt(counters.get(STATE_ITERATION));
      state.bestEpoch = Integer.parseInt(counters.get(STATE_BEST_EPOCH));
      state.bestMae = Double.parseDouble(counters.get(STATE_BEST_MAE));
      state.staleEpochs = Integer.parseInt(counters.get(STATE_STALE_EPOCHS));
      state.trainingSeconds = Double.parseDouble(counters.get(STATE_SECONDS));
    } catch (RuntimeException e) {
      throw new UserFacingException("Checkpoint " + file + " lacks its trainer counters: " + e.getMessage(), e);
    }
    Map<String, INDArray> parameters = Checkpoints.toArrays(checkpoint.tensors());
    try {
      network.loadParameters(parameters);
      network.loadOptimizerState(Checkpoints.toArrays(checkpoint.optimizerState()), state.iteration);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("Checkpoint " + file + " does not fit the network: " + e.getMessage(), e);
    }
  }

  /** The newest epoch checkpoint of the folder, if any. */
  static Optional<Path> latestCheckpoint(RunFolder folder) throws IOException {
    if (!Files.isDirectory(folder.checkpoints())) {
      return Optional.empty();
    }
    Path newest = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder.checkpoints(), "epoch-*.siamage")) {
      for (Path file : files) {
        if (newest == null || file.getFileName().toString().compareTo(newest.getFileName().toString()) > 0) {
          newest = file;
        }
      }
    }
    return Optional.ofNullable(newest);
  }

  private static void pruneCheckpoints(Path checkpoints) throws IOException {
    List<Path> epochs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoints, "epoch-*.siamage")) {
      files.forEach(epochs::add);
    }
    epochs.sort(null);
    for (int i = 0; i < epochs.size() - CHECKPOINTS_KEPT; i++) {
      Files.deleteIfExists(epochs.get(i));
    }
  }

  /** Keeps only the metric lines of epochs before {@code nextEpoch} (a resumed epoch is rerun). */
  private static void truncateMetrics(Path file, int nextEpoch) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      try {
        JsonNode node = JSON.readTree(line);
        if (node != null && node.has("epoch") && node.get("epoch").asInt() < nextEpoch) {
          kept.append(line).append('\n');
        }
      } catch (IOException e) {
        // a line cut off by a crash: dropped, its epoch is rerun
      }
    }
    AtomicFiles.writeString(file, kept.toString());
  }

  private static void writeLine(BufferedWriter writer, Map<String, Object> line) {
    try {
      writer.write(JSON.writeValueAsString(line));
      writer.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> iterationLine(IterationMetrics metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "iteration");
    line.put("epoch", metrics.epoch());
    line.put("iteration", metrics.iteration());
    line.put("learningRate", metrics.learningRate());
    line.put("losses", new TreeMap<>(metrics.losses()));
    line.put("meanPositiveDistance", finiteOrNull(metrics.meanPositiveDistance()));
    line.put("meanNegativeDistance", finiteOrNull(metrics.meanNegativeDistance()));
    line.put("pairsPerSecond", metrics.pairsPerSecond());
    return line;
  }

  private static Map<String, Object> epochLine(EpochMetrics metrics) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("type", "epoch");
    line.put("epoch", metrics.epoch());
    line.put("meanLosses", new TreeMap<>(metrics.meanLosses()));
    line.put("validationMae", finiteOrNull(metrics.validationMae()));
    line.put("cs3", finiteOrNull(metrics.cumulativeScore3()));
    line.put("cs5", finiteOrNull(metrics.cumulativeScore5()));
    line.put("genderAccuracy", finiteOrNull(metrics.genderAccuracy()));
    line.put("best", metrics.best());
    line.put("trainingMae", finiteOrNull(metrics.trainingMae()));
    line.put("headMae", finiteOrNull(metrics.headMae()));
    line.put("meanSimilarDistance", finiteOrNull(metrics.meanSimilarDistance()));
    line.put("meanDissimilarDistance", finiteOrNull(metrics.meanDissimilarDistance()));
    line.put("seconds", metrics.seconds());
    return line;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
