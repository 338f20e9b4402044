package org.siamage.capture;

/**
 * A triple buffer between the pipeline (writer) and the screen (reader): the writer fills the back
 * frame and publishes it; the reader takes the newest published frame. Neither waits for the other,
 * nothing is allocated per frame, and an unread frame is simply overwritten (latest wins).
 */
public final class DisplayFrames {
  private DisplayFrame back = new DisplayFrame();
  private DisplayFrame ready = new DisplayFrame();
  private DisplayFrame front = new DisplayFrame();
  private boolean fresh;

  /** The writer's frame to fill; call {@link #publish()} when done. Writer thread only. */
  DisplayFrame back() {
    return back;
  }

  /** Makes the back frame the newest one. */
  synchronized void publish() {
    DisplayFrame published = back;
    back = ready;
    ready = published;
    fresh = true;
  }

  /**
   * The newest frame not yet taken, or {@code null} when nothing new was published. The returned
   * frame stays untouched by the writer until the next call. Reader thread only.
   */
  public synchronized DisplayFrame takeLatest() {
    if (!fresh) {
      return null;
    }
    DisplayFrame taken = ready;
    ready = front;
    front = taken;
    fresh = false;
    return taken;
  }

  /** Drops any unread frame (after a stop, so the next start does not show an old picture). */
  public synchronized void clear() {
    fresh = false;
  }
}
