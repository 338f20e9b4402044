package org.siamage.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleRecordsTest {
  @Test
  void aTensorNeedsAsManyValuesAsItsShapeHolds() {
    assertThatThrownBy(() -> new NamedTensor("w", new long[] {2, 3}, new float[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tensor w has shape [2, 3] (6 values) but 5 values were given");
  }

  @Test
  void aTensorRefusesNegativeOrOverflowingShapes() {
    assertThatThrownBy(() -> new NamedTensor("w", new long[] {-1}, new float[0]))
        .hasMessageContaining("invalid shape [-1]");
    assertThatThrownBy(() -> new NamedTensor("w", new long[] {1L << 40, 1L << 40}, new float[0]))
        .hasMessageContaining("invalid shape");
  }

  @Test
  void aScalarHoldsOneValueAndAnEmptyDimensionNone() {
    assertThat(new NamedTensor("s", new long[0], new float[] {3f}).size()).isEqualTo(1);
    assertThat(new NamedTensor("e", new long[] {0, 4}, new float[0]).size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../w", "a//b", "/w", "a/", "w:0", "a\\b", ".hidden", "a b"})
  void aTensorNameMustBeSafePathSegments(String name) {
    assertThatThrownBy(() -> new NamedTensor(name, new long[0], new float[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tensor name");
  }

  @Test
  void tensorsCompareByContentAndKeepTheirShape() {
    long[] shape = {2};
    NamedTensor tensor = new NamedTensor("w", shape, new float[] {1, Float.NaN});
    shape[0] = 7;
    tensor.shape()[0] = 9;

    assertThat(tensor.shape()).containsExactly(2);
    assertThat(tensor).isEqualTo(NamedTensor.of("w", new float[] {1, Float.NaN}, 2));
    assertThat(tensor).hasSameHashCodeAs(NamedTensor.of("w", new float[] {1, Float.NaN}, 2));
    assertThat(tensor).isNotEqualTo(NamedTensor.of("w", new float[] {1, 2}, 2));
  }

  @Test
  void aGalleryChecksItsLengthsAndGenderCodes() {
    assertThatThrownBy(
            () ->
                new ReferenceGalleryData(
                    List.of("a", "b"), new int[] {1}, new byte[] {0, 1}, new float[4], 2))
        .hasMessageContaining("gallery has 2 ids but 1 ages and 2 genders");
    assertThatThrownBy(
            () ->
                new ReferenceGalleryData(
                    List.of("a"), new int[] {1}, new byte[] {0}, new float[3], 2))
        .hasMessageContaining("but 3 embedding values were given");
    assertThatThrownBy(
            () ->
                new ReferenceGalleryData(
                    List.of("a"), new int[] {1}, new byte[] {3}, new float[2], 2))
        .hasMessageContaining("gallery face a has gender code 3");
  }

  @Test
  void aGalleryHandsOutCopiesOfEmbeddings() {
    ReferenceGalleryData gallery = BundleFixtures.gallery();
    gallery.embedding(0)[0] = 99f;
    assertThat(gallery.embedding(0)).containsExactly(0.1f, -0.2f);
    assertThat(gallery.size()).isEqualTo(3);
  }

  @Test
  void aBundleRefusesDuplicateTensorNames() {
    NamedTensor tensor = NamedTensor.of("w", new float[1], 1);
    assertThatThrownBy(
            () ->
                new ModelBundle(
                    BundleFixtures.small().config(),
                    List.of(tensor, tensor),
                    List.of(),
                    BundleFixtures.gallery(),
                    BundleFixtures.provenance()))
        .hasMessageContaining("duplicate weight tensor name w");
  }

  @Test
  void aBundleRefusesAnUnknownFormatVersion() {
    ModelBundle small = BundleFixtures.small();
    assertThatThrownBy(
            () ->
                new ModelBundle(
                    2,
                    small.config(),
                    small.tensors(),
                    List.of(),
                    small.gallery(),
                    small.provenance()))
        .hasMessageContaining("format version must be between 1 and 1, was 2");
  }

  @Test
  void provenanceSortsMetricsAndListsEveryFieldAsText() {
    Provenance provenance =
        Provenance.forThisRuntime(
            "1.0",
            "cpu",
            7L,
            "aaf",
            "h1",
            "h2",
            Instant.parse("2024-01-02T03:04:05Z"),
            Duration.ofMinutes(90),
            Map.of("z", "1", "a", "2"));

    assertThat(provenance.finalMetrics().keySet()).containsExactly("a", "z");
    assertThat(provenance.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(provenance.toMap())
        .containsEntry("seed", "7")
        .containsEntry("createdAt", "2024-01-02T03:04:05Z")
        .containsEntry("trainingTime", "PT1H30M")
        .containsEntry("metric.a", "2");
  }
}
