package org.siamage.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaAndQualityTest {
  @Test
  void pcaFindsTheDirectionOfLargestSpread() {
    int n = 200;
    double[] data = new double[n * 3];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      double t = random.nextGaussian() * 10;
      double s = random.nextGaussian();
      data[3 * i] = t;
      data[3 * i + 1] = t;
      data[3 * i + 2] = s;
    }
    double[] map = Pca.project(data, n, 3, 5);
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += data[3 * i] / n;
    }
    for (int i = 0; i < n; i++) {
      // the first axis is (1, 1, 0)/√2 with a positive sign
      assertEquals((data[3 * i] - mean) * Math.sqrt(2), map[2 * i], 0.05);
    }
    assertArrayEquals(map, Pca.project(data, n, 3, 5));
  }

  @Test
  void trustworthinessIsOneForTheSameSpaceAndLowForNoise() {
    int n = 150;
    SplittableRandom random = new SplittableRandom(2);
    double[] points = new double[2 * n];
    double[] shuffled = new double[2 * n];
    for (int c = 0; c < 2 * n; c++) {
      points[c] = random.nextDouble();
      shuffled[c] = random.nextDouble();
    }
    assertEquals(1.0, ProjectionQuality.trustworthiness(points, n, 2, points, 5, 2), 1e-12);
    assertTrue(ProjectionQuality.trustworthiness(points, n, 2, shuffled, 5, 2) < 0.65);
  }

  @Test
  void nearestNeighbourAgeErrorIsSmallWhereAgesLineUp() {
    int n = 100;
    double[] line = new double[2 * n];
    double[] scrambled = new double[2 * n];
    int[] ages = new int[n];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      ages[i] = i;
      line[2 * i] = i;
      scrambled[2 * i] = random.nextDouble();
      scrambled[2 * i + 1] = random.nextDouble();
    }
    assertTrue(ProjectionQuality.nearestNeighbourAgeError(line, n, 2, ages, 4, 1) < 2);
    assertTrue(ProjectionQuality.nearestNeighbourAgeError(scrambled, n, 2, ages, 4, 1) > 15);
  }
}
