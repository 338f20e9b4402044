package org.siamage.model;

import org.siamage.config.ModelConfig;

/** The name and sizes every backbone reports, kept in one place. */
abstract class SizedBackbone implements Backbone {
  private final String name;
  private final int inputSize;
  private final int embeddingSize;

  SizedBackbone(ModelConfig.Backbone kind, int inputSize, int embeddingSize) {
    this.name = kind.wireName();
    this.inputSize = inputSize;
    this.embeddingSize = embeddingSize;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int inputSize() {
    return inputSize;
  }

  @Override
  public final int embeddingSize() {
    return embeddingSize;
  }
}
