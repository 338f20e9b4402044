package org.siamage.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces of the index's own graph walk: byte-coded distances, the two heaps, visited marks. */
class QuantizedWalkTest {
  private static final int DIMENSION = 32;

  @Test
  void codedDistancesStayWithinTheRoundingBoundOfTheExactOnes() {
    ReferenceGallery gallery = TestEmbeddings.clusteredGallery(2_000, DIMENSION, 8, 0.3, 5);
    QuantizedVectors codes = QuantizedVectors.of(gallery);
    ReferenceGallery queries = TestEmbeddings.clusteredGallery(50, DIMENSION, 8, 0.3, 6);
    double largestError = 0;
    for (int q = 0; q < queries.size(); q++) {
      float[] query = queries.embedding(q);
      QuantizedVectors.Query coded = codes.query(query, 0);
      for (int r = 0; r < gallery.size(); r++) {
        double exact = 0;
        float[] reference = gallery.embedding(r);
        for (int j = 0; j < DIMENSION; j++) {
          exact += (query[j] - reference[j]) * (query[j] - reference[j]);
        }
        largestError = Math.max(largestError, Math.abs(coded.squaredDistance(r) - exact));
      }
      assertEquals(gallery.size(), coded.computed());
    }
    // each component is off by at most half a step: 2·Σ|q_j|·step_j/2 ≤ 2·(range/255)·Σ|q_j|, about 0.02 here
    assertTrue(largestError < 0.02, "largest error " + largestError);
    assertTrue(largestError > 0, "coded distances are not the float ones: the test would not see a bad code");
  }

  @Test
  void theHeapsPopInOrderBothWays() {
    Random random = new Random(3);
    CompactHnswGraph.DistanceHeap nearest = new CompactHnswGraph.DistanceHeap(4, false);
    CompactHnswGraph.DistanceHeap farthest = new CompactHnswGraph.DistanceHeap(4, true);
    float[] distances = new float[500];
    for (int i = 0; i < distances.length; i++) {
      distances[i] = random.nextFloat();
      nearest.push(distances[i], i);
      farthest.push(distances[i], i);
    }
    float[] sorted = distances.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(sorted[i], nearest.topDistance());
      assertEquals(sorted[i], distances[nearest.pop()]);
      assertEquals(sorted[sorted.length - 1 - i], farthest.topDistance());
      assertEquals(sorted[sorted.length - 1 - i], distances[farthest.pop()]);
    }
    assertEquals(0, nearest.size());
  }

  @Test
  void aNodeIsMarkedOncePerClear() {
    CompactHnswGraph.VisitedMarks marks = new CompactHnswGraph.VisitedMarks(10);
    marks.clear();
    assertTrue(marks.mark(3));
    assertFalse(marks.mark(3));
    marks.clear();
    assertTrue(marks.mark(3));
  }
}
