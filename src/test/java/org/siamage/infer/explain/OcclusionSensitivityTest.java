package org.siamage.infer.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.CancelledException;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;
import org.siamage.infer.TinyFaceModels;

@Tag("slow")
class OcclusionSensitivityTest {
  @TempDir static Path temp;
  static FaceModel model;

  @BeforeAll
  static void loadTinyModel() throws Exception {
    model = FaceModel.load(TinyFaceModels.write(temp, 24).bundle());
  }

  static float[] randomFace(long seed) {
    Random random = new Random(seed);
    int size = model.inputSize();
    float[] face = new float[3 * size * size];
    for (int i = 0; i < face.length; i++) {
      face[i] = 2 * random.nextFloat() - 1;
    }
    return face;
  }

  @Test
  void defaultsGiveAboutThirteenPositionsPerSideAtAnySize() {
    assertThat(OcclusionSettings.defaultsFor(64)).extracting(OcclusionSettings::patch, OcclusionSettings::stride)
        .containsExactly(16, 4);
    assertThat(OcclusionSettings.defaultsFor(64).positionsPerSide(64)).isEqualTo(13);
    assertThat(OcclusionSettings.defaultsFor(299).positionsPerSide(299)).isEqualTo(14);
    assertThat(new OcclusionSettings(10, 4, 8).positionsPerSide(32)).as("last patch touches the edge").isEqualTo(7);
    assertThatThrownBy(() -> new OcclusionSettings(8, 9, 1)).hasMessageContaining("stride");
    assertThat(OcclusionSettings.defaultsFor(64).batch()).as("a face's 169 positions in one pass").isEqualTo(256);
    assertThat(OcclusionSettings.defaultsFor(299).batch()).isEqualTo(62);
  }

  @Test
  void eachPositionRecordsTheChangeInDistanceOfThatOccludedCrop() {
    float[] first = randomFace(1);
    float[] second = randomFace(2);
    OcclusionSettings settings = new OcclusionSettings(16, 8, 4);
    List<long[]> progress = new ArrayList<>();
    PairOcclusion occlusion = OcclusionSensitivity.compute(model, first, second, settings,
        (done, total, message) -> progress.add(new long[] {done, total}), new StopToken());

    float[][] whole = model.embed(concatenate(first, second), 2);
    double base = OcclusionSensitivity.distance(whole[0], whole[1]);
    assertThat(occlusion.first().baseDistance()).isCloseTo(base, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(occlusion.first().positionChanges()).hasDimensions(3, 3);
    assertThat(occlusion.first().heat()).hasDimensions(32, 32);

    // position (row 1, column 2) of the first face, computed by hand: patch at top 8, left 16
    float[] occluded = first.clone();
    int size = 32;
    for (int channel = 0; channel < 3; channel++) {
      for (int row = 8; row < 24; row++) {
        for (int column = 16; column < 32; column++) {
          occluded[channel * size * size + row * size + column] = 0f;
        }
      }
    }
    float[] embedded = model.embed(occluded, 1)[0];
    double expected = OcclusionSensitivity.distance(embedded, whole[1]) - base;
    assertThat((double) occlusion.first().positionChanges()[1][2])
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
    // a corner pixel is covered by the corner patch only
    assertThat(occlusion.first().heat()[31][31]).isEqualTo(occlusion.first().positionChanges()[2][2]);
    // 9 positions per face in batches of 4: 3 passes each, plus the unoccluded pair
    assertThat(occlusion.forwardPasses()).isEqualTo(7);
    assertThat(progress.get(progress.size() - 1)).containsExactly(18, 18);
  }

  @Test
  void aStopRequestCancelsBetweenBatches() {
    StopToken stop = new StopToken();
    assertThatThrownBy(() -> OcclusionSensitivity.compute(model, randomFace(3), randomFace(4),
        new OcclusionSettings(8, 2, 4), (done, total, message) -> stop.requestStop(), stop))
        .isInstanceOf(CancelledException.class);
  }

  @Test
  void histogramsSplitGalleryPairsByAgeGap() {
    DistanceHistograms histograms = DistanceHistograms.ofGallery(model.gallery(), 3, 20, 1_000_000, 1, "test");
    int n = model.referenceCount();
    assertThat(histograms.positivePairs() + histograms.negativePairs()).isEqualTo(n * (n - 1) / 2);
    int positives = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        positives += Math.abs(model.gallery().age(i) - model.gallery().age(j)) <= 3 ? 1 : 0;
      }
    }
    assertThat(histograms.positivePairs()).isEqualTo(positives);
    assertThat(histograms.positiveShareBelow(2.0)).isEqualTo(1.0);
    DistanceHistograms sampled = DistanceHistograms.ofGallery(model.gallery(), 3, 20, 50, 1, "test");
    assertThat(sampled.positivePairs() + sampled.negativePairs()).isEqualTo(50);
  }

  private static float[] concatenate(float[] a, float[] b) {
    float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
