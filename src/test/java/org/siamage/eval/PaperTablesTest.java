package org.siamage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaperTablesTest {
  private static PaperTables tables() {
    return new PaperTables(
        "UTKFace subset",
        "RANDOM seed 42",
        List.of(
            new PaperTables.LossResult("revised-contrastive", 6.123, 0.55),
            new PaperTables.LossResult("contrastive", 7.5, null),
            new PaperTables.LossResult("triplet", 7.0, 0.5),
            new PaperTables.LossResult("lifted", 6.9, 0.51),
            new PaperTables.LossResult("home-made", 9.0, 0.3),
            new PaperTables.LossResult(PaperTables.PLAIN_REGRESSION, 5.5, 0.62)),
        new PaperTables.GenderResult(0.7712, 0.901),
        new PaperTables.CumulativeScoreResult(0.41, 0.6));
  }

  @Test
  void markdownPutsThePapersNumbersBesideOurs() {
    String markdown = tables().toMarkdown();
    assertThat(markdown)
        .contains("This project: UTKFace subset, split RANDOM seed 42.")
        .contains(
            "| revised-contrastive | 6.12 | 55.0 % | 2.24 | Inception V3 + revised contrastive,"
                + " MORPH II |")
        .contains("| contrastive | 7.50 | – | 3.72 | ResNet + contrastive, MORPH II |")
        .contains("| triplet | 7.00 | 50.0 % | 3.59 |")
        .contains("| lifted | 6.90 | 51.0 % | 3.24 |")
        .contains("| home-made | 9.00 | 30.0 % | – | – |")
        .contains("| plain regression, same backbone and budget | 5.50 | 62.0 % | – |"
            + " the paper: metric learning beats regression |")
        .contains("| age-only embedding (reference vote) | 77.1 % | 81.23 % |")
        .contains("| multi-task gender head | 90.1 % | 99.1 % | Inception V3 gender classifier |")
        .contains("| CS(3) | 41.0 % | 69.70 % |")
        .contains("| CS(5) | 60.0 % | 84.64 % |")
        .contains("datasets, splits and backbones differ");
  }

  @Test
  void plainTextIsAlignedAndLeavesOutMissingTables() {
    String text =
        new PaperTables(
                "sample faces",
                "",
                List.of(),
                null,
                PaperTables.CumulativeScoreResult.of(
                    AgeMetrics.of(
                        AgeMetricsTest.TRUE_AGES,
                        AgeMetricsTest.PREDICTED,
                        AgeMetricsTest.GENDERS,
                        null)))
            .toPlainText();
    assertThat(text)
        .startsWith("This project: sample faces.\n")
        .doesNotContain("Loss comparison", "Gender\n")
        .contains("measure  this project  paper (MegaAge-Asian)")
        .contains("CS(3)          50.0 %                69.70 %")
        .contains("CS(5)          66.7 %                84.64 %")
        .contains("Note: ");
  }

  @Test
  void paperReferenceValuesAreThePapers() {
    assertThat(PaperTables.PAPER_MORPH_MAE).isEqualTo(2.24);
    assertThat(PaperTables.paperLoss("revised-contrastive").orElseThrow().mae()).isEqualTo(2.24);
    assertThat(PaperTables.PAPER_LOSSES)
        .extracting(PaperTables.PaperLossReference::mae)
        .containsExactly(2.24, 3.72, 3.59, 3.24);
    assertThat(PaperTables.PAPER_GENDER_WITHOUT_GENDER_DATA).isEqualTo(81.23);
    assertThat(PaperTables.PAPER_GENDER_CLASSIFIER).isEqualTo(99.1);
    assertThat(PaperTables.PAPER_MEGAAGE_CS3).isEqualTo(69.70);
    assertThat(PaperTables.PAPER_MEGAAGE_CS5).isEqualTo(84.64);
  }
}
