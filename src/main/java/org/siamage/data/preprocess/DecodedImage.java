package org.siamage.data.preprocess;

/**
 * A decoded image in memory.
 *
 * @param width width in pixels of {@code rgb}
 * @param height height in pixels of {@code rgb}
 * @param rgb pixels, row-major HWC, 3 bytes per pixel in R, G, B order (0..255); length {@code
 *     width * height * 3}
 * @param sourceWidth width of the image in the file (larger than {@code width} when it was scaled
 *     down while decoding)
 * @param sourceHeight height of the image in the file
 * @param format the file's format ("JPEG", "PNG", ...)
 */
public record DecodedImage(
    int width, int height, byte[] rgb, int sourceWidth, int sourceHeight, String format) {}
