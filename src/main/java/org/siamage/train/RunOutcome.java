package org.siamage.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a training run ended.
 *
 * @param status why it ended
 * @param message one line for the user
 * @param epochsCompleted epochs finished (checkpointed)
 * @param bestEpoch 0-based epoch with the lowest validation MAE, -1 when none
 * @param bestValidationMae that MAE in years (NaN when none)
 * @param bundle the final model bundle, when one was written
 */
public record RunOutcome(
    Status status,
    String message,
    int epochsCompleted,
    int bestEpoch,
    double bestValidationMae,
    Optional<Path> bundle) {

  /** Why a run ended. */
  public enum Status {
    /** All epochs ran. */
    COMPLETED,
    /** Validation MAE stopped improving for {@code training.earlyStoppingPatience} epochs. */
    EARLY_STOPPED,
    /** The user asked to stop; the last finished epoch's checkpoint is kept for resuming. */
    STOPPED,
    /** The loss became NaN or infinite; the last good checkpoint is kept. */
    DIVERGED
  }

  public boolean producedModel() {
    return bundle.isPresent();
  }
}
