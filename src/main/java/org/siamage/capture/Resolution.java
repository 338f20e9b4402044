package org.siamage.capture;

import java.util.List;

/**
 * A frame size in pixels. {@link #NATIVE} (0 × 0) keeps what the source delivers.
 *
 * @param width 0 (native) or 16..7680
 * @param height 0 (native) or 16..4320
 */
public record Resolution(int width, int height) {
  public static final Resolution NATIVE = new Resolution(0, 0);

  /** The sizes offered in the source picker. */
  public static final List<Resolution> CHOICES =
      List.of(NATIVE, new Resolution(320, 240), new Resolution(640, 480), new Resolution(1280, 720));

  public Resolution {
    boolean isNative = width == 0 && height == 0;
    if (!isNative && (width < 16 || width > 7680 || height < 16 || height > 4320)) {
      throw new IllegalArgumentException("resolution " + width + "×" + height + " is out of range");
    }
  }

  public boolean isNative() {
    return width == 0;
  }

  @Override
  public String toString() {
    return isNative() ? "as delivered" : width + " × " + height;
  }
}
