package org.siamage.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ModelConfig;
import org.siamage.config.ModelConfig.Backbone;
import org.siamage.config.TrainingConfig;
import org.siamage.core.Percentiles;
import org.siamage.process.NativeHeap;
import org.siamage.data.Gender;
import org.siamage.infer.AgeEstimator;
import org.siamage.infer.FaceModel;
import org.siamage.infer.explain.OcclusionSensitivity;
import org.siamage.infer.explain.OcclusionSettings;
import org.siamage.infer.explain.PairOcclusion;
import org.siamage.infer.ReferenceGallery;
import org.siamage.infer.ReferenceSearch;
import org.siamage.model.PairBatch;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.loss.SiameseLoss;

/**
 * Measurements behind {@code siamage bench}. Each returns plain numbers; medians are used where
 * single samples are noisy (shared machines).
 */
public final class BenchmarkService {
  /** The default input size and embedding of each backbone, as benchmarked. */
  public static ModelConfig benchmarkModel(Backbone backbone) {
    return switch (backbone) {
      case REFERENCE_CNN -> new ModelConfig(backbone, 16, 64, false);
      case INCEPTION_V3 -> new ModelConfig(backbone, 16, 128, false);
      // as docs/bench/plain-cnn-pytorch.py: width 32, gender head on the pooled features
      case PLAIN_CNN -> new ModelConfig(backbone, 32, 128, true, "", ModelConfig.HeadInput.FEATURES);
      // named, not taken from the default experiment: that is plain-cnn since ADR 0046, and this
      // row once measured plain-cnn under compact-inception's name
      case COMPACT_INCEPTION -> new ModelConfig(backbone, 16, 128, false);
    };
  }

  /**
   * The training settings each backbone is benchmarked with: the default experiment's, and for
   * plain-cnn those of docs/bench/plain-cnn-pytorch.py (every pair of the batch, balanced terms,
   * λ_g = 0.2).
   */
  public static TrainingConfig benchmarkTraining(Backbone backbone) {
    TrainingConfig defaults = ConfigDefaults.experiment().training();
    return backbone == Backbone.PLAIN_CNN
        ? defaults.toBuilder().batchAllPairs(true).balancePairTerms(true).genderWeight(0.2).build()
        : defaults;
  }

  /** Pairs per step a backbone is benchmarked with when none is asked for: plain-cnn's 64 (128 faces), else 32. */
  public static int benchmarkBatch(Backbone backbone) {
    return backbone == Backbone.PLAIN_CNN ? 64 : 32;
  }

  public static int benchmarkInputSize(Backbone backbone) {
    return switch (backbone) {
      case INCEPTION_V3 -> 299;
      case REFERENCE_CNN -> 64;
      case PLAIN_CNN, COMPACT_INCEPTION -> ConfigDefaults.experiment().preprocessing().inputSize();
    };
  }

  /**
   * Training throughput of one backbone on random pairs (the work per pair does not depend on the
   * pixels).
   *
   * @return pairs per second (total pairs over total time of the timed steps), median step
   *     milliseconds, peak resident memory in MB (VmHWM of this process), parameter count
   */
  public Map<String, Object> trainingThroughput(Backbone backbone, int batchSize, int warmup, int iterations)
      throws IOException {
    int size = benchmarkInputSize(backbone);
    TrainingConfig training = benchmarkTraining(backbone);
    ModelConfig model = benchmarkModel(backbone);
    SiameseNetwork network = SiameseNetwork.create(model, size, training, SiameseLoss.fromConfig(training));
    SplittableRandom random = new SplittableRandom(7);
    PairBatch[] batches = new PairBatch[2];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = randomBatch(random, batchSize, size, model.genderHead());
    }
    for (int i = 0; i < warmup; i++) {
      network.trainStep(batches[i % batches.length], 1e-3);
    }
    double[] stepMillis = new double[iterations];
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      long stepStart = System.nanoTime();
      network.trainStep(batches[i % batches.length], 1e-3);
      stepMillis[i] = (System.nanoTime() - stepStart) / 1e6;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("backbone", backbone.wireName());
    result.put("inputSize", size);
    result.put("batchSize", batchSize);
    result.put("iterations", iterations);
    result.put("parameters", network.trainableParameterCount());
    result.put("pairsPerSecond", round(iterations * batchSize / seconds));
    result.put("facesPerSecond", round(2.0 * iterations * batchSize / seconds));
    result.put("medianStepMillis", round(median(stepMillis)));
    result.put("peakResidentMegabytes", NativeHeap.peakResidentMegabytes());
    return result;
  }

  /** Faces per second through the inference tower, in chunks of 64. */
  public Map<String, Object> inferenceThroughput(Backbone backbone, int repetitions) {
    int size = benchmarkInputSize(backbone);
    TrainingConfig training = ConfigDefaults.experiment().training();
    SiameseNetwork network = SiameseNetwork.create(benchmarkModel(backbone), size, training,
        SiameseLoss.fromConfig(training));
    int chunk = 64;
    float[] images = randomImages(new SplittableRandom(3), chunk, size);
    network.embed(images, chunk);
    double[] facesPerSecond = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      network.embed(images, chunk);
      facesPerSecond[i] = chunk / ((System.nanoTime() - start) / 1e9);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("backbone", backbone.wireName());
    result.put("inputSize", size);
    result.put("batch", chunk);
    result.put("facesPerSecondMedian", round(median(facesPerSecond)));
    return result;
  }

  /**
   * {@link #occlusionTime(FaceModel, int)} for the default compact-inception network (width 16,
   * 64 px, 128-d embedding), untrained: the work per crop does not depend on the weights.
   */
  public Map<String, Object> occlusionTime(int repetitions) {
    return occlusionTime(repetitions, 0);
  }

  /**
   * As {@link #occlusionTime(int)} with {@code batch} crops per forward pass (0: the default), to
   * compare batch sizes.
   */
  public Map<String, Object> occlusionTime(int repetitions, int batch) {
    Backbone backbone = Backbone.COMPACT_INCEPTION;
    int size = benchmarkInputSize(backbone);
    TrainingConfig training = ConfigDefaults.experiment().training();
    ModelConfig model = benchmarkModel(backbone);
    SiameseNetwork network = SiameseNetwork.create(model, size, training, SiameseLoss.fromConfig(training));
    return occlusionTime(network::embed, size, model, "untrained " + backbone, repetitions, batch);
  }

  /**
   * Seconds to compute both occlusion maps of one pair with {@code model} at its default settings
   * (two random crops: the work does not depend on the pixels), after one untimed warm-up.
   *
   * @param batch crops per forward pass, 0 for the default
   * @return median and all seconds, forward passes, patch, stride, backbone, input size, cores
   */
  public Map<String, Object> occlusionTime(FaceModel model, int repetitions, int batch) {
    return occlusionTime(model::embed, model.inputSize(), model.config().model(), model.source().toString(),
        repetitions, batch);
  }

  private Map<String, Object> occlusionTime(OcclusionSensitivity.Embedder model, int size, ModelConfig config,
      String description, int repetitions, int batch) {
    SplittableRandom random = new SplittableRandom(5);
    float[] first = randomImages(random, 1, size);
    float[] second = randomImages(random, 1, size);
    OcclusionSettings defaults = OcclusionSettings.defaultsFor(size);
    OcclusionSettings settings = batch > 0
        ? new OcclusionSettings(defaults.patch(), defaults.stride(), batch) : defaults;
    PairOcclusion occlusion = OcclusionSensitivity.compute(model, size, first, second, settings,
        org.siamage.core.ProgressListener.silent(), new org.siamage.core.StopToken());
    double[] seconds = new double[repetitions];
    double[] cpuSeconds = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long cpuStart = processCpuNanos();
      occlusion = OcclusionSensitivity.compute(model, size, first, second, settings,
          org.siamage.core.ProgressListener.silent(), new org.siamage.core.StopToken());
      seconds[i] = occlusion.seconds();
      cpuSeconds[i] = (processCpuNanos() - cpuStart) / 1e9;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("model", description);
    result.put("backbone", config.backbone().wireName());
    result.put("width", config.width());
    result.put("embeddingSize", config.embeddingSize());
    result.put("inputSize", size);
    result.put("patch", settings.patch());
    result.put("stride", settings.stride());
    result.put("batch", settings.batch());
    result.put("forwardPasses", occlusion.forwardPasses());
    result.put("occludedCrops", 2 * settings.positionsPerSide(size) * settings.positionsPerSide(size));
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("repetitions", repetitions);
    result.put("secondsMedian", round(median(seconds)));
    result.put("seconds", Arrays.stream(seconds).map(BenchmarkService::round).toArray());
    // CPU time of the whole process per run: on a shared machine the wall clock measures the
    // neighbours too, while the CPU seconds bound the wall time on idle cores from above
    result.put("processCpuSecondsMedian", round(median(cpuSeconds)));
    result.put("processCpuSeconds", Arrays.stream(cpuSeconds).map(BenchmarkService::round).toArray());
    result.put("loadAverage", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage()));
    return result;
  }

  /** CPU time used by this process so far (all threads), in nanoseconds; -1 when unknown. */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean bean) {
      return bean.getProcessCpuTime();
    }
    return -1;
  }

  /** Milliseconds of one exact k-nearest-reference age estimate against {@code references} 128-d embeddings. */
  public Map<String, Object> nearestReferenceCost(int references, int dimension, int queries, int neighbours) {
    SplittableRandom random = new SplittableRandom(11);
    float[] embeddings = new float[references * dimension];
    int[] ages = new int[references];
    Gender[] genders = new Gender[references];
    List<String> ids = new ArrayList<>(references);
    for (int i = 0; i < references; i++) {
      double norm = 0;
      for (int k = 0; k < dimension; k++) {
        float value = (float) random.nextGaussian();
        embeddings[i * dimension + k] = value;
        norm += value * value;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int k = 0; k < dimension; k++) {
        embeddings[i * dimension + k] *= scale;
      }
      ages[i] = random.nextInt(1, 90);
      genders[i] = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
      ids.add("r" + i);
    }
    // the exact scan's cost, whatever the switch point; `bench --index` measures the HNSW index
    AgeEstimator estimator = new AgeEstimator(ReferenceGallery.of(embeddings, dimension, ages, genders, ids),
        neighbours, ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.EXACT));
    float[] query = new float[dimension];
    for (int i = 0; i < 20; i++) {
      estimator.estimate(embeddings.length > 0 ? Arrays.copyOfRange(embeddings, 0, dimension) : query);
    }
    double[] millis = new double[queries];
    for (int q = 0; q < queries; q++) {
      for (int k = 0; k < dimension; k++) {
        query[k] = (float) random.nextGaussian();
      }
      long start = System.nanoTime();
      estimator.estimate(query);
      millis[q] = (System.nanoTime() - start) / 1e6;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("references", references);
    result.put("dimension", dimension);
    result.put("neighbours", neighbours);
    result.put("queries", queries);
    result.put("medianMillis", round(median(millis)));
    result.put("p95Millis", round(Percentiles.nearestRank(millis, 0.95)));
    return result;
  }

  static PairBatch randomBatch(SplittableRandom random, int n, int size, boolean withGender) {
    float[] ageLeft = new float[n];
    float[] ageRight = new float[n];
    float[] genderLeft = new float[n];
    float[] genderRight = new float[n];
    float[] known = new float[n];
    for (int i = 0; i < n; i++) {
      ageLeft[i] = random.nextInt(1, 80);
      ageRight[i] = random.nextBoolean() ? ageLeft[i] + random.nextInt(0, 3) : random.nextInt(1, 80);
      genderLeft[i] = random.nextInt(2);
      genderRight[i] = random.nextInt(2);
      known[i] = 1;
    }
    float[] left = randomImages(random, n, size);
    float[] right = randomImages(random, n, size);
    return withGender ? new PairBatch(n, left, right, ageLeft, ageRight, genderLeft, genderRight, known, known.clone())
        : PairBatch.withoutGender(n, left, right, ageLeft, ageRight);
  }

  static float[] randomImages(SplittableRandom random, int n, int size) {
    float[] images = new float[n * 3 * size * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return images;
  }

  static double median(double[] values) {
    return Percentiles.nearestRank(values, 0.5);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
