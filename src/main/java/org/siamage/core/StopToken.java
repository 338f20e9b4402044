package org.siamage.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation flag handed to every long engine operation. Engines check it at
 * iteration, epoch, chunk and frame boundaries and return early (throwing {@link
 * CancelledException} where a partial result would be misleading).
 */
public final class StopToken {
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  /** A token that is never stopped, for callers that cannot cancel. */
  public static StopToken never() {
    return new StopToken();
  }

  public void requestStop() {
    stopRequested.set(true);
  }

  public boolean isStopRequested() {
    return stopRequested.get();
  }

  /** Throws {@link CancelledException} when a stop was requested. */
  public void throwIfStopped() {
    if (stopRequested.get()) {
      throw new CancelledException();
    }
  }
}
