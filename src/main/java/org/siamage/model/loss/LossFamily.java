package org.siamage.model.loss;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;

/** The pair losses a configuration can name, the paper's loss-table rows. */
public enum LossFamily {
  REVISED_CONTRASTIVE("revised-contrastive"),
  CONTRASTIVE("contrastive"),
  TRIPLET("triplet"),
  LIFTED("lifted");

  private final String configName;

  LossFamily(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The family named {@code name} in a config; names the bad value otherwise. */
  public static LossFamily fromConfigName(String name) {
    for (LossFamily family : values()) {
      if (family.configName.equals(name)) {
        return family;
      }
    }
    String known = Arrays.stream(values()).map(LossFamily::configName).collect(Collectors.joining(", "));
    throw new UserFacingException("training.loss: unknown loss '" + name + "' (expected one of " + known + ")");
  }

  /** The parts this family's pair loss reports beside {@link LossNames#PAIR}, in display order. */
  public List<String> partNames() {
    return switch (this) {
      case REVISED_CONTRASTIVE, CONTRASTIVE -> List.of(LossNames.PAIR_SIMILAR, LossNames.PAIR_DISSIMILAR);
      case TRIPLET, LIFTED -> List.of(LossNames.PAIR_ACTIVE_TERMS);
    };
  }

  /**
   * The loss with the config's parameters. Contrastive uses m_0 as its margin; triplet and lifted
   * use m_0 as their margin α.
   */
  public PairLoss create(TrainingConfig training) {
    return switch (this) {
      case REVISED_CONTRASTIVE -> new RevisedContrastiveLoss(
          training.ageThreshold(),
          training.positiveMargin(),
          training.negativeMargin(),
          training.marginSlope(),
          training.maxNegativeMargin(),
          training.batchAllPairs(),
          training.balancePairTerms());
      case CONTRASTIVE -> new ContrastiveLoss(training.ageThreshold(), training.negativeMargin(),
          training.batchAllPairs(), training.balancePairTerms());
      case TRIPLET -> new TripletLoss(training.ageThreshold(), training.negativeMargin());
      case LIFTED -> new LiftedStructureLoss(training.ageThreshold(), training.negativeMargin());
    };
  }
}
