package org.siamage.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;

class ReferenceGalleryTest {

  @Test
  void atMostRPerYearIsASeededBalancedSubset() {
    ReferenceGallery gallery = TestEmbeddings.randomGallery(2000, 8, 3);
    ReferenceGallery balanced = gallery.withAtMostPerYear(5, 11L);

    Map<Integer, Integer> perAge = new HashMap<>();
    Map<Integer, Integer> available = new HashMap<>();
    for (int age : gallery.ages()) {
      available.merge(age, 1, Integer::sum);
    }
    for (int age : balanced.ages()) {
      perAge.merge(age, 1, Integer::sum);
    }
    assertThat(perAge.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(5));
    available.forEach((age, count) -> assertThat(perAge.get(age)).isEqualTo(Math.min(5, count)));

    ReferenceGallery again = gallery.withAtMostPerYear(5, 11L);
    assertThat(again.ids()).isEqualTo(balanced.ids());
    assertThat(gallery.withAtMostPerYear(5, 12L).ids()).isNotEqualTo(balanced.ids());

    // Rows travel with their labels.
    int original = gallery.ids().indexOf(balanced.id(0));
    assertThat(balanced.embedding(0)).isEqualTo(gallery.embedding(original));
    assertThat(balanced.age(0)).isEqualTo(gallery.age(original));
    assertThat(balanced.gender(0)).isEqualTo(gallery.gender(original));

    assertThat(gallery.withAtMostPerYear(0, 1L)).isSameAs(gallery);
  }

  @Test
  void refusesInconsistentInput() {
    assertThatThrownBy(
            () ->
                ReferenceGallery.of(
                    new float[5], 2, new int[] {1, 2}, new Gender[2], List.of("a", "b")))
        .hasMessageContaining("5 embedding values");
    assertThatThrownBy(
            () ->
                ReferenceGallery.of(
                    new float[] {Float.NaN, 0},
                    2,
                    new int[] {1},
                    new Gender[] {Gender.MALE},
                    List.of("a")))
        .hasMessageContaining("non-finite");
  }
}
