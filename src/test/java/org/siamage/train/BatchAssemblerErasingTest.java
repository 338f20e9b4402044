package org.siamage.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;
import org.siamage.data.pairs.PairEpoch;
import org.siamage.data.pairs.PairStatistics;
import org.siamage.data.preprocess.TestFaces;
import org.siamage.model.PairBatch;

/**
 * Random erasing through the batch the trainer assembles: with {@code training.erasing} p, about a
 * share p of the augmented faces carry one grey rectangle, and none do when p is 0. The faces are
 * uniform, so flips and shifts leave them unchanged and every grey pixel is an erased one.
 */
class BatchAssemblerErasingTest {
  private static final int SIZE = 16;
  private static final int FACES = 6;
  private static final int PAIRS = 200;

  private static TrainingData data() {
    int[] ages = {20, 21, 30, 40, 50, 60};
    Gender[] genders = {Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE};
    return new TrainingData("test", "", "", TestFaces.uniform(FACES, SIZE, (byte) 200), ages, genders,
        new int[] {0, 1, 2, 3, 4, 5}, new int[0], new int[0]);
  }

  private static PairEpoch pairs() {
    int[] left = new int[PAIRS];
    int[] right = new int[PAIRS];
    boolean[] similar = new boolean[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      left[i] = i % FACES;
      right[i] = (i + 1) % FACES;
    }
    return new PairEpoch(0, left, right, similar, new PairStatistics(PAIRS, 0.5, 0, 0, 0, List.of(), 0, 0, 0));
  }

  /** Per face of the batch (left faces, then right), how many of its pixels are grey in every channel. */
  private static int[] greyPixels(PairBatch batch) {
    int plane = SIZE * SIZE;
    int[] grey = new int[2 * PAIRS];
    for (int side = 0; side < 2; side++) {
      float[] images = side == 0 ? batch.left() : batch.right();
      for (int face = 0; face < PAIRS; face++) {
        int offset = face * 3 * plane;
        for (int p = 0; p < plane; p++) {
          if (images[offset + p] == 0f && images[offset + plane + p] == 0f && images[offset + 2 * plane + p] == 0f) {
            grey[side * PAIRS + face]++;
          }
        }
      }
    }
    return grey;
  }

  @Test
  void aboutTheConfiguredShareOfFacesCarriesOneGreyRectangle() {
    PairBatch batch = new BatchAssembler(data(), true, false, 0.5, 7L).assemble(pairs(), 0, PAIRS, 0, 0);
    int[] grey = greyPixels(batch);
    long erased = java.util.Arrays.stream(grey).filter(count -> count > 0).count();
    assertThat(erased).as("faces erased of %d", grey.length).isBetween(160L, 240L);
    for (int count : grey) {
      // a rectangle of 2–40 % of the face, sides rounded to whole pixels
      assertThat(count == 0 || count <= 0.5 * SIZE * SIZE).as("%d grey pixels", count).isTrue();
    }
  }

  @Test
  void withErasingOffNoFaceHasAGreyPixelAndTheFacesAreTheCachedOnes() {
    PairBatch batch = new BatchAssembler(data(), true, false, 0, 7L).assemble(pairs(), 0, PAIRS, 0, 0);
    assertThat(greyPixels(batch)).containsOnly(0);
    float value = batch.left()[0];
    assertThat(value).isNotZero();
    assertThat(batch.left()).containsOnly(value);
    assertThat(batch.right()).containsOnly(value);
  }

  @Test
  void everyAugmentedFaceIsErasedAtOneAndNoneWithoutAugmentation() {
    assertThat(java.util.Arrays.stream(greyPixels(new BatchAssembler(data(), true, false, 1.0, 7L)
        .assemble(pairs(), 0, PAIRS, 0, 0))).min().orElseThrow()).isPositive();
    assertThat(greyPixels(new BatchAssembler(data(), false, false, 1.0, 7L).assemble(pairs(), 0, PAIRS, 0, 0)))
        .as("erasing is part of augmentation: evaluation inputs are never erased").containsOnly(0);
  }
}
