package org.siamage.train.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.TrainingConfig;
import org.siamage.model.LossDefinition;
import org.siamage.model.SiameseGraph;

/**
 * The multi-task training loss: {@code loss/total = loss/pair + λ_g · loss/gender}, the gender term
 * present only when the network has a gender head and λ_g &gt; 0. Every part is a named variable.
 */
public final class SiameseLoss implements LossDefinition {
  private final PairLoss pairLoss;
  private final double genderWeight;

  /**
   * @param pairLoss the metric loss on pair distances
   * @param genderWeight λ_g ≥ 0
   */
  public SiameseLoss(PairLoss pairLoss, double genderWeight) {
    this.pairLoss = pairLoss;
    this.genderWeight = genderWeight;
  }

  /** The loss a training config asks for. */
  public static SiameseLoss fromConfig(TrainingConfig training) {
    return new SiameseLoss(
        LossFamily.fromConfigName(training.loss()).create(training), training.genderWeight());
  }

  public PairLoss pairLoss() {
    return pairLoss;
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, SiameseGraph graph) {
    PairLossInputs inputs =
        new PairLossInputs(
            graph.embeddingLeft(),
            graph.embeddingRight(),
            graph.distance(),
            graph.ageLeft(),
            graph.ageRight());
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    pairLoss.define(sameDiff, inputs).forEach((name, variable) -> terms.put(name, variable.rename(name)));
    SDVariable total = terms.get(LossNames.PAIR);
    if (LossNames.hasGenderTerm(graph.hasGenderHead(), genderWeight)) {
      SDVariable gender =
          GenderLoss.define(
                  sameDiff,
                  graph.genderLogitLeft(),
                  graph.genderLogitRight(),
                  graph.genderLeft(),
                  graph.genderRight(),
                  graph.genderMaskLeft(),
                  graph.genderMaskRight())
              .rename(LossNames.GENDER);
      terms.put(LossNames.GENDER, gender);
      total = total.add(gender.mul(genderWeight));
    } else {
      total = total.mul(1.0);
    }
    terms.put(LossNames.TOTAL, total.rename(LossNames.TOTAL));
    return terms;
  }
}
