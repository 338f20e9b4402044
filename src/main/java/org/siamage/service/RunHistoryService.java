package org.siamage.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.infer.FaceModel;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;
import org.siamage.train.RunFolder;
import org.siamage.train.RunOutcome;

/**
 * Reads what training runs left in their folders (see {@link RunFolder}): the list of past runs
 * with their state, the metrics of a run for replaying its charts, and its evaluations. Also
 * evaluates a run's model on another dataset into the run's {@code reports/} folder. Nothing here
 * changes a run's training files.
 */
public final class RunHistoryService {
  /** Status written to {@code outcome.json} when training threw instead of returning an outcome. */
  public static final String FAILED = "FAILED";

  /** A run folder is looked for this many levels below the runs folder (paper-tables variants are nested). */
  private static final int SEARCH_DEPTH = 2;
  private static final String PAPER_TABLES_FILE = "paper-tables.md";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelService models;

  public RunHistoryService(ModelService models) {
    this.models = models;
  }

  /** Where a run stands. */
  public enum RunStatus {
    /** The run wrote its final model. */
    FINISHED,
    /** Stopped by the user, or the process ended mid-run: it can be resumed. */
    INTERRUPTED,
    /** Training diverged or threw an error. */
    FAILED
  }

  /**
   * One past run, as listed in the run history.
   *
   * @param folder the run folder
   * @param name the folder's path below the runs folder, e.g. {@code run-20261128-004512}
   * @param started when the run started (provenance), else the folder's modification time
   * @param backbone the config's backbone, "?" when the config cannot be read
   * @param epochsDone epochs with a line in {@code metrics.jsonl}
   * @param epochsPlanned the config's epochs (0 when the config cannot be read)
   * @param bestValidationMae lowest validation MAE in years over the finished epochs, NaN when none
   * @param testMae MAE of the test report in years, NaN when there is none
   * @param status finished, interrupted or failed
   * @param message how it ended, in one line ("" when unknown)
   * @param hasModel whether the run wrote its final model
   * @param resumable whether {@link TrainingService#resume} can continue it
   */
  public record RunSummary(
      Path folder,
      String name,
      Instant started,
      String backbone,
      int epochsDone,
      int epochsPlanned,
      double bestValidationMae,
      double testMae,
      RunStatus status,
      String message,
      boolean hasModel,
      boolean resumable) {}

  /**
   * The metrics of a run in the order training produced them.
   *
   * @param iterations one entry per optimizer step; {@code elapsedSeconds} is approximated from the
   *     epochs' durations, and {@code iterationsPerEpoch} is counted from the file
   * @param epochs one entry per finished epoch
   */
  public record RunMetrics(List<IterationMetrics> iterations, List<EpochMetrics> epochs) {
    public RunMetrics {
      iterations = List.copyOf(iterations);
      epochs = List.copyOf(epochs);
    }

    /** Iterations and epochs interleaved as they happened: each epoch after its iterations. */
    public List<Object> inOrder() {
      List<Object> ordered = new ArrayList<>(iterations.size() + epochs.size());
      int next = 0;
      for (EpochMetrics epoch : epochs) {
        while (next < iterations.size() && iterations.get(next).epoch() <= epoch.epoch()) {
          ordered.add(iterations.get(next++));
        }
        ordered.add(epoch);
      }
      ordered.addAll(iterations.subList(next, iterations.size()));
      return ordered;
    }
  }

  /**
   * One evaluation of a run's model.
   *
   * @param name the report folder's name ("test" for the test split evaluated after training)
   * @param folder the folder holding report.json, predictions.csv and report.md
   */
  public record RunEvaluation(String name, Path folder, EvaluationReport report) {
    @Override
    public String toString() {
      return name + " (" + report.metrics().faces() + " faces)";
    }
  }

  /**
   * Everything the Results perspective shows of a run.
   *
   * @param evaluations its evaluations, the test split's first
   * @param paperTables the paper-tables Markdown of the run's folder or of the comparison it
   *     belongs to
   */
  public record RunResults(RunSummary summary, List<RunEvaluation> evaluations, Optional<String> paperTables) {
    public RunResults {
      evaluations = List.copyOf(evaluations);
    }
  }

  /** The runs below {@code runsFolder}, newest first; an absent folder has none. */
  public List<RunSummary> list(Path runsFolder) {
    List<RunSummary> runs = new ArrayList<>();
    if (Files.isDirectory(runsFolder)) {
      collect(runsFolder, runsFolder, SEARCH_DEPTH, runs);
    }
    runs.sort(Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::name));
    return runs;
  }

  private void collect(Path runsFolder, Path folder, int depth, List<RunSummary> runs) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(folder, Files::isDirectory)) {
      for (Path child : children) {
        if (Files.isRegularFile(new RunFolder(child).config())) {
          runs.add(summarize(child, runsFolder.relativize(child).toString()));
        } else if (depth > 1) {
          collect(runsFolder, child, depth - 1, runs);
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("Cannot list the runs in " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The state of one run folder; a damaged file makes a field unknown, never an error. */
  public RunSummary summarize(Path runFolder) {
    Path parent = runFolder.toAbsolutePath().getParent();
    return summarize(runFolder, parent == null ? runFolder.toString()
        : parent.relativize(runFolder.toAbsolutePath()).toString());
  }

  private RunSummary summarize(Path folder, String name) {
    RunFolder run = new RunFolder(folder);
    String backbone = "?";
    int planned = 0;
    try {
      ExperimentConfig config = ConfigJson.read(run.config());
      backbone = config.model().backbone().wireName();
      planned = config.training().epochs();
    } catch (RuntimeException e) {
      // a config this version cannot read still leaves the run listed; its fields show "?"
    }
    int epochs = 0;
    double best = Double.NaN;
    for (JsonNode line : epochLines(run.metrics())) {
      epochs++;
      double mae = number(line, "validationMae");
      if (Double.isFinite(mae) && (Double.isNaN(best) || mae < best)) {
        best = mae;
      }
    }
    double testMae = Double.NaN;
    Path testReport = run.testReport().resolve(EvaluationReportWriter.JSON_FILE);
    if (Files.isRegularFile(testReport)) {
      try {
        testMae = EvaluationReportWriter.readJson(testReport).metrics().mae();
      } catch (UserFacingException e) {
        // a damaged report leaves the column empty; the Results perspective names the problem
      }
    }
    JsonNode outcome = readJson(run.outcome());
    String status = outcome == null ? "" : outcome.path("status").asText("");
    String message = outcome == null ? "" : outcome.path("message").asText("");
    RunStatus state;
    if (Files.isRegularFile(run.model())) {
      state = RunStatus.FINISHED;
    } else if (status.equals(FAILED) || status.equals(RunOutcome.Status.DIVERGED.name())) {
      state = RunStatus.FAILED;
    } else {
      state = RunStatus.INTERRUPTED;
      if (message.isEmpty()) {
        message = epochs == 0 ? "No epoch finished" : "Ended after epoch " + epochs + " without a final model";
      }
    }
    boolean resumable = state != RunStatus.FINISHED && Files.isRegularFile(run.split());
    return new RunSummary(folder, name, started(run), backbone, epochs, planned, best, testMae, state, message,
        state == RunStatus.FINISHED, resumable);
  }

  private static Instant started(RunFolder run) {
    JsonNode provenance = readJson(run.provenance());
    if (provenance != null && provenance.hasNonNull("startedAt")) {
      try {
        return Instant.parse(provenance.get("startedAt").asText());
      } catch (DateTimeParseException e) {
        // fall through to the folder's time
      }
    }
    try {
      return Files.getLastModifiedTime(run.root()).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /** The epoch lines of a metrics file; cut-off or foreign lines are skipped. */
  private static List<JsonNode> epochLines(Path metrics) {
    List<JsonNode> lines = new ArrayList<>();
    if (!Files.isRegularFile(metrics)) {
      return lines;
    }
    try (BufferedReader reader = Files.newBufferedReader(metrics, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        // only epoch lines are parsed: a long run has a hundred thousand iteration lines
        if (line.contains("\"type\":\"epoch\"")) {
          JsonNode node = parse(line);
          if (node != null) {
            lines.add(node);
          }
        }
      }
    } catch (IOException e) {
      return lines;
    }
    return lines;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null; // a line cut off by a crash
    }
  }

  /**
   * Reads the run's {@code metrics.jsonl}; a run without one (it ended before its first iteration)
   * has no metrics.
   *
   * @throws UserFacingException when the file cannot be read
   */
  public RunMetrics metrics(Path runFolder, StopToken stop) {
    Path file = new RunFolder(runFolder).metrics();
    if (!Files.isRegularFile(file)) {
      return new RunMetrics(List.of(), List.of());
    }
    List<JsonNode> iterationLines = new ArrayList<>();
    List<JsonNode> epochLines = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        stop.throwIfStopped();
        JsonNode node = parse(line);
        if (node == null) {
          continue;
        }
        String type = node.path("type").asText("");
        if (type.equals("iteration")) {
          iterationLines.add(node);
        } else if (type.equals("epoch")) {
          epochLines.add(node);
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<Integer, Integer> iterationsPerEpoch = new LinkedHashMap<>();
    for (JsonNode line : iterationLines) {
      iterationsPerEpoch.merge(line.path("epoch").asInt(), 1, Integer::sum);
    }
    Map<Integer, Double> epochSeconds = new LinkedHashMap<>();
    List<EpochMetrics> epochs = new ArrayList<>(epochLines.size());
    for (JsonNode line : epochLines) {
      int epoch = line.path("epoch").asInt();
      epochSeconds.put(epoch, number(line, "seconds"));
      epochs.add(new EpochMetrics(epoch, losses(line.path("meanLosses")), number(line, "validationMae"),
          number(line, "cs3"), number(line, "cs5"), number(line, "genderAccuracy"), number(line, "seconds"),
          line.path("best").asBoolean(false), number(line, "trainingMae"), number(line, "headMae"),
          number(line, "meanSimilarDistance"), number(line, "meanDissimilarDistance")));
    }
    List<IterationMetrics> iterations = new ArrayList<>(iterationLines.size());
    int currentEpoch = -1;
    int inEpoch = 0;
    double secondsBefore = 0;
    for (JsonNode line : iterationLines) {
      int epoch = line.path("epoch").asInt();
      if (epoch != currentEpoch) {
        if (currentEpoch >= 0) {
          secondsBefore += epochSeconds.getOrDefault(currentEpoch, 0.0);
        }
        currentEpoch = epoch;
        inEpoch = 0;
      }
      int perEpoch = iterationsPerEpoch.get(epoch);
      double share = (inEpoch + 1.0) / perEpoch;
      double elapsed = secondsBefore + share * epochSeconds.getOrDefault(epoch, 0.0);
      iterations.add(new IterationMetrics(epoch, line.path("iteration").asLong(), inEpoch, perEpoch,
          losses(line.path("losses")), number(line, "learningRate"), number(line, "pairsPerSecond"),
          number(line, "meanPositiveDistance"), number(line, "meanNegativeDistance"), elapsed));
      inEpoch++;
    }
    return new RunMetrics(iterations, epochs);
  }

  private static Map<String, Double> losses(JsonNode node) {
    Map<String, Double> losses = new LinkedHashMap<>();
    node.fields().forEachRemaining(entry -> losses.put(entry.getKey(),
        entry.getValue().isNumber() ? entry.getValue().asDouble() : Double.NaN));
    return losses;
  }

  private static double number(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
  }

  /** The run's summary, evaluations (test split first, then by name) and paper tables. */
  public RunResults results(Path runFolder) {
    RunFolder run = new RunFolder(runFolder);
    List<RunEvaluation> evaluations = new ArrayList<>();
    if (Files.isDirectory(run.reports())) {
      try (DirectoryStream<Path> folders = Files.newDirectoryStream(run.reports(), Files::isDirectory)) {
        for (Path folder : folders) {
          Path json = folder.resolve(EvaluationReportWriter.JSON_FILE);
          if (Files.isRegularFile(json)) {
            evaluations.add(new RunEvaluation(folder.getFileName().toString(), folder,
                EvaluationReportWriter.readJson(json)));
          }
        }
      } catch (IOException e) {
        throw new UserFacingException("Cannot list the reports of " + runFolder + ": " + e.getMessage(), e);
      }
    }
    evaluations.sort(Comparator.comparing((RunEvaluation evaluation) -> !evaluation.name().equals("test"))
        .thenComparing(RunEvaluation::name));
    return new RunResults(summarize(runFolder), evaluations, paperTables(runFolder));
  }

  /** {@code paper-tables.md} of the run folder, else of the comparison folder holding it. */
  static Optional<String> paperTables(Path runFolder) {
    Path parent = runFolder.toAbsolutePath().getParent();
    for (Path folder : parent == null ? List.of(runFolder) : List.of(runFolder, parent)) {
      Path file = folder.resolve(PAPER_TABLES_FILE);
      if (Files.isRegularFile(file)) {
        try {
          return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UserFacingException("Cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Evaluates the run's final model on a dataset and keeps the report in the run's
   * {@code reports/DATASET-YYYYMMDD-HHMMSS/}. On the dataset the run trained on, only the test part
   * of the run's split is evaluated: its other faces are the model's references and would score
   * near zero. With {@code detectFaces} each face is found, aligned and cropped as the webcam does
   * ({@code eval --preprocessing detect}) instead of taken as the dataset crops it, and the report's
   * folder name says {@code -detect}.
   */
  public RunEvaluation evaluate(Path runFolder, Path dataset, boolean detectFaces, ProgressListener progress,
      StopToken stop) {
    RunFolder run = new RunFolder(runFolder);
    if (!Files.isRegularFile(run.model())) {
      throw new UserFacingException("The run " + runFolder.getFileName() + " has no final model ("
          + run.model().getFileName() + "): finish or resume it first");
    }
    FaceModel model = models.load(run.model());
    Path trainedOn = Path.of(model.config().data().dataset()).toAbsolutePath().normalize();
    boolean sameDataset = trainedOn.equals(dataset.toAbsolutePath().normalize())
        && Files.isRegularFile(run.split());
    String stem = dataset.toAbsolutePath().normalize().getFileName() + (sameDataset ? "-test" : "")
        + (detectFaces ? "-detect" : "");
    Path output = run.reports().resolve(safeName(stem) + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    PreprocessingConfig.Mode mode = detectFaces ? PreprocessingConfig.Mode.DETECT
        : model.config().preprocessing().mode();
    ModelService.Evaluation evaluation = models.evaluate(model, dataset, sameDataset ? run.split() : null, mode,
        output, progress, stop);
    return new RunEvaluation(output.getFileName().toString(), output, evaluation.report());
  }

  static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() ? "dataset" : safe;
  }
}
