package org.siamage.capture;

/**
 * How the live pipeline trades speed for steadiness.
 *
 * @param detector face cascade shipped in the OpenCV jar (or a file path)
 * @param detectionWidth width in pixels of the grayscale copy the detector scans, 160..1280;
 *     smaller is faster and misses small faces
 * @param minimumFaceShare smallest face searched for, as a share of the detection width, 0.03..0.5
 * @param estimateEveryFrames a tracked face is re-estimated by the network every this many frames,
 *     1..30, or 0 for automatic (as often as the frame budget allows)
 * @param targetFramesPerSecond the frame budget the automatic interval aims for, 1..120
 * @param smoothingWindow estimates averaged per face, 1..60
 * @param maximumMissedFrames frames a face may go undetected before its track ends, 0..120
 * @param maximumFaces faces estimated per frame at most (largest first), 1..32
 * @param noFaceAfterMillis how long without a face before a "no face in view" event, ≥ 0
 * @param maximumNetworkRunsPerSecond network batches a second at most, 1..60, whatever the frame
 *     rate: each SameDiff forward pass allocates about 4 MB of short-lived Java objects and takes
 *     a core for tens of milliseconds, so a source that delivers frames faster than a camera (a
 *     file played as fast as possible) must not drive the network faster too (ADR 0043)
 */
public record LiveSettings(
    String detector,
    int detectionWidth,
    double minimumFaceShare,
    int estimateEveryFrames,
    int targetFramesPerSecond,
    int smoothingWindow,
    int maximumMissedFrames,
    int maximumFaces,
    long noFaceAfterMillis,
    int maximumNetworkRunsPerSecond) {

  /** The detector chosen by measurement (docs/decisions/0030-webcam-pipeline.md). */
  public static final String DEFAULT_DETECTOR = "lbpcascade_frontalface.xml";

  public LiveSettings {
    check(detectionWidth >= 160 && detectionWidth <= 1280, "detectionWidth", detectionWidth, "160..1280");
    check(minimumFaceShare >= 0.03 && minimumFaceShare <= 0.5, "minimumFaceShare", minimumFaceShare, "0.03..0.5");
    check(estimateEveryFrames >= 0 && estimateEveryFrames <= 30, "estimateEveryFrames", estimateEveryFrames, "0..30");
    check(targetFramesPerSecond >= 1 && targetFramesPerSecond <= 120, "targetFramesPerSecond",
        targetFramesPerSecond, "1..120");
    check(smoothingWindow >= 1 && smoothingWindow <= 60, "smoothingWindow", smoothingWindow, "1..60");
    check(maximumMissedFrames >= 0 && maximumMissedFrames <= 120, "maximumMissedFrames", maximumMissedFrames,
        "0..120");
    check(maximumFaces >= 1 && maximumFaces <= 32, "maximumFaces", maximumFaces, "1..32");
    check(noFaceAfterMillis >= 0, "noFaceAfterMillis", noFaceAfterMillis, "≥ 0");
    check(maximumNetworkRunsPerSecond >= 1 && maximumNetworkRunsPerSecond <= 60, "maximumNetworkRunsPerSecond",
        maximumNetworkRunsPerSecond, "1..60");
  }

  public static LiveSettings defaults() {
    return new LiveSettings(DEFAULT_DETECTOR, 320, 0.08, 0, 30, 8, 6, 8, 1500, 10);
  }

  public LiveSettings withDetector(String name) {
    return new LiveSettings(name, detectionWidth, minimumFaceShare, estimateEveryFrames, targetFramesPerSecond,
        smoothingWindow, maximumMissedFrames, maximumFaces, noFaceAfterMillis, maximumNetworkRunsPerSecond);
  }

  public LiveSettings withEstimateEveryFrames(int frames) {
    return new LiveSettings(detector, detectionWidth, minimumFaceShare, frames, targetFramesPerSecond,
        smoothingWindow, maximumMissedFrames, maximumFaces, noFaceAfterMillis, maximumNetworkRunsPerSecond);
  }

  private static void check(boolean ok, String field, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException("live settings: " + field + " must be " + range + ", was " + value);
    }
  }
}
