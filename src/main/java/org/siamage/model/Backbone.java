package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One tower of the Siamese network. Its parameters exist once (created with the backbone); {@link
 * #tower} adds ops that read them, so calling it for the left and the right input shares weights.
 */
public interface Backbone {
  /**
   * What one tower call computed.
   *
   * @param features pooled features before the embedding layer, {@code [N, F]} with F = {@link
   *     #featureSize()}
   * @param embedding L2-normalised embeddings {@code [N, E]}
   */
  record Tower(SDVariable features, SDVariable embedding) {}

  /** The configuration name, e.g. {@code compact-inception}. */
  String name();

  /** Side S of the square input in pixels. */
  int inputSize();

  /** Embedding dimension E. */
  int embeddingSize();

  /** Size F of the pooled features the embedding layer reads. */
  int featureSize();

  /**
   * Adds one tower to the graph.
   *
   * @param images {@code [N, 3, S, S]} float NCHW RGB scaled to [-1, 1]
   * @param embeddingName name of the output variable
   */
  Tower tower(SDVariable images, String embeddingName, TowerContext context);

  /** The embedding of {@link #tower}: L2-normalised, {@code [N, E]}. */
  default SDVariable embed(SDVariable images, String embeddingName, TowerContext context) {
    return tower(images, embeddingName, context).embedding();
  }
}
