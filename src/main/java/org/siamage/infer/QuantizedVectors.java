package org.siamage.infer;

/**
 * The gallery's embeddings as one byte per component, for the graph walk of {@link
 * ReferenceIndex}: a walk reads a few thousand scattered references per query, and at a million
 * references their float vectors (512 MB) miss every cache, so the walk waits on memory. A byte
 * code per component is a quarter of the traffic (128 bytes a reference at d = 128).
 *
 * <p>Each component j is coded over its own range in the gallery: value ≈ {@code minimum[j] +
 * step[j] · code} with the code in 0..255. A query stays in floats (asymmetric distance), so the
 * error is the references' rounding only, at most half a step per component. The walk only ranks
 * candidates with these distances; the k nearest are then chosen among the candidates with the
 * exact float distances, as the exact search computes them.
 *
 * <p>Immutable and thread-safe.
 */
final class QuantizedVectors {
  private static final int CACHE_LINE_BYTES = 64;
  private final int dimension;
  private final byte[] codes;
  private final float[] minimum;
  private final float[] step;
  private final float[] squaredNorms;

  private QuantizedVectors(int dimension, byte[] codes, float[] minimum, float[] step, float[] squaredNorms) {
    this.dimension = dimension;
    this.codes = codes;
    this.minimum = minimum;
    this.step = step;
    this.squaredNorms = squaredNorms;
  }

  /** Codes every reference of {@code gallery}; one pass for the ranges, one for the codes. */
  static QuantizedVectors of(ReferenceGallery gallery) {
    int d = gallery.dimension();
    int n = gallery.size();
    float[] block = gallery.embeddingBlock();
    float[] minimum = new float[d];
    float[] maximum = new float[d];
    java.util.Arrays.fill(minimum, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(maximum, Float.NEGATIVE_INFINITY);
    for (int row = 0; row < n; row++) {
      for (int j = 0; j < d; j++) {
        float value = block[row * d + j];
        minimum[j] = Math.min(minimum[j], value);
        maximum[j] = Math.max(maximum[j], value);
      }
    }
    float[] step = new float[d];
    for (int j = 0; j < d; j++) {
      step[j] = n == 0 ? 1f : Math.max((maximum[j] - minimum[j]) / 255f, Float.MIN_NORMAL);
    }
    byte[] codes = new byte[n * d];
    for (int row = 0; row < n; row++) {
      for (int j = 0; j < d; j++) {
        int code = Math.round((block[row * d + j] - minimum[j]) / step[j]);
        codes[row * d + j] = (byte) Math.max(0, Math.min(255, code));
      }
    }
    return new QuantizedVectors(d, codes, minimum, step, gallery.squaredNorms());
  }

  long ramBytesUsed() {
    return 16L + codes.length + 2L * (16 + 4L * dimension);
  }

  /** A query prepared for many distances: its components folded with each component's step. */
  Query query(float[] vector, int offset) {
    float[] weights = new float[dimension];
    double base = 0;
    double norm = 0;
    for (int j = 0; j < dimension; j++) {
      float value = vector[offset + j];
      weights[j] = value * step[j];
      base += (double) value * minimum[j];
      norm += (double) value * value;
    }
    return new Query(weights, (float) base, (float) norm);
  }

  /** One query's view: approximate squared distances to any reference. Not thread-safe (counts). */
  final class Query {
    private final float[] weights;
    private final float base;
    private final float squaredNorm;
    private int computed;
    private int sink;

    private Query(float[] weights, float base, float squaredNorm) {
      this.weights = weights;
      this.base = base;
      this.squaredNorm = squaredNorm;
    }

    /** ‖q − r‖² with r decoded from its codes (the exact norm ‖r‖² is kept beside them). */
    float squaredDistance(int reference) {
      computed++;
      int from = reference * dimension;
      float sum0 = 0;
      float sum1 = 0;
      float sum2 = 0;
      float sum3 = 0;
      int j = 0;
      int unrolledEnd = dimension & ~3;
      for (; j < unrolledEnd; j += 4) {
        sum0 += weights[j] * (codes[from + j] & 0xFF);
        sum1 += weights[j + 1] * (codes[from + j + 1] & 0xFF);
        sum2 += weights[j + 2] * (codes[from + j + 2] & 0xFF);
        sum3 += weights[j + 3] * (codes[from + j + 3] & 0xFF);
      }
      for (; j < dimension; j++) {
        sum0 += weights[j] * (codes[from + j] & 0xFF);
      }
      float dot = base + (sum0 + sum1) + (sum2 + sum3);
      return Math.max(0f, squaredNorm + squaredNorms[reference] - 2f * dot);
    }

    /**
     * Reads one byte of each cache line of the given references' codes, so that the processor
     * fetches them from memory together (Java has no prefetch instruction; a plain read that
     * nothing waits on serves, and its sum is kept so that the compiler cannot drop it).
     */
    void prefetch(int[] references, int count) {
      int touched = 0;
      for (int i = 0; i < count; i++) {
        int from = references[i] * dimension;
        for (int line = 0; line < dimension; line += CACHE_LINE_BYTES) {
          touched += codes[from + line];
        }
      }
      sink += touched;
    }

    /** Distances computed so far: the work of one search. */
    int computed() {
      return computed;
    }
  }
}
