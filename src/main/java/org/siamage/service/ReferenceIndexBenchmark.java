package org.siamage.service;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.siamage.core.Percentiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Gender;
import org.siamage.infer.AgeEstimate;
import org.siamage.infer.AgeEstimator;
import org.siamage.infer.HnswSettings;
import org.siamage.infer.Neighbour;
import org.siamage.infer.ReferenceGallery;
import org.siamage.infer.ReferenceIndex;
import org.siamage.infer.ReferenceSearch;

/**
 * {@code siamage bench --index}: the HNSW reference index (ADR 0050) against the exact scan on the
 * same synthetic gallery and queries, one query at a time on one thread as a user's query runs
 * (the exact scan splits a single query over the cores, as it does in the application). Measures
 * the build (seconds, graph bytes, heap), query latency (median, p95), recall@k against the exact
 * neighbours, and how far the estimated ages move; then the same for a sweep of search beams on the
 * same graph, a gallery of uniform random unit vectors (the worst case for any graph index), and
 * exact against HNSW at growing gallery sizes (the switch point).
 */
public final class ReferenceIndexBenchmark {
  /** Targets on 2 cores at 1,000,000 references (the issue). */
  public static final double TARGET_RECALL = 0.99;

  public static final double TARGET_AGE_DIFFERENCE_YEARS = 0.1;

  public static final double TARGET_MEDIAN_MILLIS = 2.0;

  /** Untimed queries before each timed series: the JIT compiles the search first. */
  private static final int WARMUP_QUERIES = 100;

  /** Queries per gallery size in the switch-point series. */
  private static final int CROSSOVER_QUERIES = 300;

  /**
   * @param references gallery size of the main measurement (1,000,000 in the issue)
   * @param queries timed queries per series, none of them a reference
   * @param dimension embedding size (128)
   * @param neighbours k (20)
   * @param uniformReferences size of the uniform worst-case gallery, 0 to skip it
   * @param searchBeams search beams (ef) swept on each graph
   * @param crossoverSizes gallery sizes of the switch-point series (those above {@code references}
   *     are skipped)
   * @param hnsw the graph settings and the headline search beam
   * @param seed of the synthetic galleries and queries
   */
  public record Settings(int references, int queries, int dimension, int neighbours, int uniformReferences,
      List<Integer> searchBeams, List<Integer> crossoverSizes, HnswSettings hnsw, long seed) {
    public Settings {
      if (references < 1) {
        throw new IllegalArgumentException("--index-references must be ≥ 1, was " + references);
      }
      if (queries < 1) {
        throw new IllegalArgumentException("--index-queries must be ≥ 1, was " + queries);
      }
      if (dimension < 2) {
        throw new IllegalArgumentException("--dimension must be ≥ 2, was " + dimension);
      }
      if ((long) references * dimension > Integer.MAX_VALUE - 16
          || (long) uniformReferences * dimension > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("--index-references × --dimension must fit one Java array (2^31 floats),"
            + " was " + Math.max(references, uniformReferences) + " × " + dimension);
      }
      if (neighbours < 1) {
        throw new IllegalArgumentException("--neighbours must be ≥ 1, was " + neighbours);
      }
      if (uniformReferences < 0) {
        throw new IllegalArgumentException("--index-uniform-references must be ≥ 0, was " + uniformReferences);
      }
      for (int beam : searchBeams) {
        if (beam < 1) {
          throw new IllegalArgumentException("--index-search-beams must be ≥ 1, was " + beam);
        }
      }
      for (int size : crossoverSizes) {
        if (size < 1) {
          throw new IllegalArgumentException("--index-crossover must be ≥ 1, was " + size);
        }
      }
      searchBeams = List.copyOf(searchBeams);
      crossoverSizes = List.copyOf(crossoverSizes);
    }
  }

  /** A synthetic gallery with queries drawn from the same distribution and the queries' true ages. */
  public record Synthetic(ReferenceGallery gallery, float[] queries, int[] queryAges, String description) {}

  /**
   * Runs every measurement; {@code log} receives one line per step (done/total where known).
   *
   * @throws org.siamage.core.CancelledException when {@code stop} is requested
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Settings settings, ProgressListener log, StopToken stop) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("settings", Map.of("references", settings.references(), "queries", settings.queries(),
        "dimension", settings.dimension(), "neighbours", settings.neighbours(),
        "maxConnections", settings.hnsw().maxConnections(), "beamWidth", settings.hnsw().beamWidth(),
        "searchBeam", settings.hnsw().searchBeam(), "seed", settings.seed()));
    report.put("targets", Map.of("recallAtK", ">= " + TARGET_RECALL,
        "ageDifferenceYears", "<= " + TARGET_AGE_DIFFERENCE_YEARS, "queryMedianMillis", "<= " + TARGET_MEDIAN_MILLIS,
        "at", "1,000,000 references, 2 cores"));

    // the machine's load beside the numbers: timings from a busy machine are slower and noisier
    report.put("loadAverageAtStart", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    log.onProgress(0, -1, "generating " + settings.references() + " learned-like references");
    Synthetic learned = learnedLike(settings.references(), settings.queries(), settings.dimension(), settings.seed());
    report.put("learnedLike", measure(learned, settings, log, stop));

    if (settings.uniformReferences() > 0) {
      log.onProgress(0, -1, "generating " + settings.uniformReferences() + " uniform random references");
      Synthetic uniform = uniform(settings.uniformReferences(), settings.queries(), settings.dimension(),
          settings.seed() + 1);
      report.put("uniform", measure(uniform, settings, log, stop));
    }

    List<Map<String, Object>> crossover = new ArrayList<>();
    for (int size : settings.crossoverSizes().stream().distinct().sorted().toList()) {
      if (size < settings.references()) {
        stop.throwIfStopped();
        crossover.add(crossoverRow(learned, size, settings, log, stop));
      }
    }
    // the main gallery closes the series, from its own measurements
    crossover.add(crossoverRow((Map<String, Object>) report.get("learnedLike")));
    report.put("switchPoint", crossover);
    report.put("loadAverageAtEnd", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return report;
  }

  /** Exact and HNSW on one gallery: build, latency, recall, age differences, a search-beam sweep. */
  private Map<String, Object> measure(Synthetic data, Settings settings, ProgressListener log, StopToken stop) {
    ReferenceGallery gallery = data.gallery();
    int k = settings.neighbours();
    int count = data.queryAges().length;
    int dimension = gallery.dimension();
    ReferenceSearch exactSearch = ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.EXACT)
        .withHnsw(settings.hnsw());
    AgeEstimator exact = new AgeEstimator(gallery, k, exactSearch);
    AgeEstimator indexed = exact.withSearch(exactSearch.withMode(ReferenceSearch.Mode.HNSW));

    Map<String, Object> section = new LinkedHashMap<>();
    section.put("gallery", data.description());
    section.put("references", gallery.size());
    section.put("dimension", dimension);
    section.put("queries", count);
    section.put("vectorBytes", (long) gallery.size() * dimension * 4);

    log.onProgress(0, -1, "exact search, " + gallery.size() + " references, " + count + " queries");
    Series truth = time(exact, data.queries(), dimension, stop);
    section.put("exact", Map.of("medianMillis", round(median(truth.millis)), "p95Millis",
        round(Percentiles.nearestRank(truth.millis, 0.95)), "meanAbsoluteErrorYears", round(meanAbsoluteError(truth, data))));

    long heapBefore = usedHeapAfterGc();
    int[] reported = {-1};
    ReferenceIndex index = indexed.prepareIndex(stop, (done, total, message) -> {
      int tenth = total > 0 ? (int) (10 * done / total) : 0;
      if (tenth != reported[0]) {
        reported[0] = tenth;
        log.onProgress(done, total, message);
      }
    });
    long heapAfter = usedHeapAfterGc();
    Map<String, Object> build = new LinkedHashMap<>();
    build.put("seconds", round(index.buildSeconds()));
    build.put("threads", index.buildThreads());
    build.put("graphBytes", index.ramBytesUsed());
    build.put("graphBytesPerMillionReferences", Math.round(index.ramBytesUsed() * 1e6 / gallery.size()));
    build.put("codeBytesPerMillionReferences", Math.round(index.codeBytes() * 1e6 / gallery.size()));
    build.put("heapGrowthBytes", heapAfter - heapBefore);
    build.put("heapGrowthBytesPerMillionReferences", Math.round((heapAfter - heapBefore) * 1e6 / gallery.size()));
    build.put("luceneBuildGraphBytesPerMillionReferences", Math.round(index.buildGraphBytes() * 1e6 / gallery.size()));
    build.put("levels", index.levels());
    build.put("meanBottomDegree", round(index.meanBottomDegree()));
    section.put("build", build);

    List<Map<String, Object>> sweep = new ArrayList<>();
    List<Integer> beams = new ArrayList<>(settings.searchBeams());
    if (!beams.contains(settings.hnsw().searchBeam())) {
      beams.add(settings.hnsw().searchBeam());
    }
    beams.sort(Integer::compare);
    for (int beam : beams) {
      AgeEstimator beamEstimator = indexed.withSearch(indexed.search().withHnsw(settings.hnsw().withSearchBeam(beam)));
      long searchesBefore = index.searches();
      long distancesBefore = index.distancesComputed();
      long fallbacksBefore = index.exactFallbacks();
      log.onProgress(0, -1, "HNSW search, beam " + beam + ", " + count + " queries");
      Series approximate = time(beamEstimator, data.queries(), dimension, stop);
      double distances = (double) (index.distancesComputed() - distancesBefore) / (index.searches() - searchesBefore);
      Map<String, Object> row = compare(truth, approximate, k, data);
      row.put("searchBeam", beam);
      row.put("distancesPerQuery", Math.round(distances));
      row.put("exactFallbacks", index.exactFallbacks() - fallbacksBefore);
      sweep.add(row);
      if (beam == settings.hnsw().searchBeam()) {
        section.put("hnsw", row);
      }
    }
    section.put("searchBeams", sweep);
    return section;
  }

  /** The switch-point row of the main gallery, from its own measurements (no second build). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> crossoverRow(Map<String, Object> section) {
    Map<String, Object> exact = (Map<String, Object>) section.get("exact");
    Map<String, Object> hnsw = (Map<String, Object>) section.get("hnsw");
    Map<String, Object> build = (Map<String, Object>) section.get("build");
    double exactMedian = ((Number) exact.get("medianMillis")).doubleValue();
    double hnswMedian = ((Number) hnsw.get("medianMillis")).doubleValue();
    double buildSeconds = ((Number) build.get("seconds")).doubleValue();
    return switchPointRow((Integer) section.get("references"), exactMedian, hnswMedian, hnsw.get("recallAtK"),
        buildSeconds);
  }

  private static Map<String, Object> switchPointRow(int references, double exactMedian, double hnswMedian,
      Object recall, double buildSeconds) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("references", references);
    result.put("exactMedianMillis", round(exactMedian));
    result.put("hnswMedianMillis", round(hnswMedian));
    result.put("recallAtK", recall);
    result.put("buildSeconds", round(buildSeconds));
    // queries after which the build has paid for itself, when a query is faster at all
    result.put("queriesToRepayBuild", hnswMedian < exactMedian
        ? Math.round(buildSeconds * 1000 / (exactMedian - hnswMedian)) : -1);
    return result;
  }

  /** Exact against HNSW on the first {@code size} references of {@code data}. */
  private Map<String, Object> crossoverRow(Synthetic data, int size, Settings settings, ProgressListener log,
      StopToken stop) {
    ReferenceGallery whole = data.gallery();
    int dimension = whole.dimension();
    float[] embeddings = new float[size * dimension];
    int[] ages = new int[size];
    Gender[] genders = new Gender[size];
    for (int i = 0; i < size; i++) {
      System.arraycopy(whole.embedding(i), 0, embeddings, i * dimension, dimension);
      ages[i] = whole.age(i);
      genders[i] = whole.gender(i);
    }
    ReferenceGallery gallery = ReferenceGallery.of(embeddings, dimension, ages, genders, whole.ids().subList(0, size));
    int count = Math.min(CROSSOVER_QUERIES, data.queryAges().length);
    float[] queries = Arrays.copyOf(data.queries(), count * dimension);
    Synthetic part = new Synthetic(gallery, queries, Arrays.copyOf(data.queryAges(), count), data.description());
    ReferenceSearch exactSearch = ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.EXACT)
        .withHnsw(settings.hnsw());
    AgeEstimator exact = new AgeEstimator(gallery, settings.neighbours(), exactSearch);
    AgeEstimator indexed = exact.withSearch(exactSearch.withMode(ReferenceSearch.Mode.HNSW));
    log.onProgress(0, -1, "switch point: " + size + " references");
    Series truth = time(exact, queries, dimension, stop);
    ReferenceIndex index = indexed.prepareIndex(stop, ProgressListener.silent());
    Series approximate = time(indexed, queries, dimension, stop);
    Map<String, Object> row = compare(truth, approximate, settings.neighbours(), part);
    return switchPointRow(size, median(truth.millis), median(approximate.millis), row.get("recallAtK"),
        index.buildSeconds());
  }

  /** Per-query estimates and milliseconds of one estimator over all queries, after a warm-up. */
  private record Series(List<AgeEstimate> estimates, double[] millis) {}

  private static Series time(AgeEstimator estimator, float[] queries, int dimension, StopToken stop) {
    int count = queries.length / dimension;
    for (int i = 0; i < Math.min(WARMUP_QUERIES, count); i++) {
      estimator.estimate(Arrays.copyOfRange(queries, i * dimension, (i + 1) * dimension));
    }
    List<AgeEstimate> estimates = new ArrayList<>(count);
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      if ((i & 63) == 0) {
        stop.throwIfStopped();
      }
      float[] query = Arrays.copyOfRange(queries, i * dimension, (i + 1) * dimension);
      long start = System.nanoTime();
      estimates.add(estimator.estimate(query));
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return new Series(estimates, millis);
  }

  /** Latency of {@code approximate}, its recall@k against {@code truth} and how far its ages moved. */
  private static Map<String, Object> compare(Series truth, Series approximate, int k, Synthetic data) {
    int count = truth.estimates.size();
    long found = 0;
    long expected = 0;
    double worstRecall = 1;
    double largestDifference = 0;
    double differenceSum = 0;
    int withinTarget = 0;
    for (int q = 0; q < count; q++) {
      List<Neighbour> exactNeighbours = truth.estimates.get(q).neighbours();
      java.util.Set<Integer> exactSet = new java.util.HashSet<>();
      exactNeighbours.forEach(neighbour -> exactSet.add(neighbour.referenceIndex()));
      int hits = 0;
      for (Neighbour neighbour : approximate.estimates.get(q).neighbours()) {
        hits += exactSet.contains(neighbour.referenceIndex()) ? 1 : 0;
      }
      found += hits;
      expected += exactSet.size();
      worstRecall = Math.min(worstRecall, (double) hits / Math.max(1, exactSet.size()));
      double difference = Math.abs(truth.estimates.get(q).age() - approximate.estimates.get(q).age());
      largestDifference = Math.max(largestDifference, difference);
      withinTarget += difference <= TARGET_AGE_DIFFERENCE_YEARS ? 1 : 0;
      differenceSum += difference;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("medianMillis", round(median(approximate.millis)));
    row.put("p95Millis", round(Percentiles.nearestRank(approximate.millis, 0.95)));
    row.put("recallAtK", Math.round((double) found / expected * 10000) / 10000.0);
    row.put("worstQueryRecall", round(worstRecall));
    row.put("largestAgeDifferenceYears", Math.round(largestDifference * 1000) / 1000.0);
    row.put("meanAgeDifferenceYears", Math.round(differenceSum / count * 10000) / 10000.0);
    row.put("queriesWithinAgeTarget", Math.round((double) withinTarget / count * 10000) / 10000.0);
    row.put("meanAbsoluteErrorYears", round(meanAbsoluteError(approximate, data)));
    return row;
  }

  /** Mean |estimated − true age| of the queries: shows the synthetic space estimates ages as a model does. */
  private static double meanAbsoluteError(Series series, Synthetic data) {
    double sum = 0;
    for (int q = 0; q < series.estimates.size(); q++) {
      sum += Math.abs(series.estimates.get(q).age() - data.queryAges()[q]);
    }
    return sum / series.estimates.size();
  }

  /** Heap in use after a full collection (twice, so finalisable garbage is gone too), bytes. */
  private static long usedHeapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- synthetic galleries ----

  /** Smooth functions of age per pair (cos, sin of j·π·age/90): nearby ages give nearby points. */
  private static final int AGE_HARMONICS = 4;

  /** Nuisance factors a face embedding also carries (identity, lighting, pose, …). */
  private static final int STYLE_FACTORS = 6;

  private static final double AGE_WEIGHT = 1.0;

  private static final double GENDER_WEIGHT = 0.5;

  private static final double STYLE_WEIGHT = 0.35;

  /**
   * Norm of the isotropic noise added in the full space, against a signal of norm about 2.2. With
   * the apparent-age spread below it puts the exact estimate's mean absolute error near 5 years,
   * where the project's trained models are (RESULTS.md); with less noise the space is a clean
   * curve, easier for a graph than any learned embedding.
   */
  private static final double NOISE_NORM = 1.0;

  /**
   * Standard deviation of apparent against true age, years: a face is placed by how old it looks,
   * so its neighbours' ages scatter around its own as in a trained model's space.
   */
  private static final double APPARENT_AGE_SPREAD = 6.0;

  /**
   * References shaped like a learned embedding: a low-dimensional manifold (a smooth curve in age,
   * an offset for gender, six nuisance factors) mapped into {@code dimension} dimensions by a fixed
   * random linear map, plus isotropic noise, L2-normalised. Ages 1–90 and genders uniform. The k
   * nearest references of a query share its age approximately, as in a trained model's space: the
   * exact estimate's mean absolute error is reported beside it.
   */
  public static Synthetic learnedLike(int references, int queries, int dimension, long seed) {
    int latent = 2 * AGE_HARMONICS + 1 + STYLE_FACTORS;
    SplittableRandom mapping = new SplittableRandom(seed);
    double[] map = new double[dimension * latent];
    for (int i = 0; i < map.length; i++) {
      map[i] = mapping.nextGaussian() / Math.sqrt(dimension);
    }
    SplittableRandom random = new SplittableRandom(seed + 1);
    int total = references + queries;
    float[] rows = new float[references * dimension];
    float[] queryRows = new float[queries * dimension];
    int[] ages = new int[total];
    Gender[] genders = new Gender[total];
    double[] factors = new double[latent];
    double noise = NOISE_NORM / Math.sqrt(dimension);
    for (int row = 0; row < total; row++) {
      int age = random.nextInt(1, 91);
      boolean female = random.nextBoolean();
      double phase = Math.PI * (age + APPARENT_AGE_SPREAD * random.nextGaussian()) / 90.0;
      for (int j = 0; j < AGE_HARMONICS; j++) {
        factors[2 * j] = AGE_WEIGHT * Math.cos((j + 1) * phase);
        factors[2 * j + 1] = AGE_WEIGHT * Math.sin((j + 1) * phase);
      }
      factors[2 * AGE_HARMONICS] = female ? GENDER_WEIGHT : -GENDER_WEIGHT;
      for (int j = 0; j < STYLE_FACTORS; j++) {
        factors[2 * AGE_HARMONICS + 1 + j] = STYLE_WEIGHT * random.nextGaussian();
      }
      float[] target = row < references ? rows : queryRows;
      int offset = (row < references ? row : row - references) * dimension;
      double norm = 0;
      for (int i = 0; i < dimension; i++) {
        double value = noise * random.nextGaussian();
        for (int j = 0; j < latent; j++) {
          value += map[i * latent + j] * factors[j];
        }
        target[offset + i] = (float) value;
        norm += value * value;
      }
      normalise(target, offset, dimension, norm);
      ages[row] = age;
      genders[row] = female ? Gender.FEMALE : Gender.MALE;
    }
    return split(rows, queryRows, ages, genders, references, dimension,
        "learned-like: age curve (" + AGE_HARMONICS + " harmonics), gender, " + STYLE_FACTORS
            + " nuisance factors, mapped linearly into " + dimension + "-d, noise norm " + NOISE_NORM
            + ", L2-normalised");
  }

  /** Uniform random unit vectors with random ages: no structure for a graph to use, the worst case. */
  public static Synthetic uniform(int references, int queries, int dimension, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int total = references + queries;
    float[] rows = new float[references * dimension];
    float[] queryRows = new float[queries * dimension];
    int[] ages = new int[total];
    Gender[] genders = new Gender[total];
    for (int row = 0; row < total; row++) {
      float[] target = row < references ? rows : queryRows;
      int offset = (row < references ? row : row - references) * dimension;
      double norm = 0;
      for (int i = 0; i < dimension; i++) {
        double value = random.nextGaussian();
        target[offset + i] = (float) value;
        norm += value * value;
      }
      normalise(target, offset, dimension, norm);
      ages[row] = random.nextInt(1, 91);
      genders[row] = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
    }
    return split(rows, queryRows, ages, genders, references, dimension, "uniform random unit vectors in " + dimension + "-d");
  }

  private static void normalise(float[] rows, int offset, int dimension, double squaredNorm) {
    float scale = (float) (1 / Math.sqrt(squaredNorm));
    for (int i = 0; i < dimension; i++) {
      rows[offset + i] *= scale;
    }
  }

  /** The gallery from the reference rows; the first {@code references} ages and genders are theirs. */
  private static Synthetic split(float[] rows, float[] queryRows, int[] ages, Gender[] genders, int references,
      int dimension, String description) {
    List<String> ids = new ArrayList<>(references);
    for (int i = 0; i < references; i++) {
      ids.add("r" + i);
    }
    ReferenceGallery gallery = ReferenceGallery.of(rows, dimension, Arrays.copyOf(ages, references),
        Arrays.copyOf(genders, references), ids);
    return new Synthetic(gallery, queryRows, Arrays.copyOfRange(ages, references, ages.length), description);
  }

  // ---- report ----

  /** The report as Markdown: one table per gallery, the search-beam sweep, the switch point. */
  @SuppressWarnings("unchecked")
  public static String markdown(Map<String, Object> report, Map<String, Object> machine) {
    StringBuilder text = new StringBuilder();
    Map<String, Object> settings = (Map<String, Object>) report.get("settings");
    text.append("# Reference index (HNSW) against exact search\n\n");
    text.append(String.format(Locale.ROOT, "Machine: %s cores, Java %s, load average %s at the start and %s at the"
            + " end. k = %s, M = %s, beamWidth = %s, search beam (ef) = %s; one query at a time, %s timed queries per"
            + " series; medians.%n%n", machine.get("cores"), machine.get("java"), report.get("loadAverageAtStart"),
        report.get("loadAverageAtEnd"), settings.get("neighbours"), settings.get("maxConnections"),
        settings.get("beamWidth"), settings.get("searchBeam"), settings.get("queries")));
    for (String name : List.of("learnedLike", "uniform")) {
      Map<String, Object> section = (Map<String, Object>) report.get(name);
      if (section == null) {
        continue;
      }
      Map<String, Object> exact = (Map<String, Object>) section.get("exact");
      Map<String, Object> build = (Map<String, Object>) section.get("build");
      Map<String, Object> hnsw = (Map<String, Object>) section.get("hnsw");
      text.append(String.format(Locale.ROOT, "## %,d references: %s%n%n", ((Number) section.get("references"))
          .longValue(), section.get("gallery")));
      text.append("| measurement | HNSW | exact | target |\n|---|---:|---:|---:|\n");
      text.append(String.format(Locale.ROOT, "| query median / p95 (ms) | %s / %s | %s / %s | median ≤ %s |%n",
          hnsw.get("medianMillis"), hnsw.get("p95Millis"), exact.get("medianMillis"), exact.get("p95Millis"),
          TARGET_MEDIAN_MILLIS));
      text.append(String.format(Locale.ROOT, "| recall@k (worst query) | %s (%s) | 1 | ≥ %s |%n",
          hnsw.get("recallAtK"), hnsw.get("worstQueryRecall"), TARGET_RECALL));
      text.append(String.format(Locale.ROOT, "| age vs exact: largest / mean difference (years) | %s / %s | 0 | ≤ %s |%n",
          hnsw.get("largestAgeDifferenceYears"), hnsw.get("meanAgeDifferenceYears"), TARGET_AGE_DIFFERENCE_YEARS));
      text.append(String.format(Locale.ROOT, "| share of queries whose age is within %s years of exact | %s | 1 | — |%n",
          TARGET_AGE_DIFFERENCE_YEARS, hnsw.get("queriesWithinAgeTarget")));
      text.append(String.format(Locale.ROOT, "| mean absolute error against the true ages (years) | %s | %s | — |%n",
          hnsw.get("meanAbsoluteErrorYears"), exact.get("meanAbsoluteErrorYears")));
      text.append(String.format(Locale.ROOT, "| distances computed per query | %,d | %,d | — |%n",
          ((Number) hnsw.get("distancesPerQuery")).longValue(), ((Number) section.get("references")).longValue()));
      text.append(String.format(Locale.ROOT, "| build (s, threads) | %s s, %s | — | — |%n", build.get("seconds"),
          build.get("threads")));
      text.append(String.format(Locale.ROOT, "| graph and byte codes, bytes per million references (heap growth;"
              + " Lucene's graph while building) | %,d + %,d (%,d; %,d) | — | — |%n%n",
          ((Number) build.get("graphBytesPerMillionReferences")).longValue(),
          ((Number) build.get("codeBytesPerMillionReferences")).longValue(),
          ((Number) build.get("heapGrowthBytesPerMillionReferences")).longValue(),
          ((Number) build.get("luceneBuildGraphBytesPerMillionReferences")).longValue()));
      text.append("| search beam (ef) | median ms | p95 ms | recall@k | largest / mean age difference (years) |"
          + " queries within " + TARGET_AGE_DIFFERENCE_YEARS + " years | distances per query | searched exactly |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Map<String, Object> row : (List<Map<String, Object>>) section.get("searchBeams")) {
        text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s / %s | %s | %,d | %s |%n", row.get("searchBeam"),
            row.get("medianMillis"), row.get("p95Millis"), row.get("recallAtK"), row.get("largestAgeDifferenceYears"),
            row.get("meanAgeDifferenceYears"), row.get("queriesWithinAgeTarget"),
            ((Number) row.get("distancesPerQuery")).longValue(), row.get("exactFallbacks")));
      }
      text.append('\n');
    }
    List<Map<String, Object>> crossover = (List<Map<String, Object>>) report.get("switchPoint");
    if (crossover != null && !crossover.isEmpty()) {
      text.append("## Switch point: exact scan against HNSW by gallery size (learned-like)\n\n");
      text.append("| references | exact median ms | HNSW median ms | recall@k | build s | queries to repay the build |\n"
          + "|---:|---:|---:|---:|---:|---:|\n");
      for (Map<String, Object> row : crossover) {
        text.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s |%n",
            ((Number) row.get("references")).longValue(), row.get("exactMedianMillis"), row.get("hnswMedianMillis"),
            row.get("recallAtK"), row.get("buildSeconds"), row.get("queriesToRepayBuild")));
      }
    }
    return text.toString();
  }

  static double median(double[] values) {
    return BenchmarkService.median(values);
  }


  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
