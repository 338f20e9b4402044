package org.siamage.service;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.Pointer;
import org.siamage.core.Percentiles;
import org.siamage.capture.FrameAnalysis;
import org.siamage.capture.LiveEvent;
import org.siamage.capture.LiveListener;
import org.siamage.capture.LivePipeline;
import org.siamage.capture.LiveSettings;
import org.siamage.capture.Resolution;
import org.siamage.capture.SampleVideo;
import org.siamage.capture.SourceSpec;
import org.siamage.capture.StageTimings;
import org.siamage.process.NativeHeap;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.infer.FaceModel;

/**
 * {@code siamage bench --webcam}: makes a 640×480 video of 1–3 sample faces per frame, plays it in a
 * loop through the live pipeline as fast as the pipeline takes frames, and reports frames/s,
 * per-stage and end-to-end latency percentiles, and memory at start and end.
 */
public final class WebcamBenchmark {
  /** Stage names in report order; "endToEnd" is grab + processing (the frame's whole latency). */
  static final List<String> STAGES =
      List.of("grab", "detect", "track", "align", "embed", "estimate", "display", "latency", "endToEnd");

  /** Stages that run only in frames where faces were sent to (or came back from) the network. */
  static final List<String> OCCASIONAL = List.of("align", "embed", "estimate");

  /**
   * @param model a trained model bundle, or {@code null} to build an untrained compact-inception one
   * @param seconds measured duration after warm-up, ≥ 1
   * @param warmupSeconds frames processed before measuring (JIT, ND4J and OpenCV warm-up), ≥ 0
   * @param workFolder where the video (and the untrained model) are written
   */
  public record Options(Path model, int seconds, int warmupSeconds, LiveSettings settings, Path workFolder) {
    public Options {
      if (seconds < 1) {
        throw new UserFacingException("--seconds must be at least 1, was " + seconds);
      }
      if (warmupSeconds < 0) {
        throw new UserFacingException("--warmup-seconds must not be negative, was " + warmupSeconds);
      }
    }
  }

  /** Per-frame numbers, kept in growable primitive arrays (no boxing while measuring). */
  private static final class Recorder implements LiveListener {
    private final long measureFromNanos;
    private double[][] values = new double[STAGES.size()][4096];
    private final int[] counts = new int[STAGES.size()];
    private int frames;
    private long faces;
    private long estimated;
    private long firstNanos;
    private long lastNanos;
    private long droppedAtStart = -1;
    private long droppedAtEnd;
    private final AtomicReference<LiveEvent> problem = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean measuring;

    Recorder(long measureFromNanos) {
      this.measureFromNanos = measureFromNanos;
    }

    @Override
    public void onFrame(FrameAnalysis analysis) {
      long now = System.nanoTime();
      if (now < measureFromNanos) {
        return;
      }
      if (!measuring) {
        measuring = true;
        firstNanos = now;
        droppedAtStart = analysis.droppedFrames();
      }
      StageTimings t = analysis.timings();
      double[] row = {t.grab(), t.detect(), t.track(), t.align(), t.embed(), t.estimate(), t.display(), t.latency(),
          t.grab() + t.latency()};
      for (int s = 0; s < row.length; s++) {
        // align, embed and estimate run only in some frames: their percentiles are over those
        if (OCCASIONAL.contains(STAGES.get(s)) && row[s] == 0) {
          continue;
        }
        if (counts[s] == values[s].length) {
          values[s] = Arrays.copyOf(values[s], counts[s] * 2);
        }
        values[s][counts[s]++] = row[s];
      }
      frames++;
      faces += analysis.faces().size();
      estimated += analysis.estimatedFaces();
      lastNanos = now;
      droppedAtEnd = analysis.droppedFrames();
    }

    @Override
    public void onEvent(LiveEvent event) {
      switch (event.kind()) {
        case STOPPED -> stopped.countDown();
        case STARTED, NO_FACE, FACE_IN_VIEW -> { }
        default -> problem.compareAndSet(null, event);
      }
    }
  }

  /** Runs the benchmark; progress lines go to {@code out}. */
  public Map<String, Object> run(Options options, PrintWriter out, StopToken stop) throws IOException, InterruptedException {
    Files.createDirectories(options.workFolder());
    FaceModel model;
    String modelDescription;
    if (options.model() != null) {
      model = FaceModel.load(options.model());
      modelDescription = options.model().toString();
    } else {
      say(out, "no --model given: building an untrained compact-inception model (same cost as a trained one) …");
      model = WebcamService.untrainedSampleModel(options.workFolder().resolve("untrained-compact.siamage"), 300, 7L);
      modelDescription = "untrained compact-inception (ages meaningless; speed only)";
    }
    say(out, "writing a 640×480 sample-face video …");
    SampleVideo.Written video = SampleVideo.write(options.workFolder().resolve("webcam-bench.mp4"), 640, 480, 30,
        20, 11L, stop);
    double facesDrawn = Arrays.stream(video.facesPerFrame()).average().orElse(0);
    Map<String, Object> memoryStart = new LinkedHashMap<>();
    long measureFrom = System.nanoTime() + options.warmupSeconds() * 1_000_000_000L;
    Recorder recorder = new Recorder(measureFrom);
    SourceSpec spec = new SourceSpec.VideoFile(video.file(), true, false, Resolution.NATIVE);
    say(out, String.format(Locale.ROOT, "running the live pipeline for %d s (+%d s warm-up) on %d cores …",
        options.seconds(), options.warmupSeconds(), Runtime.getRuntime().availableProcessors()));
    LivePipeline pipeline = new WebcamService().start(spec, model, options.settings(), recorder);
    List<Map<String, Object>> memorySeries = new ArrayList<>();
    long endNanos = measureFrom + options.seconds() * 1_000_000_000L;
    long nextSample = measureFrom;
    long nextResident = measureFrom;
    // {seconds, MB}, once a second, no collection forced
    List<double[]> resident = new ArrayList<>();
    List<double[]> proportional = new ArrayList<>();
    List<double[]> proportionalAnonymous = new ArrayList<>(); // native memory (and G1's heap)
    List<double[]> proportionalShared = new ArrayList<>(); // ZGC's heap
    List<double[]> mallocInUse = new ArrayList<>(); // glibc: allocated, not freed
    List<double[]> mallocHeld = new ArrayList<>(); // glibc: taken from the system
    try {
      while (System.nanoTime() < endNanos && recorder.problem.get() == null && !stop.isStopRequested()) {
        long now = System.nanoTime();
        if (now >= nextResident) {
          double at = (now - measureFrom) / 1e9;
          resident.add(new double[] {at, NativeHeap.residentMegabytes()});
          NativeHeap.Proportional parts = NativeHeap.proportional();
          proportional.add(new double[] {at, parts.total()});
          proportionalAnonymous.add(new double[] {at, parts.anonymous()});
          proportionalShared.add(new double[] {at, parts.shared()});
          NativeHeap.mallocStatistics().ifPresent(malloc -> {
            mallocInUse.add(new double[] {at, malloc.inUse()});
            mallocHeld.add(new double[] {at, malloc.held()});
          });
          nextResident += 1_000_000_000L;
        }
        if (now >= nextSample) {
          Map<String, Object> sample = memory(now >= measureFrom ? (now - measureFrom) / 1e9 : 0);
          if (memoryStart.isEmpty()) {
            memoryStart.putAll(sample);
          }
          memorySeries.add(sample);
          say(out, String.format(Locale.ROOT, "  t=%4.0f s  frames %6d  PSS %5s MB  RSS %5s MB  heap %4s MB committed,"
                  + " %4s MB after GC", sample.get("seconds"), recorder.frames, sample.get("proportionalMegabytes"),
              sample.get("residentMegabytes"), sample.get("heapCommittedMegabytes"), sample.get("heapUsedMegabytes")));
          nextSample = now + Math.max(5, Math.min(60, options.seconds() / 10)) * 1_000_000_000L;
        }
        long wakeAt = Math.min(endNanos, Math.min(nextSample, nextResident));
        TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(500, (wakeAt - now) / 1_000_000)));
      }
    } finally {
      pipeline.stop();
    }
    recorder.stopped.await(10, TimeUnit.SECONDS);
    Map<String, Object> memoryEnd = memory((System.nanoTime() - measureFrom) / 1e9);
    memorySeries.add(memoryEnd);
    if (recorder.problem.get() != null) {
      throw new UserFacingException("The live pipeline stopped during the benchmark: " + recorder.problem.get().message());
    }
    if (recorder.frames == 0) {
      throw new UserFacingException("No frame was processed after the warm-up; raise --seconds");
    }
    double elapsed = (recorder.lastNanos - recorder.firstNanos) / 1e9;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "java", System.getProperty("java.version"), "maxHeapMegabytes", Runtime.getRuntime().maxMemory() >> 20,
        "jvmOptions", jvmOptions()));
    report.put("backend", TrainingService.backendDescription());
    report.put("model", modelDescription);
    report.put("backbone", model.config().model().backbone().wireName());
    report.put("inputSize", model.inputSize());
    report.put("settings", options.settings());
    report.put("video", Map.of("width", video.width(), "height", video.height(), "frames", video.frames(),
        "facesPerFrameDrawn", round(facesDrawn)));
    report.put("seconds", round(elapsed));
    report.put("frames", recorder.frames);
    report.put("framesPerSecond", round(elapsed > 0 ? (recorder.frames - 1) / elapsed : 0));
    report.put("facesPerFrameTracked", round((double) recorder.faces / recorder.frames));
    report.put("facesEstimatedPerFrame", round((double) recorder.estimated / recorder.frames));
    report.put("droppedFrames", recorder.droppedAtEnd - Math.max(0, recorder.droppedAtStart));
    Map<String, Object> stages = new LinkedHashMap<>();
    for (int s = 0; s < STAGES.size(); s++) {
      double[] values = Arrays.copyOf(recorder.values[s], recorder.counts[s]);
      if (values.length == 0) {
        continue;
      }
      stages.put(STAGES.get(s), Map.of(
          "frames", values.length,
          "p50", round(Percentiles.nearestRank(values, 0.50)),
          "p95", round(Percentiles.nearestRank(values, 0.95)),
          "p99", round(Percentiles.nearestRank(values, 0.99)),
          "mean", round(Arrays.stream(values).average().orElse(0))));
    }
    report.put("stageMillis", stages);
    report.put("memoryStart", memoryStart);
    report.put("memoryEnd", memoryEnd);
    report.put("memorySeries", memorySeries);
    int windowSeconds = Math.max(10, options.seconds() / 10);
    List<Map<String, Object>> windows = residentWindows(proportional, windowSeconds);
    report.put("proportionalByWindow", windows);
    List<Map<String, Object>> residentByWindow = residentWindows(resident, windowSeconds);
    report.put("residentByWindow", residentByWindow);
    report.put("proportionalAnonymousByWindow", residentWindows(proportionalAnonymous, windowSeconds));
    report.put("proportionalSharedByWindow", residentWindows(proportionalShared, windowSeconds));
    report.put("mallocInUseByWindow", residentWindows(mallocInUse, windowSeconds));
    report.put("mallocHeldByWindow", residentWindows(mallocHeld, windowSeconds));
    if (windows.size() >= 2) {
      report.put("proportionalMedianGrowthMegabytes", medianGrowth(windows));
      report.put("residentMedianGrowthMegabytes", medianGrowth(residentByWindow));
    }
    report.put("targets", Map.of("framesPerSecond", ">= 30", "endToEndP95Millis", "<= 50",
        "memory", "no growth over 10 minutes (proportionalMedianGrowthMegabytes)"));
    return report;
  }

  private static Object medianAt(List<Map<String, Object>> windows, int index) {
    return windows != null && index < windows.size() ? windows.get(index).get("median") : "?";
  }

  /** The last window's median minus the first's. */
  static double medianGrowth(List<Map<String, Object>> windows) {
    return round(((Number) windows.get(windows.size() - 1).get("median")).doubleValue()
        - ((Number) windows.get(0).get("median")).doubleValue());
  }

  /** The options this JVM was started with that shape its memory: collector and heap flags. */
  private static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-XX:") || argument.startsWith("-Xm"))
        .toList();
  }

  /**
   * Memory per window of {@code windowSeconds}: min, median and max of the once-a-second samples
   * (negative samples, failed reads, are left out). Memory rises and falls by hundreds of megabytes
   * between collections (and native-heap trims), so single samples say little; a trend shows in
   * the windows' medians.
   */
  static List<Map<String, Object>> residentWindows(List<double[]> samples, int windowSeconds) {
    List<Map<String, Object>> windows = new ArrayList<>();
    int i = 0;
    while (i < samples.size()) {
      double from = Math.floor(samples.get(i)[0] / windowSeconds) * windowSeconds;
      List<Double> values = new ArrayList<>();
      while (i < samples.size() && samples.get(i)[0] < from + windowSeconds) {
        if (samples.get(i)[1] >= 0) {
          values.add(samples.get(i)[1]);
        }
        i++;
      }
      if (values.isEmpty()) {
        continue;
      }
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      Map<String, Object> window = new LinkedHashMap<>();
      window.put("fromSeconds", round(from));
      window.put("toSeconds", round(from + windowSeconds));
      window.put("samples", sorted.length);
      window.put("min", round(sorted[0]));
      window.put("median", round(Percentiles.nearestRank(sorted, 0.5)));
      window.put("max", round(sorted[sorted.length - 1]));
      windows.add(window);
    }
    return windows;
  }

  /** Prints the report's headline numbers. */
  @SuppressWarnings("unchecked")
  public static void print(Map<String, Object> report, PrintWriter out) {
    out.printf(Locale.ROOT, "%s, %s px, %s frames in %s s: %s frames/s (target ≥ 30); faces/frame %s tracked,"
            + " %s sent to the network%n", report.get("backbone"), report.get("inputSize"), report.get("frames"),
        report.get("seconds"), report.get("framesPerSecond"), report.get("facesPerFrameTracked"),
        report.get("facesEstimatedPerFrame"));
    out.printf(Locale.ROOT, "%-10s %8s %8s %8s %8s %8s%n", "stage (ms)", "p50", "p95", "p99", "mean", "frames");
    Map<String, Map<String, Object>> stages = (Map<String, Map<String, Object>>) report.get("stageMillis");
    stages.forEach((name, values) -> out.printf(Locale.ROOT, "%-10s %8s %8s %8s %8s %8s%n", name, values.get("p50"),
        values.get("p95"), values.get("p99"), values.get("mean"), values.get("frames")));
    out.println("latency = grabbed → published; endToEnd = grab + latency, target p95 ≤ 50 ms;"
        + " embed/estimate run beside the frame loop (not in latency)");
    Map<String, Object> start = (Map<String, Object>) report.get("memoryStart");
    Map<String, Object> end = (Map<String, Object>) report.get("memoryEnd");
    out.printf(Locale.ROOT, "memory start: PSS %s MB, RSS %s MB, heap after GC %s MB, JavaCPP native %s MB; end (%s s):"
            + " PSS %s MB, RSS %s MB, heap %s MB, JavaCPP native %s MB%n", start.get("proportionalMegabytes"),
        start.get("residentMegabytes"), start.get("heapUsedMegabytes"),
        start.get("javacppPhysicalMegabytes"), end.get("seconds"), end.get("proportionalMegabytes"),
        end.get("residentMegabytes"),
        end.get("heapUsedMegabytes"), end.get("javacppPhysicalMegabytes"));
    List<Map<String, Object>> windows = (List<Map<String, Object>>) report.get("proportionalByWindow");
    List<Map<String, Object>> resident = (List<Map<String, Object>>) report.get("residentByWindow");
    if (windows != null && !windows.isEmpty()) {
      List<Map<String, Object>> anonymous = (List<Map<String, Object>>) report.get("proportionalAnonymousByWindow");
      List<Map<String, Object>> shared = (List<Map<String, Object>>) report.get("proportionalSharedByWindow");
      List<Map<String, Object>> mallocInUse = (List<Map<String, Object>>) report.get("mallocInUseByWindow");
      List<Map<String, Object>> mallocHeld = (List<Map<String, Object>>) report.get("mallocHeldByWindow");
      out.println("memory (MB) once a second, per window: proportional set size (each page once) min / median / max;"
          + " medians of its private part (native, G1 heap) and shared part (ZGC heap); resident set median;"
          + " glibc malloc in use / held");
      for (int i = 0; i < windows.size(); i++) {
        Map<String, Object> window = windows.get(i);
        out.printf(Locale.ROOT, "  %5s–%-5s s  %6s / %6s / %6s   private %6s  shared %6s   RSS %6s   malloc %6s / %6s%n",
            window.get("fromSeconds"), window.get("toSeconds"), window.get("min"), window.get("median"),
            window.get("max"), medianAt(anonymous, i), medianAt(shared, i), medianAt(resident, i),
            medianAt(mallocInUse, i), medianAt(mallocHeld, i));
      }
      if (report.containsKey("proportionalMedianGrowthMegabytes")) {
        out.printf(Locale.ROOT, "median growth, first to last window: %s MB proportional, %s MB resident"
                + " (target: no growth)%n", report.get("proportionalMedianGrowthMegabytes"),
            report.get("residentMedianGrowthMegabytes"));
      } else {
        out.println("one window only: no growth to report (run at least 20 s; 600 for the memory check)");
      }
    }
    out.flush();
  }

  /**
   * PSS and RSS, the heap committed and in use after the last collection, and JavaCPP's view of native memory. Forces no
   * collection: a forced one would also free native memory the application leaves to the
   * collector, and so flatter the curve it measures.
   */
  static Map<String, Object> memory(double seconds) {
    long heapAfterLastCollection = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterCollection != null) {
        heapAfterLastCollection += afterCollection.getUsed();
      }
    }
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put("seconds", round(seconds));
    sample.put("residentMegabytes", NativeHeap.residentMegabytes());
    sample.put("proportionalMegabytes", NativeHeap.proportionalMegabytes());
    sample.put("heapCommittedMegabytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);
    sample.put("heapUsedMegabytes", heapAfterLastCollection >> 20);
    sample.put("javacppPhysicalMegabytes", Pointer.physicalBytes() >> 20);
    sample.put("javacppTrackedMegabytes", Pointer.totalBytes() >> 20);
    return sample;
  }

  private static void say(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
