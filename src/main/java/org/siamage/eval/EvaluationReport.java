package org.siamage.eval;

import java.util.Objects;

/**
 * One evaluation as written to disk.
 *
 * @param name what was evaluated, e.g. the run or model name
 * @param split which faces were evaluated: the part and the split's identity (strategy, seed or
 *     hash), since every reported number must name its split
 * @param notes free text: dataset, backbone, k, reference gallery, anything a reader needs
 * @param metrics the metrics
 * @param baseline the mean-age baseline on the same test faces; null when not computed
 */
public record EvaluationReport(
    String name, String split, String notes, AgeMetrics metrics, MeanAgeBaseline baseline) {
  public EvaluationReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metrics, "metrics");
    split = split == null ? "" : split;
    notes = notes == null ? "" : notes;
  }
}
