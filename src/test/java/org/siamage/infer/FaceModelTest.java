package org.siamage.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.EvaluationConfig;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.Prediction;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleReader;
import org.siamage.model.bundle.ModelBundleWriter;

/**
 * What a loaded model reports: its own references left out, flip averaging, the chosen estimator,
 * and faces unlike every reference flagged.
 */
class FaceModelTest {
  @TempDir static Path temp;
  static TinyFaceModels.Written written;
  static FaceModel model;

  @BeforeAll
  static void tinyModel() throws Exception {
    written = TinyFaceModels.write(temp, 12);
    model = FaceModel.load(written.bundle());
  }

  @Test
  void aFaceThatIsAReferenceOfTheModelIsLeftOutOfItsOwnNeighbours() {
    Path image = written.dataset().resolve("images").resolve("face_0003.jpg");
    FacePrediction prediction = model.predict(image);
    assertThat(prediction.note()).contains(FaceModel.LEFT_OUT_NOTE);
    assertThat(prediction.neighbours()).extracting(Neighbour::id).doesNotContain("images/face_0003.jpg");
    assertThat(prediction.neighbours()).allSatisfy(neighbour ->
        assertThat(neighbour.distance()).isGreaterThan(AgeEstimator.SAME_IMAGE_DISTANCE));
    assertThat(prediction.neighbours()).hasSize(Math.min(model.referenceCount() - 1,
        model.config().evaluation().neighbours()));
  }

  @Test
  void flipAveragingAveragesEachFaceWithItsMirrorImage() throws Exception {
    ModelBundle bundle = ModelBundleReader.read(written.bundle());
    EvaluationConfig flipped = bundle.config().evaluation().tuned(3, true, 0.5, 0.4, 0);
    Path file = temp.resolve("flipped.siamage");
    ModelBundleWriter.write(new ModelBundle(bundle.config().withEvaluation(flipped), bundle.tensors(), bundle.optimizerState(),
        bundle.gallery(), bundle.provenance()), file);
    FaceModel flipping = FaceModel.load(file);
    assertThat(flipping.sameClassThreshold()).isEqualTo(0.4);
    assertThat(flipping.hasCalibratedThreshold()).isTrue();
    assertThat(model.hasCalibratedThreshold()).isFalse();

    int size = model.inputSize();
    int plane = 3 * size * size;
    float[] inputs = new float[2 * plane];
    Random random = new Random(5);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = 2 * random.nextFloat() - 1;
    }
    float[] mirrored = inputs.clone();
    FaceEmbedder.mirror(mirrored, 0, size);
    FaceEmbedder.mirror(mirrored, plane, size);
    Prediction plain = model.embedWithGender(inputs, 2);
    Prediction mirror = model.embedWithGender(mirrored, 2);
    Prediction averaged = flipping.embedWithGender(inputs, 2);
    for (int face = 0; face < 2; face++) {
      float[] expected = new float[plain.embeddings()[face].length];
      double norm = 0;
      for (int k = 0; k < expected.length; k++) {
        expected[k] = plain.embeddings()[face][k] + mirror.embeddings()[face][k];
        norm += expected[k] * expected[k];
      }
      for (int k = 0; k < expected.length; k++) {
        expected[k] /= (float) Math.sqrt(norm);
      }
      assertThat(averaged.embeddings()[face]).containsExactly(expected, Offset.offset(1e-5f));
      assertThat(averaged.femaleProbability()[face]).isCloseTo(
          (plain.femaleProbability()[face] + mirror.femaleProbability()[face]) / 2, Offset.offset(1e-5f));
    }
  }

  @Test
  void aFaceFartherFromItsNearestReferenceThanTheModelsUnusualDistanceIsFlagged() throws Exception {
    Path image = written.dataset().resolve("images").resolve("face_0005.jpg");
    FacePrediction usual = model.predict(image);
    assertThat(model.config().evaluation().unusualDistance()).as("the tiny model was not tuned").isZero();
    assertThat(usual.unusual()).isFalse();
    assertThat(usual.note()).doesNotContain("unusual");

    double nearest = usual.neighbours().get(0).distance();
    FaceModel tight = withUnusualDistance(nearest * 0.99, "tight.siamage");
    FacePrediction flagged = tight.predict(image);
    assertThat(flagged.unusual()).isTrue();
    assertThat(flagged.note()).contains(FaceModel.unusualNote(nearest, nearest * 0.99))
        .startsWith(FaceModel.LEFT_OUT_NOTE + "; unusual face: nearest reference at D = ");
    assertThat(flagged.age()).as("the flag changes no estimate").isEqualTo(usual.age());

    FaceModel loose = withUnusualDistance(nearest * 1.01, "loose.siamage");
    assertThat(loose.predict(image).unusual()).isFalse();
  }

  private static FaceModel withUnusualDistance(double distance, String name) throws Exception {
    ModelBundle bundle = ModelBundleReader.read(written.bundle());
    EvaluationConfig changed = bundle.config().evaluation().withUnusualDistance(distance);
    Path file = temp.resolve(name);
    ModelBundleWriter.write(new ModelBundle(bundle.config().withEvaluation(changed), bundle.tensors(),
        bundle.optimizerState(), bundle.gallery(), bundle.provenance()), file);
    return FaceModel.load(file);
  }
}
