package org.siamage.embed;

import java.nio.file.Path;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.loss.SiameseLoss;

/**
 * Embeddings from any bundle, checkpoints included (they carry weights but no reference gallery, so
 * they cannot estimate ages; the drift view needs only their embeddings).
 */
public final class CheckpointEmbeddings {
  private CheckpointEmbeddings() {}

  /**
   * @param bundle the bundle, already read (and checked) from {@code bundleFile}
   * @param indices positions in {@code faces}
   * @return row-major {@code [indices.length × dimension]} L2-normalised embeddings; the dimension is
   *     {@code result.length / indices.length}
   * @throws UserFacingException naming the file when it cannot be read or does not fit its architecture
   */
  public static double[] embed(ModelBundle bundle, Path bundleFile, PreprocessedFaces faces, int[] indices,
      ProgressListener progress, StopToken stop) {
    ExperimentConfig config = bundle.config();
    if (config.preprocessing().inputSize() != faces.inputSize()) {
      throw new UserFacingException(bundleFile + " expects " + config.preprocessing().inputSize() + " px faces, the"
          + " preprocessed set has " + faces.inputSize() + " px");
    }
    SiameseNetwork network = SiameseNetwork.fromBundle(bundle, bundleFile, SiameseLoss.fromConfig(config.training()));
    FaceEmbedder.Embedded embedded;
    try {
      embedded = FaceEmbedder.embed(network, faces, indices, progress, stop);
    } finally {
      network.releasePlans(); // one network per checkpoint: free its arrays now, not at the next collection
    }
    float[] values = embedded.embeddings();
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
