package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;

class DatasetDetectorTest {
  private final DatasetDetector detector = new DatasetDetector();

  @TempDir Path root;

  private DatasetFormat detect(Path path) {
    return detector.detect(path).format();
  }

  @Test
  void labelsCsvWinsOverFileNamePatterns() {
    image(root, "25_0_2_20170116174525125.jpg.chip.jpg");
    image(root, "26_1_2_20170116174525125.jpg.chip.jpg");
    text(root, "labels.csv", "file,age,gender\n25_0_2_20170116174525125.jpg.chip.jpg,30,F\n");

    assertThat(detect(root)).isEqualTo(DatasetFormat.LABELS_CSV);
    Dataset dataset = detector.read(root, ProgressListener.silent(), StopToken.never());
    assertThat(dataset.faces().get(0).age()).isEqualTo(30);
  }

  @Test
  void detectsUtkFaceByMajorityOfNames() {
    image(root, "25_0_2_20170116174525125.jpg.chip.jpg");
    image(root, "26_1_2_20170116174525125.jpg.chip.jpg");
    image(root, "27_1_2_20170116174525125.jpg.chip.jpg");
    image(root, "cover.jpg");

    assertThat(detect(root)).isEqualTo(DatasetFormat.UTKFACE);
  }

  @Test
  void detectsAllAgeFacesInASubfolder() {
    image(root, "aglined faces/00001A02.jpg");
    image(root, "aglined faces/08001A44.jpg");

    assertThat(detect(root)).isEqualTo(DatasetFormat.ALL_AGE_FACES);
  }

  @Test
  void detectsFgNet() {
    image(root, "images/001A02.JPG");
    image(root, "images/002A05a.JPG");

    assertThat(detect(root)).isEqualTo(DatasetFormat.FGNET);
  }

  @Test
  void detectsMorphFromFolderAndFile() {
    Path csv = text(root, "morph.csv", "id_num,age,gender,photo\n");

    assertThat(detect(root)).isEqualTo(DatasetFormat.MORPH);
    assertThat(detect(csv)).isEqualTo(DatasetFormat.MORPH);
  }

  @Test
  void detectsMegaAgeAsian() {
    for (String list : new String[] {"train_name", "train_age", "test_name", "test_age"}) {
      text(root, "list/" + list + ".txt", "");
    }

    assertThat(detect(root)).isEqualTo(DatasetFormat.MEGAAGE_ASIAN);
  }

  @Test
  void genericCsvFileIsLabelsCsv() {
    Path csv = text(root, "my labels.csv", "file,age,gender\n");

    assertThat(detect(csv)).isEqualTo(DatasetFormat.LABELS_CSV);
  }

  @Test
  void folderWithoutKnownNamesIsAClearError() {
    image(root, "holiday.jpg");
    image(root, "portrait.jpg");
    image(root, "25_0_2_20170116174525125.jpg.chip.jpg");

    assertThatThrownBy(() -> detector.detect(root))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining(
            "no labels.csv and no file names in a known pattern (UTKFace, All-Age-Faces, FG-NET)")
        .hasMessageContaining("found 3 image files")
        .hasMessageContaining("holiday.jpg");
  }

  @Test
  void theImageFolderOfADatasetNamesTheParentToOpen() {
    image(root, "images/holiday.jpg");
    image(root, "images/portrait.jpg");
    text(root, "labels.csv", "file,age,gender\nimages/holiday.jpg,30,F\nimages/portrait.jpg,41,M\n");

    assertThatThrownBy(() -> detector.detect(root.resolve("images")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("Cannot tell the dataset format of '" + root.resolve("images") + "'")
        .hasMessageEndingWith("Its parent folder '" + root + "' is a dataset (labels.csv (file,age,gender)): open that"
            + " folder instead.");
  }

  @Test
  void aFolderWhoseParentIsNoDatasetGetsNoParentHint() {
    image(root, "photos/holiday.jpg");

    assertThatThrownBy(() -> detector.detect(root.resolve("photos")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageNotContaining("parent folder");
  }

  @Test
  void emptyFolderSaysItHoldsNoImages() {
    assertThatThrownBy(() -> detector.detect(root))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("no image files");
  }

  @Test
  void missingPathAndNonDatasetFileAreClearErrors() throws Exception {
    assertThatThrownBy(() -> detector.detect(root.resolve("absent")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("does not exist");
    Path picture = image(root, "face.jpg");
    assertThatThrownBy(() -> detector.detect(picture))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("is not a dataset");
    assertThat(Files.size(picture)).isPositive();
  }

  @Test
  void findsReadersByFormat() {
    for (DatasetFormat format : DatasetFormat.values()) {
      assertThat(detector.readerFor(format))
          .get()
          .extracting(DatasetReader::format)
          .isEqualTo(format);
    }
  }
}
