package org.siamage.data.preprocess;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Geometry of a face crop: square crops that may leave the image (edges replicated), optional
 * rotation about the crop centre, and the final resize. All Mats it creates belong to the caller's
 * current {@link org.bytedeco.javacpp.PointerScope}.
 */
final class FaceAligner {
  private FaceAligner() {}

  /**
   * Cuts a square of {@code side} px centred on ({@code centreX}, {@code centreY}) out of {@code
   * image}, rotated counter-clockwise (as seen on screen) by {@code angleDegrees} about that
   * centre, and resizes it to {@code outputSize} px. Parts outside the image replicate the nearest
   * edge.
   *
   * @param image BGR or gray 8-bit image
   * @param angleDegrees rotation in degrees; positive turns the content counter-clockwise, which
   *     levels an eye line whose right end is lower by that angle
   * @return a new {@code outputSize × outputSize} Mat of the input's type
   */
  static Mat alignedSquare(
      Mat image, double centreX, double centreY, int side, double angleDegrees, int outputSize) {
    Mat square;
    if (Math.abs(angleDegrees) < 0.01) {
      square = squareWithBorder(image, centreX, centreY, side);
    } else {
      // Rotate only a neighbourhood large enough to hold the rotated square, not the whole image.
      int reach = (int) Math.ceil(side * Math.sqrt(2)) + 2;
      Mat neighbourhood = squareWithBorder(image, centreX, centreY, reach);
      Point2f pivot = new Point2f(reach / 2f, reach / 2f);
      Mat rotation = opencv_imgproc.getRotationMatrix2D(pivot, angleDegrees, 1.0);
      Mat rotated = new Mat();
      opencv_imgproc.warpAffine(
          neighbourhood,
          rotated,
          rotation,
          new Size(reach, reach),
          opencv_imgproc.INTER_LINEAR,
          opencv_core.BORDER_REPLICATE,
          new org.bytedeco.opencv.opencv_core.Scalar());
      square = squareWithBorder(rotated, reach / 2.0, reach / 2.0, side);
    }
    return resize(square, outputSize);
  }

  /** The largest centred square, resized to {@code outputSize}: the pre-aligned path. */
  static Mat centreSquare(Mat image, int outputSize) {
    return centreSquare(image, 1, outputSize);
  }

  /**
   * The centred square of side {@code share × min(width, height)}, resized to {@code outputSize}.
   *
   * @param share 0 < share ≤ 1; 1 = the largest centred square
   */
  static Mat centreSquare(Mat image, double share, int outputSize) {
    int side = Math.max(1, (int) Math.round(Math.min(image.cols(), image.rows()) * share));
    int x = (image.cols() - side) / 2;
    int y = (image.rows() - side) / 2;
    Mat roi = new Mat(image, new Rect(x, y, side, side));
    return resize(roi, outputSize);
  }

  /** Square crop whose parts outside {@code image} are filled by replicating its edge pixels. */
  static Mat squareWithBorder(Mat image, double centreX, double centreY, int side) {
    int left = (int) Math.round(centreX - side / 2.0);
    int top = (int) Math.round(centreY - side / 2.0);
    int right = left + side;
    int bottom = top + side;
    // Clamp the part inside the image to at least one pixel so that replication has a source.
    int insideLeft = clamp(left, 0, image.cols() - 1);
    int insideTop = clamp(top, 0, image.rows() - 1);
    int insideRight = clamp(right, insideLeft + 1, image.cols());
    int insideBottom = clamp(bottom, insideTop + 1, image.rows());
    Mat inside =
        new Mat(
            image,
            new Rect(insideLeft, insideTop, insideRight - insideLeft, insideBottom - insideTop));
    int padTop = insideTop - top;
    int padLeft = insideLeft - left;
    int padBottom = bottom - insideBottom;
    int padRight = right - insideRight;
    if (padTop == 0 && padLeft == 0 && padBottom == 0 && padRight == 0) {
      return inside;
    }
    // Padding is clamped at 0: when the whole square lies outside, the edge pixel fills it.
    Mat padded = new Mat();
    opencv_core.copyMakeBorder(
        inside,
        padded,
        Math.max(0, padTop),
        Math.max(0, padBottom),
        Math.max(0, padLeft),
        Math.max(0, padRight),
        opencv_core.BORDER_REPLICATE);
    if (padded.cols() == side && padded.rows() == side) {
      return padded;
    }
    // The square lay partly beyond the far edge: trim to the requested side.
    int trimX = Math.max(0, -padLeft);
    int trimY = Math.max(0, -padTop);
    return new Mat(padded, new Rect(trimX, trimY, side, side));
  }

  /** Resizes a square to {@code outputSize}; area averaging when shrinking avoids aliasing. */
  static Mat resize(Mat square, int outputSize) {
    if (square.cols() == outputSize && square.rows() == outputSize) {
      return square.clone();
    }
    int interpolation =
        square.cols() > outputSize ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR;
    Mat resized = new Mat();
    opencv_imgproc.resize(square, resized, new Size(outputSize, outputSize), 0, 0, interpolation);
    return resized;
  }

  private static int clamp(int value, int low, int high) {
    return Math.max(low, Math.min(high, value));
  }
}
