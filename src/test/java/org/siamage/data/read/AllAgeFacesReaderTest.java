package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

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

class AllAgeFacesReaderTest {
  private final AllAgeFacesReader reader = new AllAgeFacesReader();

  @TempDir Path root;

  private Dataset read() {
    return reader.read(root, ProgressListener.silent(), StopToken.never());
  }

  @Test
  void serialRangesGiveGenderAtTheirBoundaries() {
    image(root, "images/00000A02.jpg");
    image(root, "images/07380A30.jpg");
    image(root, "images/07381A25.jpg");
    image(root, "images/13321A80.JPG");
    image(root, "images/13322A20.jpg");

    assertThat(reader.canRead(root)).isTrue();
    Dataset dataset = read();

    assertThat(dataset.format()).isEqualTo(DatasetFormat.ALL_AGE_FACES);
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("images/00000A02.jpg", 2, Gender.FEMALE),
            tuple("images/07380A30.jpg", 30, Gender.FEMALE),
            tuple("images/07381A25.jpg", 25, Gender.MALE),
            tuple("images/13321A80.JPG", 80, Gender.MALE));
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem(
                "images/13322A20.jpg",
                "serial 13322 is outside the All-Age-Faces range 00000–13321"));
  }

  @Test
  void readsOnlyTheAlignedFacesFolderOfTheRelease() {
    image(root, "aglined faces/00010A05.jpg");
    image(root, "aglined faces/09000A41.jpg");
    image(root, "original images/00010A05.jpg");
    image(root, "original images/09000A41.jpg");
    text(root, "image sets/train.txt", "00010A05.jpg 0\n");

    Dataset dataset = read();

    assertThat(dataset.faces())
        .extracting(FaceRecord::id)
        .containsExactly("aglined faces/00010A05.jpg", "aglined faces/09000A41.jpg");
    assertThat(dataset.skipped()).isEmpty();
  }

  @Test
  void sameSerialInTwoFoldersIsADuplicate() {
    image(root, "a/00010A05.jpg");
    image(root, "b/00010A05.jpg");

    Dataset dataset = read();

    assertThat(dataset.faces()).extracting(FaceRecord::id).containsExactly("a/00010A05.jpg");
    assertThat(dataset.skipped())
        .containsExactly(new SkippedItem("b/00010A05.jpg", "duplicate of 'a/00010A05.jpg'"));
  }

  @Test
  void genderConstantsCoverTheWholeRelease() {
    assertThat(AllAgeFacesReader.LAST_FEMALE_SERIAL - AllAgeFacesReader.FIRST_FEMALE_SERIAL + 1)
        .isEqualTo(7381);
    assertThat(AllAgeFacesReader.LAST_MALE_SERIAL - AllAgeFacesReader.FIRST_MALE_SERIAL + 1)
        .isEqualTo(5941);
    assertThat(AllAgeFacesReader.FIRST_MALE_SERIAL)
        .isEqualTo(AllAgeFacesReader.LAST_FEMALE_SERIAL + 1);
  }
}
