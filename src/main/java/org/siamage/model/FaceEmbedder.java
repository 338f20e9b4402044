package org.siamage.model;

import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.preprocess.PreprocessedFaces;

/**
 * Embeds preprocessed faces in chunks with the network's inference tower, optionally averaged with
 * the embedding of each face's mirror image (flip averaging: test-time augmentation that costs a
 * second forward pass per face).
 */
public final class FaceEmbedder {
  /** Faces per forward pass: large enough to amortise per-call overhead, small enough for memory. */
  public static final int CHUNK = 64;

  private FaceEmbedder() {}

  /**
   * Embeddings and head outputs of the given faces.
   *
   * @param embeddings row-major {@code [n·E]}, L2-normalised rows
   * @param femaleProbability {@code [n]} in 0..1, or null without a gender head
   * @param headAge {@code [n]} the age head's estimate in years, or null without an age head
   */
  public record Embedded(float[] embeddings, int dimension, float[] femaleProbability, float[] headAge) {
    public int size() {
      return embeddings.length / dimension;
    }

    public float[] row(int i) {
      float[] row = new float[dimension];
      System.arraycopy(embeddings, i * dimension, row, 0, dimension);
      return row;
    }

    /**
     * The flip average of these faces and {@code mirrored} (the same faces mirrored): each
     * embedding the re-normalised mean of the two, head outputs the plain means.
     */
    public Embedded averagedWith(Embedded mirrored) {
      if (mirrored.embeddings.length != embeddings.length || mirrored.dimension != dimension) {
        throw new IllegalArgumentException("the mirrored faces differ in number or dimension");
      }
      float[] sum = new float[embeddings.length];
      for (int row = 0; row < size(); row++) {
        double norm = 0;
        for (int k = row * dimension; k < (row + 1) * dimension; k++) {
          sum[k] = embeddings[k] + mirrored.embeddings[k];
          norm += (double) sum[k] * sum[k];
        }
        float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
        for (int k = row * dimension; k < (row + 1) * dimension; k++) {
          sum[k] *= scale;
        }
      }
      return new Embedded(sum, dimension, mean(femaleProbability, mirrored.femaleProbability),
          mean(headAge, mirrored.headAge));
    }

    private static float[] mean(float[] a, float[] b) {
      if (a == null || b == null) {
        return null;
      }
      float[] mean = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        mean[i] = (a[i] + b[i]) / 2;
      }
      return mean;
    }
  }

  /**
   * @param indices positions in {@code faces}
   */
  public static Embedded embed(
      SiameseNetwork network,
      PreprocessedFaces faces,
      int[] indices,
      ProgressListener progress,
      StopToken stop) {
    return embed(network, faces, indices, false, progress, stop);
  }

  /**
   * @param indices positions in {@code faces}
   * @param flipAveraging average each face's embedding with its mirror image's
   */
  public static Embedded embed(
      SiameseNetwork network,
      PreprocessedFaces faces,
      int[] indices,
      boolean flipAveraging,
      ProgressListener progress,
      StopToken stop) {
    Embedded plain = embedOnce(network, faces, indices, false, progress, stop);
    return flipAveraging ? plain.averagedWith(embedOnce(network, faces, indices, true, progress, stop)) : plain;
  }

  /** The faces' embeddings, each face mirrored left to right when {@code mirrored}. */
  public static Embedded embedOnce(
      SiameseNetwork network,
      PreprocessedFaces faces,
      int[] indices,
      boolean mirrored,
      ProgressListener progress,
      StopToken stop) {
    int dimension = network.embeddingSize();
    int size = faces.inputSize();
    int imageLength = 3 * size * size;
    float[] embeddings = new float[indices.length * dimension];
    boolean genderHead = network.modelConfig().genderHead();
    float[] female = genderHead ? new float[indices.length] : null;
    float[] headAge = network.hasAgeHead() ? new float[indices.length] : null;
    for (int start = 0; start < indices.length; start += CHUNK) {
      stop.throwIfStopped();
      int n = Math.min(CHUNK, indices.length - start);
      float[] input = new float[n * imageLength];
      for (int i = 0; i < n; i++) {
        faces.writeNetworkInput(indices[start + i], input, i * imageLength);
        if (mirrored) {
          mirror(input, i * imageLength, size);
        }
      }
      Prediction prediction = network.predict(input, n);
      for (int i = 0; i < n; i++) {
        System.arraycopy(prediction.embeddings()[i], 0, embeddings, (start + i) * dimension, dimension);
        if (genderHead) {
          female[start + i] = prediction.femaleProbability()[i];
        }
        if (headAge != null) {
          headAge[start + i] = prediction.headAge()[i];
        }
      }
      progress.onProgress(start + n, indices.length, "embedding faces");
    }
    return new Embedded(embeddings, dimension, female, headAge);
  }

  /**
   * Mirrors one CHW image left to right in place.
   *
   * @param image {@code 3·S·S} floats from {@code offset}
   * @param size S
   */
  public static void mirror(float[] image, int offset, int size) {
    for (int row = offset; row < offset + 3 * size * size; row += size) {
      for (int left = row, right = row + size - 1; left < right; left++, right--) {
        float swap = image[left];
        image[left] = image[right];
        image[right] = swap;
      }
    }
  }
}
