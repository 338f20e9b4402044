package org.siamage.data.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Writes synthetic test images with OpenCV. */
final class TestImages {
  private TestImages() {}

  /** Writes a constant-colour image; {@code type} is an OpenCV type such as CV_8UC3. */
  static Path writeConstant(Path file, int width, int height, int type, Scalar value) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, type, value);
      write(file, image);
    }
    return file;
  }

  /** Writes a smooth BGR gradient with a few soft shapes: an image without any face. */
  static Path writeGradient(Path file, int width, int height) {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(height, width, opencv_core.CV_8UC3);
      byte[] pixels = new byte[width * height * 3];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int offset = (y * width + x) * 3;
          pixels[offset] = (byte) (255 * x / width);
          pixels[offset + 1] = (byte) (255 * y / height);
          pixels[offset + 2] = (byte) 128;
        }
      }
      image.data().put(pixels);
      write(file, image);
    }
    return file;
  }

  /** Writes a BGR image with two dark dots, the second lower by {@code drop} pixels. */
  static Mat dotsImage(int size, int leftX, int rightX, int y, int drop) {
    Mat image = new Mat(size, size, opencv_core.CV_8UC3, new Scalar(255, 255, 255, 0));
    opencv_imgproc.circle(image, new Point(leftX, y), 4, new Scalar(0, 0, 0, 0), -1, 8, 0);
    opencv_imgproc.circle(image, new Point(rightX, y + drop), 4, new Scalar(0, 0, 0, 0), -1, 8, 0);
    return image;
  }

  static void write(Path file, Mat image) {
    if (!opencv_imgcodecs.imwrite(file.toString(), image)) {
      throw new IllegalStateException("OpenCV could not write " + file);
    }
  }

  /** Writes the first {@code share} of {@code source}'s bytes to {@code target}. */
  static Path writeTruncated(Path source, Path target, double share) throws IOException {
    byte[] bytes = Files.readAllBytes(source);
    byte[] head = new byte[(int) (bytes.length * share)];
    System.arraycopy(bytes, 0, head, 0, head.length);
    Files.write(target, head);
    return target;
  }
}
