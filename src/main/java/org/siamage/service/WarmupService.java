package org.siamage.service;

import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads the native engines (ND4J and OpenCV) ahead of first use. The first ND4J start unpacks its
 * natives (seconds); the GUI calls these in the background and shows the outcome in its status bar.
 */
public final class WarmupService {

  /**
   * Initialises ND4J and runs one tiny operation.
   *
   * @return a one-line description of the backend, e.g. "ND4J CPU (2 threads)"
   */
  public String warmUpNd4j() {
    INDArray probe = Nd4j.ones(4, 4).mmul(Nd4j.ones(4, 4));
    if (probe.getDouble(0, 0) != 4.0) {
      throw new IllegalStateException("ND4J self-check failed: 1x1 matrix product gave "
          + probe.getDouble(0, 0));
    }
    String backend = Nd4j.getBackend().getClass().getSimpleName()
        .replace("Backend", "").toUpperCase(Locale.ROOT);
    return "ND4J " + backend + " ready";
  }

  /** Loads OpenCV's natives; returns its version string. */
  public String warmUpOpenCv() {
    Loader.load(opencv_core.class);
    return "OpenCV " + opencv_core.CV_VERSION + " ready";
  }
}
