package org.siamage.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.StopToken;
import org.siamage.eval.PaperTables;
import org.siamage.service.PaperTablesService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siamage paper-tables}: the paper's loss, gender and CS tables on any dataset. */
@Command(
    name = "paper-tables",
    header = "Trains the paper's comparison variants on one split and prints its tables.",
    mixinStandardHelpOptions = true,
    description = "Trains six variants of an experiment on one split and prints the paper's three tables: "
        + "loss table (revised contrastive, contrastive, triplet, lifted structure, and plain regression: "
        + "the same backbone with an age head alone), gender table (age-only embedding vote vs multi-task "
        + "head) and CS(3)/CS(5). Finished variants are reused.")
public final class PaperTablesCommand implements Callable<Integer> {
  private final PaperTablesService tables;

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Experiment file (default: sample-data/experiment.json).")
  Path config;

  @Option(names = "--data", paramLabel = "DATASET", description = "Override data.dataset.")
  Path data;

  @Option(names = "--epochs", paramLabel = "N", description = "Override training.epochs (same for every variant).")
  Integer epochs;

  @Option(names = "--out", paramLabel = "FOLDER", defaultValue = "runs/paper-tables",
      description = "Folder of the variant runs and paper-tables.md (default: ${DEFAULT-VALUE}).")
  Path out;

  public PaperTablesCommand(PaperTablesService tables) {
    this.tables = tables;
  }

  @Override
  public Integer call() throws Exception {
    ExperimentConfig experiment = config != null ? ConfigJson.read(config) : ConfigJson.readDefaultExperiment();
    if (data != null) {
      experiment = experiment.withData(experiment.data().withDataset(data.toString()));
    }
    if (epochs != null) {
      experiment = experiment.withTraining(experiment.training().withEpochs(epochs));
    }
    org.siamage.config.ConfigValidator.requireValid(experiment, "(command-line options)");
    ConsoleProgress progress = ConsoleProgress.onStandardError();
    TrainCommand.ConsoleTrainingListener listener =
        new TrainCommand.ConsoleTrainingListener(spec.commandLine().getOut(), progress);
    PaperTables result = tables.run(experiment, out, listener, progress, new StopToken());
    progress.finish();
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().print(result.toPlainText());
    spec.commandLine().getOut().println("(also written to " + out.resolve("paper-tables.md") + ")");
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
