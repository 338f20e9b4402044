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

  /**
   * {@code count} unit rows around {@code clusters} random unit centres (Gaussian offsets of
   * {@code spread} in all, then normalised), each cluster one age; a learned embedding groups faces
   * so. Queries drawn the same way with another seed fall between the gallery's references.
   */
  static ReferenceGallery clusteredGallery(int count, int dimension, int clusters, double spread, long seed) {
    float[] centres = unitRows(clusters, dimension, 1000 + clusters);
    Random random = new Random(seed);
    float[] rows = new float[count * dimension];
    int[] ages = new int[count];
    Gender[] genders = new Gender[count];
    List<String> ids = new ArrayList<>(count);
    for (int row = 0; row < count; row++) {
      int cluster = random.nextInt(clusters);
      double norm = 0;
      for (int i = 0; i < dimension; i++) {
        double value = centres[cluster * dimension + i] + spread / Math.sqrt(dimension) * random.nextGaussian();
        rows[row * dimension + i] = (float) value;
        norm += value * value;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dimension; i++) {
        rows[row * dimension + i] *= scale;
      }
      ages[row] = Math.min(80, 2 * cluster + random.nextInt(5));
      genders[row] = row % 2 == 0 ? Gender.FEMALE : Gender.MALE;
      ids.add("face-" + row);
    }
    return ReferenceGallery.of(rows, dimension, ages, genders, ids);
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
