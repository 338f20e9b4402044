package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.image;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;

class FgNetReaderTest {
  private final FgNetReader reader = new FgNetReader();

  @TempDir Path root;

  @Test
  void readsSubjectAndAgeFromFileNames() {
    image(root, "images/001A02.JPG");
    image(root, "images/001A02a.JPG");
    image(root, "images/001A43.JPG");
    image(root, "images/082A18b.jpg");
    image(root, "images/scan.jpg");

    assertThat(reader.canRead(root)).isTrue();
    Dataset dataset = reader.read(root, ProgressListener.silent(), StopToken.never());

    assertThat(dataset.format()).isEqualTo(DatasetFormat.FGNET);
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::subjectId, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("images/001A02.JPG", "001", 2, Gender.UNKNOWN),
            tuple("images/001A02a.JPG", "001", 2, Gender.UNKNOWN),
            tuple("images/001A43.JPG", "001", 43, Gender.UNKNOWN),
            tuple("images/082A18b.jpg", "082", 18, Gender.UNKNOWN));
    assertThat(dataset.hasSubjects()).isTrue();
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem(
                "images/scan.jpg",
                "file name 'scan.jpg' does not match the FG-NET file names pattern "
                    + "001A02.JPG (subject, 'A', age, optional letter)"));
  }

  @Test
  void allAgeFacesNamesAreNotFgNet() {
    image(root, "00001A02.jpg");
    image(root, "00002A03.jpg");

    assertThat(reader.canRead(root)).isFalse();
  }
}
