package org.siamage.capture;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Delivers frames one at a time on the thread that calls it (the pipeline's grab thread). Not
 * thread-safe; {@link #close()} may be called from another thread to interrupt a stuck read.
 */
public interface FrameSource extends AutoCloseable {
  /** What the user sees in messages, e.g. "camera 0" or "demo.mp4". */
  String label();

  /**
   * Opens the source; blocks at most the source's own timeout.
   *
   * @throws SourceFailure when it cannot be opened (message names the source and the likely cause)
   */
  void open();

  /**
   * The next frame: a BGR {@code CV_8UC3} Mat owned by the source and valid until the next call.
   * Blocks until a frame is due (a camera's next exposure, a paced file's next timestamp).
   *
   * @return the frame, or {@code null} when the source has ended (file or stream end, no loop)
   * @throws SourceFailure when the source stops working mid-run (unplugged, network dropped)
   */
  Mat grab();

  /**
   * True when frames arrive on their own clock (camera, stream, real-time file) and the pipeline
   * must drop stale ones; false when it may take them at its own pace (benchmark file).
   */
  boolean isLive();

  /** Releases the device or file; safe to call twice and after a failed open. */
  @Override
  void close();
}
