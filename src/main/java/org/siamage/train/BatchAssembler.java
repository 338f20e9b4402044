package org.siamage.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.siamage.data.Gender;
import org.siamage.data.pairs.PairEpoch;
import org.siamage.model.PairBatch;

/**
 * Turns pairs of face indices into a {@link PairBatch}: network inputs in [-1, 1] (CHW), ages and
 * gender targets with masks. With light augmentation each face is flipped horizontally with
 * probability ½ and shifted by up to {@link #MAX_SHIFT} pixels (edges repeated). Strong
 * augmentation also scales, rotates and shifts it by a random similarity transform (bilinear,
 * edges repeated) and changes its contrast and brightness, within the ranges below. With random
 * erasing, an augmented face then has, with the configured probability, one rectangle set to mid
 * grey (0). All draw from a random stream seeded by (seed, epoch, batch), so a resumed run sees
 * exactly the same inputs; without erasing the stream is drawn exactly as before it existed.
 */
final class BatchAssembler {
  static final int MAX_SHIFT = 2;
  /** Strong augmentation: largest shift, as a fraction of the side. */
  static final double STRONG_SHIFT = 0.06;
  /** Strong augmentation: largest change of scale (a factor in 1 ± this). */
  static final double STRONG_SCALE = 0.10;
  /** Strong augmentation: largest rotation, in radians (10°). */
  static final double STRONG_ROTATION = Math.toRadians(10);
  /** Strong augmentation: largest change of contrast (a factor in 1 ± this) and of brightness (in [-1, 1] units). */
  static final double STRONG_PHOTOMETRIC = 0.2;
  /** Random erasing: smallest and largest share of the face's area a rectangle covers. */
  static final double ERASE_MIN_AREA = 0.02;
  static final double ERASE_MAX_AREA = 0.4;
  /** Random erasing: largest aspect ratio (height / width) of the rectangle, and its inverse the smallest. */
  static final double ERASE_MAX_ASPECT = 1 / 0.3;

  private final TrainingData data;
  private final int size;
  private final boolean augment;
  private final boolean strong;
  private final double erasing;
  private final long seed;

  /**
   * @param augment whether training faces are changed at random
   * @param strong the strong changes (similarity transform, contrast, brightness) instead of the
   *     light ones (flip and small shifts)
   * @param erasing probability (0..1) that an augmented face has one rectangle set to grey
   */
  BatchAssembler(TrainingData data, boolean augment, boolean strong, double erasing, long seed) {
    this.data = data;
    this.size = data.faces().inputSize();
    this.augment = augment;
    this.strong = strong;
    this.erasing = erasing;
    this.seed = seed;
  }

  PairBatch assemble(PairEpoch pairs, int from, int to, int epoch, int batchIndex) {
    int n = to - from;
    int imageLength = 3 * size * size;
    float[] left = new float[n * imageLength];
    float[] right = new float[n * imageLength];
    float[] ageLeft = new float[n];
    float[] ageRight = new float[n];
    float[] genderLeft = new float[n];
    float[] genderRight = new float[n];
    float[] maskLeft = new float[n];
    float[] maskRight = new float[n];
    SplittableRandom random = new SplittableRandom(mix(seed, epoch, batchIndex));
    float[] scratch = new float[imageLength];
    for (int i = 0; i < n; i++) {
      int a = pairs.leftIndex(from + i);
      int b = pairs.rightIndex(from + i);
      writeFace(a, left, i * imageLength, random, scratch);
      writeFace(b, right, i * imageLength, random, scratch);
      ageLeft[i] = data.ages()[a];
      ageRight[i] = data.ages()[b];
      setGender(data.genders()[a], genderLeft, maskLeft, i);
      setGender(data.genders()[b], genderRight, maskRight, i);
    }
    return new PairBatch(n, left, right, ageLeft, ageRight, genderLeft, genderRight, maskLeft, maskRight);
  }

  private static void setGender(Gender gender, float[] target, float[] mask, int i) {
    if (gender != Gender.UNKNOWN) {
      target[i] = (float) gender.femaleProbabilityTarget();
      mask[i] = 1f;
    }
  }

  private void writeFace(int face, float[] target, int offset, SplittableRandom random, float[] scratch) {
    if (!augment) {
      data.faces().writeNetworkInput(face, target, offset);
      return;
    }
    if (strong) {
      writeStrong(face, target, offset, random, scratch);
    } else {
      writeLight(face, target, offset, random, scratch);
    }
    if (erasing > 0 && random.nextDouble() < erasing) {
      erase(target, offset, size, random);
    }
  }

  private void writeLight(int face, float[] target, int offset, SplittableRandom random, float[] scratch) {
    boolean flip = random.nextBoolean();
    int shiftX = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    int shiftY = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
    data.faces().writeNetworkInput(face, scratch, 0);
    for (int channel = 0; channel < 3; channel++) {
      int plane = channel * size * size;
      for (int y = 0; y < size; y++) {
        int sourceY = clamp(y - shiftY);
        for (int x = 0; x < size; x++) {
          int sourceX = clamp(x - shiftX);
          if (flip) {
            sourceX = size - 1 - sourceX;
          }
          target[offset + plane + y * size + x] = scratch[plane + sourceY * size + sourceX];
        }
      }
    }
  }

  /**
   * Sets one random rectangle of the face at {@code offset} to 0 (mid grey) in every channel: its
   * area a uniform share of the face in [{@link #ERASE_MIN_AREA}, {@link #ERASE_MAX_AREA}], its
   * aspect ratio log-uniform in [1 / {@link #ERASE_MAX_ASPECT}, {@link #ERASE_MAX_ASPECT}], its
   * position uniform among those that keep it inside the face.
   *
   * @param target CHW faces of side {@code size}, values in [-1, 1]
   */
  static void erase(float[] target, int offset, int size, SplittableRandom random) {
    double area = (ERASE_MIN_AREA + random.nextDouble() * (ERASE_MAX_AREA - ERASE_MIN_AREA)) * size * size;
    double logAspect = Math.log(ERASE_MAX_ASPECT) * (2 * random.nextDouble() - 1);
    double aspect = Math.exp(logAspect);
    int height = Math.max(1, Math.min(size, (int) Math.round(Math.sqrt(area * aspect))));
    int width = Math.max(1, Math.min(size, (int) Math.round(Math.sqrt(area / aspect))));
    int top = random.nextInt(size - height + 1);
    int left = random.nextInt(size - width + 1);
    for (int channel = 0; channel < 3; channel++) {
      int plane = offset + channel * size * size;
      for (int y = top; y < top + height; y++) {
        Arrays.fill(target, plane + y * size + left, plane + y * size + left + width, 0f);
      }
    }
  }

  private void writeStrong(int face, float[] target, int offset, SplittableRandom random, float[] scratch) {
    StrongChange change = StrongChange.draw(random, size);
    data.faces().writeNetworkInput(face, scratch, 0);
    change.apply(scratch, size, target, offset);
  }

  /**
   * One draw of strong augmentation.
   *
   * @param flip mirror the face horizontally first
   * @param scale zoom factor about the centre, in 1 ± {@link #STRONG_SCALE}
   * @param angle rotation about the centre in radians, within ± {@link #STRONG_ROTATION}
   * @param shiftX shift in pixels, within ± {@link #STRONG_SHIFT} × side
   * @param shiftY shift in pixels, within ± {@link #STRONG_SHIFT} × side
   * @param contrast factor on every value, in 1 ± {@link #STRONG_PHOTOMETRIC}
   * @param brightness offset added after the contrast, within ± {@link #STRONG_PHOTOMETRIC}
   */
  record StrongChange(
      boolean flip, double scale, double angle, double shiftX, double shiftY, float contrast, float brightness) {
    static final StrongChange IDENTITY = new StrongChange(false, 1, 0, 0, 0, 1, 0);

    static StrongChange draw(SplittableRandom random, int size) {
      return new StrongChange(
          random.nextBoolean(),
          1 + uniform(random, STRONG_SCALE),
          uniform(random, STRONG_ROTATION),
          uniform(random, STRONG_SHIFT * size),
          uniform(random, STRONG_SHIFT * size),
          (float) (1 + uniform(random, STRONG_PHOTOMETRIC)),
          (float) uniform(random, STRONG_PHOTOMETRIC));
    }

    /**
     * Writes the changed face: output pixel (x, y) samples the source (CHW, side {@code size},
     * values in [-1, 1]) bilinearly at the inverse of flip, then scale and rotation about the
     * centre, then shift, with edges repeated; values are multiplied by the contrast, offset by
     * the brightness and clipped to [-1, 1].
     */
    void apply(float[] source, int size, float[] target, int offset) {
      double centre = (size - 1) / 2.0;
      double cos = Math.cos(angle) / scale;
      double sin = Math.sin(angle) / scale;
      int planeLength = size * size;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double u = x - centre - shiftX;
          double v = y - centre - shiftY;
          double sourceX = cos * u + sin * v + centre;
          double sourceY = -sin * u + cos * v + centre;
          if (flip) {
            sourceX = size - 1 - sourceX;
          }
          double clampedX = Math.max(0, Math.min(size - 1, sourceX));
          double clampedY = Math.max(0, Math.min(size - 1, sourceY));
          int x0 = Math.min((int) clampedX, size - 2);
          int y0 = Math.min((int) clampedY, size - 2);
          float fx = (float) (clampedX - x0);
          float fy = (float) (clampedY - y0);
          int topLeft = y0 * size + x0;
          for (int channel = 0; channel < 3; channel++) {
            int plane = channel * planeLength;
            float top = source[plane + topLeft] * (1 - fx) + source[plane + topLeft + 1] * fx;
            float bottom = source[plane + topLeft + size] * (1 - fx) + source[plane + topLeft + size + 1] * fx;
            float value = (top * (1 - fy) + bottom * fy) * contrast + brightness;
            target[offset + plane + y * size + x] = Math.max(-1f, Math.min(1f, value));
          }
        }
      }
    }
  }

  /** Uniform in [-limit, limit]. */
  private static double uniform(SplittableRandom random, double limit) {
    return (2 * random.nextDouble() - 1) * limit;
  }

  private int clamp(int coordinate) {
    return Math.max(0, Math.min(size - 1, coordinate));
  }

  /** Mixes three numbers into one seed (SplitMix64 finaliser on a combination). */
  static long mix(long seed, long a, long b) {
    long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
