package org.siamage.ui.archfixture;

/** Deliberately breaks the layering (UI → ND4J) so LayeringRulesBiteTest can see the rule fire. */
public final class UiClassUsingNd4j {
  public org.nd4j.linalg.api.ndarray.INDArray array() {
    return null;
  }
}
