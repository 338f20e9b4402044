package org.siamage.spark;

import java.util.Locale;
import java.util.Objects;

/**
 * What one run of the Spark job does.
 *
 * @param mode {@link Mode#EMBED} (embeddings only) or {@link Mode#PREDICT} (embeddings, age, gender)
 * @param model the model bundle ({@code .siamage}) as the driver sees it: a local path or a URI
 *     Spark can read ({@code hdfs://…}, {@code s3a://…}); it is shipped to every executor
 * @param input a folder of images or a dataset folder, a text file with one image path per line, or a
 *     table of paths ({@code .csv} with a header or {@code .parquet}) with a {@code path} column and an
 *     optional {@code id} column
 * @param output the Parquet folder to write; it must not exist unless {@code overwrite}
 * @param partitions how many tasks share the images; 0 = twice Spark's default parallelism
 * @param overwrite replace {@code output} when it exists
 */
public record ScoringRequest(Mode mode, String model, String input, String output, int partitions,
    boolean overwrite) {

  /** The two things the job can compute per image. */
  public enum Mode {
    EMBED,
    PREDICT;

    /** The lower-case name used on the command line and in messages. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ScoringRequest {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions must be ≥ 0 (0 = automatic), was " + partitions);
    }
  }
}
