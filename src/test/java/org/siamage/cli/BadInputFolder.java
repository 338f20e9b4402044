package org.siamage.cli;

import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.siamage.core.Hashing;

/** Writes a dataset folder holding every kind of bad input Siamage must survive. */
final class BadInputFolder {
  private BadInputFolder() {}

  static void write(Path folder) throws IOException {
    Path images = Files.createDirectories(folder.resolve("images"));
    gradient(images.resolve("good_colour.jpg"), 80, 96, opencv_core.CV_8UC3);
    gradient(images.resolve("good_second.png"), 64, 64, opencv_core.CV_8UC3);
    gradient(images.resolve("grayscale.jpg"), 64, 64, opencv_core.CV_8UC1);
    gradient(images.resolve("sixteen_bit.png"), 64, 64, opencv_core.CV_16UC3);
    cmykJpeg(images.resolve("cmyk.jpg"), 64, 64);
    for (String name : new String[] {"negative_age", "word_age", "absurd_age", "unknown_gender"}) {
      gradient(images.resolve(name + ".jpg"), 64, 64, opencv_core.CV_8UC3);
    }
    constant(images.resolve("huge_10000.jpg"), 10_000, 10_000);
    constant(images.resolve("one_pixel.png"), 1, 1);
    Files.write(images.resolve("zero_bytes.jpg"), new byte[0]);
    Files.writeString(images.resolve("text_named.jpg"), "this is a text file, not a JPEG\n");
    byte[] jpeg = Files.readAllBytes(images.resolve("good_colour.jpg"));
    Files.write(images.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
    Files.writeString(folder.resolve("labels.csv"), String.join("\n",
        "file,age,gender",
        "images/good_colour.jpg,25,F",
        "images/good_second.png,61,M",
        "images/grayscale.jpg,40,F",
        "images/sixteen_bit.png,33,M",
        "images/cmyk.jpg,19,F",
        "images/huge_10000.jpg,50,M",
        "images/one_pixel.png,30,F",
        "images/zero_bytes.jpg,30,F",
        "images/text_named.jpg,30,M",
        "images/truncated.jpg,44,F",
        "images/missing.jpg,30,F",
        "images/good_colour.jpg,26,F",
        "images/negative_age.jpg,-4,M",
        "images/word_age.jpg,forty,F",
        "images/absurd_age.jpg,250,F",
        "images/unknown_gender.jpg,33,X") + "\n");
  }

  /** SHA-256 of every file below {@code folder}, by relative path: to prove nothing was written. */
  static Map<String, String> fingerprint(Path folder) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
        Path file = it.next();
        hashes.put(folder.relativize(file).toString(),
            Files.isRegularFile(file) ? Hashing.sha256(file) : "folder");
      }
    }
    return hashes;
  }

  private static void gradient(Path file, int width, int height, int type) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, type, new Scalar(90, 140, 200, 0));
      int depthMax = opencv_core.CV_MAT_DEPTH(type) == opencv_core.CV_16U ? 65535 : 255;
      for (int y = 0; y < height; y++) {
        Mat row = image.row(y);
        double level = depthMax * (0.2 + 0.6 * y / height);
        row.put(new Mat(1, width, type, new Scalar(level, level * 0.8, level * 0.6, 0)));
      }
      if (!opencv_imgcodecs.imwrite(file.toString(), image)) {
        throw new IllegalStateException("OpenCV could not write " + file);
      }
    }
  }

  private static void constant(Path file, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, opencv_core.CV_8UC3, new Scalar(120, 130, 140, 0));
      if (!opencv_imgcodecs.imwrite(file.toString(), image)) {
        throw new IllegalStateException("OpenCV could not write " + file);
      }
    }
  }

  /** ImageIO's JPEG writer stores a 4-band raster as a four-component (CMYK-style) JPEG. */
  private static void cmykJpeg(Path file, int width, int height) throws IOException {
    WritableRaster raster = Raster.createBandedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {40, 80, 120, 20});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
  }
}
