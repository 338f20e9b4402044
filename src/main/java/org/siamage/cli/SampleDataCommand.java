package org.siamage.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.siamage.core.StopToken;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siamage sample-data generate}: recreates the bundled procedural faces from their seed. */
@Command(
    name = "sample-data",
    description = "The bundled demo dataset of procedurally drawn faces (no real person).",
    mixinStandardHelpOptions = true,
    subcommands = {SampleDataCommand.Generate.class})
public final class SampleDataCommand {

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Draws the sample faces and labels.csv. With the defaults it reproduces the "
          + "committed sample-data/faces byte for byte.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "FOLDER", defaultValue = "sample-data/faces",
        description = "Output folder, replaced as a whole (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the committed set's).")
    Long seed;

    @Option(names = "--count", paramLabel = "N", description = "Number of faces.")
    Integer count;

    @Option(names = "--size", paramLabel = "PX", description = "Image side in pixels.")
    Integer size;

    @Override
    public Integer call() throws IOException {
      SampleFaceSpec chosen = SampleFaceSpec.defaults();
      if (seed != null) {
        chosen = chosen.withSeed(seed);
      }
      if (count != null) {
        chosen = chosen.withCount(count);
      }
      if (size != null) {
        chosen = chosen.withImageSize(size);
      }
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      long start = System.nanoTime();
      new SampleFaceGenerator().generate(out, chosen, progress, new StopToken());
      progress.finish();
      spec.commandLine().getOut().printf(Locale.ROOT,
          "Wrote %d faces of %d px (seed %d) to %s in %.1f s%n", chosen.count(), chosen.imageSize(),
          chosen.seed(), out, (System.nanoTime() - start) / 1e9);
      return ExitCodes.OK;
    }
  }
}
