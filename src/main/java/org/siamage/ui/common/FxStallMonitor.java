package org.siamage.ui.common;

import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.siamage.core.ThreadCpuTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long the FX thread is ever kept from drawing: the longest gap between two pulses
 * (frames). While the monitor runs, JavaFX pulses continuously (about 60 per second), so any gap
 * well above 17 ms is time the FX thread spent on something else. Enabled with {@code
 * -Dsiamage.stallMonitor=true}; the result is shown in the status bar and logged on close. A
 * watchdog thread samples the FX thread's stack every 10 ms while a pulse is more than 35 ms overdue, so each
 * reported stall names what the FX thread was doing (or that it was runnable but not running).
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
  private long pulses;
  private volatile long lastPulseSeen;
  private volatile Thread fxThread;
  private volatile boolean watching;
  private final java.util.Map<String, Integer> overdueFrames = new java.util.concurrent.ConcurrentHashMap<>();
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
        if (gap > REPORTED_GAP_NANOS) {
          // seconds since the measurement started (start-up warm-up, or the last reset)
          LOG.warn("FX stall of {} ms at {} s; FX thread seen in: {}", String.format(Locale.ROOT, "%.1f", gap / 1e6),
              String.format(Locale.ROOT, "%.1f", (now - measureStartNanos) / 1e9), overdueSummary());
        }
        overdueFrames.clear();
        pulses++;
        if (pulses % 30 == 0) {
          summary.set(describe());
        }
      }
      lastPulse = now;
    }
  };

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

  /** While a pulse is more than 35 ms overdue, counts the FX thread's top frames every 10 ms. */
  private void watch() {
    while (watching) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
      Thread thread = fxThread;
      // each sample is a safepoint that pauses every thread, the FX thread too: sample only in
      // real stalls (a pulse more than two frames late), not in ordinary frame-time jitter
      if (thread == null || System.nanoTime() - lastPulseSeen < 35_000_000L) {
        continue;
      }
      StackTraceElement[] stack = thread.getStackTrace();
      StringBuilder where = new StringBuilder(thread.getState().toString());
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
      overdueFrames.merge(where.toString(), 1, Integer::sum);
    }
  }

  private String overdueSummary() {
    if (overdueFrames.isEmpty()) {
      return "(no sample)";
    }
    StringBuilder text = new StringBuilder();
    overdueFrames.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(3)
        .forEach(entry -> text.append(entry.getValue()).append("× ").append(entry.getKey()).append("; "));
    return text.toString();
  }

  /** Starts a new measurement (e.g. when a training run starts), without a warm-up. */
  public void reset() {
    // read /proc off the FX thread: the measurement must not cost the frames it measures
    java.util.concurrent.CompletableFuture.runAsync(() -> cpuAtReset = ThreadCpuTimes.now());
    longestGapNanos = 0;
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

  public String describe() {
    double seconds = measureStartNanos == 0 ? 0 : (lastPulse - measureStartNanos) / 1e9;
    return String.format(Locale.ROOT, "longest FX stall %.1f ms over %d frames (%.0f s)",
        longestGapMillis(), pulses, seconds);
  }
}
