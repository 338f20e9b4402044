package org.siamage.ui.archfixture;

/** Breaks the rule on purpose: a UI class that runs an engine computation itself (PCA). */
public final class UiClassComputingAProjection {
  public double[] layout(double[] embeddings, int n, int d) {
    return org.siamage.embed.Pca.project(embeddings, n, d, 1);
  }
}
