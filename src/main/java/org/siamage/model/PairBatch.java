package org.siamage.model;

/**
 * One training batch of N face pairs as plain arrays. Images are NCHW float RGB in [-1, 1], flattened
 * row-major: {@code [N·3·S·S]}. Per-pair arrays have length N.
 *
 * @param size N
 * @param left left images
 * @param right right images
 * @param ageLeft ages in years
 * @param ageRight ages in years
 * @param genderLeft 1 = female, 0 = male; null when no gender is known
 * @param genderRight 1 = female, 0 = male; null when no gender is known
 * @param genderMaskLeft 1 where the left gender is known, else 0; null = none known
 * @param genderMaskRight 1 where the right gender is known, else 0; null = none known
 */
public record PairBatch(
    int size,
    float[] left,
    float[] right,
    float[] ageLeft,
    float[] ageRight,
    float[] genderLeft,
    float[] genderRight,
    float[] genderMaskLeft,
    float[] genderMaskRight) {

  /** A batch without gender labels. */
  public static PairBatch withoutGender(int size, float[] left, float[] right, float[] ageLeft, float[] ageRight) {
    return new PairBatch(size, left, right, ageLeft, ageRight, null, null, null, null);
  }
}
