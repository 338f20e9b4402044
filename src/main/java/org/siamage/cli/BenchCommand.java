package org.siamage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siamage.config.ConfigEnum;
import org.siamage.config.ModelConfig.Backbone;
import org.siamage.core.DesktopJvm;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;
import org.siamage.infer.FaceModel;
import org.siamage.infer.HnswSettings;
import org.siamage.capture.LiveSettings;
import org.siamage.core.StopToken;
import org.siamage.service.BenchmarkService;
import org.siamage.service.ReferenceIndexBenchmark;
import org.siamage.service.WebcamBenchmark;
import org.siamage.service.TrainingService;
import org.siamage.service.TsneBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code siamage bench}: throughput and memory measurements written as JSON. Each backbone's
 * training runs in a fresh JVM so that its peak resident memory is its own.
 */
@Command(
    name = "bench",
    header = "Measures training, inference, k-NN, reference index, t-SNE, occlusion or webcam speed and memory.",
    mixinStandardHelpOptions = true,
    description = "Measures training pairs/s and peak resident memory per backbone (all cores, each in a JVM "
        + "started as `siamage train` is), plain-cnn beside the same tower in PyTorch when Python has "
        + "torch, inference faces/s, and the cost of one k-nearest-reference estimate against 50,000 "
        + "references. Writes JSON. Quote medians; compare numbers from one run on one machine.")
public final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/bench/bench.json",
      description = "JSON output (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--backbones", split = ",", paramLabel = "NAME",
      defaultValue = "plain-cnn,reference-cnn,compact-inception",
      description = "Backbones to train (default: ${DEFAULT-VALUE}; inception-v3 needs several GB and minutes).")
  List<String> backbones;

  @Option(names = "--iterations", defaultValue = "20", paramLabel = "N",
      description = "Timed training steps per backbone (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--batch", defaultValue = "0", paramLabel = "N",
      description = "Pairs per step (default: each backbone's own, 64 for plain-cnn, else 32).")
  int batch;

  @Option(names = "--occlusion",
      description = "Only time the occlusion maps of one pair (compact-inception, width 16, 64 px; median of"
          + " --repetitions).")
  boolean occlusion;

  @Option(names = "--occlusion-model", paramLabel = "BUNDLE",
      description = "With --occlusion: time this model instead of the untrained default network.")
  Path occlusionModel;

  @Option(names = "--occlusion-batch", defaultValue = "0", paramLabel = "N",
      description = "With --occlusion: crops per forward pass (default: the inspector's own, 256 at 64 px).")
  int occlusionBatch;

  @Option(names = "--repetitions", defaultValue = "5", paramLabel = "N",
      description = "Timed repetitions of the occlusion benchmark (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--training-child", hidden = true, paramLabel = "BACKBONE")
  String trainingChild;

  @Option(names = "--tsne", description = "Instead: our Barnes-Hut t-SNE beside scikit-learn's on the same "
      + "clustered data, same machine and threads (time, trustworthiness, cluster separation).")
  boolean tsne;

  @Option(names = "--tsne-points", defaultValue = "10000", paramLabel = "N",
      description = "With --tsne: points (default: ${DEFAULT-VALUE}, 64-d, 10 clusters).")
  int tsnePoints;

  @Option(names = "--tsne-iterations", defaultValue = "1000", paramLabel = "N",
      description = "With --tsne: iterations for both (default: ${DEFAULT-VALUE}; perplexity 20).")
  int tsneIterations;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
      description = "With --tsne: threads for both programs (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "PYTHON",
      description = "Python 3 for the peers: scikit-learn with --tsne (Debian: python3-sklearn), torch for plain-cnn"
          + " (python3-torch; default: ${DEFAULT-VALUE}).")
  String python;
  @Option(names = "--webcam", description =
      "Benchmark the live webcam pipeline instead: a 640×480 video of 1–3 sample faces per frame "
      + "it makes itself, played through detection, tracking, one network batch per frame and k-NN; "
      + "prints frames/s, latency percentiles per stage and memory at start and end.")
  boolean webcam;

  @Option(names = "--this-jvm", description =
      "With --webcam: measure in this JVM. By default the pipeline runs in a child JVM started "
      + "with the desktop application's options (ZGC, soft heap bound), as it runs in the window.")
  boolean thisJvm;

  @Option(names = "--model", paramLabel = "FILE", description =
      "With --webcam or --predict-embed: the model (.siamage) to run. Without it an untrained "
      + "compact-inception model is built (same cost per face; its ages are meaningless).")
  Path model;

  @Option(names = "--predict-embed", description =
      "Instead: `predict` on a dataset's images beside `embed` on the same dataset, as the "
      + "commands run them (decode, detect or crop, network in batches): images/s and faces/s.")
  boolean predictEmbed;

  @Option(names = "--data", defaultValue = "sample-data/faces", paramLabel = "DIR",
      description = "With --predict-embed: the dataset (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--seconds", defaultValue = "60", paramLabel = "N",
      description = "With --webcam: measured duration in seconds (default: ${DEFAULT-VALUE}; 600 for the memory check).")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "N",
      description = "With --webcam: seconds run before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--detector", defaultValue = LiveSettings.DEFAULT_DETECTOR, paramLabel = "CASCADE",
      description = "With --webcam: face cascade in the OpenCV jar (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--estimate-every", defaultValue = "0", paramLabel = "N",
      description = "With --webcam: re-estimate each face every N frames; 0 = automatic (default: ${DEFAULT-VALUE}).")
  int estimateEvery;

  @Option(names = "--index", description =
      "Instead: the HNSW reference index beside the exact scan on the same synthetic 128-d gallery "
      + "(shaped like a learned embedding; also uniform random vectors, the worst case): build time, "
      + "graph memory, query median and p95, recall@k, age differences, a search-beam sweep and the "
      + "exact/HNSW switch point. JSON and Markdown (default runs/bench/reference-index.json, .md).")
  boolean index;

  @Option(names = "--index-references", defaultValue = "1000000", paramLabel = "N",
      description = "With --index: references in the gallery (default: ${DEFAULT-VALUE}).")
  int indexReferences;

  @Option(names = "--index-queries", defaultValue = "1000", paramLabel = "N",
      description = "With --index: timed queries per series, none of them a reference (default: ${DEFAULT-VALUE}).")
  int indexQueries;

  @Option(names = "--dimension", defaultValue = "128", paramLabel = "D",
      description = "With --index: embedding size (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--neighbours", defaultValue = "20", paramLabel = "K",
      description = "With --index: k nearest references per estimate (default: ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--index-uniform-references", defaultValue = "100000", paramLabel = "N",
      description = "With --index: size of the uniform random gallery, the worst case; 0 skips it"
          + " (default: ${DEFAULT-VALUE}).")
  int indexUniformReferences;

  @Option(names = "--index-search-beams", split = ",", paramLabel = "EF", defaultValue = "40,80,120,160,240,320",
      description = "With --index: search beams (ef) swept on each graph (default: ${DEFAULT-VALUE}).")
  List<Integer> indexSearchBeams;

  @Option(names = "--index-crossover", split = ",", paramLabel = "N",
      defaultValue = "5000,10000,20000,50000,100000,200000",
      description = "With --index: gallery sizes at which exact and HNSW are compared, those above"
          + " --index-references skipped (default: ${DEFAULT-VALUE}).")
  List<Integer> indexCrossover;

  @Option(names = "--index-m", paramLabel = "M",
      description = "With --index: HNSW maxConnections (default: the application's).")
  Integer indexMaxConnections;

  @Option(names = "--index-beam-width", paramLabel = "N",
      description = "With --index: HNSW beamWidth while building (default: the application's).")
  Integer indexBeamWidth;

  @Option(names = "--index-search-beam", paramLabel = "EF",
      description = "With --index: the search beam (ef) of the headline row (default: the application's).")
  Integer indexSearchBeam;

  @Override
  public Integer call() throws Exception {
    BenchmarkService benchmarks = new BenchmarkService();
    PrintWriter printer = spec.commandLine().getOut();
    if (webcam) {
      return benchWebcam(printer);
    }
    if (trainingChild != null) {
      Backbone child = ConfigEnum.parseOption(Backbone.class, "--training-child", trainingChild);
      printer.println(JSON.writeValueAsString(benchmarks.trainingThroughput(child, batchFor(child),
          Math.min(3, iterations), iterations)));
      printer.flush();
      return ExitCodes.OK;
    }
    if (tsne) {
      return tsneComparison(printer);
    }
    if (predictEmbed) {
      return predictBesideEmbed(printer);
    }
    if (index) {
      return referenceIndex(printer);
    }
    if (occlusion || occlusionModel != null) {
      return occlusion(benchmarks, printer);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("backend", TrainingService.backendDescription());
    List<Map<String, Object>> training = new ArrayList<>();
    List<Map<String, Object>> pytorch = new ArrayList<>();
    List<Backbone> chosen = backbones.stream()
        .map(name -> ConfigEnum.parseOption(Backbone.class, "--backbones", name)).toList();
    for (Backbone backbone : chosen) {
      boolean peer = backbone == Backbone.PLAIN_CNN;
      if (peer) {
        pytorch.add(pytorchPeer(printer, "before"));
      }
      printer.println("training " + backbone + " …");
      printer.flush();
      Map<String, Object> result = trainInChild(backbone);
      training.add(result);
      printer.printf(Locale.ROOT, "  %-18s %4s px  batch %3s pairs  %8.1f pairs/s (%6.1f faces/s)  median step %7.1f ms"
          + "  peak RSS %6d MB%n", backbone, result.get("inputSize"), result.get("batchSize"),
          toDouble(result.get("pairsPerSecond")), toDouble(result.get("facesPerSecond")),
          toDouble(result.get("medianStepMillis")), ((Number) result.get("peakResidentMegabytes")).longValue());
      if (peer) {
        pytorch.add(pytorchPeer(printer, "after"));
      }
    }
    report.put("training", training);
    if (!pytorch.isEmpty()) {
      report.put("plainCnnPytorch", pytorch);
    }
    Map<String, Object> inference = benchmarks.inferenceThroughput(Backbone.COMPACT_INCEPTION, 10);
    report.put("inference", inference);
    printer.printf(Locale.ROOT, "inference compact-inception: %.1f faces/s (median)%n",
        toDouble(inference.get("facesPerSecondMedian")));
    Map<String, Object> nearest = benchmarks.nearestReferenceCost(50_000, 128, 200, 20);
    report.put("nearestReferences", nearest);
    printer.printf(Locale.ROOT, "k-NN age estimate vs 50,000 references: median %.2f ms, p95 %.2f ms%n",
        toDouble(nearest.get("medianMillis")), toDouble(nearest.get("p95Millis")));
    report.put("targets", Map.of(
        "referenceCnnPairsPerSecond", ">= 145",
        "referenceCnnPeakResidentMegabytes", "<= 1536",
        "nearestReferenceMillis", "< 5"));
    AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    printer.println("wrote " + out);
    printer.flush();
    return ExitCodes.OK;
  }

  /**
   * Times {@code predict} and {@code embed} through the same service calls as the commands, on the
   * same dataset and model, alternating (embed, predict, embed, predict) so that both see the same
   * machine; reports each one's median of two runs.
   */
  private int predictBesideEmbed(PrintWriter printer) throws Exception {
    org.siamage.service.DatasetService datasets =
        new org.siamage.service.DatasetService(Runtime.getRuntime().availableProcessors());
    org.siamage.service.ModelService models = new org.siamage.service.ModelService(datasets);
    Path work = out.toAbsolutePath().getParent().resolve("predict-embed");
    java.nio.file.Files.createDirectories(work);
    String description;
    FaceModel loaded;
    if (model != null) {
      loaded = models.load(model);
      description = model.toString();
    } else {
      loaded = org.siamage.service.WebcamService.untrainedSampleModel(work.resolve("untrained-compact.siamage"), 300, 7L);
      description = "untrained compact-inception (speed only)";
    }
    org.siamage.core.StopToken stop = new org.siamage.core.StopToken();
    org.siamage.core.ProgressListener quiet = (done, total, message) -> { };
    List<Path> images = models.imagesToPredict(data, quiet, stop).images();
    List<Double> predictSeconds = new ArrayList<>();
    List<Double> embedSeconds = new ArrayList<>();
    int embedded = 0;
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      embedded = models.embed(loaded, data, work.resolve("embeddings.csv"), quiet, stop);
      embedSeconds.add((System.nanoTime() - start) / 1e9);
      printer.printf(Locale.ROOT, "embed   %5d faces   %7.1f s%n", embedded, embedSeconds.get(round));
      printer.flush();
      start = System.nanoTime();
      models.predict(loaded, images, quiet, stop);
      predictSeconds.add((System.nanoTime() - start) / 1e9);
      printer.printf(Locale.ROOT, "predict %5d images  %7.1f s%n", images.size(), predictSeconds.get(round));
      printer.flush();
    }
    double embedMedian = median(embedSeconds);
    double predictMedian = median(predictSeconds);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("backend", TrainingService.backendDescription());
    report.put("model", description);
    report.put("dataset", data.toString());
    report.put("embed", Map.of("faces", embedded, "secondsPerRun", embedSeconds, "facesPerSecondMedian",
        embedded / embedMedian));
    report.put("predict", Map.of("images", images.size(), "secondsPerRun", predictSeconds, "imagesPerSecondMedian",
        images.size() / predictMedian));
    printer.printf(Locale.ROOT, "embed %.1f faces/s, predict %.1f images/s (medians of 2 runs each, alternating)%n",
        embedded / embedMedian, images.size() / predictMedian);
    AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    printer.println("wrote " + out);
    printer.flush();
    return ExitCodes.OK;
  }

  /** {@code --index}: the HNSW reference index against the exact scan (ADR 0050). */
  private int referenceIndex(PrintWriter printer) throws Exception {
    Path target = spec.commandLine().getParseResult().hasMatchedOption("--out") ? out
        : Path.of("runs", "bench", "reference-index.json");
    HnswSettings defaults = HnswSettings.DEFAULT;
    HnswSettings hnsw;
    try {
      hnsw = new HnswSettings(
          indexMaxConnections == null ? defaults.maxConnections() : indexMaxConnections,
          indexBeamWidth == null ? defaults.beamWidth() : indexBeamWidth,
          indexSearchBeam == null ? defaults.searchBeam() : indexSearchBeam);
    } catch (IllegalArgumentException e) {
      // name the option that set the bad value
      String option = e.getMessage().contains("maxConnections") ? "--index-m"
          : e.getMessage().contains("beamWidth") ? "--index-beam-width" : "--index-search-beam";
      throw new UserFacingException(option + ": " + e.getMessage(), e);
    }
    ReferenceIndexBenchmark.Settings settings;
    try {
      settings = new ReferenceIndexBenchmark.Settings(indexReferences, indexQueries, dimension, neighbours,
          indexUniformReferences, indexSearchBeams, indexCrossover, hnsw, 2026L);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.putAll(new ReferenceIndexBenchmark().run(settings, (done, total, message) -> {
      printer.println(total > 0 ? message + " " + done + "/" + total : message + " …");
      printer.flush();
    }, new StopToken()));
    String markdown = ReferenceIndexBenchmark.markdown(report, machine());
    printer.println();
    printer.print(markdown);
    String name = target.getFileName().toString();
    Path markdownFile = target.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name)
        + ".md");
    AtomicFiles.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    AtomicFiles.writeString(markdownFile, markdown);
    printer.println("wrote " + target + " and " + markdownFile);
    printer.flush();
    return ExitCodes.OK;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private int tsneComparison(PrintWriter printer) throws Exception {
    if (tsnePoints < 100 || tsneIterations < 1 || threads < 1) {
      throw new UserFacingException("--tsne-points must be >= 100, --tsne-iterations and --threads >= 1");
    }
    Path folder = out.toAbsolutePath().getParent().resolve("tsne");
    TsneBenchmark.Settings settings = new TsneBenchmark.Settings(tsnePoints, 64, 10, 20, tsneIterations, 42, threads,
        python, folder);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.putAll(new TsneBenchmark().run(settings, (done, total, message) -> {
      printer.println(message + " …");
      printer.flush();
    }));
    report.put("target", "faster than scikit-learn at comparable trustworthiness and cluster separation");
    printer.printf(Locale.ROOT, "%-14s %9s %8s %16s %17s %11s%n", "t-SNE", "seconds", "KL", "trustworthiness",
        "cluster accuracy", "silhouette");
    for (String side : List.of("siamage", "sklearn")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) report.get(side);
      if (result.containsKey("skipped")) {
        printer.println(side + ": skipped (" + result.get("skipped") + ")");
        continue;
      }
      printer.printf(Locale.ROOT, "%-14s %9.2f %8.3f %16.4f %17.4f %11.4f%n", side,
          toDouble(result.get("seconds")), toDouble(result.get("klDivergence")),
          toDouble(result.get("trustworthiness10")), toDouble(result.get("clusterAccuracy10")),
          toDouble(result.get("silhouette")));
    }
    AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    printer.println("wrote " + out);
    printer.flush();
    return ExitCodes.OK;
  }

  private Integer occlusion(BenchmarkService benchmarks, PrintWriter printer) throws Exception {
    Map<String, Object> result = occlusionModel == null ? benchmarks.occlusionTime(repetitions, occlusionBatch)
        : benchmarks.occlusionTime(FaceModel.load(occlusionModel), repetitions, occlusionBatch);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", machine());
    report.put("backend", TrainingService.backendDescription());
    report.put("occlusion", result);
    report.put("targets", Map.of("occlusionSecondsPerPair", "< 10"));
    printer.printf(Locale.ROOT, "occlusion maps of one pair, %s width %s at %s px (patch %s, stride %s, %s crops,"
            + " batch %s, %s forward passes): median %.2f s wall, %.2f s process CPU, of %d runs on %d cores (load"
            + " average %.1f)%n", result.get("backbone"),
        result.get("width"), result.get("inputSize"), result.get("patch"), result.get("stride"),
        result.get("occludedCrops"), result.get("batch"), result.get("forwardPasses"), toDouble(result.get("secondsMedian")),
        toDouble(result.get("processCpuSecondsMedian")), repetitions, Runtime.getRuntime().availableProcessors(),
        toDouble(result.get("loadAverage")));
    AtomicFiles.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    printer.println("wrote " + out);
    printer.flush();
    return ExitCodes.OK;
  }

  private int benchWebcam(PrintWriter printer) throws Exception {
    Path target = spec.commandLine().getParseResult().hasMatchedOption("--out") ? out
        : Path.of("runs", "bench", "webcam.json");
    if (!thisJvm) {
      return benchWebcamInDesktopJvm(printer, target);
    }
    Path work = target.toAbsolutePath().getParent().resolve("webcam-work");
    LiveSettings settings;
    try {
      settings = LiveSettings.defaults().withDetector(detector).withEstimateEveryFrames(estimateEvery);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    WebcamBenchmark.Options options = new WebcamBenchmark.Options(model, seconds, warmupSeconds, settings, work);
    Map<String, Object> report = new WebcamBenchmark().run(options, printer, new StopToken());
    WebcamBenchmark.print(report, printer);
    AtomicFiles.writeString(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    printer.println("wrote " + target);
    printer.flush();
    return ExitCodes.OK;
  }

  /**
   * Runs this benchmark again with {@code --this-jvm} in a child JVM started with the desktop
   * application's options, sharing this process's console; returns the child's exit code.
   */
  private int benchWebcamInDesktopJvm(PrintWriter printer, Path target) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(DesktopJvm.OPTIONS);
    command.addAll(siamageProperties());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.siamage.app.Main", "bench", "--webcam",
        "--this-jvm", "--seconds", Integer.toString(seconds), "--warmup-seconds", Integer.toString(warmupSeconds),
        "--detector", detector, "--estimate-every", Integer.toString(estimateEvery),
        "--out", target.toAbsolutePath().toString()));
    if (model != null) {
      command.addAll(List.of("--model", model.toAbsolutePath().toString()));
    }
    printer.println("measuring in a JVM started like the desktop application: " + String.join(" ", DesktopJvm.OPTIONS)
        + " (--this-jvm measures here instead)");
    printer.flush();
    Process process = new ProcessBuilder(command).inheritIO().start();
    Thread stopChild = new Thread(process::destroy, "siamage-bench-child-stop");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return process.waitFor();
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    }
  }

  /** This JVM's {@code -Dsiamage.*} settings (e.g. {@code siamage.graphPlan}), passed on to child JVMs. */
  private static List<String> siamageProperties() {
    return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("siamage.")).sorted()
        .map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
  }

  /** The {@code java} launcher of the JVM running this command, for child JVMs. */
  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Pairs per step of a backbone: {@code --batch}, else the backbone's own. */
  private int batchFor(Backbone backbone) {
    return batch > 0 ? batch : BenchmarkService.benchmarkBatch(backbone);
  }

  /**
   * The same tower, loss and batch in PyTorch (docs/bench/plain-cnn-pytorch.py), on this machine
   * and threads; measured before and after Siamage's own run, since the machine's speed drifts.
   */
  private Map<String, Object> pytorchPeer(PrintWriter printer, String when) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("when", when);
    Path script = Path.of("docs", "bench", "plain-cnn-pytorch.py");
    if (!Files.isRegularFile(script)) {
      result.put("skipped", script + " not found (run bench from the project folder)");
      return result;
    }
    Process process = new ProcessBuilder(python, script.toString(), Integer.toString(iterations))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    java.util.regex.Matcher matcher = java.util.regex.Pattern
        .compile("torch (\\S+): ([0-9.]+) faces/s, median step ([0-9.]+) ms").matcher(output);
    if (code != 0 || !matcher.find()) {
      result.put("skipped", python + " could not run it (exit " + code + "; Debian: python3-torch): "
          + output.strip().lines().reduce((a, b) -> b).orElse(""));
      printer.println("PyTorch plain-cnn (" + when + "): skipped, " + result.get("skipped"));
      return result;
    }
    result.put("torch", matcher.group(1));
    result.put("facesPerSecond", Double.parseDouble(matcher.group(2)));
    result.put("medianStepMillis", Double.parseDouble(matcher.group(3)));
    printer.printf(Locale.ROOT, "  PyTorch %s plain-cnn (%s): %.1f faces/s, median step %.1f ms%n", matcher.group(1),
        when, Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3)));
    printer.flush();
    return result;
  }

  private Map<String, Object> trainInChild(Backbone backbone) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    if (backbone == Backbone.INCEPTION_V3) {
      command.addAll(List.of("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=12G",
          "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G"));
    }
    // the small CPU backbones run with no option at all: the JVM and native budget of `siamage train`
    command.addAll(siamageProperties());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.siamage.app.Main", "bench",
        "--training-child", backbone.wireName(), "--iterations", Integer.toString(iterations), "--batch",
        Integer.toString(batchFor(backbone))));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    String last = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse("");
    if (code != 0 || last.isEmpty()) {
      throw new UserFacingException("Benchmark of " + backbone + " failed (exit " + code + "): " + output.strip());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = JSON.readValue(last, Map.class);
    return result;
  }

  private static double toDouble(Object value) {
    return ((Number) value).doubleValue();
  }

  /** The machine a report was measured on: cores, Java version, operating system. */
  private static Map<String, Object> machine() {
    return Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
