package org.siamage.model.bundle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a model came from: the software that trained it, the data and split it saw, when, for how
 * long and how well it did. Stored as {@code provenance.json} in a model bundle.
 *
 * <p>Unknown text values are empty strings, never null. {@link #toMap()} gives every field as text
 * for a properties table.
 *
 * @param appVersion Siamage version that trained the model
 * @param javaVersion {@code java.version} of the training JVM
 * @param operatingSystem {@code os.name os.version (os.arch)} of the training machine
 * @param backend the compute backend in words (for example "ND4J CPU, oneDNN, AVX2")
 * @param seed the experiment seed
 * @param datasetName dataset name as in the config (for example "utkface")
 * @param datasetHash SHA-256 (hex) identifying the dataset content
 * @param splitHash SHA-256 (hex) identifying the train/validation/test split
 * @param createdAt when the bundle content was produced (UTC instant)
 * @param trainingTime wall time spent training, ≥ 0
 * @param finalMetrics final metrics as text ("testMae" → "5.43"), sorted by name
 */
public record Provenance(
    String appVersion,
    String javaVersion,
    String operatingSystem,
    String backend,
    long seed,
    String datasetName,
    String datasetHash,
    String splitHash,
    Instant createdAt,
    Duration trainingTime,
    Map<String, String> finalMetrics) {

  public Provenance {
    Objects.requireNonNull(appVersion, "appVersion");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(operatingSystem, "operatingSystem");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(datasetName, "datasetName");
    Objects.requireNonNull(datasetHash, "datasetHash");
    Objects.requireNonNull(splitHash, "splitHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(trainingTime, "trainingTime");
    Objects.requireNonNull(finalMetrics, "finalMetrics");
    if (trainingTime.isNegative()) {
      throw new IllegalArgumentException("trainingTime must not be negative, was " + trainingTime);
    }
    // Sorted so that equal metrics always serialise to the same bytes.
    TreeMap<String, String> sorted = new TreeMap<>();
    finalMetrics.forEach(
        (name, value) ->
            sorted.put(
                Objects.requireNonNull(name, "metric name"),
                Objects.requireNonNull(value, "value of metric " + name)));
    finalMetrics = Collections.unmodifiableMap(sorted);
  }

  /** Provenance with the Java version and operating system of the running JVM filled in. */
  public static Provenance forThisRuntime(
      String appVersion,
      String backend,
      long seed,
      String datasetName,
      String datasetHash,
      String splitHash,
      Instant createdAt,
      Duration trainingTime,
      Map<String, String> finalMetrics) {
    return new Provenance(
        appVersion,
        System.getProperty("java.version", ""),
        System.getProperty("os.name", "")
            + " "
            + System.getProperty("os.version", "")
            + " ("
            + System.getProperty("os.arch", "")
            + ")",
        backend,
        seed,
        datasetName,
        datasetHash,
        splitHash,
        createdAt,
        trainingTime,
        finalMetrics);
  }

  /**
   * Every field as text, in declaration order, for a properties table; metrics follow as {@code
   * metric.<name>}. Times are ISO-8601 ({@code 2024-05-01T10:00:00Z}, {@code PT1H2M3S}).
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("appVersion", appVersion);
    map.put("javaVersion", javaVersion);
    map.put("operatingSystem", operatingSystem);
    map.put("backend", backend);
    map.put("seed", Long.toString(seed));
    map.put("datasetName", datasetName);
    map.put("datasetHash", datasetHash);
    map.put("splitHash", splitHash);
    map.put("createdAt", createdAt.toString());
    map.put("trainingTime", trainingTime.toString());
    finalMetrics.forEach((name, value) -> map.put("metric." + name, value));
    return Collections.unmodifiableMap(map);
  }
}
