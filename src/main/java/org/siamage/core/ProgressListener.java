package org.siamage.core;

/**
 * Receives progress of a long operation. Called from the worker thread; implementations must be
 * cheap and thread-safe (the UI coalesces, the CLI draws a progress bar).
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * @param done units finished so far, 0 ≤ done ≤ total
   * @param total units in all, or -1 when unknown
   * @param message short human-readable description of the current step
   */
  void onProgress(long done, long total, String message);

  /** A listener that ignores everything. */
  static ProgressListener silent() {
    return (done, total, message) -> {};
  }
}
