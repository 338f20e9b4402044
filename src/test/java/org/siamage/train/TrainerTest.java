package org.siamage.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.DataConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleReader;
import org.siamage.service.DatasetService;
import org.siamage.service.TrainingService;

/** The real trainer on a tiny network and 60 procedural faces at 32 px. */
@Tag("slow")
class TrainerTest {
  @TempDir static Path temp;
  static ExperimentConfig config;
  static TrainingService service;

  @BeforeAll
  static void tinyExperiment() throws IOException {
    Path faces = temp.resolve("faces");
    new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(60).withImageSize(32),
        ProgressListener.silent(), new StopToken());
    ExperimentConfig defaults = ConfigDefaults.experiment();
    TrainingConfig t = defaults.training();
    config = defaults
        .withData(new DataConfig(faces.toString(), "", 0.2, 0.2, 7L, temp.resolve("cache").toString()))
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.Mode.PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig(ModelConfig.Backbone.COMPACT_INCEPTION, 8, 16, true))
        .withTraining(t.toBuilder().optimizer(TrainingConfig.Optimizer.ADAM).learningRate(3e-3)
            .schedule(TrainingConfig.Schedule.COSINE).warmupEpochs(1)
            .batchSize(8).epochs(3).pairsPerEpoch(0).hardNegativeMining(false).batchAllPairs(false)
            .earlyStoppingPatience(0).augment(true).seed(11L).build());
    service = new TrainingService(new DatasetService(2), "test");
  }

  @Test
  void aRunFolderHoldsEverythingAndResumingGivesTheUninterruptedResult() throws IOException {
    Path uninterrupted = temp.resolve("uninterrupted");
    RunOutcome full = service.start(config, uninterrupted, TrainingListener.none(), ProgressListener.silent(),
        new StopToken());
    assertThat(full.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    RunFolder folder = new RunFolder(uninterrupted);
    assertThat(folder.config()).isRegularFile();
    assertThat(folder.split()).isRegularFile();
    assertThat(folder.provenance()).isRegularFile();
    assertThat(folder.model()).isRegularFile();
    assertThat(folder.bestCheckpoint()).isRegularFile();
    assertThat(folder.testReport().resolve("report.md")).isRegularFile();
    assertThat(Files.readAllLines(folder.metrics())).anyMatch(line -> line.contains("\"type\":\"epoch\""))
        .anyMatch(line -> line.contains("\"type\":\"iteration\""));

    // Interrupt after the first epoch, then resume.
    Path interrupted = temp.resolve("interrupted");
    StopToken stop = new StopToken();
    RunOutcome first = service.start(config, interrupted, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        stop.requestStop();
      }
    }, ProgressListener.silent(), stop);
    assertThat(first.status()).isEqualTo(RunOutcome.Status.STOPPED);
    assertThat(first.epochsCompleted()).isEqualTo(1);
    RunOutcome resumed = service.resume(interrupted, TrainingListener.none(), ProgressListener.silent(),
        new StopToken());
    assertThat(resumed.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    assertThat(resumed.bestValidationMae()).isEqualTo(full.bestValidationMae());

    ModelBundle expected = ModelBundleReader.read(folder.model());
    ModelBundle actual = ModelBundleReader.read(new RunFolder(interrupted).model());
    assertThat(actual.tensors()).isEqualTo(expected.tensors());
    assertThat(actual.gallery()).isEqualTo(expected.gallery());
    assertThat(epochLines(new RunFolder(interrupted).metrics())).isEqualTo(epochLines(folder.metrics()));
  }

  @Test
  void withWeightAveragingTheAverageIsJudgedAndKeptWhileTrainingGoesOnFromTheLiveWeights() throws IOException {
    ExperimentConfig averaged = config.withTraining(config.training().toBuilder().weightAveraging(0.9).epochs(1)
        .build());
    Path run = temp.resolve("averaged");
    RunOutcome outcome = service.start(averaged, run, TrainingListener.none(), ProgressListener.silent(),
        new StopToken());
    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    RunFolder folder = new RunFolder(run);
    ModelBundle epoch = ModelBundleReader.read(Checkpoints.epochFile(folder.checkpoints(), 0));
    ModelBundle best = ModelBundleReader.read(folder.bestCheckpoint());
    ModelBundle model = ModelBundleReader.read(folder.model());

    java.util.Map<String, org.siamage.model.bundle.NamedTensor> averages = new java.util.TreeMap<>();
    for (org.siamage.model.bundle.NamedTensor state : epoch.optimizerState()) {
      if (state.name().startsWith("average/")) {
        averages.put(state.name().substring("average/".length()), state);
      }
    }
    assertThat(averages).hasSize(epoch.tensors().size());
    for (org.siamage.model.bundle.NamedTensor kept : best.tensors()) {
      assertThat(kept.values()).as(kept.name()).isEqualTo(averages.get(kept.name()).values());
    }
    // the epoch checkpoint, from which training resumes, holds the live weights, not the average
    assertThat(epoch.tensors()).isNotEqualTo(best.tensors());
    assertThat(model.tensors()).isEqualTo(best.tensors());
  }

  @Test
  void resumingARunWithWeightAveragingRestoresTheAverage() throws IOException {
    ExperimentConfig averaged = config.withTraining(config.training().toBuilder().weightAveraging(0.9).epochs(2)
        .build());
    Path uninterrupted = temp.resolve("averaged-full");
    service.start(averaged, uninterrupted, TrainingListener.none(), ProgressListener.silent(), new StopToken());
    Path interrupted = temp.resolve("averaged-interrupted");
    StopToken stop = new StopToken();
    service.start(averaged, interrupted, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        stop.requestStop();
      }
    }, ProgressListener.silent(), stop);
    RunOutcome resumed = service.resume(interrupted, TrainingListener.none(), ProgressListener.silent(),
        new StopToken());
    assertThat(resumed.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    assertThat(ModelBundleReader.read(new RunFolder(interrupted).model()).tensors())
        .isEqualTo(ModelBundleReader.read(new RunFolder(uninterrupted).model()).tensors());
    assertThat(epochLines(new RunFolder(interrupted).metrics()))
        .isEqualTo(epochLines(new RunFolder(uninterrupted).metrics()));
  }

  @Test
  void theModelKeepsWhatValidationChoseAndItsReferencesHoldTheValidationFaces() throws IOException {
    ExperimentConfig tuned = config.withModel(config.model().withHeadInput(ModelConfig.HeadInput.FEATURES))
        .withTraining(config.training().toBuilder().ageHead(TrainingConfig.AgeHead.L1).build())
        .withEvaluation(config.evaluation().withEstimator(org.siamage.config.EvaluationConfig.Estimator.BLEND)
            .withTuneOnValidation(true));
    Path run = temp.resolve("tuned");
    List<String> messages = new ArrayList<>();
    RunOutcome outcome = service.start(tuned, run, new TrainingListener() {
      @Override
      public void onMessage(String message) {
        messages.add(message);
      }
    }, ProgressListener.silent(), new StopToken());
    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    RunFolder folder = new RunFolder(run);
    ModelBundle bundle = ModelBundleReader.read(folder.model());
    org.siamage.config.EvaluationConfig chosen = bundle.config().evaluation();
    assertThat(chosen.neighbours()).isIn(1, 2, 3, 5, 7, 10, 15, 20, 30, 40, 50, 70, 100);
    assertThat(chosen.sameClassThreshold()).isBetween(1e-6, 2.0);
    assertThat(chosen.blendWeight()).isBetween(0.0, 1.0);
    assertThat(chosen.unusualDistance()).isBetween(1e-6, 2.0);
    assertThat(messages).anyMatch(message -> message.startsWith("Chosen on the validation part: k = "
        + chosen.neighbours()) && message.contains(String.format(java.util.Locale.ROOT,
        "unusual beyond D = %.3f", chosen.unusualDistance())));
    com.fasterxml.jackson.databind.JsonNode split = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(folder.split().toFile());
    int trainFaces = split.path("trainIds").size();
    int validationFaces = split.path("validationIds").size();
    assertThat(validationFaces).isPositive();
    assertThat(bundle.gallery().size()).isEqualTo(trainFaces + validationFaces);

    org.siamage.eval.EvaluationReport report = org.siamage.eval.EvaluationReportWriter.readJson(
        folder.testReport().resolve("report.json"));
    assertThat(report.estimators()).extracting(org.siamage.eval.EstimatorScore::estimator)
        .containsExactly("references", "head", "blend");
    assertThat(report.pairVerification()).isNotNull();
    assertThat(report.pairVerification().threshold()).isEqualTo(chosen.sameClassThreshold());
    assertThat(report.notes()).containsPattern("; \\d+ of \\d+ faces \\([0-9.]+ %\\) unusual \\(nearest reference"
        + " beyond D = [0-9.]+\\), MAE ");
    assertThat(Files.readString(folder.testReport().resolve("report.md"))).contains("## Age estimators")
        .contains("## Pair verdict");

    assertThat(epochLines(folder.metrics())).allMatch(line -> line.contains("\"trainingMae\":")
        && line.contains("\"headMae\":") && line.contains("\"meanSimilarDistance\":"));
    List<ProbeEmbeddings.Epoch> probes = ProbeEmbeddings.epochs(run);
    assertThat(probes).extracting(ProbeEmbeddings.Epoch::epoch).containsExactly(0, 1, 2);
    assertThat(ProbeEmbeddings.faceIds(run)).hasSize(Math.min(ProbeEmbeddings.PROBES, validationFaces));
    assertThat(org.siamage.model.bundle.TensorFiles.read(probes.get(2).file()).shape())
        .containsExactly(Math.min(ProbeEmbeddings.PROBES, validationFaces), config.model().embeddingSize());
  }

  @Test
  void aModelTrainedOnPreAlignedCropsCropsLiveFacesAsItsTrainingCropsFrameThem() throws IOException {
    Path faces = temp.resolve("faces-64"); // 64 px: the cascade finds most of these drawn faces
    new SampleFaceGenerator().generate(faces, SampleFaceSpec.defaults().withCount(40).withImageSize(64),
        ProgressListener.silent(), new StopToken());
    ExperimentConfig framed = config
        .withData(new DataConfig(faces.toString(), "", 0.2, 0.2, 7L, temp.resolve("cache").toString()))
        .withTraining(config.training().withEpochs(1));
    Path run = temp.resolve("framed");
    List<String> messages = new ArrayList<>();
    RunOutcome outcome = service.start(framed, run, new TrainingListener() {
      @Override
      public void onMessage(String message) {
        messages.add(message);
      }
    }, ProgressListener.silent(), new StopToken());
    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
    org.siamage.config.PreprocessingConfig saved =
        ModelBundleReader.read(new RunFolder(run).model()).config().preprocessing();
    assertThat(saved.liveFraming()).as("measured on the training images").isBetween(1.25, 1.6);
    assertThat(messages).anyMatch(message -> message.startsWith(String.format(java.util.Locale.ROOT,
        "Live crops are framed as the training crops: %.3f", saved.liveFraming())));
    // only the final model carries it: the run's config (and its checkpoints) stay as given, so it resumes
    assertThat(org.siamage.config.ConfigJson.read(new RunFolder(run).config()).preprocessing().hasLiveFraming())
        .isFalse();
    assertThat(ModelBundleReader.read(new RunFolder(run).bestCheckpoint()).config().preprocessing().hasLiveFraming())
        .isFalse();
  }

  @Test
  void withoutTuningTheModelKeepsTheConfiguredEvaluation() throws IOException {
    ExperimentConfig untuned = config.withEvaluation(config.evaluation().withTuneOnValidation(false));
    Path run = temp.resolve("untuned");
    assertThat(service.start(untuned, run, TrainingListener.none(), ProgressListener.silent(), new StopToken())
        .status()).isEqualTo(RunOutcome.Status.COMPLETED);
    assertThat(ModelBundleReader.read(new RunFolder(run).model()).config().evaluation())
        .isEqualTo(untuned.evaluation());
  }

  @Test
  void aStopRequestIsHonouredBeforeTheNextIteration() throws IOException {
    StopToken stop = new StopToken();
    AtomicInteger iterationsAfterStop = new AtomicInteger();
    boolean[] requested = {false};
    java.util.Set<String> reportedLosses = java.util.concurrent.ConcurrentHashMap.newKeySet();
    RunOutcome outcome = service.start(config, temp.resolve("stopped"), new TrainingListener() {
      @Override
      public void onIteration(IterationMetrics metrics) {
        reportedLosses.addAll(metrics.losses().keySet());
        if (requested[0]) {
          iterationsAfterStop.incrementAndGet();
        }
        if (metrics.iteration() == 1) {
          stop.requestStop();
          requested[0] = true;
        }
      }
    }, ProgressListener.silent(), stop);
    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.STOPPED);
    assertThat(iterationsAfterStop).hasValue(0);
    assertThat(outcome.bundle()).isEmpty();
    // the names a view lays its charts out for before the first step are the ones reported
    assertThat(reportedLosses).containsExactlyInAnyOrderElementsOf(org.siamage.model.loss.LossNames.reportedBy(config));
  }

  @Test
  void aRunWhoseValidationStallsStopsEarlyWithAFinishedModel() throws IOException {
    // a learning rate ten times too high makes validation MAE wander: with a patience of one epoch
    // the run must stop before its last epoch (the run is seeded, so it stops at the same epoch)
    ExperimentConfig restless = config.withTraining(config.training().toBuilder().learningRate(3e-2)
        .epochs(8).earlyStoppingPatience(1).build());
    java.util.List<EpochMetrics> epochs = new java.util.ArrayList<>();
    Path run = temp.resolve("early-stopped");
    RunOutcome outcome = service.start(restless, run, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        epochs.add(metrics);
      }
    }, ProgressListener.silent(), new StopToken());

    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.EARLY_STOPPED);
    assertThat(outcome.epochsCompleted()).isEqualTo(epochs.size()).isLessThan(8);
    assertThat(epochs.get(epochs.size() - 1).best()).as("the last epoch did not improve").isFalse();
    assertThat(outcome.message()).startsWith("Early stop after epoch " + epochs.size())
        .contains("did not improve for 1 epochs");
    assertThat(outcome.bundle()).isPresent();
    assertThat(new RunFolder(run).model()).isRegularFile();
  }

  @Test
  void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
    assertDivergesAfterPoisoning("/weights", "diverged at epoch 2, iteration 1: loss/total = NaN");
  }

  @Test
  void nonFiniteValidationEmbeddingsStopTheRunToo() throws IOException {
    assertDivergesAfterPoisoning("/running-mean", "diverged in epoch 2: the embedding of face");
  }

  private void assertDivergesAfterPoisoning(String parameterSuffix, String expected) throws IOException {
    DatasetService datasets = new DatasetService(2);
    var dataset = datasets.open(Path.of(config.data().dataset()), ProgressListener.silent(), new StopToken());
    var split = org.siamage.data.split.SplitMaker.make(dataset, 0.2, 0.2, 7L);
    var faces = datasets.preprocess(dataset, config.preprocessing(), Path.of(config.data().cacheFolder()),
        ProgressListener.silent(), new StopToken());
    int[] ages = new int[faces.size()];
    org.siamage.data.Gender[] genders = new org.siamage.data.Gender[faces.size()];
    for (int i = 0; i < faces.size(); i++) {
      var face = dataset.find(faces.ids().get(i)).orElseThrow();
      ages[i] = face.age();
      genders[i] = face.gender();
    }
    TrainingData data = new TrainingData("faces", faces.cacheKey(), split.hash(), faces, ages, genders,
        split.trainIds().stream().mapToInt(faces::indexOf).toArray(),
        split.validationIds().stream().mapToInt(faces::indexOf).toArray(), new int[0]);
    org.siamage.model.SiameseNetwork[] built = new org.siamage.model.SiameseNetwork[1];
    Trainer trainer = new Trainer("test", "test", experiment -> {
      built[0] = org.siamage.model.SiameseNetwork.create(experiment.model(),
          experiment.preprocessing().inputSize(), experiment.training(),
          org.siamage.model.loss.SiameseLoss.fromConfig(experiment.training()));
      return built[0];
    });
    RunFolder folder = new RunFolder(temp.resolve("diverged" + parameterSuffix.replace('/', '-')));
    RunOutcome outcome = trainer.train(config, data, folder, new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics) {
        // poison one weight after the first epoch has been checkpointed
        var parameters = built[0].parameters();
        String name = parameters.keySet().stream().filter(key -> key.endsWith(parameterSuffix)).findFirst()
            .orElseThrow();
        parameters.get(name).putScalar(0, Float.NaN);
        built[0].loadParameters(parameters);
      }
    }, new StopToken());

    assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DIVERGED);
    assertThat(outcome.message()).contains(expected).contains("learningRate");
    assertThat(outcome.bundle()).isEmpty();
    assertThat(Trainer.latestCheckpoint(folder)).contains(Checkpoints.epochFile(folder.checkpoints(), 0));
    ModelBundle lastGood = ModelBundleReader.read(Checkpoints.epochFile(folder.checkpoints(), 0));
    assertThat(lastGood.tensors()).allSatisfy(tensor -> {
      for (float value : tensor.values()) {
        assertThat(Float.isFinite(value)).isTrue();
      }
    });
  }

  /** Epoch lines without their wall-clock seconds, which differ between runs. */
  private static List<String> epochLines(Path metrics) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      if (line.contains("\"type\":\"epoch\"")) {
        lines.add(line.replaceAll("\"seconds\":[0-9.Ee-]+", ""));
      }
    }
    return lines;
  }
}
