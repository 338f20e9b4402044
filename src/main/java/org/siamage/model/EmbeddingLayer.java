package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Dense layer {@code [N, F]} → {@code [N, E]} followed by L2 normalisation. */
final class EmbeddingLayer {
  private final SDVariable weights;
  private final SDVariable bias;

  EmbeddingLayer(ParameterFactory parameters, String name, int features, int embeddingSize) {
    weights = parameters.denseWeights(name + "/weights", features, embeddingSize);
    bias = parameters.zeros(name + "/bias", embeddingSize);
  }

  SDVariable apply(SameDiff sameDiff, SDVariable features, String embeddingName) {
    return Layers.l2Normalise(sameDiff, embeddingName, sameDiff.nn().linear(features, weights, bias));
  }
}
