package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;

class DatasetSummaryTest {
  private static final Path ROOT = Path.of("data", "set");

  private static FaceRecord face(String id, int age, Gender gender, String subject) {
    return new FaceRecord(id, ROOT.resolve(id), age, gender, subject);
  }

  @Test
  void countsAgesGendersSubjectsAndSkipped() {
    List<FaceRecord> faces =
        List.of(
            face("a", 3, Gender.FEMALE, "s1"),
            face("b", 8, Gender.MALE, "s1"),
            face("c", 8, Gender.UNKNOWN, "s2"),
            face("d", 25, Gender.FEMALE, "s3"),
            face("e", 47, Gender.FEMALE, "s3"),
            face("f", 90, Gender.MALE, "s4"));
    Dataset dataset =
        new Dataset(
            "set",
            ROOT,
            DatasetFormat.FGNET,
            faces,
            List.of(new SkippedItem("x.jpg", "bad")),
            Map.of());

    DatasetSummary summary = DatasetSummary.of(dataset);

    assertThat(summary.usableCount()).isEqualTo(6);
    assertThat(summary.skippedCount()).isEqualTo(1);
    assertThat(summary.facesPerAge())
        .containsExactly(entry(3, 1), entry(8, 2), entry(25, 1), entry(47, 1), entry(90, 1));
    assertThat(summary.facesPerDecade())
        .containsExactly(entry(0, 3), entry(20, 1), entry(40, 1), entry(90, 1));
    assertThat(summary.minAge()).hasValue(3);
    assertThat(summary.maxAge()).hasValue(90);
    assertThat(summary.meanAge().getAsDouble()).isEqualTo((3 + 8 + 8 + 25 + 47 + 90) / 6.0);
    assertThat(summary.medianAge()).hasValue(16.5);
    assertThat(summary.femaleCount()).isEqualTo(3);
    assertThat(summary.maleCount()).isEqualTo(2);
    assertThat(summary.unknownGenderCount()).isEqualTo(1);
    assertThat(summary.subjectCount()).isEqualTo(4);
  }

  @Test
  void rendersHistogramWithBarsAndEmptyBandsAndGenders() {
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      faces.add(face("young" + i, 5, Gender.FEMALE, ""));
    }
    for (int i = 0; i < 10; i++) {
      faces.add(face("old" + i, 31, Gender.MALE, ""));
    }
    Dataset dataset =
        new Dataset("set", ROOT, DatasetFormat.LABELS_CSV, faces, List.of(), Map.of());

    String text = DatasetSummary.of(dataset).renderText();

    assertThat(text)
        .contains("usable faces: 30")
        .contains("skipped:      0")
        .contains("min 5, max 31, mean 13.7, median 5.0")
        .contains("female 20, male 10, unknown 0")
        .contains("subjects:     none recorded")
        .contains("    0-9 20 " + "#".repeat(DatasetSummary.BAR_WIDTH) + "\n")
        .contains("  10-19  0 \n")
        .contains("  20-29  0 \n")
        .contains("  30-39 10 " + "#".repeat(DatasetSummary.BAR_WIDTH / 2) + "\n")
        .doesNotContain("Skipped (");
  }

  @Test
  void listsTheFirstFiftySkippedItemsAndCountsTheRest() {
    List<SkippedItem> skipped = new ArrayList<>();
    for (int line = 2; line < 62; line++) {
      skipped.add(new SkippedItem("labels.csv:" + line, "age 'x' is not a number"));
    }
    Dataset dataset =
        new Dataset("set", ROOT, DatasetFormat.LABELS_CSV, List.of(), skipped, Map.of());

    DatasetSummary summary = DatasetSummary.of(dataset);
    String text = summary.renderText();

    assertThat(summary.minAge()).isEmpty();
    assertThat(summary.medianAge()).isEmpty();
    assertThat(text)
        .contains("usable faces: 0")
        .contains("Skipped (60)")
        .contains("  labels.csv:51: age 'x' is not a number\n")
        .doesNotContain("labels.csv:52:")
        .contains("… and 10 more")
        .doesNotContain("Faces per age band");
  }
}
