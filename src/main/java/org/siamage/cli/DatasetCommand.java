package org.siamage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ConfigEnum;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.SkippedItem;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.service.DatasetService;
import org.siamage.service.ImageCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siamage dataset info|verify|preprocess|split}. */
@Command(
    name = "dataset",
    description = "Inspect, verify and preprocess a face dataset (format detected automatically).",
    mixinStandardHelpOptions = true,
    subcommands = {
      DatasetCommand.Info.class,
      DatasetCommand.Verify.class,
      DatasetCommand.Preprocess.class,
      DatasetCommand.Split.class
    })
public final class DatasetCommand {
  private final DatasetService datasets;

  public DatasetCommand(DatasetService datasets) {
    this.datasets = datasets;
  }

  static int exitCodeFor(int usable) {
    return usable > 0 ? ExitCodes.OK : ExitCodes.NOTHING_USABLE;
  }

  static void printSkipped(PrintWriter out, String heading, List<SkippedItem> skipped, int limit) {
    if (skipped.isEmpty()) {
      return;
    }
    out.println(heading + " (" + skipped.size() + "):");
    skipped.stream().limit(limit).forEach(item -> out.println("  " + item));
    if (skipped.size() > limit) {
      out.println("  … and " + (skipped.size() - limit) + " more (use --all to list every one)");
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Counts, age histogram, gender counts and skipped files with reasons.")
  static final class Info implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.ParentCommand DatasetCommand parent;

    @Parameters(paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path dataset;

    @Override
    public Integer call() {
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      Dataset data = parent.datasets.open(dataset, progress, new StopToken());
      progress.finish();
      PrintWriter out = spec.commandLine().getOut();
      out.print(parent.datasets.summarize(data).renderText());
      out.flush();
      return exitCodeFor(data.size());
    }
  }

  @Command(name = "split", mixinStandardHelpOptions = true,
      description = "Draws a seeded train/validation/test split and saves it as JSON (face ids only). "
          + "Point an experiment's data.splitFile at it so every run tests on the same faces.")
  static final class Split implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.ParentCommand DatasetCommand parent;

    @Parameters(paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path dataset;

    @Option(names = "--test", paramLabel = "FRACTION", defaultValue = "0.15",
        description = "Share of all faces held out for test (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--validation", paramLabel = "FRACTION", defaultValue = "0.15",
        description = "Share of the training part carved out for validation (default: ${DEFAULT-VALUE}).")
    double validationShareOfTraining;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of the draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Split file to write (JSON).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
      if (validationShareOfTraining < 0 || validationShareOfTraining >= 1) {
        throw new org.siamage.core.UserFacingException(
            "--validation must be in [0, 1), got " + validationShareOfTraining);
      }
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      Dataset data = parent.datasets.open(dataset, progress, new StopToken());
      progress.finish();
      // the validation share is of the training part, so the test part stays the asked share of all
      double validationFraction = (1 - testFraction) * validationShareOfTraining;
      org.siamage.data.split.DatasetSplit split =
          org.siamage.data.split.SplitMaker.make(data, testFraction, validationFraction, seed);
      org.siamage.data.split.SplitFiles.save(split, out);
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf(Locale.ROOT, "Split of %s (seed %d, %s): train %d, validation %d, test %d faces%n",
          data.name(), seed, split.strategy(), split.trainIds().size(), split.validationIds().size(),
          split.testIds().size());
      printer.printf(Locale.ROOT, "hash %s%nwritten to %s%n", split.hash(), out);
      printer.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Reads the labels and decodes every image; reports each bad file or row. "
          + "Exit code 0 when at least one usable face remains, 3 when none does.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.ParentCommand DatasetCommand parent;

    @Parameters(paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path dataset;

    @Option(names = "--all", description = "List every problem (default: the first 50 of each kind).")
    boolean all;

    @Override
    public Integer call() {
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      StopToken stop = new StopToken();
      Dataset data = parent.datasets.open(dataset, progress, stop);
      ImageCheck images = parent.datasets.checkImages(data, progress, stop);
      progress.finish();
      PrintWriter out = spec.commandLine().getOut();
      int limit = all ? Integer.MAX_VALUE : 50;
      out.printf(Locale.ROOT, "Dataset %s (%s)%n", data.root(), data.format().description());
      printSkipped(out, "Skipped while reading labels and files", data.skipped(), limit);
      printSkipped(out, "Images that do not decode", images.undecodable(), limit);
      out.printf(Locale.ROOT, "Usable faces: %d (of %d listed; %d skipped while reading, %d undecodable)%n",
          images.decodable(), data.size() + data.skipped().size(), data.skipped().size(),
          images.undecodable().size());
      out.println(images.decodable() > 0 ? "Result: usable" : "Result: nothing usable remains");
      out.flush();
      return exitCodeFor(images.decodable());
    }
  }

  @Command(name = "preprocess", mixinStandardHelpOptions = true,
      description = "Detects, aligns and crops every face into the on-disk cache. "
          + "A second run with the same data and settings reads the cache.")
  static final class Preprocess implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.ParentCommand DatasetCommand parent;

    @Parameters(paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path dataset;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Experiment config whose preprocessing settings to use (default: built-in defaults).")
    Path config;

    @Option(names = "--mode", paramLabel = "MODE",
        description = "detect or pre-aligned (overrides the config).")
    String mode;

    @Option(names = "--size", paramLabel = "PX", description = "Input size in pixels (overrides the config).")
    Integer size;

    @Option(names = "--cache", paramLabel = "FOLDER",
        description = "Cache folder (default: data.cacheFolder of the config, runs/cache).")
    Path cache;

    @Override
    public Integer call() {
      ExperimentConfig experiment = config == null ? ConfigDefaults.experiment() : ConfigJson.read(config);
      PreprocessingConfig base = experiment.preprocessing();
      PreprocessingConfig settings = new PreprocessingConfig(
          mode == null ? base.mode() : ConfigEnum.parseOption(PreprocessingConfig.Mode.class, "--mode", mode),
          size == null ? base.inputSize() : size,
          base.cropMargin(), base.alignEyes(), base.detector(), base.centreCrop());
      experiment = org.siamage.config.ConfigValidator.requireValid(
          experiment.withPreprocessing(settings), "(command-line options)");
      Path cacheFolder = cache == null ? Path.of(experiment.data().cacheFolder()) : cache;

      ConsoleProgress progress = ConsoleProgress.onStandardError();
      StopToken stop = new StopToken();
      long start = System.nanoTime();
      Dataset data = parent.datasets.open(dataset, progress, stop);
      PreprocessedFaces faces = parent.datasets.preprocess(data, settings, cacheFolder, progress, stop);
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.finish();

      PrintWriter out = spec.commandLine().getOut();
      List<SkippedItem> skipped = new ArrayList<>(data.skipped());
      skipped.addAll(faces.skipped());
      printSkipped(out, "Skipped", skipped, 50);
      faces.warnings().forEach(warning -> out.println("warning: " + warning));
      out.printf(Locale.ROOT, "Preprocessed %d faces at %d px (%s) in %.2f s%s%n",
          faces.size(), settings.inputSize(), settings.mode(), seconds,
          faces.loadedFromCache() ? " (cache hit)" : "");
      out.flush();
      return exitCodeFor(faces.size());
    }
  }
}
