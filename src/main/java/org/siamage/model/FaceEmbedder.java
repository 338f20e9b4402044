package org.siamage.model;

import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.preprocess.PreprocessedFaces;

/** Embeds preprocessed faces in chunks with the network's inference tower. */
public final class FaceEmbedder {
  /** Faces per forward pass: large enough to amortise per-call overhead, small enough for memory. */
  public static final int CHUNK = 64;

  private FaceEmbedder() {}

  /**
   * Embeddings and gender probabilities of the given faces.
   *
   * @param embeddings row-major {@code [n·E]}, L2-normalised rows
   * @param femaleProbability {@code [n]} in 0..1, or null without a gender head
   */
  public record Embedded(float[] embeddings, int dimension, float[] femaleProbability) {
    public int size() {
      return embeddings.length / dimension;
    }

    public float[] row(int i) {
      float[] row = new float[dimension];
      System.arraycopy(embeddings, i * dimension, row, 0, dimension);
      return row;
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
    int dimension = network.embeddingSize();
    int imageLength = 3 * faces.inputSize() * faces.inputSize();
    float[] embeddings = new float[indices.length * dimension];
    boolean head = network.modelConfig().genderHead();
    float[] female = head ? new float[indices.length] : null;
    for (int start = 0; start < indices.length; start += CHUNK) {
      stop.throwIfStopped();
      int n = Math.min(CHUNK, indices.length - start);
      float[] input = new float[n * imageLength];
      for (int i = 0; i < n; i++) {
        faces.writeNetworkInput(indices[start + i], input, i * imageLength);
      }
      Prediction prediction = network.predict(input, n);
      for (int i = 0; i < n; i++) {
        System.arraycopy(prediction.embeddings()[i], 0, embeddings, (start + i) * dimension, dimension);
        if (head) {
          female[start + i] = prediction.femaleProbability()[i];
        }
      }
      progress.onProgress(start + n, indices.length, "embedding faces");
    }
    return new Embedded(embeddings, dimension, female);
  }
}
