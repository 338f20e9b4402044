package org.siamage.train;

import java.util.SplittableRandom;
import org.siamage.data.Gender;
import org.siamage.data.pairs.PairEpoch;
import org.siamage.model.PairBatch;

/**
 * Turns pairs of face indices into a {@link PairBatch}: network inputs in [-1, 1] (CHW), ages and
 * gender targets with masks. With augmentation each face is flipped horizontally with probability
 * ½ and shifted by up to {@link #MAX_SHIFT} pixels (edges repeated), using a random stream seeded
 * by (seed, epoch, batch) so that a resumed run sees exactly the same inputs.
 */
final class BatchAssembler {
  static final int MAX_SHIFT = 2;

  private final TrainingData data;
  private final int size;
  private final boolean augment;
  private final long seed;

  BatchAssembler(TrainingData data, boolean augment, long seed) {
    this.data = data;
    this.size = data.faces().inputSize();
    this.augment = augment;
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
