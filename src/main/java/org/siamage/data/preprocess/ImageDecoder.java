package org.siamage.data.preprocess;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Decodes an image file into an 8-bit, 3-channel image, robustly: bad input yields a {@link
 * DecodeResult} with a reason that names the file, never an exception or a crash.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>Formats: whatever OpenCV 4.5.5 reads (JPEG, PNG, BMP, TIFF, WebP, PNM). The content is
 *       sniffed, so a text file named {@code .jpg} is refused as "not an image".
 *   <li>Colour: grayscale becomes 3 equal channels, alpha is dropped, CMYK JPEGs are converted by
 *       libjpeg, 16-bit images are reduced to 8 bits (OpenCV keeps the high byte).
 *   <li>Truncated JPEGs are refused: libjpeg would return them padded with grey, which would
 *       silently poison training. A JPEG counts as truncated when no end-of-image marker follows
 *       its first scan.
 *   <li>Size: images under {@value #MIN_SIDE}×{@value #MIN_SIDE} px are refused. Large images are
 *       decoded so that the long side is at most {@value #MAX_DECODED_SIDE} px: JPEGs through
 *       libjpeg's DCT scaling ({@code IMREAD_REDUCED_COLOR_2/4/8}, which never expands the full
 *       image), then an area resize. JPEGs above {@value #MAX_JPEG_PIXELS} pixels and other formats
 *       (which must be expanded in full first) above {@value #MAX_FULL_DECODE_PIXELS} pixels are
 *       refused, as are files over {@value #MAX_FILE_BYTES} bytes. The size is read from the file
 *       header before decoding (JPEG, PNG, BMP, GIF); for formats whose header is not parsed, the
 *       file size limit bounds the work.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ImageDecoder {
  /** Smallest accepted width and height in pixels. */
  public static final int MIN_SIDE = 16;

  /** Longest side of a decoded image in pixels; larger images are scaled down while decoding. */
  public static final int MAX_DECODED_SIDE = 2048;

  /** Largest accepted JPEG in pixels (width × height) — 400 MP, e.g. 20,000 × 20,000. */
  public static final long MAX_JPEG_PIXELS = 400_000_000L;

  /** Largest accepted non-JPEG image in pixels (decoded in full before scaling) — 64 MP. */
  public static final long MAX_FULL_DECODE_PIXELS = 64_000_000L;

  /** Largest accepted file in bytes (256 MiB). */
  public static final long MAX_FILE_BYTES = 256L << 20;

  /**
   * A decoding or preprocessing reason without the leading "PATH: " that names {@code file}, for
   * reports whose location column already names the face.
   */
  public static String reasonWithoutPath(String reason, Path file) {
    String prefix = file.toString() + ": ";
    return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
  }

  /** Decodes {@code file} into an RGB image (HWC, 8 bits per channel). */
  public DecodeResult decode(Path file) {
    try (PointerScope scope = new PointerScope()) {
      BgrDecode decoded = decodeBgr(file);
      if (!decoded.isDecoded()) {
        return DecodeResult.failed(decoded.failureReason());
      }
      Mat rgb = new Mat();
      opencv_imgproc.cvtColor(decoded.bgr(), rgb, opencv_imgproc.COLOR_BGR2RGB);
      byte[] pixels = MatBytes.toBytes(rgb);
      return DecodeResult.decoded(
          new DecodedImage(
              rgb.cols(),
              rgb.rows(),
              pixels,
              decoded.sourceWidth(),
              decoded.sourceHeight(),
              decoded.format()));
    }
  }

  /**
   * Decodes {@code file} into an OpenCV BGR {@code CV_8UC3} Mat that belongs to the caller's
   * current {@link PointerScope} (call inside one).
   */
  BgrDecode decodeBgr(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size == 0) {
        return BgrDecode.failed(file + ": empty file (0 bytes)");
      }
      if (size > MAX_FILE_BYTES) {
        return BgrDecode.failed(
            file + ": file too large (" + size + " bytes, limit " + MAX_FILE_BYTES + ")");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return BgrDecode.failed(file + ": file not found");
    } catch (AccessDeniedException e) {
      return BgrDecode.failed(file + ": cannot read (permission denied)");
    } catch (IOException e) {
      return BgrDecode.failed(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (Files.isDirectory(file)) {
      return BgrDecode.failed(file + ": is a folder, not an image");
    }
    return decodeBgr(bytes, file.toString());
  }

  /** Decodes encoded image bytes; {@code name} is used in failure reasons. */
  BgrDecode decodeBgr(byte[] bytes, String name) {
    if (bytes.length == 0) {
      return BgrDecode.failed(name + ": empty file (0 bytes)");
    }
    ImageHeader header = ImageHeader.parse(bytes);
    if (!header.isKnownFormat()) {
      return BgrDecode.failed(
          name + ": not an image (unrecognised content starting with " + preview(bytes) + ")");
    }
    if (header.hasSize()) {
      String sizeProblem = checkSize(header.width(), header.height(), header.isJpeg());
      if (sizeProblem != null) {
        return BgrDecode.failed(name + ": " + sizeProblem);
      }
    }
    if (header.isJpeg()) {
      if (header.jpegScanOffset() < 0) {
        return BgrDecode.failed(name + ": corrupt JPEG (no image data found in the header)");
      }
      if (!ImageHeader.jpegHasEndMarker(bytes, header.jpegScanOffset())) {
        return BgrDecode.failed(
            name
                + ": truncated JPEG (no end-of-image marker; file ends after "
                + bytes.length
                + " bytes)");
      }
    }
    int reduction = header.isJpeg() && header.hasSize() ? jpegReduction(header) : 1;
    Mat decoded;
    try {
      decoded = opencv_imgcodecs.imdecode(new Mat(bytes), colourFlag(reduction));
    } catch (RuntimeException e) {
      return BgrDecode.failed(
          name + ": " + header.format() + " decoder failed (" + e.getMessage() + ")");
    }
    if (decoded == null || decoded.empty()) {
      return BgrDecode.failed(name + ": " + header.format() + " decoder could not read the file");
    }
    int sourceWidth = header.hasSize() ? header.width() : decoded.cols();
    int sourceHeight = header.hasSize() ? header.height() : decoded.rows();
    if (!header.hasSize()) {
      String sizeProblem = checkSize(decoded.cols(), decoded.rows(), false);
      if (sizeProblem != null) {
        return BgrDecode.failed(name + ": " + sizeProblem);
      }
    }
    if (decoded.type() != opencv_core.CV_8UC3) {
      return BgrDecode.failed(
          name + ": decoder returned an unexpected pixel type " + decoded.type());
    }
    Mat bounded = limitLongSide(decoded);
    return new BgrDecode(bounded, sourceWidth, sourceHeight, header.format(), null);
  }

  private static String checkSize(int width, int height, boolean jpeg) {
    if (width < MIN_SIDE || height < MIN_SIDE) {
      return String.format(
          Locale.ROOT,
          "too small: %d×%d px, need at least %d×%d",
          width,
          height,
          MIN_SIDE,
          MIN_SIDE);
    }
    long pixels = (long) width * height;
    long limit = jpeg ? MAX_JPEG_PIXELS : MAX_FULL_DECODE_PIXELS;
    if (pixels > limit) {
      return String.format(
          Locale.ROOT,
          "too large: %d×%d px (%.1f megapixels), limit %d megapixels%s",
          width,
          height,
          pixels / 1e6,
          limit / 1_000_000,
          jpeg ? "" : " for non-JPEG images");
    }
    return null;
  }

  /** Smallest DCT scale-down (1, 2, 4 or 8) that brings the long side to the decode limit. */
  private static int jpegReduction(ImageHeader header) {
    int longSide = Math.max(header.width(), header.height());
    int reduction = 1;
    while (reduction < 8 && (longSide + reduction - 1) / reduction > MAX_DECODED_SIDE) {
      reduction *= 2;
    }
    return reduction;
  }

  private static int colourFlag(int reduction) {
    switch (reduction) {
      case 2:
        return IMREAD_REDUCED_COLOR_2;
      case 4:
        return IMREAD_REDUCED_COLOR_4;
      case 8:
        return IMREAD_REDUCED_COLOR_8;
      default:
        return IMREAD_COLOR;
    }
  }

  private static Mat limitLongSide(Mat image) {
    int longSide = Math.max(image.cols(), image.rows());
    if (longSide <= MAX_DECODED_SIDE) {
      return image;
    }
    double scale = (double) MAX_DECODED_SIDE / longSide;
    int width = Math.max(1, (int) Math.round(image.cols() * scale));
    int height = Math.max(1, (int) Math.round(image.rows() * scale));
    Mat resized = new Mat();
    opencv_imgproc.resize(image, resized, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
    return resized;
  }

  private static String preview(byte[] bytes) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      int value = bytes[i] & 0xFF;
      if (value >= 0x20 && value < 0x7F) {
        text.append((char) value);
      } else {
        text.append(String.format(Locale.ROOT, "\\x%02X", value));
      }
    }
    return text.append('"').toString();
  }

  /** Outcome of decoding into a Mat; the Mat belongs to the caller's pointer scope. */
  record BgrDecode(
      Mat bgr, int sourceWidth, int sourceHeight, String format, String failureReason) {
    static BgrDecode failed(String reason) {
      return new BgrDecode(null, -1, -1, "", reason);
    }

    boolean isDecoded() {
      return failureReason == null;
    }
  }
}
