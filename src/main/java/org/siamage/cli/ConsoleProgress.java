package org.siamage.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.siamage.core.ProgressListener;

/**
 * A text progress bar on standard error. On a terminal it redraws one line at most ten times a
 * second; when output is redirected it prints a line every 10 % so logs stay short.
 */
public final class ConsoleProgress implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  /** When the current bar started: its ETA is the pace of this bar, not of the whole command. */
  private long startNanos = System.nanoTime();
  private long lastDone;
  private String lastUnmeasuredMessage = "";
  private long lastDrawNanos;
  private int lastDecile = -1;
  private boolean lineOpen;

  public ConsoleProgress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar on stderr, interactive when a console is attached. */
  public static ConsoleProgress onStandardError() {
    return new ConsoleProgress(System.err, System.console() != null);
  }

  @Override
  public synchronized void onProgress(long done, long total, String message) {
    long now = System.nanoTime();
    if (done < lastDone) {
      restart(now); // a new bar (the next epoch) without finish() in between
    }
    lastDone = done;
    boolean finished = total > 0 && done >= total;
    if (interactive) {
      if (!finished && now - lastDrawNanos < REDRAW_NANOS) {
        return;
      }
      lastDrawNanos = now;
      out.print("\r" + render(done, total, message, now) + "\u001b[K");
      lineOpen = true;
      if (finished) {
        out.println();
        lineOpen = false;
      }
    } else if (total > 0) {
      int decile = (int) (10 * done / total);
      if (decile != lastDecile || finished) {
        lastDecile = decile;
        out.println(render(done, total, message, now));
      }
    } else if (!message.equals(lastUnmeasuredMessage)) { // a step of unknown length: once, as it starts
      lastUnmeasuredMessage = message;
      out.println(render(done, total, message, now));
    }
    out.flush();
  }

  /** Ends an open progress line so the next output starts on a fresh line, and the next bar from zero. */
  public synchronized void finish() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
    restart(System.nanoTime());
  }

  private void restart(long now) {
    startNanos = now;
    lastDone = 0;
    lastDecile = -1;
  }

  private String render(long done, long total, String message, long now) {
    double seconds = (now - startNanos) / 1e9;
    if (total <= 0) { // an unknown total: a count when there is one, else only the time
      return done >= 0 ? String.format(Locale.ROOT, "%s  %d  %.0fs", message, done, seconds)
          : String.format(Locale.ROOT, "%s  %.0fs", message, seconds);
    }
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String eta = "";
    if (done > 0 && done < total) {
      double remaining = seconds / done * (total - done);
      eta = String.format(Locale.ROOT, " ETA %s", formatDuration(remaining));
    }
    return String.format(Locale.ROOT, "[%s%s] %3.0f%% %d/%d %s%s",
        "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), 100 * fraction, done, total, message, eta);
  }

  static String formatDuration(double seconds) {
    long whole = Math.round(seconds);
    if (whole < 60) {
      return whole + "s";
    }
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, (whole % 3600) / 60);
  }
}
