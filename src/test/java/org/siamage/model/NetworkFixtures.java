package org.siamage.model;

import java.util.Random;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ModelConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.model.loss.SiameseLoss;

/** Small networks and synthetic batches for the model tests. */
final class NetworkFixtures {
  private NetworkFixtures() {}

  static final TrainingConfig TRAINING = ConfigDefaults.experiment().training();

  static SiameseNetwork network(String backbone, int width, int embeddingSize, boolean genderHead, int inputSize) {
    ModelConfig model = new ModelConfig(ModelConfig.Backbone.fromWireName(backbone), width, embeddingSize, genderHead);
    return SiameseNetwork.create(model, inputSize, TRAINING, SiameseLoss.fromConfig(TRAINING));
  }

  /**
   * Faces whose brightness encodes age: a face of age a is a noisy grey image at level (a − 40) /
   * 25, so a network can learn to place faces by age from brightness alone.
   */
  static PairBatch brightnessBatch(Random random, int size, int inputSize, boolean withGender) {
    int pixels = 3 * inputSize * inputSize;
    float[] left = new float[size * pixels];
    float[] right = new float[size * pixels];
    float[] ageLeft = new float[size];
    float[] ageRight = new float[size];
    float[] genderLeft = new float[size];
    float[] genderRight = new float[size];
    float[] maskLeft = new float[size];
    float[] maskRight = new float[size];
    for (int i = 0; i < size; i++) {
      ageLeft[i] = 16 + random.nextInt(48);
      ageRight[i] = i % 2 == 0 ? ageLeft[i] + random.nextInt(5) - 2 : 16 + random.nextInt(48);
      genderLeft[i] = random.nextBoolean() ? 1 : 0;
      genderRight[i] = random.nextBoolean() ? 1 : 0;
      maskLeft[i] = i % 4 == 3 ? 0 : 1;
      maskRight[i] = 1;
      fillFace(random, left, i * pixels, pixels, ageLeft[i], genderLeft[i]);
      fillFace(random, right, i * pixels, pixels, ageRight[i], genderRight[i]);
    }
    if (!withGender) {
      return PairBatch.withoutGender(size, left, right, ageLeft, ageRight);
    }
    return new PairBatch(size, left, right, ageLeft, ageRight, genderLeft, genderRight, maskLeft, maskRight);
  }

  /** The red channel carries gender (+0.3 for female) so the gender head has something to learn. */
  private static void fillFace(Random random, float[] target, int offset, int pixels, float age, float gender) {
    float level = (age - 40) / 25f;
    int plane = pixels / 3;
    for (int p = 0; p < pixels; p++) {
      float value = level + 0.1f * (float) random.nextGaussian();
      if (p < plane) {
        value += gender > 0.5f ? 0.3f : -0.3f;
      }
      target[offset + p] = Math.max(-1f, Math.min(1f, value));
    }
  }

  static float[] randomImages(Random random, int n, int inputSize) {
    float[] images = new float[n * 3 * inputSize * inputSize];
    for (int i = 0; i < images.length; i++) {
      images[i] = 2 * random.nextFloat() - 1;
    }
    return images;
  }
}
