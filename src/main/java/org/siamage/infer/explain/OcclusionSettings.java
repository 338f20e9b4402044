package org.siamage.infer.explain;

/**
 * How occlusion sensitivity slides its patch over a face crop.
 *
 * @param patch side of the square grey patch in pixels, 1..input size
 * @param stride step between patch positions in pixels, 1..patch
 * @param batch occluded crops per forward pass, ≥ 1 (more is faster until memory runs short)
 */
public record OcclusionSettings(int patch, int stride, int batch) {
  /** The most crops per forward pass by default. */
  public static final int MAX_DEFAULT_BATCH = 256;

  /** Input bytes per forward pass the default batch aims at (activations grow in proportion). */
  private static final long BATCH_INPUT_BYTES = 64L << 20;

  public OcclusionSettings {
    if (patch < 1) {
      throw new IllegalArgumentException("occlusion patch must be at least 1 px, got " + patch);
    }
    if (stride < 1 || stride > patch) {
      throw new IllegalArgumentException(
          "occlusion stride must be 1.." + patch + " px (at most the patch), got " + stride);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("occlusion batch must be at least 1, got " + batch);
    }
  }

  /**
   * A quarter of the face per patch and about 13 × 13 positions whatever the input size (patch 16,
   * stride 4: 13 × 13 at 64 px; patch 74, stride 18: 14 × 14 at 299 px): a patch that size hides an
   * eye, the mouth or a cheek, the scale at which age cues live, and the cost stays a few hundred
   * crops per pair.
   */
  public static OcclusionSettings defaultsFor(int inputSize) {
    int patch = Math.max(1, inputSize / 4);
    int stride = Math.max(1, Math.min(patch, inputSize / 16));
    return new OcclusionSettings(patch, stride, defaultBatch(inputSize));
  }

  /**
   * Crops per forward pass: few large passes are faster on the CPU than many small ones (each call
   * has a fixed cost, and larger batches keep oneDNN's kernels busy), bounded so that one pass's
   * input stays near 64 MB: 256 at 64 px (all 169 positions of a face in one pass), 62 at 299 px.
   */
  public static int defaultBatch(int inputSize) {
    long perCrop = 3L * inputSize * inputSize * Float.BYTES;
    return (int) Math.max(16, Math.min(MAX_DEFAULT_BATCH, BATCH_INPUT_BYTES / perCrop));
  }

  /** Patch positions along one side of a {@code size} crop (the last one touches the far edge). */
  public int positionsPerSide(int size) {
    if (patch > size) {
      throw new IllegalArgumentException("occlusion patch " + patch + " px is larger than the " + size + " px crop");
    }
    int steps = (size - patch) / stride + 1;
    return (size - patch) % stride == 0 ? steps : steps + 1;
  }

  /** Top-left coordinate of position {@code index} along a side of {@code size} pixels. */
  int offset(int index, int size) {
    return Math.min(index * stride, size - patch);
  }
}
