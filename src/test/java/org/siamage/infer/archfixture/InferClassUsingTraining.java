package org.siamage.infer.archfixture;

/** Breaks the rule on purpose: infer reaching into train while train already uses infer. */
public final class InferClassUsingTraining {
  public String describe(org.siamage.train.RunOutcome outcome) {
    return String.valueOf(outcome);
  }
}
