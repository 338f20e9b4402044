package org.siamage.ui.diagnostics;

import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.siamage.process.ThreadCpuTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long the FX thread is ever kept from drawing: the longest gap between two pulses
 * (frames). While the monitor runs, JavaFX pulses continuously (about 60 per second), so any gap
 * well above 17 ms is time the FX thread spent on something else. Enabled with {@code
 * -Dsiamage.stallMonitor=true}; the result is shown in the status bar and logged on close. A
 * watchdog thread reads the FX thread's CPU time, run-queue wait and state, the render thread's CPU
 * time and run-queue wait, and host steal, from {@code /proc} every 10 ms, so each reported stall
 * says whether the FX thread was working, waiting for a core or blocked, whether the render thread
 * was still painting, and whether the host paused the machine; with {@code
 * -Dsiamage.stallMonitor.stacks=true} it also samples the stack (see {@link #watch()}).
 */
public final class FxStallMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(FxStallMonitor.class);
  /** The first pulses after start-up include building the window; they are not counted. */
  private static final long WARM_UP_NANOS = 5_000_000_000L;

  /** Gaps longer than this are logged one by one, with their time. */
  private static final long REPORTED_GAP_NANOS = 50_000_000L;

  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private volatile ThreadCpuTimes cpuAtReset = ThreadCpuTimes.now();
  private long startNanos;
  private long measureStartNanos;
  private long lastPulse;
  private long longestGapNanos;
  private long longestGapWithoutStealNanos;
  private long pulses;
  /**
   * What the watchdog read every 10 ms, a ring of 2.5 s: the time, host steal (ticks), and the CPU
   * time and run-queue wait (ns) of the FX thread and of the render thread. JavaFX holds a pulse
   * back while the render thread still paints the previous one, so a late pulse with an idle FX
   * thread is explained by the render thread's readings.
   */
  private final long[] readingTimes = new long[256];
  private final long[] stealValues = new long[256];
  private final long[] fxRunNanos = new long[256];
  private final long[] fxWaitNanos = new long[256];
  private final long[] renderRunNanos = new long[256];
  private final long[] renderWaitNanos = new long[256];
  private long readingCount;
  private volatile long lastPulseSeen;
  private volatile Thread fxThread;
  private volatile boolean watching;
  private final java.util.Map<String, Integer> overdueFrames = new java.util.concurrent.ConcurrentHashMap<>();
  /** While a pulse is overdue: the runnable threads seen in each watchdog reading, and how often. */
  private final java.util.Map<String, Integer> overdueRunnable = new java.util.concurrent.ConcurrentHashMap<>();
  private final AnimationTimer timer = new AnimationTimer() {
    @Override
    public void handle(long now) {
      lastPulseSeen = System.nanoTime();
      fxThread = Thread.currentThread();
      if (startNanos == 0) {
        startNanos = now;
      }
      if (lastPulse != 0 && now - startNanos > WARM_UP_NANOS) {
        if (measureStartNanos == 0) {
          measureStartNanos = lastPulse;
        }
        long gap = now - lastPulse;
        longestGapNanos = Math.max(longestGapNanos, gap);
        long[] readings = gap > 35_000_000L ? readingsBetween(lastPulse, now) : null;
        long stolen = readings == null ? 0 : readings[0];
        if (stolen <= 0) {
          longestGapWithoutStealNanos = Math.max(longestGapWithoutStealNanos, gap);
        }
        if (gap > REPORTED_GAP_NANOS) {
          // seconds since the measurement started (start-up warm-up, or the last reset)
          LOG.warn("FX stall of {} ms at {} s; FX thread seen in: {}runnable threads seen: {}{}{}{}",
              String.format(Locale.ROOT, "%.1f", gap / 1e6),
              String.format(Locale.ROOT, "%.1f", (now - measureStartNanos) / 1e9), overdueSummary(),
              summarise(overdueRunnable, 6),
              runAndWait("FX thread", readings, 1), runAndWait("render thread", readings, 3),
              stolen > 0 ? String.format(Locale.ROOT, "host steal meanwhile: %.0f ms of CPU time",
                  stolen * ThreadCpuTimes.MILLIS_PER_TICK) : "no host steal");
        }
        overdueFrames.clear();
        overdueRunnable.clear();
        pulses++;
        if (pulses % 30 == 0) {
          summary.set(describe());
        }
      }
      lastPulse = now;
    }
  };

  /** "NAME on a CPU X ms, waiting for one Y ms; " from {@code readings[at]} and {@code readings[at + 1]}. */
  private static String runAndWait(String name, long[] readings, int at) {
    return readings != null && readings[at] >= 0
        ? String.format(Locale.ROOT, "%s on a CPU %.0f ms, waiting for one %.0f ms; ", name, readings[at] / 1e6,
            readings[at + 1] / 1e6)
        : "";
  }

  public static boolean enabled() {
    return Boolean.getBoolean("siamage.stallMonitor");
  }

  public void start() {
    timer.start();
    watching = true;
    Thread watchdog = new Thread(this::watch, "fx-stall-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /**
   * Every 10 ms reads host steal and the FX thread's CPU time and run-queue wait from {@code /proc}
   * (so a stall can be split into the FX thread's own work, waiting for a core, and the machine
   * being paused by its host), and while a pulse is more than 35 ms overdue notes the FX thread's
   * scheduler state. None of this stops the JVM. With {@code -Dsiamage.stallMonitor.stacks=true}
   * it also notes the FX thread's top stack frames. Stack samples are safepoints that stop every Java thread, and reaching one can take tens of
   * milliseconds when background threads run in the idle scheduling class, so they lengthen the
   * very stalls they explain: use them to find a cause, not to measure.
   */
  private void watch() {
    boolean stacks = Boolean.getBoolean("siamage.stallMonitor.stacks");
    int fxTid = -1;
    int renderTid = -1;
    while (watching) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
      if ((fxTid < 0 || renderTid < 0) && fxThread != null) {
        ThreadCpuTimes threads = ThreadCpuTimes.now();
        fxTid = threads.threadNamed("JavaFX Applicat");
        renderTid = threads.threadNamed("QuantumRenderer");
      }
      record(System.nanoTime(), ThreadCpuTimes.stealTicks(), runAndWaitOf(fxTid), runAndWaitOf(renderTid));
      Thread thread = fxThread;
      if (thread == null || System.nanoTime() - lastPulseSeen < 35_000_000L) {
        continue;
      }
      char state = fxTid < 0 ? '?' : ThreadCpuTimes.state(fxTid);
      StringBuilder where = new StringBuilder(switch (state) {
        case 'R' -> "running or waiting for a core";
        case 'S' -> "sleeping (lock, condition or event)";
        case 'D' -> "in I/O";
        default -> "state " + state;
      });
      // who holds the cores meanwhile: this process's runnable threads, and the machine's count
      overdueRunnable.merge(ThreadCpuTimes.now().runnable() + "; " + ThreadCpuTimes.runnableOnMachine()
          + " on the machine", 1, Integer::sum);
      if (stacks) {
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < Math.min(4, stack.length); i++) {
          where.append(i == 0 ? ": " : " < ").append(stack[i].getClassName()).append('.')
              .append(stack[i].getMethodName());
        }
        // the innermost Siamage frame says which of our handlers the time belongs to, if any
        for (int i = 4; i < stack.length; i++) {
          if (stack[i].getClassName().startsWith("org.siamage.")) {
            where.append(" … < ").append(stack[i].getClassName()).append('.').append(stack[i].getMethodName());
            break;
          }
        }
      }
      overdueFrames.merge(where.toString(), 1, Integer::sum);
    }
  }

  private static long[] runAndWaitOf(int tid) {
    return tid < 0 ? new long[] {-1, -1} : ThreadCpuTimes.runAndWaitNanos(tid);
  }

  private synchronized void record(long time, long stealTicks, long[] fxRunAndWait, long[] renderRunAndWait) {
    int slot = (int) (readingCount++ % readingTimes.length);
    readingTimes[slot] = time;
    stealValues[slot] = stealTicks;
    fxRunNanos[slot] = fxRunAndWait[0];
    fxWaitNanos[slot] = fxRunAndWait[1];
    renderRunNanos[slot] = renderRunAndWait[0];
    renderWaitNanos[slot] = renderRunAndWait[1];
  }

  /**
   * What changed between two times, from the last reading at or before {@code from} to the first
   * at or after {@code to} (or the newest, when none is that late yet): {host steal in ticks, FX
   * thread CPU ns, FX thread run-queue wait ns, render thread CPU ns, render thread run-queue wait
   * ns}; a part that cannot be told is 0 for steal and -1 for a thread's times; null when the
   * readings do not cover the span.
   */
  private synchronized long[] readingsBetween(long from, long to) {
    int readings = (int) Math.min(readingCount, readingTimes.length);
    int before = -1;
    int after = -1;
    int newest = -1;
    for (int i = 0; i < readings; i++) {
      if (readingTimes[i] <= from && (before < 0 || readingTimes[i] > readingTimes[before])) {
        before = i;
      }
      if (readingTimes[i] >= to && (after < 0 || readingTimes[i] < readingTimes[after])) {
        after = i;
      }
      if (newest < 0 || readingTimes[i] > readingTimes[newest]) {
        newest = i;
      }
    }
    int end = after >= 0 ? after : newest;
    if (before < 0 || end < 0 || end == before) {
      return null;
    }
    long steal = stealValues[before] < 0 || stealValues[end] < 0 ? 0 : Math.max(0, stealValues[end] - stealValues[before]);
    long[] fx = change(fxRunNanos, fxWaitNanos, before, end);
    long[] render = change(renderRunNanos, renderWaitNanos, before, end);
    return new long[] {steal, fx[0], fx[1], render[0], render[1]};
  }

  private static long[] change(long[] run, long[] wait, int from, int to) {
    boolean known = run[from] >= 0 && run[to] >= 0;
    return known ? new long[] {run[to] - run[from], wait[to] - wait[from]} : new long[] {-1, -1};
  }

  private String overdueSummary() {
    return summarise(overdueFrames, 3);
  }

  /** The {@code limit} most frequent observations, e.g. {@code "3× sleeping; 1× running; "}. */
  private static String summarise(java.util.Map<String, Integer> observations, int limit) {
    if (observations.isEmpty()) {
      return "(no sample); ";
    }
    StringBuilder text = new StringBuilder();
    observations.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(entry -> text.append(entry.getValue()).append("× ").append(entry.getKey()).append("; "));
    return text.toString();
  }

  /** Starts a new measurement (e.g. when a training run starts), without a warm-up. */
  public void reset() {
    // read /proc off the FX thread: the measurement must not cost the frames it measures
    java.util.concurrent.CompletableFuture.runAsync(() -> cpuAtReset = ThreadCpuTimes.now());
    longestGapNanos = 0;
    longestGapWithoutStealNanos = 0;
    pulses = 0;
    startNanos = lastPulse == 0 ? 0 : lastPulse - WARM_UP_NANOS - 1;
    measureStartNanos = lastPulse;
    LOG.warn("FX stall monitor reset");
  }

  /** Logs the measurement so far, e.g. when the training run it measured has ended. */
  public void report(String what) {
    LOG.warn("FX stall monitor, {}: {}", what, describe());
    LOG.warn("CPU time by thread since the measurement started: {}",
        ThreadCpuTimes.now().busiestSince(cpuAtReset, 12));
  }

  public void stop() {
    timer.stop();
    watching = false;
    LOG.warn("FX stall monitor: {}", describe());
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Longest gap between pulses in milliseconds since the warm-up ended. */
  public double longestGapMillis() {
    return longestGapNanos / 1e6;
  }

  /**
   * Longest gap between pulses during which the machine's hypervisor took no CPU time from it:
   * the stalls Siamage and the operating system are responsible for.
   */
  public double longestGapWithoutStealMillis() {
    return longestGapWithoutStealNanos / 1e6;
  }

  public String describe() {
    double seconds = measureStartNanos == 0 ? 0 : (lastPulse - measureStartNanos) / 1e9;
    String text = String.format(Locale.ROOT, "longest FX stall %.1f ms over %d frames (%.0f s)",
        longestGapMillis(), pulses, seconds);
    return longestGapWithoutStealNanos < longestGapNanos
        ? text + String.format(Locale.ROOT, "; %.1f ms in stalls without host steal", longestGapWithoutStealMillis())
        : text;
  }
}
