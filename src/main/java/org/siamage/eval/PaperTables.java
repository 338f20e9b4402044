package org.siamage.eval;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.siamage.config.TrainingConfig;

/**
 * This project's numbers laid out as the three result tables of Jeong et al. (Symmetry 2018), with
 * the paper's own numbers beside them as a reference column.
 *
 * <ul>
 *   <li>Loss table: MAE (and CS(5)) per pair loss, and a plain-regression row (the same backbone
 *       trained with an age head alone, estimated by the head) that tests the paper's claim that
 *       metric learning beats regression;
 *   <li>gender table: gender accuracy read from the age-only embedding by a reference vote, and
 *       with the multi-task gender head;
 *   <li>CS table: CS(3) and CS(5).
 * </ul>
 *
 * <p>The paper measured on MORPH II and MegaAge-Asian with Inception V3 at 299 px; this project's
 * numbers usually come from other datasets, splits and backbones, so the reference column is a
 * point of orientation, not a like-for-like comparison. Every rendering says so.
 *
 * @param dataset the dataset this project's numbers were measured on
 * @param split the split they were measured on
 * @param losses loss-table rows; empty to leave the table out
 * @param gender gender-table values; null to leave the table out
 * @param cumulativeScores CS-table values; null to leave the table out
 */
public record PaperTables(
    String dataset,
    String split,
    List<LossResult> losses,
    GenderResult gender,
    CumulativeScoreResult cumulativeScores) {

  /** The paper's MAE on MORPH II (Inception V3, revised contrastive loss), in years. */
  public static final double PAPER_MORPH_MAE = 2.24;

  /** The paper's gender accuracy from the age-only embedding ("without gender data"), percent. */
  public static final double PAPER_GENDER_WITHOUT_GENDER_DATA = 81.23;

  /** The paper's Inception V3 gender classifier accuracy, percent. */
  public static final double PAPER_GENDER_CLASSIFIER = 99.1;

  /** The paper's CS(3) on MegaAge-Asian, percent. */
  public static final double PAPER_MEGAAGE_CS3 = 69.70;

  /** The paper's CS(5) on MegaAge-Asian, percent. */
  public static final double PAPER_MEGAAGE_CS5 = 84.64;

  /** The note every rendering carries. */
  public static final String DATASETS_DIFFER_NOTE =
      "The paper's numbers were measured on MORPH II and MegaAge-Asian with Inception V3 at"
          + " 299 px; datasets, splits and backbones differ, so the paper column is a reference"
          + " point, not a like-for-like comparison.";

  /**
   * The paper's row for a loss of the loss table.
   *
   * @param loss the config name of the loss ({@code training.loss})
   * @param setting what the paper measured: backbone, loss and dataset
   * @param mae the paper's MAE in years
   */
  public record PaperLossReference(String loss, String setting, double mae) {}

  /** The paper's loss-table rows this project reproduces, in table order. */
  public static final List<PaperLossReference> PAPER_LOSSES =
      List.of(
          new PaperLossReference(
              "revised-contrastive", "Inception V3 + revised contrastive, MORPH II", 2.24),
          new PaperLossReference("contrastive", "ResNet + contrastive, MORPH II", 3.72),
          new PaperLossReference("triplet", "ResNet + triplet hinge, MORPH II", 3.59),
          new PaperLossReference("lifted", "ResNet + lifted structure, MORPH II", 3.24));

  /** The loss-table row of the plain-regression comparison: no pair loss, the age head alone. */
  public static final String PLAIN_REGRESSION = TrainingConfig.Loss.NONE.wireName();

  /** How the plain-regression row is labelled. */
  public static final String PLAIN_REGRESSION_LABEL = "plain regression, same backbone and budget";

  /**
   * This project's result for one loss.
   *
   * @param loss the config name of the loss
   * @param mae MAE in years
   * @param cumulativeScore5 CS(5) as a share 0..1; null when not measured
   */
  public record LossResult(String loss, double mae, Double cumulativeScore5) {
    public static LossResult of(String loss, AgeMetrics metrics) {
      return new LossResult(loss, metrics.mae(), metrics.cumulativeScore(5));
    }
  }

  /**
   * This project's gender accuracies, as shares 0..1; null where not measured.
   *
   * @param referenceVote from the age-only embedding by a vote of the nearest references
   * @param genderHead with the multi-task gender head
   */
  public record GenderResult(Double referenceVote, Double genderHead) {}

  /** This project's CS(3) and CS(5), as shares 0..1. */
  public record CumulativeScoreResult(double cumulativeScore3, double cumulativeScore5) {
    public static CumulativeScoreResult of(AgeMetrics metrics) {
      return new CumulativeScoreResult(metrics.cumulativeScore(3), metrics.cumulativeScore(5));
    }
  }

  public PaperTables {
    Objects.requireNonNull(dataset, "dataset");
    split = split == null ? "" : split;
    losses = losses == null ? List.of() : List.copyOf(losses);
  }

  public static Optional<PaperLossReference> paperLoss(String loss) {
    return PAPER_LOSSES.stream().filter(reference -> reference.loss().equals(loss)).findFirst();
  }

  TextTable lossTable() {
    TextTable table = new TextTable("loss", "MAE (years)", "CS(5)", "paper MAE", "paper setting");
    for (LossResult result : losses) {
      Optional<PaperLossReference> paper = paperLoss(result.loss());
      if (result.loss().equals(PLAIN_REGRESSION)) {
        table.row(PLAIN_REGRESSION_LABEL, Formats.years(result.mae()), Formats.percent(result.cumulativeScore5()),
            Formats.MISSING, "the paper: metric learning beats regression");
        continue;
      }
      table.row(
          result.loss(),
          Formats.years(result.mae()),
          Formats.percent(result.cumulativeScore5()),
          paper.map(reference -> Formats.years(reference.mae())).orElse(Formats.MISSING),
          paper.map(PaperLossReference::setting).orElse(Formats.MISSING));
    }
    return table;
  }

  TextTable genderTable() {
    return new TextTable("gender from", "accuracy", "paper", "paper setting")
        .row(
            "age-only embedding (reference vote)",
            Formats.percent(gender.referenceVote()),
            Formats.paperPercent(PAPER_GENDER_WITHOUT_GENDER_DATA, 2),
            "without gender data, MORPH II")
        .row(
            "multi-task gender head",
            Formats.percent(gender.genderHead()),
            Formats.paperPercent(PAPER_GENDER_CLASSIFIER, 1),
            "Inception V3 gender classifier");
  }

  TextTable cumulativeScoreTable() {
    return new TextTable("measure", "this project", "paper (MegaAge-Asian)")
        .row(
            "CS(3)",
            Formats.percent(cumulativeScores.cumulativeScore3()),
            Formats.paperPercent(PAPER_MEGAAGE_CS3, 2))
        .row(
            "CS(5)",
            Formats.percent(cumulativeScores.cumulativeScore5()),
            Formats.paperPercent(PAPER_MEGAAGE_CS5, 2));
  }

  /** The tables as Markdown, each under a heading, followed by the datasets-differ note. */
  public String toMarkdown() {
    StringBuilder text = new StringBuilder("# Results beside the paper's\n\n");
    text.append(measuredOn()).append("\n\n");
    if (!losses.isEmpty()) {
      text.append("## Loss comparison\n\n").append(lossTable().toMarkdown()).append('\n');
    }
    if (gender != null) {
      text.append("## Gender\n\n").append(genderTable().toMarkdown()).append('\n');
    }
    if (cumulativeScores != null) {
      text.append("## Cumulative score\n\n")
          .append(cumulativeScoreTable().toMarkdown())
          .append('\n');
    }
    text.append("Note: ").append(DATASETS_DIFFER_NOTE).append('\n');
    return text.toString();
  }

  /** The tables as aligned plain text, for a console. */
  public String toPlainText() {
    StringBuilder text = new StringBuilder(measuredOn()).append("\n\n");
    if (!losses.isEmpty()) {
      text.append("Loss comparison\n").append(lossTable().toPlainText()).append('\n');
    }
    if (gender != null) {
      text.append("Gender\n").append(genderTable().toPlainText()).append('\n');
    }
    if (cumulativeScores != null) {
      text.append("Cumulative score\n").append(cumulativeScoreTable().toPlainText()).append('\n');
    }
    text.append("Note: ").append(DATASETS_DIFFER_NOTE).append('\n');
    return text.toString();
  }

  private String measuredOn() {
    return String.format(
        Locale.ROOT, "This project: %s%s.", dataset, split.isEmpty() ? "" : ", split " + split);
  }
}
