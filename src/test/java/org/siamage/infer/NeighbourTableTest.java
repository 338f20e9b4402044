package org.siamage.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;

class NeighbourTableTest {
  /** Five references on a line (2-d, not normalised: distances are exact either way). */
  private static ReferenceGallery line() {
    float[] embeddings = {0, 0, 1, 0, 2, 0, 3, 0, 10, 0};
    return ReferenceGallery.of(embeddings, 2, new int[] {20, 30, 40, 50, 90},
        new Gender[] {Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.MALE},
        List.of("a", "b", "c", "d", "e"));
  }

  @Test
  void everySmallerKGivesWhatTheEstimatorGivesWithThatK() {
    ReferenceGallery gallery = line();
    float[] queries = {1.2f, 0, 9f, 0};
    NeighbourTable table = NeighbourTable.of(gallery, queries, 4, null);
    for (int k = 1; k <= 4; k++) {
      AgeEstimator estimator = new AgeEstimator(gallery, k);
      assertThat(table.estimate(0, k).age()).isCloseTo(estimator.estimate(new float[] {1.2f, 0}).age(),
          Offset.offset(1e-9));
      assertThat(table.ages(k)[1]).isCloseTo(estimator.estimate(new float[] {9f, 0}).age(), Offset.offset(1e-9));
    }
  }

  @Test
  void aQueryThatIsAReferenceLeavesItselfOut() {
    ReferenceGallery gallery = line();
    float[] queries = {1, 0};
    AgeEstimate withSelf = NeighbourTable.of(gallery, queries, 2, null).estimate(0, 2);
    AgeEstimate leftOut = NeighbourTable.of(gallery, queries, 2, new int[] {1}).estimate(0, 2);
    assertThat(withSelf.neighbours()).extracting(Neighbour::id).containsExactly("b", "a");
    assertThat(leftOut.neighbours()).extracting(Neighbour::id).containsExactly("a", "c");
    assertThat(leftOut.age()).isCloseTo(30, Offset.offset(1e-9));
  }
}
