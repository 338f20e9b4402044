package org.siamage.eval;

import java.util.List;
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
 * @param estimators every age estimator the model has, scored on the same faces (the metrics are
 *     the chosen one's); empty when only one was run
 * @param pairVerification the pair verdict at τ over the faces' pairs; null when not measured
 * @param warnings what may make these numbers misleading (e.g. crops framed unlike the model's
 *     training crops), one plain sentence each; empty when none (and in reports written before
 *     this field existed)
 */
public record EvaluationReport(
    String name,
    String split,
    String notes,
    AgeMetrics metrics,
    MeanAgeBaseline baseline,
    List<EstimatorScore> estimators,
    PairVerification pairVerification,
    List<String> warnings) {
  public EvaluationReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metrics, "metrics");
    split = split == null ? "" : split;
    notes = notes == null ? "" : notes;
    estimators = estimators == null ? List.of() : List.copyOf(estimators);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A report of one estimator without a pair verdict. */
  public EvaluationReport(String name, String split, String notes, AgeMetrics metrics, MeanAgeBaseline baseline) {
    this(name, split, notes, metrics, baseline, List.of(), null, List.of());
  }
}
