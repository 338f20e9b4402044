package org.siamage.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows faces across frames by box overlap and smooths each face's estimates.
 *
 * <p>Each frame, detections are matched greedily to tracks by intersection over union (highest
 * first, at least {@value #MIN_OVERLAP}); a matched track's box moves halfway to the detection
 * (steadier boxes), an unmatched detection starts a track, and an unmatched track is kept at its
 * place for up to {@code maximumMissedFrames} frames (a blink, a turned head) before it ends. Age,
 * uncertainty and female probability are the means of the last {@code smoothingWindow} estimates.
 * Not thread-safe: the pipeline thread owns it.
 */
public final class FaceTracker {
  /** Smallest intersection over union that counts as the same face. */
  public static final double MIN_OVERLAP = 0.3;

  /**
   * A detected face box in frame pixels.
   *
   * @param width ≥ 1
   * @param height ≥ 1
   */
  public record Box(double x, double y, double width, double height) {
    double area() {
      return width * height;
    }

    /** Intersection over union, 0..1. */
    public double overlap(Box other) {
      double left = Math.max(x, other.x);
      double top = Math.max(y, other.y);
      double right = Math.min(x + width, other.x + other.width);
      double bottom = Math.min(y + height, other.y + other.height);
      double intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
      double union = area() + other.area() - intersection;
      return union <= 0 ? 0 : intersection / union;
    }
  }

  /** One face followed over time. */
  public static final class Track {
    private final int id;
    private Box box;
    private int missedFrames;
    private long lastEstimateFrame = Long.MIN_VALUE;
    private final double[] ages;
    private final double[] uncertainties;
    private final double[] females;
    private final boolean[] unusual;
    private int estimates;
    private boolean detectedNow = true;

    Track(int id, Box box, int window) {
      this.id = id;
      this.box = box;
      ages = new double[window];
      uncertainties = new double[window];
      females = new double[window];
      unusual = new boolean[window];
    }

    public int id() {
      return id;
    }

    public Box box() {
      return box;
    }

    public boolean detectedNow() {
      return detectedNow;
    }

    /** Frame number of the last estimate, or {@link Long#MIN_VALUE} when never estimated. */
    public long lastEstimateFrame() {
      return lastEstimateFrame;
    }

    /** Notes that the face was sent to the network in {@code frame} (so it is not sent again). */
    public void markEstimateRequested(long frame) {
      lastEstimateFrame = frame;
    }

    /**
     * Adds one network estimate to the smoothing window.
     *
     * @param unusualFace the face was farther from its nearest reference than the model's
     *     unusual-face distance ({@link org.siamage.infer.FacePrediction#unusual()})
     */
    public void addEstimate(long frame, double age, double uncertainty, double femaleProbability,
        boolean unusualFace) {
      int slot = estimates % ages.length;
      ages[slot] = age;
      uncertainties[slot] = uncertainty;
      females[slot] = femaleProbability;
      unusual[slot] = unusualFace;
      estimates++;
      lastEstimateFrame = frame;
    }

    /** The face as published: smoothed values, or NaN before the first estimate. */
    LiveFace snapshot() {
      int count = Math.min(estimates, ages.length);
      double age = Double.NaN;
      double uncertainty = Double.NaN;
      double female = Double.NaN;
      int unusualCount = 0;
      if (count > 0) {
        age = mean(ages, count);
        uncertainty = mean(uncertainties, count);
        female = mean(females, count);
        for (int i = 0; i < count; i++) {
          unusualCount += unusual[i] ? 1 : 0;
        }
      }
      // a majority of the window, so one odd frame does not make the label flicker
      return new LiveFace(id, (int) Math.round(box.x), (int) Math.round(box.y), (int) Math.round(box.width),
          (int) Math.round(box.height), count, age, uncertainty, female, detectedNow, 2 * unusualCount > count);
    }

    private static double mean(double[] values, int count) {
      double sum = 0;
      int finite = 0;
      for (int i = 0; i < count; i++) {
        if (!Double.isNaN(values[i])) {
          sum += values[i];
          finite++;
        }
      }
      return finite == 0 ? Double.NaN : sum / finite;
    }
  }

  private final int smoothingWindow;
  private final int maximumMissedFrames;
  private final List<Track> tracks = new ArrayList<>();
  private int nextId = 1;

  public FaceTracker(int smoothingWindow, int maximumMissedFrames) {
    this.smoothingWindow = smoothingWindow;
    this.maximumMissedFrames = maximumMissedFrames;
  }

  /**
   * Matches this frame's detections to the tracks.
   *
   * @return the live tracks after the update, oldest first (the list is reused; do not keep it)
   */
  public List<Track> update(List<Box> detections) {
    int trackCount = tracks.size();
    boolean[] trackMatched = new boolean[trackCount];
    boolean[] detectionMatched = new boolean[detections.size()];
    List<double[]> candidates = new ArrayList<>();
    for (int t = 0; t < trackCount; t++) {
      for (int d = 0; d < detections.size(); d++) {
        double overlap = tracks.get(t).box.overlap(detections.get(d));
        if (overlap >= MIN_OVERLAP) {
          candidates.add(new double[] {overlap, t, d});
        }
      }
    }
    candidates.sort(Comparator.comparingDouble((double[] candidate) -> candidate[0]).reversed());
    for (double[] candidate : candidates) {
      int t = (int) candidate[1];
      int d = (int) candidate[2];
      if (trackMatched[t] || detectionMatched[d]) {
        continue;
      }
      trackMatched[t] = true;
      detectionMatched[d] = true;
      Track track = tracks.get(t);
      Box seen = detections.get(d);
      Box old = track.box;
      track.box = new Box((old.x + seen.x) / 2, (old.y + seen.y) / 2, (old.width + seen.width) / 2,
          (old.height + seen.height) / 2);
      track.missedFrames = 0;
      track.detectedNow = true;
    }
    List<Track> ended = new ArrayList<>();
    for (int t = 0; t < trackCount; t++) {
      if (!trackMatched[t]) {
        Track track = tracks.get(t);
        track.detectedNow = false;
        if (++track.missedFrames > maximumMissedFrames) {
          ended.add(track);
        }
      }
    }
    tracks.removeAll(ended);
    for (int d = 0; d < detections.size(); d++) {
      if (!detectionMatched[d]) {
        tracks.add(new Track(nextId++, detections.get(d), smoothingWindow));
      }
    }
    return tracks;
  }

  /** Forgets every track (the source changed). */
  public void reset() {
    tracks.clear();
  }
}
