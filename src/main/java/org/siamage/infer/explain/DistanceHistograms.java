package org.siamage.infer.explain;

import java.util.SplittableRandom;
import org.siamage.infer.ReferenceGallery;

/**
 * Learned distances of positive pairs (same age class, |Δage| ≤ τ) and negative pairs (|Δage| > τ),
 * binned over [0, 2], so one pair's distance can be placed among them.
 *
 * @param binWidth width of each bin in distance units
 * @param positive positive pairs per bin
 * @param negative negative pairs per bin
 * @param ageThreshold τ in years
 * @param source where the faces came from (e.g. "reference gallery (training faces)")
 */
public record DistanceHistograms(double binWidth, int[] positive, int[] negative, double ageThreshold,
    String source) {
  /** Distances of L2-normalised embeddings lie in [0, 2]. */
  public static final double MAX_DISTANCE = 2.0;

  /**
   * Samples pairs of a reference gallery. All pairs when there are at most {@code maxPairs};
   * otherwise {@code maxPairs} random pairs (seeded, so the same model gives the same histograms).
   *
   * @param bins number of bins over [0, 2], ≥ 1
   */
  public static DistanceHistograms ofGallery(ReferenceGallery gallery, double ageThreshold, int bins, int maxPairs,
      long seed, String source) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    double width = MAX_DISTANCE / bins;
    int[] positive = new int[bins];
    int[] negative = new int[bins];
    int n = gallery.size();
    long allPairs = (long) n * (n - 1) / 2;
    if (allPairs <= maxPairs) {
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          add(gallery, i, j, ageThreshold, width, positive, negative);
        }
      }
    } else {
      SplittableRandom random = new SplittableRandom(seed);
      for (int p = 0; p < maxPairs; p++) {
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        add(gallery, i, j >= i ? j + 1 : j, ageThreshold, width, positive, negative);
      }
    }
    return new DistanceHistograms(width, positive, negative, ageThreshold, source);
  }

  private static void add(ReferenceGallery gallery, int i, int j, double ageThreshold, double width, int[] positive,
      int[] negative) {
    double distance = OcclusionSensitivity.distance(gallery.embedding(i), gallery.embedding(j));
    if (!Double.isFinite(distance)) {
      return;
    }
    int bin = (int) Math.min(positive.length - 1, Math.max(0, Math.floor(distance / width)));
    if (Math.abs(gallery.age(i) - gallery.age(j)) <= ageThreshold) {
      positive[bin]++;
    } else {
      negative[bin]++;
    }
  }

  public int bins() {
    return positive.length;
  }

  public int positivePairs() {
    return java.util.Arrays.stream(positive).sum();
  }

  public int negativePairs() {
    return java.util.Arrays.stream(negative).sum();
  }

  /** Share of positive pairs at distance ≤ {@code distance} (bin resolution), 0..1. */
  public double positiveShareBelow(double distance) {
    return shareBelow(positive, distance);
  }

  /** Share of negative pairs at distance ≤ {@code distance} (bin resolution), 0..1. */
  public double negativeShareBelow(double distance) {
    return shareBelow(negative, distance);
  }

  private double shareBelow(int[] counts, double distance) {
    int total = java.util.Arrays.stream(counts).sum();
    if (total == 0) {
      return Double.NaN;
    }
    int last = (int) Math.min(counts.length - 1, Math.floor(distance / binWidth));
    int below = 0;
    for (int bin = 0; bin <= last; bin++) {
      below += counts[bin];
    }
    return below / (double) total;
  }
}
