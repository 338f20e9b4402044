package org.siamage.config;

/**
 * One invalid value of a config.
 *
 * @param field dotted path of the field, e.g. {@code training.learningRate}
 * @param value the bad value as written
 * @param rule what the value must be
 */
public record ConfigProblem(String field, String value, String rule) {
  /** "training.learningRate = -1.0: must be greater than 0". */
  public String message() {
    return field + " = " + value + ": " + rule;
  }
}
