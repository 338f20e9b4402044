package org.siamage.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.siamage.core.CancelledException;
import org.siamage.core.StopToken;
import org.siamage.data.Gender;

class AgeEstimatorTest {

  @Test
  void nearestReferencesMatchABruteForceFullSort() {
    int dimension = 32;
    ReferenceGallery gallery = TestEmbeddings.randomGallery(3000, dimension, 5);
    float[] queries = TestEmbeddings.unitRows(50, dimension, 99);
    AgeEstimator estimator = new AgeEstimator(gallery, 20);
    for (int query = 0; query < 50; query++) {
      float[] embedding = new float[dimension];
      System.arraycopy(queries, query * dimension, embedding, 0, dimension);
      AgeEstimate estimate = estimator.estimate(embedding);

      List<double[]> all = new ArrayList<>(); // {distance, index}, exact in double
      for (int reference = 0; reference < gallery.size(); reference++) {
        float[] row = gallery.embedding(reference);
        double squared = 0;
        for (int i = 0; i < dimension; i++) {
          double difference = (double) embedding[i] - row[i];
          squared += difference * difference;
        }
        all.add(new double[] {Math.sqrt(squared), reference});
      }
      all.sort(
          Comparator.<double[]>comparingDouble(entry -> entry[0])
              .thenComparingDouble(entry -> entry[1]));

      double weightSum = 0;
      for (int rank = 0; rank < 20; rank++) {
        weightSum += 1 / (all.get(rank)[0] + AgeEstimator.DISTANCE_EPSILON);
      }
      for (int rank = 0; rank < 20; rank++) {
        Neighbour neighbour = estimate.neighbours().get(rank);
        assertThat(neighbour.referenceIndex())
            .as("query %d rank %d", query, rank)
            .isEqualTo((int) all.get(rank)[1]);
        assertThat(neighbour.distance()).isCloseTo(all.get(rank)[0], within(1e-4));
        double expectedWeight = 1 / (all.get(rank)[0] + AgeEstimator.DISTANCE_EPSILON) / weightSum;
        assertThat(neighbour.weight()).isCloseTo(expectedWeight, within(1e-5));
        assertThat(neighbour.id()).isEqualTo("face-" + neighbour.referenceIndex());
        assertThat(neighbour.age()).isEqualTo(gallery.age(neighbour.referenceIndex()));
      }
    }
  }

  @Test
  void weightedMeanAndSpreadMatchAHandComputation() {
    // 1-d "embeddings" on a line are not unit vectors; the gallery's stored norms keep the
    // distances exact anyway. Query at 0: distances 0.1, 0.3, 0.6 (the 4th, at 1.0, is left out).
    ReferenceGallery gallery =
        ReferenceGallery.of(
            new float[] {0.3f, -0.1f, 1.0f, 0.6f},
            1,
            new int[] {30, 20, 70, 40},
            new Gender[] {Gender.MALE, Gender.FEMALE, Gender.FEMALE, Gender.UNKNOWN},
            List.of("a", "b", "c", "d"));
    AgeEstimate estimate = new AgeEstimator(gallery, 3).estimate(new float[] {0f});

    double w1 = 1 / 0.11;
    double w2 = 1 / 0.31;
    double w3 = 1 / 0.61;
    double sum = w1 + w2 + w3;
    double mean = (w1 * 20 + w2 * 30 + w3 * 40) / sum;
    double variance =
        (w1 * Math.pow(20 - mean, 2) + w2 * Math.pow(30 - mean, 2) + w3 * Math.pow(40 - mean, 2))
            / sum;
    assertThat(estimate.neighbours()).extracting(Neighbour::id).containsExactly("b", "a", "d");
    double[] distances = {0.1, 0.3, 0.6};
    double[] weights = {w1 / sum, w2 / sum, w3 / sum};
    for (int rank = 0; rank < 3; rank++) {
      assertThat(estimate.neighbours().get(rank).distance())
          .isCloseTo(distances[rank], within(1e-6));
      assertThat(estimate.neighbours().get(rank).weight()).isCloseTo(weights[rank], within(1e-6));
    }
    assertThat(estimate.age()).isCloseTo(mean, within(1e-5));
    assertThat(estimate.uncertainty()).isCloseTo(Math.sqrt(variance), within(1e-5));

    // The vote ignores "d" (unknown gender): P(female) = w1 / (w1 + w2).
    GenderEstimate gender = estimate.genderVote();
    assertThat(gender.femaleProbability()).isCloseTo(w1 / (w1 + w2), within(1e-6));
    assertThat(gender.votes()).isEqualTo(2);
    assertThat(gender.gender()).isEqualTo(Gender.FEMALE);
    assertThat(gender.source()).isEqualTo(GenderEstimate.Source.REFERENCE_VOTE);
  }

  @Test
  void aGallerySmallerThanKUsesEveryReferenceAndEqualAgesHaveNoSpread() {
    ReferenceGallery gallery =
        ReferenceGallery.of(
            new float[] {1, 0, 0, 1},
            2,
            new int[] {25, 25},
            new Gender[] {Gender.MALE, Gender.MALE},
            List.of("a", "b"));
    AgeEstimate estimate = new AgeEstimator(gallery).estimate(new float[] {1, 0});
    assertThat(estimate.neighbours()).hasSize(2);
    assertThat(estimate.neighbours().get(0).distance()).isCloseTo(0, within(1e-6));
    assertThat(estimate.age()).isEqualTo(25.0);
    assertThat(estimate.uncertainty()).isZero();
    assertThat(estimate.genderVote().femaleProbability()).isZero();
    assertThat(estimate.genderVote().gender()).isEqualTo(Gender.MALE);
  }

  @Test
  void aBatchGivesTheSameEstimatesAsSingleQueriesAndReportsProgress() {
    int dimension = 16;
    ReferenceGallery gallery = TestEmbeddings.randomGallery(500, dimension, 8);
    float[] queries = TestEmbeddings.unitRows(100, dimension, 9);
    AgeEstimator estimator = new AgeEstimator(gallery, 7);
    AtomicLong lastDone = new AtomicLong();
    List<AgeEstimate> batch =
        estimator.estimateAll(
            queries,
            StopToken.never(),
            (done, total, message) -> lastDone.accumulateAndGet(done, Math::max));
    assertThat(batch).hasSize(100);
    assertThat(lastDone.get()).isEqualTo(100);
    for (int query = 0; query < 100; query++) {
      float[] embedding = new float[dimension];
      System.arraycopy(queries, query * dimension, embedding, 0, dimension);
      assertThat(batch.get(query)).isEqualTo(estimator.estimate(embedding));
    }
  }

  @Test
  void aScanSplitIntoRangesEqualsOneScan() {
    int dimension = 128;
    // 9,000 × 128 values: above the size where a single query is scanned in parallel.
    ReferenceGallery gallery = TestEmbeddings.randomGallery(9000, dimension, 21);
    float[] queries = TestEmbeddings.unitRows(5, dimension, 22);
    AgeEstimator estimator = new AgeEstimator(gallery, 20);
    List<AgeEstimate> sequential = estimator.estimateAll(queries);
    for (int query = 0; query < 5; query++) {
      int offset = query * dimension;
      NearestReferences whole = NearestReferences.search(gallery, queries, offset, 20);
      NearestReferences merged =
          NearestReferences.merge(
              List.of(
                  NearestReferences.search(gallery, queries, offset, 20, 0, 10),
                  NearestReferences.search(gallery, queries, offset, 20, 10, 4000),
                  NearestReferences.search(gallery, queries, offset, 20, 4000, 9000)),
              20);
      assertThat(merged.references).isEqualTo(whole.references);
      assertThat(merged.distances).isEqualTo(whole.distances);

      float[] embedding = new float[dimension];
      System.arraycopy(queries, offset, embedding, 0, dimension);
      assertThat(estimator.estimate(embedding)).isEqualTo(sequential.get(query));
    }
  }

  @Test
  void aStoppedBatchIsCancelled() {
    ReferenceGallery gallery = TestEmbeddings.randomGallery(100, 8, 1);
    StopToken stop = new StopToken();
    stop.requestStop();
    assertThatThrownBy(
            () ->
                new AgeEstimator(gallery)
                    .estimateAll(TestEmbeddings.unitRows(50, 8, 2), stop, (d, t, m) -> {}))
        .isInstanceOf(CancelledException.class);
  }

  @Test
  void refusesQueriesOfTheWrongSize() {
    AgeEstimator estimator = new AgeEstimator(TestEmbeddings.randomGallery(10, 8, 1));
    assertThatThrownBy(() -> estimator.estimate(new float[7])).hasMessageContaining("7 values");
    assertThatThrownBy(() -> estimator.estimateAll(new float[12])).hasMessageContaining("12");
    assertThatThrownBy(() -> new AgeEstimator(TestEmbeddings.randomGallery(10, 8, 1), 0))
        .hasMessageContaining("neighbours");
  }
}
