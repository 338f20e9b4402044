package org.siamage.infer;

/** The inner loops of the nearest-reference search. */
final class VectorMath {
  private VectorMath() {}

  /**
   * Dot product of {@code length} floats of {@code a} from {@code aOffset} and of {@code b} from
   * {@code bOffset}. Four independent accumulators let the CPU overlap the multiply-adds, which a
   * single running sum would serialise.
   */
  static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float sum0 = 0;
    float sum1 = 0;
    float sum2 = 0;
    float sum3 = 0;
    int i = 0;
    int unrolledEnd = length & ~3;
    for (; i < unrolledEnd; i += 4) {
      sum0 += a[aOffset + i] * b[bOffset + i];
      sum1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      sum2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      sum3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < length; i++) {
      sum0 += a[aOffset + i] * b[bOffset + i];
    }
    return (sum0 + sum1) + (sum2 + sum3);
  }
}
