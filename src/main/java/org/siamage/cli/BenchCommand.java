package org.siamage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;
import org.siamage.capture.LiveSettings;
import org.siamage.core.StopToken;
import org.siamage.service.BenchmarkService;
import org.siamage.service.WebcamBenchmark;
import org.siamage.service.TrainingService;
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
    mixinStandardHelpOptions = true,
    description = {
      "Measures training pairs/s and peak resident memory per backbone (batch 32, all cores),",
      "inference faces/s, and the cost of one k-nearest-reference estimate against 50,000",
      "references. Writes JSON. Quote medians; compare numbers from one run on one machine."
    })
public final class BenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/bench/bench.json",
      description = "JSON output (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--backbones", split = ",", paramLabel = "NAME",
      defaultValue = "reference-cnn,compact-inception",
      description = "Backbones to train (default: ${DEFAULT-VALUE}; inception-v3 needs several GB and minutes).")
  List<String> backbones;

  @Option(names = "--iterations", defaultValue = "20", paramLabel = "N",
      description = "Timed training steps per backbone (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--training-child", hidden = true, paramLabel = "BACKBONE")
  String trainingChild;

  @Option(names = "--webcam", description = {
      "Benchmark the live webcam pipeline instead: a 640×480 video of 1–3 sample faces per frame",
      "it makes itself, played through detection, tracking, one network batch per frame and k-NN;",
      "prints frames/s, latency percentiles per stage and memory at start and end."})
  boolean webcam;

  @Option(names = "--model", paramLabel = "FILE", description = {
      "With --webcam: the model (.siamage) to run. Without it an untrained compact-inception",
      "model is built (same cost per face; its ages are meaningless)."})
  Path model;

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

  @Override
  public Integer call() throws Exception {
    BenchmarkService benchmarks = new BenchmarkService();
    PrintWriter printer = spec.commandLine().getOut();
    if (webcam) {
      return benchWebcam(printer);
    }
    if (trainingChild != null) {
      printer.println(JSON.writeValueAsString(
          benchmarks.trainingThroughput(trainingChild, batch, Math.min(3, iterations), iterations)));
      printer.flush();
      return ExitCodes.OK;
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " "
            + System.getProperty("os.arch")));
    report.put("backend", TrainingService.backendDescription());
    List<Map<String, Object>> training = new ArrayList<>();
    for (String backbone : backbones) {
      printer.println("training " + backbone + " …");
      printer.flush();
      Map<String, Object> result = trainInChild(backbone);
      training.add(result);
      printer.printf(Locale.ROOT, "  %-18s %4s px  %8.1f pairs/s  median step %7.1f ms  peak RSS %6d MB%n",
          backbone, result.get("inputSize"), toDouble(result.get("pairsPerSecond")),
          toDouble(result.get("medianStepMillis")), ((Number) result.get("peakResidentMegabytes")).longValue());
    }
    report.put("training", training);
    Map<String, Object> inference = benchmarks.inferenceThroughput("compact-inception", 10);
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

  private int benchWebcam(PrintWriter printer) throws Exception {
    Path target = spec.commandLine().getParseResult().hasMatchedOption("--out") ? out
        : Path.of("runs", "bench", "webcam.json");
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

  private Map<String, Object> trainInChild(String backbone) throws Exception {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBinary));
    if (backbone.equals("inception-v3")) {
      command.addAll(List.of("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=12G",
          "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G"));
    } else {
      // the memory budget of a small CPU backbone: JavaCPP collects garbage arrays before the
      // process passes 1.4 GB, which costs no measurable speed (the default allows 2.5 GB)
      command.addAll(List.of("-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=1G",
          "-Dorg.bytedeco.javacpp.maxphysicalbytes=1400M"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.siamage.app.Main", "bench",
        "--training-child", backbone, "--iterations", Integer.toString(iterations), "--batch",
        Integer.toString(batch)));
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
}
