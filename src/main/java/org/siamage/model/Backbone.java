package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One tower of the Siamese network. Its parameters exist once (created with the backbone); {@link
 * #embed} adds ops that read them, so calling it for the left and the right input shares weights.
 */
public interface Backbone {
  /** The configuration name, e.g. {@code compact-inception}. */
  String name();

  /** Side S of the square input in pixels. */
  int inputSize();

  /** Embedding dimension E. */
  int embeddingSize();

  /**
   * Adds one tower to the graph.
   *
   * @param images {@code [N, 3, S, S]} float NCHW RGB scaled to [-1, 1]
   * @param embeddingName name of the output variable
   * @return L2-normalised embeddings {@code [N, E]}
   */
  SDVariable embed(SDVariable images, String embeddingName, TowerContext context);
}
