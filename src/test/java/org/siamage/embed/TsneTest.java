package org.siamage.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.siamage.config.ProjectionConfig;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

class TsneTest {
  /** {@code clusters} Gaussian blobs in {@code d} dimensions; labels in {@code labels}. */
  static double[] blobs(int n, int d, int clusters, double spread, long seed, int[] labels) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] centres = new double[clusters * d];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = random.nextGaussian() * 4;
    }
    double[] data = new double[n * d];
    for (int i = 0; i < n; i++) {
      labels[i] = i % clusters;
      for (int k = 0; k < d; k++) {
        data[i * d + k] = centres[labels[i] * d + k] + random.nextGaussian() * spread;
      }
    }
    return data;
  }

  private static Tsne.Options options(boolean exact, int threads) {
    return new Tsne.Options(15, 300, exact, 0.5, threads, 7, 0);
  }

  @Test
  void barnesHutSeparatesClustersAndKeepsNeighbours() {
    int n = 400;
    int[] labels = new int[n];
    double[] data = blobs(n, 12, 4, 1, 3, labels);
    Tsne.Result result = Tsne.run(data, n, 12, options(false, 2), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never());
    double[] map = result.coordinates();
    assertEquals(2 * n, map.length);
    assertTrue(ProjectionQuality.nearestNeighbourLabelAccuracy(map, n, labels, 10, 1) > 0.97);
    assertTrue(ProjectionQuality.silhouette(map, n, labels, 1) > 0.5);
    assertTrue(ProjectionQuality.trustworthiness(data, n, 12, map, 5, 1) > 0.85);
    assertTrue(result.klDivergence() > 0 && result.klDivergence() < 3, "KL " + result.klDivergence());
  }

  @Test
  void exactAndBarnesHutAgreeOnQuality() {
    int n = 200;
    int[] labels = new int[n];
    double[] data = blobs(n, 8, 3, 1, 5, labels);
    double[] exact = Tsne.run(data, n, 8, options(true, 1), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    double[] approximate = Tsne.run(data, n, 8, options(false, 1), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    double exactTrust = ProjectionQuality.trustworthiness(data, n, 8, exact, 5, 1);
    double approximateTrust = ProjectionQuality.trustworthiness(data, n, 8, approximate, 5, 1);
    assertTrue(exactTrust > 0.85, "exact " + exactTrust);
    assertTrue(Math.abs(exactTrust - approximateTrust) < 0.05, exactTrust + " vs " + approximateTrust);
  }

  @Test
  void sameSeedGivesIdenticalCoordinatesWithOneOrTwoThreads() {
    int n = 300;
    int[] labels = new int[n];
    double[] data = blobs(n, 10, 5, 1.5, 11, labels);
    double[] one = Tsne.run(data, n, 10, options(false, 1), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    double[] two = Tsne.run(data, n, 10, options(false, 2), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    double[] again = Tsne.run(data, n, 10, options(false, 2), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    assertArrayEquals(one, two);
    assertArrayEquals(two, again);
  }

  @Test
  void streamsLayoutsAndReportsProgress() {
    int n = 60;
    int[] labels = new int[n];
    double[] data = blobs(n, 4, 2, 1, 1, labels);
    List<Integer> iterations = new ArrayList<>();
    List<Long> progress = new ArrayList<>();
    Tsne.run(data, n, 4, new Tsne.Options(10, 300, false, 0.5, 1, 1, 100),
        null, (iteration, total, coordinates) -> {
          assertEquals(2 * n, coordinates.length);
          iterations.add(iteration);
        }, (done, total, message) -> progress.add(done), StopToken.never());
    assertEquals(List.of(100, 200, 300), iterations);
    assertEquals(300L, progress.get(progress.size() - 1));
  }

  @Test
  void stopsWhenAsked() {
    int n = 100;
    int[] labels = new int[n];
    double[] data = blobs(n, 4, 2, 1, 1, labels);
    StopToken stop = new StopToken();
    assertThrows(CancelledException.class, () -> Tsne.run(data, n, 4,
        new Tsne.Options(10, 1000, false, 0.5, 2, 1, 10), null,
        (iteration, total, coordinates) -> {
          if (iteration == 50) {
            stop.requestStop();
          }
        }, ProgressListener.silent(), stop));
  }

  @Test
  void startsFromAGivenLayout() {
    int n = 120;
    int[] labels = new int[n];
    double[] data = blobs(n, 6, 3, 1, 2, labels);
    double[] first = Tsne.run(data, n, 6, options(false, 1), null, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    double[] second = Tsne.run(data, n, 6, options(false, 1), first, LayoutListener.none(),
        ProgressListener.silent(), StopToken.never()).coordinates();
    // same data, started from the previous map: the map stays where it was (aligned)
    assertTrue(correlation(first, second) > 0.7, "correlation " + correlation(first, second));
  }

  @Test
  void autoChoosesExactForSmallSetsAndBarnesHutForLargeOnes() {
    assertEquals(ProjectionMethod.TSNE_EXACT,
        ProjectionMethod.resolve(ProjectionMethod.configMethod("auto"), 3000, 3000));
    assertEquals(ProjectionMethod.TSNE_BARNES_HUT,
        ProjectionMethod.resolve(ProjectionMethod.configMethod("auto"), 3001, 3000));
    assertEquals(ProjectionMethod.PCA, ProjectionMethod.resolve(ProjectionMethod.configMethod("pca"), 10, 3000));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ProjectionMethod.configMethod("umap"));
    assertTrue(bad.getMessage().contains("umap"));
  }

  @Test
  void tinySetsFallBackToPca() {
    double[] data = {0, 0, 1, 1, 2, 2};
    Projector.Projection projection = Projector.project(data, 3, 2,
        new ProjectionConfig(ProjectionConfig.Method.AUTO, 20, 300, 100, 1), null, null, 1, 0, LayoutListener.none(), ProgressListener.silent(), StopToken.never());
    assertEquals(ProjectionMethod.PCA, projection.method());
    assertEquals(6, projection.coordinates().length);
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
