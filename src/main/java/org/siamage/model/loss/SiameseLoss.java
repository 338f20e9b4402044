package org.siamage.model.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.TrainingConfig;
import org.siamage.model.LossDefinition;
import org.siamage.model.SiameseGraph;

/**
 * The multi-task training loss: {@code loss/total = loss/pair + λ_g · loss/gender + λ_a ·
 * loss/age}. The gender term is present only with a gender head and λ_g &gt; 0, the age term only
 * with an age head and λ_a &gt; 0, and the pair term only with a pair loss (the plain-regression
 * comparison has none). Every part is a named variable.
 *
 * <p>The age term is the L1 distance of the head's estimate to the true age over σ of the
 * training ages; with a label spread s &gt; 0 and the {@code bins} head it adds the KL divergence
 * from a Gaussian of σ = s years over the bins, centred on the true age, to the head's softmax
 * (label distribution learning, as in DLDL-v2).
 */
public final class SiameseLoss implements LossDefinition {
  private final PairLoss pairLoss;
  private final double genderWeight;
  private final double ageWeight;
  private final double ageLabelSpread;

  /**
   * @param pairLoss the metric loss on pair distances, or null for none
   * @param genderWeight λ_g ≥ 0
   * @param ageWeight λ_a ≥ 0, weight of the age head's loss (used only with an age head)
   */
  public SiameseLoss(PairLoss pairLoss, double genderWeight, double ageWeight) {
    this(pairLoss, genderWeight, ageWeight, 0);
  }

  /**
   * @param ageLabelSpread σ in years of the label distribution the {@code bins} head is also
   *     fitted to, ≥ 0 (0 = none)
   */
  public SiameseLoss(PairLoss pairLoss, double genderWeight, double ageWeight, double ageLabelSpread) {
    this.pairLoss = pairLoss;
    this.genderWeight = genderWeight;
    this.ageWeight = ageWeight;
    this.ageLabelSpread = ageLabelSpread;
  }

  /** The pair loss with a gender term and no age term. */
  public SiameseLoss(PairLoss pairLoss, double genderWeight) {
    this(pairLoss, genderWeight, 0);
  }

  /** The loss a training config asks for. */
  public static SiameseLoss fromConfig(TrainingConfig training) {
    PairLoss pair = training.hasPairLoss() ? LossFamily.of(training.loss()).create(training) : null;
    return new SiameseLoss(pair, training.genderWeight(), training.hasAgeHead() ? training.ageHeadWeight() : 0,
        training.ageLabelSpread());
  }

  /** The metric loss on pair distances, or null when the network learns from its heads only. */
  public PairLoss pairLoss() {
    return pairLoss;
  }

  @Override
  public Map<String, SDVariable> define(SameDiff sameDiff, SiameseGraph graph) {
    Map<String, SDVariable> terms = new LinkedHashMap<>();
    SDVariable total = null;
    if (pairLoss != null) {
      PairLossInputs inputs =
          new PairLossInputs(
              graph.embeddingLeft(),
              graph.embeddingRight(),
              graph.distance(),
              graph.ageLeft(),
              graph.ageRight());
      pairLoss.define(sameDiff, inputs).forEach((name, variable) -> terms.put(name, variable.rename(name)));
      total = terms.get(LossNames.PAIR);
    }
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
      total = add(total, gender.mul(genderWeight));
    }
    if (graph.hasAgeHead() && ageWeight > 0) {
      SDVariable ages = sameDiff.concat(0, graph.ageLeft(), graph.ageRight());
      SDVariable age = sameDiff.math().abs(graph.ageHeadYears().sub(ages)).mean().div(graph.ageHeadScale());
      if (ageLabelSpread > 0 && graph.ageHeadBinLogProbabilities() != null) {
        age = age.add(labelDistributionDivergence(sameDiff, graph.ageHeadBinLogProbabilities(), ages));
      }
      age = age.rename(LossNames.AGE);
      terms.put(LossNames.AGE, age);
      total = add(total, age.mul(ageWeight));
    }
    if (total == null) {
      throw new IllegalArgumentException("the loss has no term: no pair loss, and no head with a weight above 0");
    }
    terms.put(LossNames.TOTAL, total.mul(1.0).rename(LossNames.TOTAL));
    return terms;
  }

  /**
   * Mean over faces of KL(q ‖ p): q a Gaussian of σ = {@link #ageLabelSpread} years over the bins,
   * centred on the true age and normalised over the bins, p the head's softmax.
   *
   * @param logProbabilities {@code [M, B]}, bin b = age b years
   * @param ages {@code [M]} true ages in years
   */
  private SDVariable labelDistributionDivergence(SameDiff sameDiff, SDVariable logProbabilities, SDVariable ages) {
    SDVariable binAges = sameDiff.constant(SiameseGraph.binAges().reshape(1, SiameseGraph.AGE_BINS));
    SDVariable gap = binAges.sub(sameDiff.reshape(ages, -1, 1));
    // log q computed in closed form, so bins far from the age (q = 0) give 0 · finite, not 0 · −∞
    SDVariable logGaussian = gap.mul(gap).mul(-1.0 / (2 * ageLabelSpread * ageLabelSpread));
    SDVariable logTarget = logGaussian.sub(sameDiff.math().log(sameDiff.math().exp(logGaussian).sum(true, 1)));
    SDVariable target = sameDiff.math().exp(logTarget);
    return target.mul(logTarget.sub(logProbabilities)).sum(1).mean();
  }

  private static SDVariable add(SDVariable sum, SDVariable term) {
    return sum == null ? term : sum.add(term);
  }
}
