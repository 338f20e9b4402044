package org.siamage.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;

/**
 * Embeds or predicts every image of a folder, a list or a table of paths on Spark and writes one
 * Parquet row per image ({@link #OUTPUT_SCHEMA}). Runs wherever the given session runs: {@code
 * local[N]} in a test or on a laptop, a standalone, YARN or Kubernetes cluster under {@code
 * spark-submit}; nothing here names a master.
 *
 * <p>The driver checks the bundle as the CLI does, ships it with {@code SparkContext.addFile}, and
 * sends each task only strings ({@link ScorePartition}); images are read by the executors, so their
 * paths must be visible to every executor (a shared file system on a cluster).
 */
public final class FaceScoring {
  /** One row per input image; the numbers are null where {@code error} says why there are none. */
  public static final StructType OUTPUT_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField("age", DataTypes.DoubleType, true),
      DataTypes.createStructField("spread", DataTypes.DoubleType, true),
      DataTypes.createStructField("gender", DataTypes.StringType, true),
      DataTypes.createStructField("probability", DataTypes.DoubleType, true),
      DataTypes.createStructField("unusual", DataTypes.BooleanType, true),
      DataTypes.createStructField("error", DataTypes.StringType, true)});

  private static final StructType INPUT_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false)});

  private static final List<String> LIST_SUFFIXES = List.of(".txt", ".lst", ".list");

  private FaceScoring() {}

  /**
   * What a run wrote.
   *
   * @param rows rows written, one per input image
   * @param errors rows whose image could not be scored
   * @param seconds wall time of the whole run, model check included
   */
  public record Summary(long rows, long errors, double seconds) {
    /** Images per second over the whole run. */
    public double imagesPerSecond() {
      return seconds > 0 ? rows / seconds : 0;
    }
  }

  /**
   * Runs the job in {@code spark}'s cluster and waits for it.
   *
   * @throws UserFacingException naming the file or option when the model, the input or the output is unusable
   */
  public static Summary run(SparkSession spark, ScoringRequest request) {
    long started = System.nanoTime();
    checkOutput(spark, request);
    Path modelFile = Path.of(request.model()).toAbsolutePath();
    if (!Files.isRegularFile(modelFile)) {
      throw new UserFacingException("No such model bundle: " + request.model()
          + " (the driver must be able to read it; Spark ships it to the executors)");
    }
    String sha256 = ExecutorModels.sha256Of(modelFile);
    ExecutorModels.checkOnDriver(sha256, modelFile);
    Path shipped = shippedCopy(modelFile, sha256);
    spark.sparkContext().addFile(shipped.toString());

    Input input = input(spark, request.input());
    int partitions = request.partitions() > 0 ? request.partitions()
        : 2 * spark.sparkContext().defaultParallelism();
    Dataset<Row> scored = input.rows()
        .repartition(partitions)
        .mapPartitions(new ScorePartition(request.mode(), shipped.getFileName().toString(), sha256,
            input.relativeTo()), Encoders.row(OUTPUT_SCHEMA));
    scored.write().mode(request.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(request.output());

    // one pass over what was written: all rows, and the rows whose error is set (count skips nulls)
    Row written = spark.read().parquet(request.output()).agg(count(lit(1)), count(col("error"))).first();
    return new Summary(written.getLong(0), written.getLong(1), (System.nanoTime() - started) / 1e9);
  }

  /**
   * The bundle under a name made from its content: Spark ships files by name and refuses a second,
   * different file of the same name in one session (two models both called {@code model.siamage}).
   */
  private static Path shippedCopy(Path modelFile, String sha256) {
    try {
      Path folder = Path.of(System.getProperty("java.io.tmpdir"), "siamage-spark-models");
      Files.createDirectories(folder);
      Path copy = folder.resolve("model-" + sha256.substring(0, 16) + ".siamage");
      if (!Files.isRegularFile(copy) || !ExecutorModels.sha256Of(copy).equals(sha256)) {
        Path partial = Files.createTempFile(folder, "model-", ".partial");
        Files.copy(modelFile, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      // a driver ships the copy for as long as it runs; nothing is left in the temporary folder after it
      copy.toFile().deleteOnExit();
      return copy;
    } catch (IOException e) {
      throw new UserFacingException("Cannot prepare the model " + modelFile + " for shipping: " + e.getMessage(), e);
    }
  }

  /** The (id, path) rows to score and the folder relative paths in them are resolved against. */
  record Input(Dataset<Row> rows, String relativeTo) {}

  static Input input(SparkSession spark, String input) {
    if (input.contains("://")) {
      return fromFile(spark, input, input.toLowerCase(Locale.ROOT), "");
    }
    Path path = Path.of(input).toAbsolutePath().normalize();
    if (Files.isDirectory(path) && !isParquetFolder(path)) {
      return fromImageFolder(spark, path);
    }
    if (!Files.exists(path)) {
      throw new UserFacingException("No such input: " + input
          + " (give a folder of images, a dataset folder, a .txt list of paths or a .csv/.parquet table)");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(path) && ModelService.isImageFileName(name)) {
      return new Input(spark.createDataFrame(
          List.of(RowFactory.create(path.getFileName().toString(), path.toString())), INPUT_SCHEMA), "");
    }
    return fromFile(spark, path.toString(), Files.isDirectory(path) ? "parquet" : name,
        path.getParent().toString());
  }

  private static Input fromImageFolder(SparkSession spark, Path folder) {
    ModelService models = new ModelService(new DatasetService(1));
    ModelService.ImageList images = models.imagesToPredict(folder, ProgressListener.silent(), StopToken.never());
    if (images.images().isEmpty()) {
      throw new UserFacingException("No image in " + folder + " (looked for .jpg, .jpeg, .png, .bmp files and for"
          + " a dataset the readers recognise)");
    }
    List<Row> rows = new ArrayList<>(images.images().size());
    for (Path image : images.images()) {
      Path absolute = image.toAbsolutePath().normalize();
      String id = absolute.startsWith(folder) ? folder.relativize(absolute).toString() : absolute.toString();
      rows.add(RowFactory.create(id, absolute.toString()));
    }
    return new Input(spark.createDataFrame(rows, INPUT_SCHEMA), "");
  }

  private static Input fromFile(SparkSession spark, String location, String name, String relativeTo) {
    if (LIST_SUFFIXES.stream().anyMatch(name::endsWith)) {
      Dataset<Row> lines = spark.read().text(location).select(trim(col("value")).as("path"))
          .filter(col("path").notEqual("").and(col("path").startsWith("#").unary_$bang()));
      return new Input(lines.select(col("path").as("id"), col("path")), relativeTo);
    }
    Dataset<Row> table;
    if (name.endsWith(".csv")) {
      table = spark.read().option("header", "true").csv(location);
    } else if (name.endsWith(".parquet") || name.equals("parquet")) {
      table = spark.read().parquet(location);
    } else {
      throw new UserFacingException("Cannot tell what " + location + " holds: give a folder of images, a .txt list"
          + " of paths (one per line) or a table of paths (.csv with a header, or .parquet) with a 'path' column");
    }
    List<String> columns = Arrays.asList(table.columns());
    if (!columns.contains("path")) {
      throw new UserFacingException(location + " has no 'path' column (its columns: " + String.join(", ", columns)
          + ")");
    }
    Dataset<Row> paths = table.filter(col("path").isNotNull());
    Dataset<Row> rows = columns.contains("id")
        ? paths.select(col("id").cast("string").as("id"), col("path").cast("string").as("path"))
        : paths.select(col("path").cast("string").as("id"), col("path").cast("string").as("path"));
    return new Input(rows, relativeTo);
  }

  private static boolean isParquetFolder(Path folder) {
    try (var files = Files.list(folder)) {
      return files.anyMatch(file -> {
        String name = file.getFileName().toString();
        return name.endsWith(".parquet") || name.equals("_SUCCESS");
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static void checkOutput(SparkSession spark, ScoringRequest request) {
    if (request.overwrite()) {
      return;
    }
    try {
      org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(request.output());
      FileSystem fileSystem = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fileSystem.exists(output)) {
        throw new UserFacingException("The output " + request.output() + " already exists: choose another folder"
            + " or add --overwrite");
      }
    } catch (IOException e) {
      throw new UserFacingException("Cannot check the output " + request.output() + ": " + e.getMessage(), e);
    }
  }
}
