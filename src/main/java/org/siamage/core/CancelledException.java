package org.siamage.core;

/** Thrown by an engine operation that honoured a {@link StopToken}. */
public final class CancelledException extends RuntimeException {
  public CancelledException() {
    super("Cancelled by the user");
  }
}
