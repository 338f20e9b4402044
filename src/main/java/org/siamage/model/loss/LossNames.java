package org.siamage.model.loss;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.siamage.config.ExperimentConfig;

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
  /** Mean L1 error of the age head over the faces of a batch, in standard deviations of the training ages. */
  public static final String AGE = "loss/age";
  /** {@link #PAIR} + λ_g · {@link #GENDER} + λ_a · {@link #AGE}: the variable that is minimised. */
  public static final String TOTAL = org.siamage.model.LossDefinition.TOTAL;

  private static final List<String> DISPLAY_ORDER =
      List.of(TOTAL, PAIR, PAIR_SIMILAR, PAIR_DISSIMILAR, PAIR_ACTIVE_TERMS, GENDER, AGE);

  /**
   * The named losses every iteration of {@code experiment} reports, in {@link #inDisplayOrder}
   * order. Pure Java, so a view can lay out its charts before the engine has run a step.
   */
  public static List<String> reportedBy(ExperimentConfig experiment) {
    List<String> names = new ArrayList<>(List.of(TOTAL));
    if (experiment.training().hasPairLoss()) {
      names.add(PAIR);
      names.addAll(LossFamily.of(experiment.training().loss()).partNames());
    }
    if (hasGenderTerm(experiment.model().genderHead(), experiment.training().genderWeight())) {
      names.add(GENDER);
    }
    if (experiment.training().hasAgeHead() && experiment.training().ageHeadWeight() > 0) {
      names.add(AGE);
    }
    return inDisplayOrder(names);
  }

  /**
   * {@code names} in a fixed order (total, pair loss, its parts, gender, age; unknown names last, by
   * name), so charts give each loss the same colour in every run.
   */
  public static List<String> inDisplayOrder(Collection<String> names) {
    Comparator<String> known = Comparator.comparingInt(name -> {
      int rank = DISPLAY_ORDER.indexOf(name);
      return rank < 0 ? DISPLAY_ORDER.size() : rank;
    });
    return names.stream().distinct().sorted(known.thenComparing(Comparator.naturalOrder())).toList();
  }

  /** Whether the total loss has a gender term: a gender head and λ_g &gt; 0. */
  public static boolean hasGenderTerm(boolean genderHead, double genderWeight) {
    return genderHead && genderWeight > 0;
  }
}
