package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;

class MegaAgeAsianReaderTest {
  private final MegaAgeAsianReader reader = new MegaAgeAsianReader();

  @TempDir Path root;

  private Dataset read() {
    return reader.read(root, ProgressListener.silent(), StopToken.never());
  }

  @Test
  void readsOfficialListsAndRecordsTheOfficialSplit() throws Exception {
    image(root, "train/1.jpg");
    image(root, "train/2.jpg");
    image(root, "train/3.jpg");
    image(root, "test/1.jpg");
    image(root, "test/2.jpg");
    text(root, "list/train_name.txt", "1.jpg\n2.jpg\n3.jpg\n9.jpg\n1.jpg\n../test/1.jpg\n");
    text(root, "list/train_age.txt", "20\n35\nold\n40\n20\n30\n");
    text(root, "list/test_name.txt", "1.jpg\n2.jpg\n");
    text(root, "list/test_age.txt", "7\n64\n50\n");
    Map<String, String> before = DatasetTestFiles.fingerprint(root);

    assertThat(reader.canRead(root)).isTrue();
    Dataset dataset = read();

    assertThat(DatasetTestFiles.fingerprint(root)).isEqualTo(before);
    assertThat(dataset.format()).isEqualTo(DatasetFormat.MEGAAGE_ASIAN);
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("test/1.jpg", 7, Gender.UNKNOWN),
            tuple("test/2.jpg", 64, Gender.UNKNOWN),
            tuple("train/1.jpg", 20, Gender.UNKNOWN),
            tuple("train/2.jpg", 35, Gender.UNKNOWN));
    assertThat(dataset.officialSplit())
        .containsOnly(
            entry("train/1.jpg", "train"), entry("train/2.jpg", "train"),
            entry("test/1.jpg", "test"), entry("test/2.jpg", "test"));
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem("list/train_age.txt:3", "age 'old' is not a number (for '3.jpg')"),
            new SkippedItem("list/train_name.txt:4", "image file 'train/9.jpg' not found"),
            new SkippedItem(
                "list/train_name.txt:5", "'train/1.jpg' is listed again: duplicate of line 1"),
            new SkippedItem(
                "list/train_name.txt:6", "path '../test/1.jpg' escapes the train/ folder"),
            new SkippedItem(
                "list/test_age.txt:3",
                "age '50' has no image name: list/test_name.txt has only 2 lines"));
  }

  @Test
  void missingListIsAUserFacingError() throws Exception {
    Files.createDirectories(root.resolve("list"));
    text(root, "list/train_name.txt", "1.jpg\n");

    assertThat(reader.canRead(root)).isFalse();
    assertThatThrownBy(this::read)
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("train_age.txt");
  }
}
