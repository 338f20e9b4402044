package org.siamage.data.preprocess;

import java.nio.charset.StandardCharsets;

/**
 * What the first bytes of an image file say: its format and, for JPEG, PNG, BMP and GIF, its pixel
 * size. Read before decoding so that huge images can be decoded at a reduced scale (or refused)
 * instead of being expanded in memory first.
 *
 * @param format short format name ("JPEG", "PNG", ...), or empty when the content is no known image
 * @param width width in pixels, or -1 when the header does not say (or could not be read)
 * @param height height in pixels, or -1 when unknown
 * @param jpegScanOffset for JPEG, the offset of the first start-of-scan marker (-1 when absent or
 *     not a JPEG); the entropy-coded image data and the end-of-image marker follow it
 */
record ImageHeader(String format, int width, int height, int jpegScanOffset) {
  static final String JPEG = "JPEG";
  static final String PNG = "PNG";

  boolean isKnownFormat() {
    return !format.isEmpty();
  }

  boolean hasSize() {
    return width > 0 && height > 0;
  }

  boolean isJpeg() {
    return JPEG.equals(format);
  }

  /** Sniffs the format from the leading bytes; never throws on malformed data. */
  static ImageHeader parse(byte[] bytes) {
    int length = bytes.length;
    if (length >= 3 && u8(bytes, 0) == 0xFF && u8(bytes, 1) == 0xD8 && u8(bytes, 2) == 0xFF) {
      return parseJpeg(bytes);
    }
    if (length >= 8
        && u8(bytes, 0) == 0x89
        && bytes[1] == 'P'
        && bytes[2] == 'N'
        && bytes[3] == 'G') {
      boolean hasIhdr = length >= 24 && ascii(bytes, 12, 4).equals("IHDR");
      return hasIhdr
          ? new ImageHeader(PNG, int32BigEndian(bytes, 16), int32BigEndian(bytes, 20), -1)
          : new ImageHeader(PNG, -1, -1, -1);
    }
    if (length >= 26 && bytes[0] == 'B' && bytes[1] == 'M') {
      return new ImageHeader(
          "BMP", int32LittleEndian(bytes, 18), Math.abs(int32LittleEndian(bytes, 22)), -1);
    }
    if (length >= 10 && ascii(bytes, 0, 4).equals("GIF8")) {
      return new ImageHeader("GIF", u16LittleEndian(bytes, 6), u16LittleEndian(bytes, 8), -1);
    }
    if (length >= 12 && ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 4).equals("WEBP")) {
      return new ImageHeader("WebP", -1, -1, -1);
    }
    if (length >= 4
        && ((bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 42 && bytes[3] == 0)
            || (bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42))) {
      return new ImageHeader("TIFF", -1, -1, -1);
    }
    if (length >= 2 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6') {
      return new ImageHeader("PNM", -1, -1, -1);
    }
    return new ImageHeader("", -1, -1, -1);
  }

  /**
   * Walks the JPEG marker segments up to the first start-of-scan, taking the size from the first
   * start-of-frame marker. Segments (EXIF thumbnails included) are skipped by their length fields.
   */
  private static ImageHeader parseJpeg(byte[] bytes) {
    int width = -1;
    int height = -1;
    int position = 2;
    while (position + 3 < bytes.length) {
      if (u8(bytes, position) != 0xFF) {
        break; // not at a marker: corrupt header
      }
      int marker = u8(bytes, position + 1);
      if (marker == 0xFF) {
        position++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        position += 2; // stand-alone markers carry no length
        continue;
      }
      if (marker == 0xD9) {
        break; // end of image before any scan
      }
      int segmentLength = u16BigEndian(bytes, position + 2);
      if (marker == 0xDA) {
        return new ImageHeader(JPEG, width, height, position);
      }
      boolean startOfFrame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame && width < 0 && position + 8 < bytes.length) {
        height = u16BigEndian(bytes, position + 5);
        width = u16BigEndian(bytes, position + 7);
      }
      if (segmentLength < 2) {
        break;
      }
      position += 2 + segmentLength;
    }
    return new ImageHeader(JPEG, width, height, -1);
  }

  /** True when an end-of-image marker (FF D9) follows the first scan: the file is complete. */
  static boolean jpegHasEndMarker(byte[] bytes, int scanOffset) {
    // Entropy-coded data stuffs every 0xFF with 0x00, so FF D9 after the scan can only be the EOI.
    // Search backwards: on a complete file it sits at (or near) the very end.
    for (int position = bytes.length - 2; position >= Math.max(scanOffset, 0); position--) {
      if (u8(bytes, position) == 0xFF && u8(bytes, position + 1) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  private static int u8(byte[] bytes, int index) {
    return bytes[index] & 0xFF;
  }

  private static int u16BigEndian(byte[] bytes, int index) {
    return index + 1 < bytes.length ? (u8(bytes, index) << 8) | u8(bytes, index + 1) : 0;
  }

  private static int u16LittleEndian(byte[] bytes, int index) {
    return u8(bytes, index) | (u8(bytes, index + 1) << 8);
  }

  private static int int32BigEndian(byte[] bytes, int index) {
    return (u8(bytes, index) << 24)
        | (u8(bytes, index + 1) << 16)
        | (u8(bytes, index + 2) << 8)
        | u8(bytes, index + 3);
  }

  private static int int32LittleEndian(byte[] bytes, int index) {
    return u8(bytes, index)
        | (u8(bytes, index + 1) << 8)
        | (u8(bytes, index + 2) << 16)
        | (u8(bytes, index + 3) << 24);
  }

  private static String ascii(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }
}
