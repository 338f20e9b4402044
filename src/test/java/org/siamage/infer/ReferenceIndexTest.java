package org.siamage.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

/** The HNSW reference index against the exact scan it stands in for (ADR 0050). */
class ReferenceIndexTest {
  private static final int DIMENSION = 64;
  private static final int CLUSTERS = 40;
  private static final double SPREAD = 0.6;
  private static final int K = 20;

  private static final ReferenceSearch EXACT =
      ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.EXACT);
  private static final ReferenceSearch HNSW =
      ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.HNSW);

  private static ReferenceGallery gallery(int references, long seed) {
    return TestEmbeddings.clusteredGallery(references, DIMENSION, CLUSTERS, SPREAD, seed);
  }

  /** Queries from the same clusters as the gallery, none of them a reference. */
  private static float[] queries(int count) {
    ReferenceGallery drawn = gallery(count, 777);
    float[] rows = new float[count * DIMENSION];
    for (int i = 0; i < count; i++) {
      System.arraycopy(drawn.embedding(i), 0, rows, i * DIMENSION, DIMENSION);
    }
    return rows;
  }

  private static float[] row(float[] rows, int index) {
    float[] row = new float[DIMENSION];
    System.arraycopy(rows, index * DIMENSION, row, 0, DIMENSION);
    return row;
  }

  private static Set<Integer> references(AgeEstimate estimate) {
    Set<Integer> found = new HashSet<>();
    estimate.neighbours().forEach(neighbour -> found.add(neighbour.referenceIndex()));
    return found;
  }

  @Test
  void theIndexFindsTheExactNeighboursAndAges() {
    ReferenceGallery gallery = gallery(4000, 1);
    AgeEstimator exact = new AgeEstimator(gallery, K, EXACT);
    AgeEstimator indexed = new AgeEstimator(gallery, K, HNSW);
    assertThat(exact.usesIndex()).isFalse();
    assertThat(indexed.usesIndex()).isTrue();
    int count = 300;
    float[] queries = queries(count);
    List<AgeEstimate> fromIndex = indexed.estimateAll(queries);
    ReferenceIndex index = indexed.prepareIndex(StopToken.never(), ProgressListener.silent());
    assertThat(index.searches()).as("queries answered by the graph").isEqualTo(count);

    long found = 0;
    double largestAgeDifference = 0;
    for (int query = 0; query < count; query++) {
      AgeEstimate truth = exact.estimate(row(queries, query));
      Set<Integer> expected = references(truth);
      Set<Integer> got = references(fromIndex.get(query));
      got.retainAll(expected);
      found += got.size();
      largestAgeDifference = Math.max(largestAgeDifference, Math.abs(truth.age() - fromIndex.get(query).age()));
      if (got.size() == K) {
        // same neighbours: distances recomputed exactly, so the very same estimate
        assertThat(fromIndex.get(query)).isEqualTo(truth);
      }
    }
    assertThat((double) found / (count * K)).as("recall@20").isGreaterThanOrEqualTo(0.99);
    assertThat(largestAgeDifference).as("largest age difference, years").isLessThanOrEqualTo(0.1);
    assertThat(index.meanDistancesPerSearch()).as("distances per query").isLessThan(gallery.size());
    assertThat(index.exactFallbacks()).as("queries from the gallery's own clusters keep the graph's answer").isZero();
  }

  @Test
  void aQueryWhoseWalkFindsOnlyFarReferencesIsSearchedExactly() {
    // references in a narrow cone around one axis; the query points the other way, so whatever the
    // walk finds lies far beyond any reference's own neighbours
    int count = 2000;
    float[] rows = new float[count * DIMENSION];
    java.util.Random random = new java.util.Random(9);
    int[] ages = new int[count];
    Gender[] genders = new Gender[count];
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      double norm = 0;
      for (int j = 0; j < DIMENSION; j++) {
        rows[i * DIMENSION + j] = (j == 0 ? 1f : 0f) + 0.05f * (float) random.nextGaussian();
        norm += rows[i * DIMENSION + j] * rows[i * DIMENSION + j];
      }
      for (int j = 0; j < DIMENSION; j++) {
        rows[i * DIMENSION + j] /= (float) Math.sqrt(norm);
      }
      ages[i] = 1 + random.nextInt(80);
      genders[i] = Gender.UNKNOWN;
      ids.add("r" + i);
    }
    ReferenceGallery gallery = ReferenceGallery.of(rows, DIMENSION, ages, genders, ids);
    AgeEstimator exact = new AgeEstimator(gallery, K, EXACT);
    AgeEstimator indexed = new AgeEstimator(gallery, K, HNSW);
    ReferenceIndex index = indexed.prepareIndex(StopToken.never(), ProgressListener.silent());
    assertThat(index.fallbackDistance()).isFinite().isLessThan(1.0);

    float[] near = gallery.embedding(7).clone();
    indexed.estimate(near);
    assertThat(index.exactFallbacks()).as("a query among the references").isZero();

    float[] opposite = new float[DIMENSION];
    opposite[0] = -1f;
    assertThat(indexed.estimate(opposite)).isEqualTo(exact.estimate(opposite));
    assertThat(index.exactFallbacks()).as("the far query took the exact path").isEqualTo(1);
  }

  @Test
  void aBuildOnSeveralThreadsIsAsGood() {
    ReferenceGallery gallery = gallery(5000, 2);
    ReferenceIndex index = ReferenceIndex.build(gallery, HnswSettings.DEFAULT, 2, StopToken.never(),
        ProgressListener.silent());
    assertThat(index.buildThreads()).as("Lucene's concurrent builder ran").isEqualTo(2);
    float[] queries = queries(100);
    long found = 0;
    for (int query = 0; query < 100; query++) {
      NearestReferences approximate = index.search(queries, query * DIMENSION, K, HnswSettings.DEFAULT.searchBeam());
      NearestReferences truth = NearestReferences.search(gallery, queries, query * DIMENSION, K);
      Set<Integer> expected = new HashSet<>();
      for (int reference : truth.references) {
        expected.add(reference);
      }
      for (int reference : approximate.references) {
        found += expected.contains(reference) ? 1 : 0;
      }
    }
    assertThat(found / (100.0 * K)).as("recall@20").isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void autoSearchesExactlyBelowTheSwitchPointAndThroughTheIndexFromIt() {
    ReferenceGallery gallery = gallery(3000, 3);
    float[] query = row(queries(1), 0);

    AgeEstimator below = new AgeEstimator(gallery, K,
        ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.AUTO).withIndexFromReferences(3001));
    assertThat(below.usesIndex()).isFalse();
    AgeEstimate exact = below.estimate(query);
    assertThat(gallery.hasIndex()).as("no index built for an exact search").isFalse();

    AgeEstimator from = below.withSearch(below.search().withIndexFromReferences(3000));
    assertThat(from.usesIndex()).isTrue();
    AgeEstimate indexed = from.estimate(query);
    assertThat(gallery.hasIndex()).isTrue();
    assertThat(from.prepareIndex(StopToken.never(), ProgressListener.silent()).searches()).isEqualTo(1);
    assertThat(indexed.age()).isCloseTo(exact.age(), org.assertj.core.api.Assertions.within(0.1));

    // the default switch point lies far above this gallery
    assertThat(new AgeEstimator(gallery, K, ReferenceSearch.defaults().withMode(ReferenceSearch.Mode.AUTO))
        .usesIndex()).isFalse();
  }

  @Test
  void leavingOutTheQuerysOwnImageWorksThroughTheIndex() {
    ReferenceGallery gallery = gallery(3000, 4);
    AgeEstimator exact = new AgeEstimator(gallery, K, EXACT);
    AgeEstimator indexed = new AgeEstimator(gallery, K, HNSW);
    int count = 50;
    float[] own = new float[count * DIMENSION];
    for (int i = 0; i < count; i++) {
      System.arraycopy(gallery.embedding(i * 60), 0, own, i * DIMENSION, DIMENSION);
    }
    List<AgeEstimate> batch = indexed.estimateAll(own, true, StopToken.never(), ProgressListener.silent());
    for (int i = 0; i < count; i++) {
      AgeEstimate single = indexed.estimateLeavingOut(row(own, i));
      assertThat(single.leftOut()).as("its own image is left out").isEqualTo(1);
      assertThat(single.neighbours()).extracting(Neighbour::referenceIndex).doesNotContain(i * 60).hasSize(K);
      assertThat(batch.get(i)).isEqualTo(single);
      assertThat(single.age())
          .isCloseTo(exact.estimateLeavingOut(row(own, i)).age(), org.assertj.core.api.Assertions.within(0.1));
    }
  }

  @Test
  void aStoppedBuildKeepsNothingAndReportsProgress() {
    ReferenceGallery gallery = gallery(3000, 5);
    AgeEstimator indexed = new AgeEstimator(gallery, K, HNSW);
    StopToken stop = new StopToken();
    stop.requestStop();
    assertThatThrownBy(() -> indexed.prepareIndex(stop, ProgressListener.silent()))
        .isInstanceOf(CancelledException.class);
    assertThat(gallery.hasIndex()).isFalse();

    AtomicLong lastDone = new AtomicLong(-1);
    AtomicLong lastTotal = new AtomicLong();
    indexed.prepareIndex(StopToken.never(), (done, total, message) -> {
      lastDone.set(done);
      lastTotal.set(total);
    });
    assertThat(gallery.hasIndex()).isTrue();
    assertThat(lastDone.get()).isEqualTo(3000);
    assertThat(lastTotal.get()).isEqualTo(3000);
  }

  @Test
  void theGraphIsKeptInACacheFileForTheSameVectorsOnly(@TempDir Path folder) throws Exception {
    ReferenceGallery gallery = gallery(2500, 6);
    Path cache = folder.resolve("model.siamage.hnsw");
    ReferenceIndex built = ReferenceIndex.buildOrRead(gallery, HnswSettings.DEFAULT, 1, cache, StopToken.never(),
        ProgressListener.silent());
    assertThat(built.readFromCache()).isFalse();
    assertThat(cache).isRegularFile();

    ReferenceIndex read = ReferenceIndex.buildOrRead(gallery, HnswSettings.DEFAULT, 1, cache, StopToken.never(),
        ProgressListener.silent());
    assertThat(read.readFromCache()).isTrue();
    assertThat(read.ramBytesUsed()).isEqualTo(built.ramBytesUsed());
    float[] queries = queries(20);
    for (int query = 0; query < 20; query++) {
      assertThat(read.search(queries, query * DIMENSION, K, 50).references)
          .isEqualTo(built.search(queries, query * DIMENSION, K, 50).references);
    }

    // other vectors, or other graph settings: the file is stale and rebuilt
    assertThat(ReferenceIndex.buildOrRead(gallery(2500, 7), HnswSettings.DEFAULT, 1, cache, StopToken.never(),
        ProgressListener.silent()).readFromCache()).isFalse();
    HnswSettings denser = new HnswSettings(24, 100, 100);
    assertThat(ReferenceIndex.buildOrRead(gallery, denser, 1, cache, StopToken.never(), ProgressListener.silent())
        .readFromCache()).isFalse();

    // a damaged file is ignored, not trusted
    Files.write(cache, new byte[] {0, 12, 's', 'i', 'a', 'm', 'a', 'g', 'e', '-', 'h', 'n', 's', 'w', 0, 0, 0, 1});
    assertThat(ReferenceIndex.buildOrRead(gallery, HnswSettings.DEFAULT, 1, cache, StopToken.never(),
        ProgressListener.silent()).readFromCache()).isFalse();
  }

  @Test
  void aModeIsForcedByItsPropertyAndBadValuesAreNamed() {
    String before = System.getProperty(ReferenceSearch.MODE_PROPERTY);
    try {
      System.setProperty(ReferenceSearch.MODE_PROPERTY, "hnsw");
      assertThat(ReferenceSearch.defaults().mode()).isEqualTo(ReferenceSearch.Mode.HNSW);
      assertThat(new AgeEstimator(gallery(100, 8), K).usesIndex()).isTrue();
      System.setProperty(ReferenceSearch.MODE_PROPERTY, "Exact");
      assertThat(ReferenceSearch.defaults().mode()).isEqualTo(ReferenceSearch.Mode.EXACT);
      System.setProperty(ReferenceSearch.MODE_PROPERTY, "fast");
      assertThatThrownBy(ReferenceSearch::defaults).isInstanceOf(org.siamage.core.UserFacingException.class)
          .hasMessageContaining("-Dsiamage.referenceSearch").hasMessageContaining("'fast'");
    } finally {
      if (before == null) {
        System.clearProperty(ReferenceSearch.MODE_PROPERTY);
      } else {
        System.setProperty(ReferenceSearch.MODE_PROPERTY, before);
      }
    }
    if (before == null) {
      assertThat(ReferenceSearch.defaults().mode()).isEqualTo(ReferenceSearch.Mode.AUTO);
    }
    assertThatThrownBy(() -> new HnswSettings(1, 100, 100)).hasMessageContaining("maxConnections")
        .hasMessageContaining("was 1");
    assertThatThrownBy(() -> new HnswSettings(16, 100, 0)).hasMessageContaining("searchBeam")
        .hasMessageContaining("was 0");
  }
}
