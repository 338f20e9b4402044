package org.siamage.model.bundle;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The reference gallery stored in a model bundle: labelled faces and their embeddings, which a
 * later panel compares new faces against.
 *
 * <p>Face {@code i} has id {@code ids.get(i)}, age {@code ages[i]} in years, gender code {@code
 * genders[i]} and the embedding {@code embeddings[i * dimension .. (i + 1) * dimension)}. The
 * arrays are shared, not copied (a gallery can hold many embeddings): treat them as read-only.
 * {@link #equals} compares contents.
 *
 * @param ids face ids (for example image file names), one per face, not null
 * @param ages ages in years, each ≥ 0
 * @param genders gender codes: {@link #FEMALE}, {@link #MALE} or {@link #UNKNOWN}
 * @param embeddings {@code size() × dimension} floats in row-major order
 * @param dimension length of one embedding, ≥ 1
 */
public record ReferenceGalleryData(
    List<String> ids, int[] ages, byte[] genders, float[] embeddings, int dimension) {
  public static final byte FEMALE = 0;
  public static final byte MALE = 1;
  public static final byte UNKNOWN = 2;

  public ReferenceGalleryData {
    ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
    Objects.requireNonNull(ages, "ages");
    Objects.requireNonNull(genders, "genders");
    Objects.requireNonNull(embeddings, "embeddings");
    if (dimension < 1) {
      throw new IllegalArgumentException(
          "gallery embedding dimension must be ≥ 1, was " + dimension);
    }
    int count = ids.size();
    if (ages.length != count || genders.length != count) {
      throw new IllegalArgumentException(
          "gallery has "
              + count
              + " ids but "
              + ages.length
              + " ages and "
              + genders.length
              + " genders");
    }
    if ((long) count * dimension != embeddings.length) {
      throw new IllegalArgumentException(
          "gallery has "
              + count
              + " faces of dimension "
              + dimension
              + " ("
              + (long) count * dimension
              + " values) but "
              + embeddings.length
              + " embedding values were given");
    }
    for (int i = 0; i < count; i++) {
      if (ages[i] < 0) {
        throw new IllegalArgumentException(
            "gallery face " + ids.get(i) + " has a negative age " + ages[i]);
      }
      if (genders[i] < FEMALE || genders[i] > UNKNOWN) {
        throw new IllegalArgumentException(
            "gallery face "
                + ids.get(i)
                + " has gender code "
                + genders[i]
                + " (0 female, 1 male, 2 unknown)");
      }
    }
  }

  /** A gallery with no faces, for bundles saved before a gallery exists (checkpoints). */
  public static ReferenceGalleryData empty(int dimension) {
    return new ReferenceGalleryData(List.of(), new int[0], new byte[0], new float[0], dimension);
  }

  /** Number of faces. */
  public int size() {
    return ids.size();
  }

  /** A copy of the embedding of face {@code index} (0 ≤ index < size()). */
  public float[] embedding(int index) {
    Objects.checkIndex(index, size());
    return Arrays.copyOfRange(embeddings, index * dimension, (index + 1) * dimension);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReferenceGalleryData that
        && dimension == that.dimension
        && ids.equals(that.ids)
        && Arrays.equals(ages, that.ages)
        && Arrays.equals(genders, that.genders)
        && Arrays.equals(embeddings, that.embeddings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        ids,
        Arrays.hashCode(ages),
        Arrays.hashCode(genders),
        Arrays.hashCode(embeddings),
        dimension);
  }

  @Override
  public String toString() {
    return "ReferenceGalleryData[" + size() + " faces, dimension " + dimension + "]";
  }
}
