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
        .withPreprocessing(new PreprocessingConfig(PreprocessingConfig.MODE_PRE_ALIGNED, 32, 0.25, true,
            "haarcascade_frontalface_alt2.xml"))
        .withModel(new ModelConfig("compact-inception", 8, 16, true))
        .withTraining(new TrainingConfig(t.loss(), t.ageThreshold(), t.positiveShare(), t.positiveMargin(),
            t.negativeMargin(), t.marginSlope(), t.maxNegativeMargin(), t.genderWeight(), "adam", 3e-3,
            t.momentum(), "cosine", 1, t.stepEpochs(), t.stepFactor(), 8, 3, 0, false, false, 0, true, 11L));
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
    assertThat(reportedLosses).containsExactlyInAnyOrderElementsOf(org.siamage.train.loss.LossNames.reportedBy(config));
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
          org.siamage.train.loss.SiameseLoss.fromConfig(experiment.training()));
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
