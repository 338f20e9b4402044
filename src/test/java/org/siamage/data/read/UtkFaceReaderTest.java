package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.emptyFile;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;

class UtkFaceReaderTest {
  private final UtkFaceReader reader = new UtkFaceReader();

  @TempDir Path root;

  @Test
  void readsAgeAndGenderFromFileNamesRecursively() throws Exception {
    image(root, "UTKFace/25_0_2_20170116174525125.jpg.chip.jpg");
    image(root, "UTKFace/3_1_0_20170109142408075.jpg.chip.jpg");
    image(root, "UTKFace/39_1_20170116174525125.jpg.chip.jpg"); // release name without race
    image(root, "wild/61_0_3_20170109150557335.jpg");
    image(root, "wild/25_0_2_20170116174525125.jpg"); // same photo as the chip above
    image(root, "UTKFace/61_3_0_20170109150557335.jpg.chip.jpg"); // gender 3
    image(root, "UTKFace/130_0_0_20170109150557335.jpg.chip.jpg"); // absurd age
    image(root, "UTKFace/holiday.jpg");
    emptyFile(root, "UTKFace/20_1_1_20170109150557335.jpg.chip.jpg");
    text(root, "README.txt", "not an image, not a face");
    image(root, ".hidden/5_0_0_20170109150557335.jpg");
    Map<String, String> before = DatasetTestFiles.fingerprint(root);

    assertThat(reader.canRead(root)).isTrue();
    Dataset dataset = reader.read(root, ProgressListener.silent(), StopToken.never());

    assertThat(DatasetTestFiles.fingerprint(root)).isEqualTo(before);
    assertThat(dataset.format()).isEqualTo(DatasetFormat.UTKFACE);
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("UTKFace/25_0_2_20170116174525125.jpg.chip.jpg", 25, Gender.MALE),
            tuple("UTKFace/39_1_20170116174525125.jpg.chip.jpg", 39, Gender.FEMALE),
            tuple("UTKFace/3_1_0_20170109142408075.jpg.chip.jpg", 3, Gender.FEMALE),
            tuple("wild/61_0_3_20170109150557335.jpg", 61, Gender.MALE));
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem(
                "UTKFace/130_0_0_20170109150557335.jpg.chip.jpg",
                "age 130 is absurd (over 120 years)"),
            new SkippedItem(
                "UTKFace/20_1_1_20170109150557335.jpg.chip.jpg",
                "empty file (0 bytes): 'UTKFace/20_1_1_20170109150557335.jpg.chip.jpg'"),
            new SkippedItem(
                "UTKFace/61_3_0_20170109150557335.jpg.chip.jpg",
                "unknown gender code '3' (UTKFace uses 0 = male, 1 = female)"),
            new SkippedItem(
                "UTKFace/holiday.jpg",
                "file name 'holiday.jpg' does not match the UTKFace file names pattern "
                    + "age_gender_race_date.jpg"),
            new SkippedItem(
                "wild/25_0_2_20170116174525125.jpg",
                "duplicate of 'UTKFace/25_0_2_20170116174525125.jpg.chip.jpg'"));
    assertThat(dataset.faces()).allMatch(face -> !face.hasSubject());
  }

  @Test
  void folderOfOtherNamesIsNotUtkFace() {
    image(root, "a.jpg");
    image(root, "b.jpg");
    image(root, "1_0_0_20170109150557335.jpg");

    assertThat(reader.canRead(root)).isFalse();
  }
}
