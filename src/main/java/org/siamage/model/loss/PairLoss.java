package org.siamage.model.loss;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A metric loss on pairs of embeddings, given twice: as SameDiff ops that train the network, and as
 * a plain per-pair loop that tests hold the ops against.
 */
public interface PairLoss {
  /** The configuration name, e.g. {@code revised-contrastive}. */
  String name();

  /**
   * Adds the loss to the graph.
   *
   * @return named scalar variables; always holds {@link LossNames#PAIR}, the value to minimise,
   *     plus optional diagnostic parts (see {@link LossNames})
   */
  Map<String, SDVariable> define(SameDiff sameDiff, PairLossInputs inputs);

  /** The same loss computed with loops over the pairs in double precision. */
  double reference(PairData pairs);
}
