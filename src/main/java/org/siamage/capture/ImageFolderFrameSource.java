package org.siamage.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The images of a folder as a slideshow: each image is delivered repeatedly at {@value
 * #FRAMES_PER_SECOND} frames/s for its share of time, so tracking and smoothing behave as with a
 * camera. Unreadable images are skipped.
 */
final class ImageFolderFrameSource implements FrameSource {
  static final int FRAMES_PER_SECOND = 15;
  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");

  private final SourceSpec.ImageFolder spec;
  private List<Path> images = List.of();
  private int index = -1;
  private long shownSinceNanos;
  private long nextFrameNanos;
  private Mat current = new Mat();

  ImageFolderFrameSource(SourceSpec.ImageFolder spec) {
    this.spec = spec;
  }

  @Override
  public String label() {
    return spec.label();
  }

  @Override
  public void open() {
    if (!Files.isDirectory(spec.folder())) {
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE, "Image folder not found: " + spec.folder());
    }
    try (Stream<Path> files = Files.list(spec.folder())) {
      images = files.filter(Files::isRegularFile).filter(ImageFolderFrameSource::isImage).sorted().toList();
    } catch (IOException e) {
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE, "Cannot list " + spec.folder() + ": " + e.getMessage(), e);
    }
    if (images.isEmpty()) {
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE,
          spec.folder() + " holds no images (jpg, jpeg, png or bmp)");
    }
    nextFrameNanos = System.nanoTime();
  }

  @Override
  public Mat grab() {
    long now = System.nanoTime();
    if (nextFrameNanos > now) {
      try {
        Thread.sleep((nextFrameNanos - now) / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    nextFrameNanos = Math.max(nextFrameNanos, System.nanoTime()) + 1_000_000_000L / FRAMES_PER_SECOND;
    long holdNanos = (long) (spec.secondsPerImage() * 1e9);
    if (index < 0 || System.nanoTime() - shownSinceNanos >= holdNanos) {
      if (!advance()) {
        return null;
      }
    }
    return current;
  }

  /** Loads the next readable image; false when the show has ended. */
  private boolean advance() {
    for (int attempts = 0; attempts < images.size(); attempts++) {
      index++;
      if (index >= images.size()) {
        if (!spec.loop()) {
          return false;
        }
        index = 0;
      }
      Mat decoded = opencv_imgcodecs.imread(images.get(index).toString(), opencv_imgcodecs.IMREAD_COLOR);
      if (decoded != null && !decoded.empty()) {
        current.release();
        current = fit(decoded, spec.resolution());
        shownSinceNanos = System.nanoTime();
        return true;
      }
    }
    throw new SourceFailure(SourceFailure.Kind.SOURCE_LOST, "None of the images in " + spec.folder()
        + " can be read any more");
  }

  /** Scales the image to fit the resolution, centred on black (letterbox); native keeps it. */
  private static Mat fit(Mat image, Resolution resolution) {
    if (resolution.isNative()) {
      return image;
    }
    double scale = Math.min((double) resolution.width() / image.cols(), (double) resolution.height() / image.rows());
    int width = Math.max(1, (int) Math.round(image.cols() * scale));
    int height = Math.max(1, (int) Math.round(image.rows() * scale));
    Mat resized = new Mat();
    opencv_imgproc.resize(image, resized, new Size(width, height), 0, 0,
        scale < 1 ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
    Mat canvas = new Mat(resolution.height(), resolution.width(), opencv_core.CV_8UC3, new Scalar(0.0));
    resized.copyTo(new Mat(canvas, new Rect((resolution.width() - width) / 2, (resolution.height() - height) / 2,
        width, height)));
    image.release();
    resized.release();
    return canvas;
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public void close() {
    images = List.of();
  }
}
