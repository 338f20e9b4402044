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

  /**
   * What to tell a user when ND4J's native backend cannot load, or null when {@code failure} is
   * something else. The usual case: the CUDA build ({@code -Dcuda}) on a machine without an NVIDIA
   * driver, where ND4J fails inside a static initialiser and every later use fails with {@code
   * NoClassDefFoundError}.
   */
  public static String backendProblem(Throwable failure) {
    String linkError = null;
    boolean noBackend = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof UnsatisfiedLinkError && linkError == null) {
        linkError = cause.getMessage();
      }
      String name = cause.getClass().getName();
      String message = String.valueOf(cause.getMessage());
      if (name.endsWith("NoAvailableBackendException")
          || cause instanceof NoClassDefFoundError && message.contains("org.nd4j.linalg.factory.Nd4j")) {
        noBackend = true;
      }
    }
    if ((noBackend || linkError != null && linkError.contains("libcuda.so")) && isCudaBuild()) {
      return "ND4J's CUDA backend needs an NVIDIA driver that runs CUDA 11.6 (libcuda.so.1), and found none"
          + " that it can load. This is the CUDA build of Siamage (-Dcuda); on a machine without an"
          + " NVIDIA GPU, build it without -Dcuda.";
    }
    if (noBackend) {
      return "ND4J could not load a native backend" + (linkError == null ? "" : " (" + linkError + ")")
          + ". The CPU build needs Linux, macOS or Windows on x86-64 or ARM64; see the README's GPU section"
          + " for the CUDA build.";
    }
    return null;
  }

  /** Whether ND4J's CUDA backend is on the class path (a {@code -Dcuda} build). */
  static boolean isCudaBuild() {
    try {
      Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, WarmupService.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loads OpenCV's natives; returns its version string. */
  public String warmUpOpenCv() {
    Loader.load(opencv_core.class);
    return "OpenCV " + opencv_core.CV_VERSION + " ready";
  }
}
