package org.siamage.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.siamage.data.Gender;

/** Random L2-normalised embeddings and galleries for tests. */
final class TestEmbeddings {
  private TestEmbeddings() {}

  /** {@code count × dimension} Gaussian rows, each scaled to unit length. */
  static float[] unitRows(int count, int dimension, long seed) {
    Random random = new Random(seed);
    float[] rows = new float[count * dimension];
    for (int row = 0; row < count; row++) {
      double norm = 0;
      for (int i = 0; i < dimension; i++) {
        float value = (float) random.nextGaussian();
        rows[row * dimension + i] = value;
        norm += value * value;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dimension; i++) {
        rows[row * dimension + i] *= scale;
      }
    }
    return rows;
  }

  static ReferenceGallery randomGallery(int count, int dimension, long seed) {
    Random random = new Random(seed + 1);
    int[] ages = new int[count];
    Gender[] genders = new Gender[count];
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ages[i] = random.nextInt(81);
      genders[i] = Gender.values()[random.nextInt(3)];
      ids.add("face-" + i);
    }
    return ReferenceGallery.of(unitRows(count, dimension, seed), dimension, ages, genders, ids);
  }
}
