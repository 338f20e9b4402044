package org.siamage.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;

class DatasetSplitTest {
  private static DatasetSplit split() {
    return DatasetSplit.create(
        SplitStrategy.RANDOM, 42, 0.2, 0.1, List.of("c", "a"), List.of("b"), List.of("d"));
  }

  @Test
  void keepsIdsSortedAndItsHashVerifies() {
    DatasetSplit split = split();

    assertThat(split.trainIds()).containsExactly("a", "c");
    assertThat(split.hash()).hasSize(64).matches("[0-9a-f]+");
    assertThat(split.verifyHash()).isTrue();
  }

  @Test
  void hashDependsOnStrategySeedAndIdsButNotOnListOrder() {
    String hash = split().hash();

    assertThat(
            DatasetSplit.computeHash(
                SplitStrategy.RANDOM, 42, List.of("a", "c"), List.of("b"), List.of("d")))
        .isEqualTo(hash);
    assertThat(
            DatasetSplit.computeHash(
                SplitStrategy.OFFICIAL, 42, List.of("a", "c"), List.of("b"), List.of("d")))
        .isNotEqualTo(hash);
    assertThat(
            DatasetSplit.computeHash(
                SplitStrategy.RANDOM, 43, List.of("a", "c"), List.of("b"), List.of("d")))
        .isNotEqualTo(hash);
    assertThat(
            DatasetSplit.computeHash(
                SplitStrategy.RANDOM, 42, List.of("a"), List.of("b", "c"), List.of("d")))
        .isNotEqualTo(hash);
    assertThat(
            DatasetSplit.computeHash(
                SplitStrategy.RANDOM, 42, List.of("a", "c"), List.of("bd"), List.of()))
        .isNotEqualTo(hash);
  }

  @Test
  void editedContentNoLongerVerifies() {
    DatasetSplit split = split();
    DatasetSplit edited =
        new DatasetSplit(
            split.strategy(),
            split.seed(),
            split.testFraction(),
            split.validationFraction(),
            List.of("a"),
            List.of("b"),
            List.of("c", "d"),
            split.hash());

    assertThat(edited.verifyHash()).isFalse();
  }

  @Test
  void refusesAnIdInTwoParts() {
    assertThatThrownBy(
            () ->
                DatasetSplit.create(
                    SplitStrategy.RANDOM, 1, 0.2, 0.1, List.of("a"), List.of("a"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void selectsTheFacesOfEachPart() {
    Dataset dataset =
        SplitTestData.dataset(
            List.of(
                SplitTestData.face("a", 1, ""),
                SplitTestData.face("b", 2, ""),
                SplitTestData.face("c", 3, ""),
                SplitTestData.face("d", 4, "")),
            java.util.Map.of());

    DatasetSplit split = split();

    assertThat(split.trainFaces(dataset)).extracting(FaceRecord::id).containsExactly("a", "c");
    assertThat(split.validationFaces(dataset)).extracting(FaceRecord::age).containsExactly(2);
    assertThat(split.testFaces(dataset)).extracting(FaceRecord::id).containsExactly("d");
  }
}
