package org.siamage.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.siamage.core.UserFacingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The entry point given to {@code spark-submit --class}: parses the arguments, takes the session
 * spark-submit configured (master, executors, memory) and runs {@link FaceScoring}. Exit status as
 * the CLI's: 0 done, 2 bad input, 3 no image could be scored, 1 anything else.
 */
@Command(name = "siamage-spark", mixinStandardHelpOptions = true,
    header = "Embeds or predicts many faces on Apache Spark and writes Parquet.",
    description = "Scores every image of a folder, a list of paths or a table of paths with a Siamage model. "
        + "Writes one Parquet row per image: id, path, embedding, age, spread, gender, probability, unusual, error. "
        + "The master comes from spark-submit (--master local[2], spark://…, yarn, k8s://…), never from here.")
public final class FaceScoringJob implements Callable<Integer> {
  static final int OK = 0;
  static final int INTERNAL_ERROR = 1;
  static final int BAD_INPUT = 2;
  static final int NOTHING_USABLE = 3;

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "embed|predict",
      description = "embed: embeddings only; predict: embeddings, age and gender.")
  String mode;

  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "The model bundle (.siamage), readable by the driver; Spark ships it to the executors.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "A folder of images or a dataset folder, a .txt list of image paths (one per line), "
          + "or a .csv/.parquet table with a 'path' column (and an optional 'id' column). "
          + "Relative paths in a list or table are read relative to its folder.")
  String input;

  @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "The Parquet folder to write.")
  String output;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Tasks to share the images; 0 = twice Spark's default parallelism (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--overwrite", description = "Replace the output folder when it exists.")
  boolean overwrite;

  public static void main(String[] args) {
    int status = new CommandLine(new FaceScoringJob()).execute(args);
    if (status != OK) {
      System.exit(status);
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    ScoringRequest.Mode chosen;
    try {
      chosen = ScoringRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("error: the mode must be embed or predict, was '" + mode + "'");
      return BAD_INPUT;
    }
    ScoringRequest request;
    try {
      request = new ScoringRequest(chosen, model, input, output, partitions, overwrite);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    }
    SparkSession spark;
    try {
      spark = SparkSession.builder().appName("siamage " + chosen.label()).getOrCreate();
    } catch (RuntimeException e) {
      err.println("error: Spark did not start: " + e.getMessage()
          + " (submit the job with spark-submit, which sets the master, e.g. --master local[2])");
      return BAD_INPUT;
    }
    try {
      FaceScoring.Summary summary = FaceScoring.run(spark, request);
      out.printf(Locale.ROOT, "wrote %,d rows to %s (%,d with an error) in %.1f s, %.1f images/s%n",
          summary.rows(), output, summary.errors(), summary.seconds(), summary.imagesPerSecond());
      out.flush();
      return summary.rows() > summary.errors() ? OK : NOTHING_USABLE;
    } catch (UserFacingException e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } finally {
      spark.stop();
    }
  }
}
