package org.siamage.capture;

/**
 * A processed frame ready to draw: pixels as ints {@code 0xAARRGGBB} (opaque), row-major, which is
 * JavaFX's {@code PixelFormat.getIntArgbPreInstance()} layout. The pixel array is reused: it is
 * valid until the reader's next {@link DisplayFrames#takeLatest()}.
 */
public final class DisplayFrame {
  private int[] pixels = new int[0];
  private int width;
  private int height;
  private FrameAnalysis analysis;

  /** Row-major ARGB pixels; only the first {@code width × height} entries are meaningful. */
  public int[] pixels() {
    return pixels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** What was found in this frame. */
  public FrameAnalysis analysis() {
    return analysis;
  }

  /** Makes room for a frame of this size, reusing the array when it is big enough. */
  int[] prepare(int newWidth, int newHeight) {
    int needed = newWidth * newHeight;
    if (pixels.length < needed) {
      pixels = new int[needed];
    }
    width = newWidth;
    height = newHeight;
    return pixels;
  }

  void setAnalysis(FrameAnalysis value) {
    analysis = value;
  }
}
