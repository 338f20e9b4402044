package org.siamage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.StopToken;
import org.siamage.service.TrainingService;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;
import org.siamage.train.RunOutcome;
import org.siamage.train.TrainingListener;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siamage train}: trains the Siamese network of an experiment, or resumes a run. */
@Command(
    name = "train",
    header = "Trains the Siamese network of an experiment into a run folder.",
    mixinStandardHelpOptions = true,
    description = "The run folder holds the config, split, metrics, "
        + "checkpoints, model.siamage and the test report. Ctrl+C stops after the current iteration; "
        + "--resume continues from the last finished epoch exactly as if never interrupted.")
public final class TrainCommand implements Callable<Integer> {
  private final TrainingService training;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--config", paramLabel = "FILE",
        description = "Experiment file (default: sample-data/experiment.json, or the built-in defaults).")
    Path config;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Resume the run in this folder.")
    Path resume;
  }

  @Option(names = "--out", paramLabel = "RUN_DIR",
      description = "Run folder for a new run (default: runs/run-YYYYMMDD-HHMMSS).")
  Path out;

  @Option(names = "--epochs", paramLabel = "N", description = "Override training.epochs.")
  Integer epochs;

  @Option(names = "--data", paramLabel = "DATASET",
      description = "Override data.dataset (where this machine keeps the experiment's dataset).")
  Path data;

  public TrainCommand(TrainingService training) {
    this.training = training;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConsoleProgress progress = ConsoleProgress.onStandardError();
    StopToken stop = new StopToken();
    Thread stopOnInterrupt = new Thread(stop::requestStop, "siamage-stop-on-ctrl-c");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    ConsoleTrainingListener listener = new ConsoleTrainingListener(out, progress);
    RunOutcome outcome;
    try {
      if (mode.resume != null) {
        Path runConfig = new org.siamage.train.RunFolder(mode.resume).config();
        if (java.nio.file.Files.isRegularFile(runConfig)) {
          listener.plannedEpochs = ConfigJson.read(runConfig).training().epochs();
        }
        outcome = training.resume(mode.resume, listener, progress, stop);
      } else {
        ExperimentConfig config = loadConfig();
        listener.plannedEpochs = config.training().epochs();
        Path folder = this.out != null ? this.out : Path.of("runs", "run-" + java.time.LocalDateTime.now()
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        out.println("Run folder: " + folder);
        outcome = training.start(config, folder, listener, progress, stop);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook has run
      }
    }
    progress.finish();
    out.println(outcome.message());
    outcome.bundle().ifPresent(bundle -> out.println("Model: " + bundle));
    out.flush();
    return switch (outcome.status()) {
      case COMPLETED, EARLY_STOPPED -> ExitCodes.OK;
      case STOPPED -> ExitCodes.CANCELLED;
      case DIVERGED -> ExitCodes.BAD_INPUT;
    };
  }

  private ExperimentConfig loadConfig() {
    ExperimentConfig config;
    if (mode.config != null) {
      config = ConfigJson.read(mode.config);
    } else {
      config = ConfigJson.readDefaultExperiment();
    }
    if (epochs != null) {
      config = config.withTraining(config.training().withEpochs(epochs));
    }
    if (data != null) {
      config = config.withData(config.data().withDataset(data.toString()));
    }
    return org.siamage.config.ConfigValidator.requireValid(config, "(command-line options)");
  }

  /**
   * Prints one line per epoch and a progress bar within the epoch; once an epoch has finished, the
   * bar also says about how long the rest of the run will take (at the mean pace of the finished
   * epochs, validation included).
   */
  static final class ConsoleTrainingListener implements TrainingListener {
    private final PrintWriter out;
    private final ConsoleProgress progress;
    /** The run's configured epochs, 0 when unknown. */
    int plannedEpochs;
    private double finishedSeconds;
    private int finishedEpochs;

    ConsoleTrainingListener(PrintWriter out, ConsoleProgress progress) {
      this.out = out;
      this.progress = progress;
    }

    @Override
    public void onMessage(String message) {
      progress.finish();
      out.println(message);
      out.flush();
    }

    @Override
    public void onIteration(IterationMetrics metrics) {
      progress.onProgress(metrics.iterationInEpoch() + 1, metrics.iterationsPerEpoch(),
          String.format(Locale.ROOT, "epoch %d%s loss %.4f %.0f pairs/s%s", metrics.epoch() + 1,
              plannedEpochs > 0 ? "/" + plannedEpochs : "", metrics.losses().get("loss/total"),
              metrics.pairsPerSecond(), runLeft(metrics)));
    }

    /** ", run about 41m left", or "" before the first epoch has finished. */
    private String runLeft(IterationMetrics metrics) {
      if (finishedEpochs == 0 || plannedEpochs <= 0) {
        return "";
      }
      double epochsLeft = plannedEpochs - metrics.epoch()
          - (metrics.iterationInEpoch() + 1.0) / Math.max(1, metrics.iterationsPerEpoch());
      long seconds = Math.round(Math.max(0, epochsLeft) * finishedSeconds / finishedEpochs);
      return seconds >= 60 ? String.format(Locale.ROOT, ", run about %dm left", (seconds + 30) / 60)
          : String.format(Locale.ROOT, ", run about %ds left", seconds);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
      finishedSeconds += metrics.seconds();
      finishedEpochs++;
      progress.finish();
      out.printf(Locale.ROOT, "epoch %3d  loss %.4f  val MAE %6.2f  CS(3) %5.1f%%  CS(5) %5.1f%%  gender %5.1f%%  %5.1fs%s%n",
          metrics.epoch() + 1, metrics.meanLosses().getOrDefault("loss/total", Double.NaN),
          metrics.validationMae(), 100 * metrics.cumulativeScore3(), 100 * metrics.cumulativeScore5(),
          100 * metrics.genderAccuracy(), metrics.seconds(), metrics.best() ? "  *best" : "");
      out.flush();
    }
  }
}
