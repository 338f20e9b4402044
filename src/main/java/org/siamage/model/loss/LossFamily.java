package org.siamage.model.loss;

import java.util.List;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;

/** The pair losses a configuration can name, the paper's loss-table rows. */
public enum LossFamily {
  REVISED_CONTRASTIVE(TrainingConfig.Loss.REVISED_CONTRASTIVE),
  CONTRASTIVE(TrainingConfig.Loss.CONTRASTIVE),
  TRIPLET(TrainingConfig.Loss.TRIPLET),
  LIFTED(TrainingConfig.Loss.LIFTED);

  private final TrainingConfig.Loss loss;

  LossFamily(TrainingConfig.Loss loss) {
    this.loss = loss;
  }

  /** The config value that names this family. */
  public TrainingConfig.Loss loss() {
    return loss;
  }

  /** The name of this loss in a config ({@code training.loss}). */
  public String configName() {
    return loss.wireName();
  }

  /**
   * The family of a config's pair loss.
   *
   * @throws IllegalArgumentException for {@code none}, which names no pair loss (ask {@link
   *     TrainingConfig#hasPairLoss()} first)
   * @throws UserFacingException for a missing loss
   */
  public static LossFamily of(TrainingConfig.Loss loss) {
    if (loss == null) {
      throw new UserFacingException("training.loss: missing (use revised-contrastive, contrastive, triplet, lifted"
          + " or none)");
    }
    return switch (loss) {
      case REVISED_CONTRASTIVE -> REVISED_CONTRASTIVE;
      case CONTRASTIVE -> CONTRASTIVE;
      case TRIPLET -> TRIPLET;
      case LIFTED -> LIFTED;
      case NONE -> throw new IllegalArgumentException("training.loss none names no pair loss");
    };
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
