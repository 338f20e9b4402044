package org.siamage.infer.explain;

import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;

/**
 * Occlusion sensitivity of a pair's learned distance: slides a grey patch (value 0, the middle of
 * the [-1, 1] input range) over one face's network input, keeps the other face whole, and records
 * how the distance D changes at each position. All occluded variants of a face go through the
 * network in a few large batches.
 */
public final class OcclusionSensitivity {
  private static final float GREY = 0f;

  private OcclusionSensitivity() {}

  /** The network's inference tower: {@code [n·3·S·S]} inputs in, {@code [n][E]} embeddings out. */
  @FunctionalInterface
  public interface Embedder {
    float[][] embed(float[] inputs, int n);
  }

  /**
   * Maps both faces of a pair.
   *
   * @param first network input of the first face, {@code [3·S·S]} CHW floats in [-1, 1], S =
   *     {@link FaceModel#inputSize()}
   * @param second network input of the second face, same shape
   * @param progress receives occluded crops embedded so far out of all of them
   * @throws org.siamage.core.CancelledException when {@code stop} is requested (checked between
   *     forward passes)
   */
  public static PairOcclusion compute(FaceModel model, float[] first, float[] second, OcclusionSettings settings,
      ProgressListener progress, StopToken stop) {
    return compute(model::embed, model.inputSize(), first, second, settings, progress, stop);
  }

  /**
   * As {@link #compute(FaceModel, float[], float[], OcclusionSettings, ProgressListener, StopToken)}
   * with any embedder (the benchmark uses a bare network).
   *
   * @param size side S of the square inputs in pixels
   */
  public static PairOcclusion compute(Embedder model, int size, float[] first, float[] second,
      OcclusionSettings settings, ProgressListener progress, StopToken stop) {
    long start = System.nanoTime();
    checkInput(first, size, "first");
    checkInput(second, size, "second");
    float[][] whole = model.embed(concat(first, second), 2);
    double baseDistance = distance(whole[0], whole[1]);
    int side = settings.positionsPerSide(size);
    int perFace = side * side;
    Counter counter = new Counter(progress, 2 * perFace);
    OcclusionMap firstMap = map(model, size, first, whole[1], baseDistance, settings, counter, stop);
    OcclusionMap secondMap = map(model, size, second, whole[0], baseDistance, settings, counter, stop);
    return new PairOcclusion(firstMap, secondMap, settings, counter.forwardPasses + 1,
        (System.nanoTime() - start) / 1e9);
  }

  private static OcclusionMap map(Embedder model, int size, float[] face, float[] otherEmbedding,
      double baseDistance, OcclusionSettings settings, Counter counter, StopToken stop) {
    int plane = size * size;
    int side = settings.positionsPerSide(size);
    int positions = side * side;
    float[][] changes = new float[side][side];
    for (int startPosition = 0; startPosition < positions; startPosition += settings.batch()) {
      stop.throwIfStopped();
      int count = Math.min(settings.batch(), positions - startPosition);
      float[] batch = new float[count * 3 * plane];
      for (int i = 0; i < count; i++) {
        int position = startPosition + i;
        int offset = i * 3 * plane;
        System.arraycopy(face, 0, batch, offset, 3 * plane);
        int top = settings.offset(position / side, size);
        int left = settings.offset(position % side, size);
        for (int channel = 0; channel < 3; channel++) {
          for (int row = top; row < top + settings.patch(); row++) {
            int rowStart = offset + channel * plane + row * size + left;
            java.util.Arrays.fill(batch, rowStart, rowStart + settings.patch(), GREY);
          }
        }
      }
      float[][] embeddings = model.embed(batch, count);
      for (int i = 0; i < count; i++) {
        int position = startPosition + i;
        changes[position / side][position % side] = (float) (distance(embeddings[i], otherEmbedding) - baseDistance);
      }
      counter.done(count);
    }
    return new OcclusionMap(perPixel(changes, settings, size), changes, baseDistance);
  }

  /** Spreads each position's change over the pixels its patch covered, averaging overlaps. */
  private static float[][] perPixel(float[][] changes, OcclusionSettings settings, int size) {
    double[][] sum = new double[size][size];
    int[][] covered = new int[size][size];
    int side = changes.length;
    for (int r = 0; r < side; r++) {
      int top = settings.offset(r, size);
      for (int c = 0; c < side; c++) {
        int left = settings.offset(c, size);
        for (int row = top; row < top + settings.patch(); row++) {
          for (int column = left; column < left + settings.patch(); column++) {
            sum[row][column] += changes[r][c];
            covered[row][column]++;
          }
        }
      }
    }
    float[][] heat = new float[size][size];
    for (int row = 0; row < size; row++) {
      for (int column = 0; column < size; column++) {
        heat[row][column] = covered[row][column] == 0 ? 0f : (float) (sum[row][column] / covered[row][column]);
      }
    }
    return heat;
  }

  private static void checkInput(float[] input, int size, String name) {
    if (input == null || input.length != 3 * size * size) {
      throw new IllegalArgumentException(name + " face: expected " + 3 * size * size + " floats (3×" + size + "×"
          + size + "), got " + (input == null ? "null" : input.length));
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Euclidean distance of two embeddings of equal length. */
  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double difference = a[k] - b[k];
      sum += difference * difference;
    }
    return Math.sqrt(sum);
  }

  private static final class Counter {
    private final ProgressListener progress;
    private final int total;
    private int done;
    private int forwardPasses;

    Counter(ProgressListener progress, int total) {
      this.progress = progress;
      this.total = total;
    }

    void done(int crops) {
      done += crops;
      forwardPasses++;
      progress.onProgress(done, total, "occluding");
    }
  }
}
