package org.siamage.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.siamage.train.BatchAssembler.StrongChange;

/** The strong augmentation's geometry and photometry, checked pixel by pixel on a small ramp. */
class StrongAugmentationTest {
  private static final int SIZE = 8;
  private static final Offset<Float> CLOSE = Offset.offset(1e-5f);

  /** Channel c, pixel (x, y) holds a value that names its place, within [-1, 1]. */
  private static float[] ramp() {
    float[] image = new float[3 * SIZE * SIZE];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          image[c * SIZE * SIZE + y * SIZE + x] = (x + SIZE * y) / 64f - 0.5f + 0.1f * c;
        }
      }
    }
    return image;
  }

  private static float[] apply(StrongChange change, float[] source) {
    float[] target = new float[source.length + 5];
    change.apply(source, SIZE, target, 5);
    return java.util.Arrays.copyOfRange(target, 5, target.length);
  }

  private static float at(float[] image, int c, int x, int y) {
    return image[c * SIZE * SIZE + y * SIZE + x];
  }

  @Test
  void theIdentityChangeCopiesTheFaceToTheOffset() {
    float[] source = ramp();
    float[] changed = apply(StrongChange.IDENTITY, source);
    for (int i = 0; i < source.length; i++) {
      assertThat(changed[i]).isCloseTo(source[i], CLOSE);
    }
  }

  @Test
  void flipMirrorsAndAWholePixelShiftMovesWithEdgesRepeated() {
    float[] source = ramp();
    float[] flipped = apply(new StrongChange(true, 1, 0, 0, 0, 1, 0), source);
    float[] shifted = apply(new StrongChange(false, 1, 0, 2, -1, 1, 0), source);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          assertThat(at(flipped, c, x, y)).isCloseTo(at(source, c, SIZE - 1 - x, y), CLOSE);
          int fromX = Math.max(0, x - 2);
          int fromY = Math.min(SIZE - 1, y + 1);
          assertThat(at(shifted, c, x, y)).isCloseTo(at(source, c, fromX, fromY), CLOSE);
        }
      }
    }
  }

  @Test
  void aQuarterTurnRotatesAboutTheCentre() {
    float[] source = ramp();
    float[] turned = apply(new StrongChange(false, 1, Math.PI / 2, 0, 0, 1, 0), source);
    // output (x, y) reads source (y, SIZE - 1 - x): the image turned a quarter clockwise on screen
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        assertThat(at(turned, 0, x, y)).isCloseTo(at(source, 0, y, SIZE - 1 - x), Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void contrastAndBrightnessChangeValuesAndStayInTheInputRange() {
    float[] source = ramp();
    float[] changed = apply(new StrongChange(false, 1, 0, 0, 0, 3f, 0.5f), source);
    for (int i = 0; i < source.length; i++) {
      float expected = Math.max(-1f, Math.min(1f, source[i] * 3f + 0.5f));
      assertThat(changed[i]).isCloseTo(expected, CLOSE);
    }
    assertThat(changed).contains(1f, -1f);
  }

  @Test
  void drawsStayWithinTheDocumentedRangesAndRepeatForTheSameSeed() {
    SplittableRandom random = new SplittableRandom(7);
    int flips = 0;
    for (int i = 0; i < 2000; i++) {
      StrongChange change = StrongChange.draw(random, 48);
      flips += change.flip() ? 1 : 0;
      assertThat(change.scale()).isBetween(0.9, 1.1);
      assertThat(Math.abs(change.angle())).isLessThanOrEqualTo(Math.toRadians(10));
      assertThat(Math.abs(change.shiftX())).isLessThanOrEqualTo(0.06 * 48);
      assertThat(Math.abs(change.shiftY())).isLessThanOrEqualTo(0.06 * 48);
      assertThat(change.contrast()).isBetween(0.8f, 1.2f);
      assertThat(Math.abs(change.brightness())).isLessThanOrEqualTo(0.2f);
    }
    assertThat(flips).isBetween(900, 1100);
    assertThat(StrongChange.draw(new SplittableRandom(3), 48)).isEqualTo(StrongChange.draw(new SplittableRandom(3), 48));
  }
}
