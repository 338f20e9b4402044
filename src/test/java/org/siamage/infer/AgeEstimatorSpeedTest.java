package org.siamage.infer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A JMH-free measurement of one estimate against 50,000 references of 128-d (the target is under 5
 * ms on 2 cores). Prints the median; no timing assertion, because shared machines are noisy.
 */
@Tag("slow")
class AgeEstimatorSpeedTest {
  private static final int REFERENCES = 50_000;
  private static final int DIMENSION = 128;
  private static final int QUERIES = 200;

  @Test
  void medianTimeOfOneEstimateAgainstFiftyThousandReferences() {
    ReferenceGallery gallery = TestEmbeddings.randomGallery(REFERENCES, DIMENSION, 1);
    AgeEstimator estimator = new AgeEstimator(gallery);
    float[] queries = TestEmbeddings.unitRows(QUERIES, DIMENSION, 2);
    float[][] rows = new float[QUERIES][];
    for (int query = 0; query < QUERIES; query++) {
      rows[query] = Arrays.copyOfRange(queries, query * DIMENSION, (query + 1) * DIMENSION);
    }

    double checksum = 0;
    for (int warmUp = 0; warmUp < 100; warmUp++) {
      checksum += estimator.estimate(rows[warmUp % QUERIES]).age();
    }
    long[] nanos = new long[QUERIES];
    for (int query = 0; query < QUERIES; query++) {
      long start = System.nanoTime();
      checksum += estimator.estimate(rows[query]).age();
      nanos[query] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);

    long batchStart = System.nanoTime();
    List<AgeEstimate> batch = estimator.estimateAll(queries);
    long batchNanos = System.nanoTime() - batchStart;
    checksum += batch.get(0).age();

    System.out.printf(
        Locale.ROOT,
        "AgeEstimator, %d references × %d-d, k = %d, %d processors: one estimate median %.2f ms"
            + " (p10 %.2f, p90 %.2f); batch of %d in %.1f ms = %.2f ms per query (checksum %.1f)%n",
        REFERENCES,
        DIMENSION,
        estimator.neighbours(),
        Runtime.getRuntime().availableProcessors(),
        nanos[QUERIES / 2] / 1e6,
        nanos[QUERIES / 10] / 1e6,
        nanos[QUERIES * 9 / 10] / 1e6,
        QUERIES,
        batchNanos / 1e6,
        batchNanos / 1e6 / QUERIES,
        checksum);
  }
}
