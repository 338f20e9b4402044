package org.siamage.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.siamage.core.AtomicFiles;
import org.siamage.process.NativeHeap;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.embed.LayoutListener;
import org.siamage.embed.ProjectionQuality;
import org.siamage.embed.Tsne;

/**
 * {@code siamage bench --tsne}: our Barnes-Hut t-SNE beside scikit-learn's on the same data, the same
 * machine and the same thread count, in one run. The data (Gaussian clusters) is written once as CSV
 * and read by both; both maps are scored by the same Java code (trustworthiness, k-NN cluster
 * accuracy, silhouette).
 */
public final class TsneBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** scikit-learn takes about 40 s for the default 10,000 points; a hung Python is stopped after this. */
  private static final long SKLEARN_TIME_LIMIT_MINUTES = 30;

  /**
   * @param points points (10,000 in the issue)
   * @param dimension dimensions (64)
   * @param clusters Gaussian clusters the points come from
   * @param threads threads for both programs
   * @param python the Python 3 interpreter with scikit-learn, or {@code null} to skip it
   * @param folder where data.csv, the two coordinate files and the script go
   */
  public record Settings(int points, int dimension, int clusters, double perplexity, int iterations, long seed,
      int threads, String python, Path folder) {}

  public Map<String, Object> run(Settings settings, ProgressListener log) throws IOException, InterruptedException {
    Files.createDirectories(settings.folder());
    int n = settings.points();
    int d = settings.dimension();
    int[] labels = new int[n];
    double[] data = clusteredData(n, d, settings.clusters(), settings.seed(), labels);
    Path dataFile = settings.folder().resolve("data.csv");
    StringBuilder csv = new StringBuilder(n * d * 10);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        if (k > 0) {
          csv.append(',');
        }
        csv.append(String.format(Locale.ROOT, "%.6f", data[i * d + k]));
      }
      csv.append('\n');
    }
    AtomicFiles.writeString(dataFile, csv.toString());
    // both programs read the same rounded values
    data = readMatrix(dataFile, d);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("data", Map.of("points", n, "dimension", d, "clusters", settings.clusters(), "seed", settings.seed(),
        "file", dataFile.toString()));
    report.put("settings", Map.of("perplexity", settings.perplexity(), "iterations", settings.iterations(),
        "theta", 0.5, "threads", settings.threads(), "initialisation", "pca", "learningRate", "max(n/48, 50)"));

    log.onProgress(0, 2, "Siamage Barnes-Hut t-SNE");
    long start = System.nanoTime();
    Tsne.Result ours = Tsne.run(data, n, d, new Tsne.Options(settings.perplexity(), settings.iterations(), false,
        0.5, settings.threads(), settings.seed(), 0), null, LayoutListener.none(), ProgressListener.silent(),
        StopToken.never());
    double oursSeconds = (System.nanoTime() - start) / 1e9;
    Path oursFile = settings.folder().resolve("siamage-coordinates.csv");
    writeCoordinates(oursFile, ours.coordinates());
    Map<String, Object> siamage = new LinkedHashMap<>();
    siamage.put("seconds", round(oursSeconds));
    siamage.put("klDivergence", round4(ours.klDivergence()));
    siamage.put("peakResidentMegabytes", NativeHeap.peakResidentMegabytes());
    siamage.putAll(quality(data, n, d, ours.coordinates(), labels, settings.threads()));
    siamage.put("coordinates", oursFile.toString());
    report.put("siamage", siamage);

    log.onProgress(1, 2, "scikit-learn Barnes-Hut t-SNE");
    Map<String, Object> sklearn = new LinkedHashMap<>();
    if (settings.python() == null) {
      sklearn.put("skipped", "no Python given");
    } else {
      Path script = settings.folder().resolve("sklearn-tsne.py");
      try (InputStream in = TsneBenchmark.class.getResourceAsStream("sklearn-tsne.py")) {
        AtomicFiles.writeBytes(script, in.readAllBytes());
      }
      Path theirsFile = settings.folder().resolve("sklearn-coordinates.csv");
      ProcessBuilder builder = new ProcessBuilder(settings.python(), script.toString(), dataFile.toString(),
          theirsFile.toString(), Double.toString(settings.perplexity()), Integer.toString(settings.iterations()),
          Long.toString(settings.seed()), Integer.toString(settings.threads()));
      String threads = Integer.toString(settings.threads());
      builder.environment().put("OMP_NUM_THREADS", threads);
      builder.environment().put("OPENBLAS_NUM_THREADS", threads);
      builder.environment().put("MKL_NUM_THREADS", threads);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      // output goes to a file, so waiting (with its time limit) comes before any read that could block
      Path outputFile = settings.folder().resolve("sklearn-output.txt");
      builder.redirectOutput(outputFile.toFile());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        process = null;
        sklearn.put("skipped", "cannot start " + settings.python() + ": " + e.getMessage());
      }
      if (process != null) {
        boolean finished = process.waitFor(SKLEARN_TIME_LIMIT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
          process.destroyForcibly().waitFor();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        if (!finished) {
          sklearn.put("skipped", "scikit-learn did not finish within " + SKLEARN_TIME_LIMIT_MINUTES
              + " minutes and was stopped");
        } else if (process.exitValue() != 0) {
          sklearn.put("skipped", "scikit-learn failed (exit " + process.exitValue()
              + "); is python3-sklearn installed? " + output.strip());
        } else {
          String last = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse("{}");
          @SuppressWarnings("unchecked")
          Map<String, Object> measured = JSON.readValue(last, Map.class);
          sklearn.put("version", measured.get("version"));
          sklearn.put("seconds", round(((Number) measured.get("seconds")).doubleValue()));
          sklearn.put("klDivergence", round4(((Number) measured.get("klDivergence")).doubleValue()));
          sklearn.put("peakResidentMegabytes", measured.get("peakResidentMegabytes"));
          double[] theirs = readMatrix(theirsFile, 2);
          sklearn.putAll(quality(data, n, d, theirs, labels, settings.threads()));
          sklearn.put("coordinates", theirsFile.toString());
          sklearn.put("speedup", round(((Number) measured.get("seconds")).doubleValue() / oursSeconds));
        }
      }
    }
    report.put("sklearn", sklearn);
    log.onProgress(2, 2, "done");
    return report;
  }

  private static Map<String, Object> quality(double[] data, int n, int d, double[] map, int[] labels, int threads) {
    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("trustworthiness10", round4(ProjectionQuality.trustworthiness(data, n, d, map, 10, threads)));
    quality.put("clusterAccuracy10", round4(ProjectionQuality.nearestNeighbourLabelAccuracy(map, n, labels, 10,
        threads)));
    quality.put("silhouette", round4(ProjectionQuality.silhouette(map, n, labels, threads)));
    return quality;
  }

  /** Points around {@code clusters} Gaussian centres (centre spread 1, point spread 1 per dimension). */
  static double[] clusteredData(int n, int d, int clusters, long seed, int[] labels) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] centres = new double[clusters * d];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = random.nextGaussian();
    }
    double[] data = new double[n * d];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(clusters);
      for (int k = 0; k < d; k++) {
        data[i * d + k] = centres[labels[i] * d + k] + random.nextGaussian();
      }
    }
    return data;
  }

  private static double[] readMatrix(Path file, int columns) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> rows = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (!line.isBlank()) {
        rows.add(line);
      }
    }
    double[] values = new double[rows.size() * columns];
    for (int i = 0; i < rows.size(); i++) {
      String[] fields = rows.get(i).split(",");
      if (fields.length != columns) {
        throw new UserFacingException(file + " line " + (i + 1) + ": " + fields.length + " values, expected "
            + columns);
      }
      for (int k = 0; k < columns; k++) {
        values[i * columns + k] = Double.parseDouble(fields[k].trim());
      }
    }
    return values;
  }

  private static void writeCoordinates(Path file, double[] coordinates) throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < coordinates.length / 2; i++) {
      csv.append(String.format(Locale.ROOT, "%.6f,%.6f%n", coordinates[2 * i], coordinates[2 * i + 1]));
    }
    AtomicFiles.writeString(file, csv.toString());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static double round4(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
