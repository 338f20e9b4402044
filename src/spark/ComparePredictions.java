import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the Spark job's Parquet back and compares it with the CSV of {@code siamage predict} on the
 * same images: a check for maintainers, run as a single-file program with the job's classpath (see
 * docs/spark.md). Prints the rows matched, the largest age, spread and probability differences and
 * the gender and error agreement; exits 1 when any image differs beyond float tolerance.
 *
 * <p>Usage: java [Spark's Java 17 options] -cp CLASSPATH src/spark/ComparePredictions.java PARQUET CSV
 */
public class ComparePredictions {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ComparePredictions PARQUET_FOLDER PREDICT_CSV");
      System.exit(2);
    }
    Map<String, String[]> fromCli = new HashMap<>();
    List<String> lines = Files.readAllLines(Path.of(args[1]));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      fromCli.put(Path.of(cells[0]).toAbsolutePath().normalize().toString(), cells);
    }
    SparkSession spark = SparkSession.builder().master("local[1]").appName("compare")
        .config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().parquet(args[0]).collectAsList();
    double maxAge = 0, maxSpread = 0, maxProbability = 0;
    int matched = 0, genderAgrees = 0, errorsAgree = 0, missing = 0;
    for (Row row : rows) {
      String[] cli = fromCli.get(row.getString(row.fieldIndex("path")));
      if (cli == null) {
        missing++;
        continue;
      }
      matched++;
      boolean sparkError = !row.isNullAt(row.fieldIndex("error"));
      boolean cliError = cli[1].isEmpty();
      if (sparkError == cliError) {
        errorsAgree++;
      }
      if (sparkError || cliError) {
        continue;
      }
      maxAge = Math.max(maxAge, Math.abs(row.getDouble(row.fieldIndex("age")) - Double.parseDouble(cli[1])));
      maxSpread = Math.max(maxSpread, Math.abs(row.getDouble(row.fieldIndex("spread")) - Double.parseDouble(cli[2])));
      maxProbability = Math.max(maxProbability,
          Math.abs(row.getDouble(row.fieldIndex("probability")) - Double.parseDouble(cli[4])));
      if (row.getString(row.fieldIndex("gender")).equals(cli[3])) {
        genderAgrees++;
      }
    }
    spark.stop();
    System.out.printf(Locale.ROOT, "%d Parquet rows, %d CSV rows, %d matched by path, %d not in the CSV%n",
        rows.size(), fromCli.size(), matched, missing);
    System.out.printf(Locale.ROOT, "error rows agree: %d/%d; gender agrees: %d%n", errorsAgree, matched, genderAgrees);
    System.out.printf(Locale.ROOT, "largest difference: age %.4f years, spread %.4f years, female probability %.5f%n",
        maxAge, maxSpread, maxProbability);
    System.out.println("(the CSV rounds age and spread to 0.01 and the probability to 0.0001)");
    boolean same = missing == 0 && matched == fromCli.size() && errorsAgree == matched
        && maxAge <= 0.006 && maxSpread <= 0.006 && maxProbability <= 0.00006;
    System.out.println(same ? "SAME as siamage predict" : "DIFFERENT from siamage predict");
    System.exit(same ? 0 : 1);
  }
}
