package org.siamage.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.siamage.core.UserFacingException;
import org.siamage.data.preprocess.FacePreprocessor;

/**
 * Finds frontal faces in a grayscale frame with an OpenCV cascade on an equalised copy scaled to
 * {@code detectionWidth} pixels wide. Reuses its working images between frames. Not thread-safe.
 */
public final class FaceDetector implements AutoCloseable {
  /** Scale step between cascade passes; 1.1 finds more faces than 1.2 at about twice the cost. */
  static final double SCALE_FACTOR = 1.1;

  /** Overlapping hits a face needs; 3 keeps false faces rare on busy backgrounds. */
  static final int MIN_NEIGHBOURS = 3;

  private final CascadeClassifier cascade;
  private final int detectionWidth;
  private final double minimumFaceShare;
  private final Mat small = new Mat();
  private final Mat equalised = new Mat();
  private final RectVector found = new RectVector();

  /**
   * @param detector cascade file name shipped in the OpenCV jar, or a path
   * @param detectionWidth width of the scanned copy in pixels
   * @param minimumFaceShare smallest face as a share of {@code detectionWidth}
   * @throws UserFacingException when the cascade cannot be found or loaded
   */
  public FaceDetector(String detector, int detectionWidth, double minimumFaceShare) {
    Path file = FacePreprocessor.cascadeFile(detector, "detector");
    CascadeClassifier loaded = new CascadeClassifier();
    if (!loaded.load(file.toString())) {
      loaded.deallocate();
      throw new UserFacingException("detector: OpenCV could not load cascade " + file);
    }
    this.cascade = loaded;
    this.detectionWidth = detectionWidth;
    this.minimumFaceShare = minimumFaceShare;
  }

  /**
   * Faces in {@code gray}'s pixel coordinates, largest first.
   *
   * @param gray 8-bit single-channel frame
   */
  public List<FaceTracker.Box> detect(Mat gray) {
    double scale = Math.min(1.0, (double) detectionWidth / gray.cols());
    Mat scanned = gray;
    if (scale < 1.0) {
      opencv_imgproc.resize(gray, small,
          new Size(detectionWidth, Math.max(1, (int) Math.round(gray.rows() * scale))), 0, 0,
          opencv_imgproc.INTER_AREA);
      scanned = small;
    }
    opencv_imgproc.equalizeHist(scanned, equalised);
    int minimum = Math.max(20, (int) Math.round(equalised.cols() * minimumFaceShare));
    try (Size minSize = new Size(minimum, minimum); Size maxSize = new Size()) {
      cascade.detectMultiScale(equalised, found, SCALE_FACTOR, MIN_NEIGHBOURS, 0, minSize, maxSize);
    }
    List<FaceTracker.Box> boxes = new ArrayList<>((int) found.size());
    for (long i = 0; i < found.size(); i++) {
      try (Rect box = found.get(i)) {
        boxes.add(new FaceTracker.Box(box.x() / scale, box.y() / scale, box.width() / scale, box.height() / scale));
      }
    }
    boxes.sort((a, b) -> Double.compare(b.width() * b.height(), a.width() * a.height()));
    return boxes;
  }

  @Override
  public void close() {
    cascade.deallocate();
    small.release();
    equalised.release();
    found.deallocate();
  }
}
