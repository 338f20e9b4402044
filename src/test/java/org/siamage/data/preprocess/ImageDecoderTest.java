package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
  @TempDir Path folder;

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void decodesColourJpegToRgb() {
    // BGR (30, 60, 200) is a red-dominant colour: RGB order must put 200 first
    Path file =
        TestImages.writeConstant(
            folder.resolve("red.jpg"), 40, 30, opencv_core.CV_8UC3, new Scalar(30, 60, 200, 0));
    DecodeResult result = decoder.decode(file);
    assertThat(result.isDecoded()).as(result.failureReason()).isTrue();
    DecodedImage image = result.image();
    assertThat(image.width()).isEqualTo(40);
    assertThat(image.height()).isEqualTo(30);
    assertThat(image.rgb()).hasSize(40 * 30 * 3);
    assertThat(image.rgb()[0] & 0xFF).isBetween(195, 205);
    assertThat(image.rgb()[2] & 0xFF).isBetween(25, 35);
    assertThat(image.format()).isEqualTo("JPEG");
  }

  @Test
  void missingFileIsReportedWithItsPath() {
    Path file = folder.resolve("absent.jpg");
    DecodeResult result = decoder.decode(file);
    assertThat(result.isDecoded()).isFalse();
    assertThat(result.failureReason()).contains(file.toString()).contains("file not found");
  }

  @Test
  void zeroByteFileIsRefused() throws IOException {
    Path file = Files.createFile(folder.resolve("empty.jpg"));
    assertThat(decoder.decode(file).failureReason())
        .contains(file.toString())
        .contains("empty file (0 bytes)");
  }

  @Test
  void textFileNamedJpgIsRefused() throws IOException {
    Path file = folder.resolve("notes.jpg");
    Files.writeString(file, "hello, this is not a picture\n", StandardCharsets.UTF_8);
    assertThat(decoder.decode(file).failureReason())
        .contains(file.toString())
        .contains("not an image")
        .contains("\"hello, t\"");
  }

  @Test
  void truncatedJpegIsRefused() throws IOException {
    Path whole = TestImages.writeGradient(folder.resolve("whole.jpg"), 200, 150);
    assertThat(decoder.decode(whole).isDecoded()).isTrue();
    Path truncated = TestImages.writeTruncated(whole, folder.resolve("truncated.jpg"), 0.6);
    assertThat(decoder.decode(truncated).failureReason())
        .contains(truncated.toString())
        .contains("truncated JPEG");
  }

  @Test
  void grayscaleJpegBecomesThreeEqualChannels() {
    Path file =
        TestImages.writeConstant(
            folder.resolve("gray.jpg"), 32, 32, opencv_core.CV_8UC1, new Scalar(90, 0, 0, 0));
    DecodedImage image = decoder.decode(file).image();
    assertThat(image.rgb()).hasSize(32 * 32 * 3);
    assertThat(image.rgb()[0]).isEqualTo(image.rgb()[1]).isEqualTo(image.rgb()[2]);
    assertThat(image.rgb()[0] & 0xFF).isBetween(85, 95);
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws IOException {
    Path file = folder.resolve("cmyk.jpg");
    writeCmykJpeg(file, 48, 40);
    DecodeResult result = decoder.decode(file);
    assertThat(result.isDecoded()).as(result.failureReason()).isTrue();
    assertThat(result.image().width()).isEqualTo(48);
    assertThat(result.image().rgb()).hasSize(48 * 40 * 3);
    byte[] rgb = result.image().rgb();
    int middle = (20 * 48 + 24) * 3;
    // a uniform ink mix decodes to one uniform colour (libjpeg's CMYK path, not garbage)
    assertThat(rgb[middle]).isEqualTo(rgb[0]);
    assertThat(rgb[middle + 1]).isEqualTo(rgb[1]);
  }

  @Test
  void sixteenBitPngIsReducedToEightBits() {
    Path file =
        TestImages.writeConstant(
            folder.resolve("deep.png"),
            20,
            20,
            opencv_core.CV_16UC3,
            new Scalar(0x1000, 0x8000, 0xFF00, 0));
    DecodedImage image = decoder.decode(file).image();
    assertThat(image.rgb()).hasSize(20 * 20 * 3);
    assertThat(image.rgb()[0] & 0xFF).isEqualTo(0xFF); // R came from BGR's third channel
    assertThat(image.rgb()[1] & 0xFF).isEqualTo(0x80);
    assertThat(image.rgb()[2] & 0xFF).isEqualTo(0x10);
  }

  @Test
  void rgbaPngDropsAlpha() {
    Path file =
        TestImages.writeConstant(
            folder.resolve("alpha.png"), 24, 24, opencv_core.CV_8UC4, new Scalar(10, 20, 30, 40));
    DecodedImage image = decoder.decode(file).image();
    assertThat(image.rgb()).hasSize(24 * 24 * 3);
    assertThat(new int[] {image.rgb()[0], image.rgb()[1], image.rgb()[2]})
        .containsExactly(30, 20, 10);
  }

  @Test
  void onePixelImageIsTooSmall() {
    Path file =
        TestImages.writeConstant(
            folder.resolve("dot.png"), 1, 1, opencv_core.CV_8UC3, new Scalar(1, 2, 3, 0));
    assertThat(decoder.decode(file).failureReason())
        .contains(file.toString())
        .contains("too small: 1×1 px, need at least 16×16");
  }

  @Test
  void hugeJpegIsDecodedAtReducedScale() {
    Path file =
        TestImages.writeConstant(
            folder.resolve("huge.jpg"),
            10_000,
            10_000,
            opencv_core.CV_8UC3,
            new Scalar(50, 100, 150, 0));
    long start = System.nanoTime();
    DecodeResult result = decoder.decode(file);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(result.isDecoded()).as(result.failureReason()).isTrue();
    DecodedImage image = result.image();
    assertThat(image.sourceWidth()).isEqualTo(10_000);
    assertThat(Math.max(image.width(), image.height()))
        .isLessThanOrEqualTo(ImageDecoder.MAX_DECODED_SIDE);
    assertThat(image.width()).isEqualTo(1250); // 1/8 DCT scaling
    assertThat(seconds).isLessThan(5.0);
  }

  @Test
  void hugeNonJpegImageIsRefusedFromItsHeader() throws IOException {
    // a PNG header claiming 10,000 × 10,000 px: refused before any decoding
    Path file =
        TestImages.writeConstant(
            folder.resolve("big.png"), 20, 20, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
    byte[] bytes = Files.readAllBytes(file);
    writeInt(bytes, 16, 10_000);
    writeInt(bytes, 20, 10_000);
    Files.write(file, bytes);
    assertThat(decoder.decode(file).failureReason())
        .contains(file.toString())
        .contains("too large: 10000×10000 px (100.0 megapixels), limit 64 megapixels");
  }

  @Test
  void folderIsRefused() {
    DecodeResult result = decoder.decode(folder);
    assertThat(result.isDecoded()).isFalse();
    assertThat(result.failureReason()).contains(folder.toString());
  }

  private static void writeInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }

  /** ImageIO's JPEG writer stores a 4-band raster as a 4-component (CMYK) JPEG. */
  private static void writeCmykJpeg(Path file, int width, int height) throws IOException {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {20, 200, 180, 10});
      }
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    byte[] bytes = Files.readAllBytes(file);
    ImageHeader header = ImageHeader.parse(bytes);
    if (!header.isJpeg() || header.width() != width) {
      throw new IllegalStateException("ImageIO did not write a JPEG: " + header);
    }
  }
}
