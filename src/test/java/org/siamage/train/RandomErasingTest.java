package org.siamage.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random erasing sets one rectangle of the face, the same in every channel, to grey, and nothing else. */
class RandomErasingTest {
  private static final int SIZE = 16;
  private static final int OFFSET = 7;

  @Test
  void oneRectangleOfTheAllowedAreaIsGreyInEveryChannelAndTheRestIsKept() {
    SplittableRandom random = new SplittableRandom(3);
    double smallest = 1;
    double largest = 0;
    for (int draw = 0; draw < 500; draw++) {
      float[] image = new float[OFFSET + 3 * SIZE * SIZE];
      Arrays.fill(image, 0.5f);
      BatchAssembler.erase(image, OFFSET, SIZE, random);
      for (int i = 0; i < OFFSET; i++) {
        assertThat(image[i]).as("before the face").isEqualTo(0.5f);
      }
      int minX = SIZE;
      int maxX = -1;
      int minY = SIZE;
      int maxY = -1;
      int erased = 0;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          float first = image[OFFSET + y * SIZE + x];
          for (int c = 1; c < 3; c++) {
            assertThat(image[OFFSET + c * SIZE * SIZE + y * SIZE + x]).as("channel %d at (%d, %d)", c, x, y)
                .isEqualTo(first);
          }
          assertThat(first).isIn(0f, 0.5f);
          if (first == 0f) {
            erased++;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
      }
      assertThat(erased).as("the erased pixels fill their bounding box").isEqualTo((maxX - minX + 1) * (maxY - minY + 1));
      double share = erased / (double) (SIZE * SIZE);
      smallest = Math.min(smallest, share);
      largest = Math.max(largest, share);
    }
    // Rounding the sides to whole pixels moves the share a little beyond 2–40 % on a 16-pixel face.
    assertThat(smallest).isBetween(0.0, 0.06);
    assertThat(largest).isBetween(0.3, 0.5);
  }
}
