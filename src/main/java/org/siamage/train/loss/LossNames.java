package org.siamage.train.loss;

/** Names of the loss variables in the graph, so listeners can read each part. */
public final class LossNames {
  private LossNames() {}

  /** The pair (metric) loss, a scalar. */
  public static final String PAIR = "loss/pair";
  /** Similar pairs' share of the contrastive losses (mean over all pairs). */
  public static final String PAIR_SIMILAR = "loss/pair/similar";
  /** Dissimilar pairs' share of the contrastive losses (mean over all pairs). */
  public static final String PAIR_DISSIMILAR = "loss/pair/dissimilar";
  /** Number of triplets or positive pairs a batch offered to the triplet or lifted loss. */
  public static final String PAIR_ACTIVE_TERMS = "loss/pair/terms";
  /** Mean gender binary cross-entropy over faces of known gender (unweighted). */
  public static final String GENDER = "loss/gender";
  /** {@link #PAIR} + λ_g · {@link #GENDER}: the variable that is minimised. */
  public static final String TOTAL = org.siamage.model.LossDefinition.TOTAL;
}
