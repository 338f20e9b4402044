package org.siamage.data.sample;

import org.siamage.core.UserFacingException;

/**
 * What the procedural sample dataset contains. Equal specs give bit-for-bit equal datasets on the
 * same JDK.
 *
 * @param seed root of every random choice; each face draws from its own stream derived from (seed,
 *     index)
 * @param count number of faces, 1 ≤ count ≤ {@value #MAX_COUNT}
 * @param imageSize width and height of each square image in pixels, {@value #MIN_IMAGE_SIZE} ≤
 *     imageSize ≤ {@value #MAX_IMAGE_SIZE}
 * @param minAge youngest age in whole years, 0 ≤ minAge ≤ maxAge
 * @param maxAge oldest age in whole years, minAge ≤ maxAge ≤ {@value #MAX_AGE}
 */
public record SampleFaceSpec(long seed, int count, int imageSize, int minAge, int maxAge) {
  public static final long DEFAULT_SEED = 20181L;
  public static final int DEFAULT_COUNT = 1000;
  public static final int DEFAULT_IMAGE_SIZE = 64;
  public static final int DEFAULT_MIN_AGE = 1;
  public static final int DEFAULT_MAX_AGE = 80;

  public static final int MAX_COUNT = 100_000;
  public static final int MIN_IMAGE_SIZE = 16;
  public static final int MAX_IMAGE_SIZE = 512;

  /** The appearance model is defined up to this age; beyond it faces would stop changing. */
  public static final int MAX_AGE = 100;

  public SampleFaceSpec {
    if (count < 1 || count > MAX_COUNT) {
      throw invalid("count", count, "between 1 and " + MAX_COUNT);
    }
    if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
      throw invalid("imageSize", imageSize, "between " + MIN_IMAGE_SIZE + " and " + MAX_IMAGE_SIZE);
    }
    if (minAge < 0 || minAge > MAX_AGE) {
      throw invalid("minAge", minAge, "between 0 and " + MAX_AGE);
    }
    if (maxAge < 0 || maxAge > MAX_AGE) {
      throw invalid("maxAge", maxAge, "between 0 and " + MAX_AGE);
    }
    if (minAge > maxAge) {
      throw new UserFacingException(
          "Sample faces: minAge " + minAge + " must not exceed maxAge " + maxAge);
    }
  }

  /** The committed demo set: 1000 faces of 64×64 pixels, ages 1 to 80, seed 20181. */
  public static SampleFaceSpec defaults() {
    return new SampleFaceSpec(
        DEFAULT_SEED, DEFAULT_COUNT, DEFAULT_IMAGE_SIZE, DEFAULT_MIN_AGE, DEFAULT_MAX_AGE);
  }

  public SampleFaceSpec withSeed(long newSeed) {
    return new SampleFaceSpec(newSeed, count, imageSize, minAge, maxAge);
  }

  public SampleFaceSpec withCount(int newCount) {
    return new SampleFaceSpec(seed, newCount, imageSize, minAge, maxAge);
  }

  public SampleFaceSpec withImageSize(int newImageSize) {
    return new SampleFaceSpec(seed, count, newImageSize, minAge, maxAge);
  }

  public SampleFaceSpec withAgeRange(int newMinAge, int newMaxAge) {
    return new SampleFaceSpec(seed, count, imageSize, newMinAge, newMaxAge);
  }

  private static UserFacingException invalid(String field, int value, String expectation) {
    return new UserFacingException(
        "Sample faces: " + field + " must be " + expectation + ", got " + value);
  }
}
