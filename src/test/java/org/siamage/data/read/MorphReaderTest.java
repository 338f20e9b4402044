package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

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

class MorphReaderTest {
  private final MorphReader reader = new MorphReader();

  @TempDir Path root;

  private Dataset read(Path path) {
    return reader.read(path, ProgressListener.silent(), StopToken.never());
  }

  @Test
  void readsTheAlbum2IndexFromItsFolder() throws Exception {
    image(root, "Album2/003280_00M18.JPG");
    image(root, "Album2/003280_01M20.JPG");
    image(root, "Album2/012901_00F33.JPG");
    text(
        root,
        "morph_2008_nonCommercial.csv",
        String.join(
            "\n",
            "id_num,picture_num,dob,doa,race,gender,facial_hair,age,age_diff,glasses,photo",
            "3280,0,3/1/1981,4/12/1999,B,M,0,18,0,0,Album2/003280_00M18.JPG",
            "3280,1,3/1/1981,7/2/2001,B,M,0,20,2,0,Album2/003280_01M20.JPG",
            "12901,0,1/1/1970,5/5/2003,W,F,0,33,0,0,Album2/012901_00F33.JPG",
            ",0,1/1/1970,5/5/2003,W,F,0,33,0,0,Album2/012901_00F33.JPG",
            "12902,0,1/1/1970,5/5/2003,W,Q,0,33,0,0,Album2/012902_00F33.JPG"));
    Map<String, String> before = DatasetTestFiles.fingerprint(root);

    assertThat(reader.canRead(root)).isTrue();
    Dataset dataset = read(root);

    assertThat(DatasetTestFiles.fingerprint(root)).isEqualTo(before);
    assertThat(dataset.format()).isEqualTo(DatasetFormat.MORPH);
    assertThat(dataset.hasSubjects()).isTrue();
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::subjectId, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("Album2/003280_00M18.JPG", "3280", 18, Gender.MALE),
            tuple("Album2/003280_01M20.JPG", "3280", 20, Gender.MALE),
            tuple("Album2/012901_00F33.JPG", "12901", 33, Gender.FEMALE));
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem(
                "morph_2008_nonCommercial.csv:5",
                "'Album2/012901_00F33.JPG' is listed again: duplicate of line 4"),
            new SkippedItem(
                "morph_2008_nonCommercial.csv:6",
                "unknown gender code 'Q' (expected F, M, female, male or empty)"));
  }

  @Test
  void acceptsOtherHeaderNamesInAnyOrderAndCase() {
    image(root, "photos/a.jpg");
    image(root, "photos/b.jpg");
    Path csv =
        text(
            root,
            "index.csv",
            "Photo,SEX,Age,Subject\nphotos/a.jpg,male,40,s7\nphotos/b.jpg,F,41,\n");

    assertThat(reader.canRead(csv)).isTrue();
    Dataset dataset = read(csv);

    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::subjectId, FaceRecord::age, FaceRecord::gender)
        .containsExactly(tuple("photos/a.jpg", "s7", 40, Gender.MALE));
    assertThat(dataset.skipped())
        .containsExactly(new SkippedItem("index.csv:3", "empty subject id"));
  }

  @Test
  void csvWithoutSubjectColumnIsNotMorph() {
    Path csv = text(root, "index.csv", "file,age,gender\n");

    assertThat(reader.canRead(csv)).isFalse();
    assertThat(reader.canRead(root)).isFalse();
    assertThatThrownBy(() -> read(csv))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("index.csv")
        .hasMessageContaining("subject id");
  }

  @Test
  void severalIndexesInOneFolderAskForTheFile() {
    text(root, "a.csv", "id_num,age,gender,photo\n");
    text(root, "b.csv", "id_num,age,gender,photo\n");

    assertThatThrownBy(() -> read(root))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("a.csv")
        .hasMessageContaining("b.csv");
  }
}
