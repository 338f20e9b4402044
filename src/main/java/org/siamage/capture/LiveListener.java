package org.siamage.capture;

/**
 * Hears from a running {@link LivePipeline}. Both methods are called on the pipeline's thread and
 * must return quickly (hand the value over; never draw here).
 */
public interface LiveListener {
  /** After every processed frame; its pixels are in {@link LivePipeline#display()}. */
  default void onFrame(FrameAnalysis analysis) {}

  /** On a change the user should know about. */
  default void onEvent(LiveEvent event) {}
}
