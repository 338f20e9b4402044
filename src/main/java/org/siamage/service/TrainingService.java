package org.siamage.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.siamage.config.ConfigJson;
import org.siamage.config.ConfigValidator;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.AtomicFiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.preprocess.CropFraming;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.data.split.DatasetSplit;
import org.siamage.data.split.SplitFiles;
import org.siamage.data.split.SplitMaker;
import org.siamage.train.RunFolder;
import org.siamage.train.RunOutcome;
import org.siamage.train.Trainer;
import org.siamage.train.TrainingData;
import org.siamage.train.TrainingListener;

/**
 * Starts and resumes training runs: opens the dataset, makes or loads the split, preprocesses the
 * faces (through the cache) and hands everything to the {@link Trainer}. The CLI's {@code train}
 * and the GUI's Train perspective both call this.
 */
public final class TrainingService {
  private final DatasetService datasets;
  private final String appVersion;

  public TrainingService(DatasetService datasets, String appVersion) {
    this.datasets = datasets;
    this.appVersion = appVersion;
  }

  /**
   * Starts a new run in {@code runFolder}, which must be empty or absent.
   *
   * @param progress reports reading and preprocessing of the dataset
   */
  public RunOutcome start(ExperimentConfig config, Path runFolder, TrainingListener listener,
      ProgressListener progress, StopToken stop) throws IOException {
    ConfigValidator.requireValid(config, "");
    RunFolder folder = new RunFolder(runFolder);
    if (Files.exists(folder.config()) || Files.isDirectory(folder.checkpoints())) {
      throw new UserFacingException("The run folder " + runFolder + " already holds a run; resume it with"
          + " --resume " + runFolder + " or choose another folder");
    }
    Dataset dataset = datasets.open(Path.of(config.data().dataset()), progress, stop);
    DatasetSplit split = config.data().splitFile().isBlank()
        ? SplitMaker.make(dataset, config.data().testFraction(), config.data().validationFraction(),
            config.data().splitSeed())
        : SplitFiles.load(Path.of(config.data().splitFile()), dataset);
    Files.createDirectories(runFolder);
    ConfigJson.write(config, folder.config());
    SplitFiles.save(split, folder.split());
    return run(config, dataset, split, folder, listener, progress, stop);
  }

  /** Continues the run in {@code runFolder} from its newest checkpoint. */
  public RunOutcome resume(Path runFolder, TrainingListener listener, ProgressListener progress, StopToken stop)
      throws IOException {
    RunFolder folder = new RunFolder(runFolder);
    if (!Files.isRegularFile(folder.config())) {
      throw new UserFacingException("Nothing to resume in " + runFolder + ": it has no config.json");
    }
    ExperimentConfig config = ConfigJson.read(folder.config());
    Dataset dataset = datasets.open(Path.of(config.data().dataset()), progress, stop);
    DatasetSplit split = SplitFiles.load(folder.split(), dataset);
    return run(config, dataset, split, folder, listener, progress, stop);
  }

  private RunOutcome run(ExperimentConfig config, Dataset dataset, DatasetSplit split, RunFolder folder,
      TrainingListener listener, ProgressListener progress, StopToken stop) throws IOException {
    PreprocessedFaces faces = datasets.preprocess(dataset, config.preprocessing(),
        Path.of(config.data().cacheFolder()), progress, stop);
    faces.warnings().forEach(listener::onMessage);
    if (!faces.skipped().isEmpty()) {
      listener.onMessage(faces.skipped().size() + " faces could not be preprocessed and are left out");
    }
    TrainingData data = trainingData(dataset, split, faces);
    listener.onMessage(String.format(Locale.ROOT, "%s: %d training, %d validation, %d test faces",
        dataset.name(), data.train().length, data.validation().length, data.test().length));
    writeProvenance(config, dataset, split, faces, folder);
    Files.deleteIfExists(folder.outcome());
    RunOutcome outcome;
    try {
      outcome = new Trainer(appVersion, backendDescription())
          .withLiveFraming(liveFraming(config, dataset, split, listener, stop).orElse(null))
          .train(config, data, folder, listener, stop);
    } catch (org.siamage.core.CancelledException e) {
      writeOutcome(folder, RunOutcome.Status.STOPPED.name(), "Stopped", listener);
      throw e;
    } catch (IOException | RuntimeException e) {
      writeOutcome(folder, RunHistoryService.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(),
          listener);
      throw e;
    }
    writeOutcome(folder, outcome.status().name(), outcome.message(), listener);
    return outcome;
  }

  /**
   * For pre-aligned training crops: how they frame the detector's face box, measured on training
   * images, so that the final model crops live faces the same way (ADR 0047). Empty in detect mode
   * (live crops are made as the training crops were) and when too few faces are found.
   */
  static java.util.Optional<CropFraming.Measured> liveFraming(ExperimentConfig config, Dataset dataset,
      DatasetSplit split, TrainingListener listener, StopToken stop) {
    if (config.preprocessing().mode() != PreprocessingConfig.Mode.PRE_ALIGNED
        || config.preprocessing().hasLiveFraming()) {
      return java.util.Optional.empty();
    }
    Map<String, Path> images = new java.util.HashMap<>();
    dataset.faces().forEach(face -> images.put(face.id(), face.image()));
    List<Path> training = split.trainIds().stream().map(images::get).filter(java.util.Objects::nonNull).toList();
    java.util.Optional<CropFraming.Measured> measured =
        CropFraming.measure(training, config.preprocessing(), CropFraming.DEFAULT_IMAGES, stop);
    listener.onMessage(measured.map(CropFraming.Measured::describe).orElse(
        "Live crops: too few faces found in the training images to measure their framing; the webcam and"
            + " photographs use the default framing"));
    return measured;
  }

  /**
   * Records how the run ended in {@code outcome.json}, so the run history can tell finished,
   * interrupted and failed runs apart; a crash leaves no file (the run counts as interrupted).
   */
  private static void writeOutcome(RunFolder folder, String status, String message,
      TrainingListener listener) {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("status", status);
    outcome.put("message", message);
    outcome.put("endedAt", java.time.Instant.now().toString());
    try {
      AtomicFiles.writeString(folder.outcome(),
          new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
              .writeValueAsString(outcome) + "\n");
    } catch (IOException e) {
      // the run's own result matters more than its history entry, which then says "interrupted"
      listener.onMessage("Could not write " + folder.outcome() + ": " + e.getMessage());
    }
  }

  static TrainingData trainingData(Dataset dataset, DatasetSplit split, PreprocessedFaces faces) {
    int n = faces.size();
    int[] ages = new int[n];
    Gender[] genders = new Gender[n];
    Map<String, FaceRecord> byId = new LinkedHashMap<>();
    dataset.faces().forEach(face -> byId.put(face.id(), face));
    for (int i = 0; i < n; i++) {
      FaceRecord face = byId.get(faces.ids().get(i));
      ages[i] = face.age();
      genders[i] = face.gender();
    }
    return new TrainingData(dataset.name(), faces.cacheKey(), split.hash(), faces, ages, genders,
        indices(split.trainIds(), faces), indices(split.validationIds(), faces), indices(split.testIds(), faces));
  }

  private static int[] indices(List<String> ids, PreprocessedFaces faces) {
    List<Integer> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      int index = faces.indexOf(id);
      if (index >= 0) {
        found.add(index);
      }
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }

  private void writeProvenance(ExperimentConfig config, Dataset dataset, DatasetSplit split,
      PreprocessedFaces faces, RunFolder folder) throws IOException {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("app", "Siamage " + appVersion);
    provenance.put("java", System.getProperty("java.version"));
    provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
        + System.getProperty("os.arch") + ")");
    provenance.put("backend", backendDescription());
    provenance.put("cores", Runtime.getRuntime().availableProcessors());
    provenance.put("seed", config.training().seed());
    provenance.put("dataset", dataset.root().toString());
    provenance.put("datasetFormat", dataset.format().name());
    provenance.put("datasetHash", faces.cacheKey());
    provenance.put("splitHash", split.hash());
    provenance.put("startedAt", java.time.Instant.now().toString());
    AtomicFiles.writeString(folder.provenance(),
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsString(provenance) + "\n");
  }

  /** The loss series a run of {@code config} reports, in chart order (throws for an unknown loss). */
  public static java.util.List<String> reportedLossNames(ExperimentConfig config) {
    return org.siamage.model.loss.LossNames.reportedBy(config);
  }

  /** Loss names in the order the charts and logs show them. */
  public static java.util.List<String> lossesInDisplayOrder(java.util.Collection<String> names) {
    return org.siamage.model.loss.LossNames.inDisplayOrder(names);
  }

  /** The ND4J backend in use, e.g. "CpuBackend (2 threads)". */
  public static String backendDescription() {
    return Nd4j.getBackend().getClass().getSimpleName() + " (" + Runtime.getRuntime().availableProcessors()
        + " cores)";
  }
}
