package org.siamage.data.preprocess;

import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between OpenCV 8-bit Mats and Java byte arrays. */
final class MatBytes {
  private MatBytes() {}

  /** The Mat's pixels row by row (HWC); non-continuous Mats (ROIs) are copied first. */
  static byte[] toBytes(Mat mat) {
    Mat continuous = mat.isContinuous() ? mat : mat.clone();
    byte[] bytes = new byte[(int) (continuous.total() * continuous.elemSize())];
    continuous.data().get(bytes);
    return bytes;
  }
}
