package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.siamage.data.read.DatasetTestFiles.emptyFile;
import static org.siamage.data.read.DatasetTestFiles.image;
import static org.siamage.data.read.DatasetTestFiles.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;

class LabelsCsvReaderTest {
  private final LabelsCsvReader reader = new LabelsCsvReader();

  @TempDir Path temp;

  private Dataset read(Path path) {
    return reader.read(path, ProgressListener.silent(), StopToken.never());
  }

  @Test
  void readsFacesSortedByIdWithGenderCodes() {
    Path root = temp.resolve("faces");
    image(root, "images/b.jpg");
    image(root, "images/a.jpg");
    image(root, "images/c.jpg");
    image(root, "d.jpg");
    text(
        root,
        "labels.csv",
        "file,age,gender\n"
            + "images/b.jpg,31,M\n"
            + "images/a.jpg,2,F\n"
            + "images/c.jpg,80,\n"
            + "d.jpg,45,female\n");

    Dataset dataset = read(root);

    assertThat(dataset.format()).isEqualTo(DatasetFormat.LABELS_CSV);
    assertThat(dataset.name()).isEqualTo("faces");
    assertThat(dataset.root()).isEqualTo(root.toAbsolutePath().normalize());
    assertThat(dataset.skipped()).isEmpty();
    assertThat(dataset.faces())
        .containsExactly(
            new FaceRecord("d.jpg", root.resolve("d.jpg"), 45, Gender.FEMALE, ""),
            new FaceRecord("images/a.jpg", root.resolve("images/a.jpg"), 2, Gender.FEMALE, ""),
            new FaceRecord("images/b.jpg", root.resolve("images/b.jpg"), 31, Gender.MALE, ""),
            new FaceRecord("images/c.jpg", root.resolve("images/c.jpg"), 80, Gender.UNKNOWN, ""));
    assertThat(dataset.officialSplit()).isEmpty();
  }

  @Test
  void acceptsTheCsvFileItselfAsPath() {
    image(temp, "x.jpg");
    Path csv = text(temp, "labels.csv", "file,age,gender\nx.jpg,20,male\n");

    assertThat(reader.canRead(csv)).isTrue();
    Dataset dataset = read(csv);

    assertThat(dataset.root()).isEqualTo(temp.toAbsolutePath().normalize());
    assertThat(dataset.faces()).extracting(FaceRecord::id).containsExactly("x.jpg");
    assertThat(dataset.faces().get(0).gender()).isEqualTo(Gender.MALE);
  }

  @Test
  void toleratesColumnOrderCaseBomSemicolonsQuotesCrLfAndSubjectColumn() {
    image(temp, "my images/a, b.jpg");
    image(temp, "c.jpg");
    text(
        temp,
        "labels.csv",
        "\uFEFFGender;Subject;AGE;File\r\nF;s1;30;\"my images/a, b.jpg\"\r\nM;s2;41.0;c.jpg;\r\n");

    Dataset dataset = read(temp);

    assertThat(dataset.skipped()).isEmpty();
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::age, FaceRecord::gender, FaceRecord::subjectId)
        .containsExactly(
            tuple("c.jpg", 41, Gender.MALE, "s2"),
            tuple("my images/a, b.jpg", 30, Gender.FEMALE, "s1"));
  }

  @Test
  void badLabelsCsvSkipsEveryBadRowWithLocationAndReasonAndChangesNothing() throws Exception {
    Path root = temp.resolve("dataset");
    image(root, "images/a.jpg");
    image(root, "images/b.jpg");
    image(root, "images/c.jpg");
    image(root, "images/d.jpg");
    image(root, "images/e.jpg");
    image(root, "images/f.jpg");
    image(root, "images/g.jpg");
    image(root, "images/h.jpg");
    image(root, "images/i.jpg");
    image(root, "images/j.jpg");
    image(root, "images/sub/k.jpg");
    emptyFile(root, "images/zero.jpg");
    image(temp, "outside.jpg"); // exists, so the escape is refused for leaving, not for missing
    String absolute = temp.resolve("outside.jpg").toAbsolutePath().toString();
    text(
        root,
        "labels.csv",
        String.join(
            "\n",
            "file,age,gender", // 1
            "images/a.jpg,23,F", // 2 ok
            "images/missing.jpg,30,M", // 3 missing image
            "images/b.jpg,-3,F", // 4 negative age
            "images/c.jpg,abc,M", // 5 non-numeric age
            "images/d.jpg,130,F", // 6 absurd age
            "images/e.jpg,40,X", // 7 unknown gender code
            "images/a.jpg,25,F", // 8 duplicate of line 2
            "images/f.jpg,33", // 9 wrong column count
            ",33,F", // 10 empty file name
            "../outside.jpg,20,M", // 11 escapes the dataset folder
            "images/zero.jpg,20,M", // 12 zero bytes
            "images/g.jpg,55,male", // 13 ok
            "", // 14 blank: nothing to read
            "images/sub,20,F", // 15 a folder
            absolute + ",20,F", // 16 absolute path
            "images/h.jpg,,F", // 17 missing age
            "images/i.jpg,12.5,F", // 18 fractional age
            "images/j.jpg,7,1", // 19 ambiguous 0/1 gender
            "images/./sub/../a.jpg,23,F", // 20 same file, other spelling
            "images/h.jpg,19,F,extra", // 21 too many columns: counted before anything else
            // 22: line 18 named i.jpg first (its age was bad), so the first row still wins
            "images/i.jpg,60,female"));
    Map<String, String> before = DatasetTestFiles.fingerprint(temp);

    Dataset dataset = read(root);

    assertThat(DatasetTestFiles.fingerprint(temp)).isEqualTo(before);
    assertThat(dataset.faces())
        .extracting(FaceRecord::id, FaceRecord::age, FaceRecord::gender)
        .containsExactly(
            tuple("images/a.jpg", 23, Gender.FEMALE),
            tuple("images/g.jpg", 55, Gender.MALE));
    assertThat(dataset.skipped())
        .containsExactly(
            new SkippedItem("labels.csv:3", "image file 'images/missing.jpg' not found"),
            new SkippedItem("labels.csv:4", "age -3 is negative"),
            new SkippedItem("labels.csv:5", "age 'abc' is not a number"),
            new SkippedItem("labels.csv:6", "age 130 is absurd (over 120 years)"),
            new SkippedItem(
                "labels.csv:7", "unknown gender code 'X' (expected F, M, female, male or empty)"),
            new SkippedItem("labels.csv:8", "'images/a.jpg' is listed again: duplicate of line 2"),
            new SkippedItem("labels.csv:9", "wrong column count: expected 3, found 2"),
            new SkippedItem("labels.csv:10", "empty file name"),
            new SkippedItem("labels.csv:11", "path '../outside.jpg' escapes the dataset folder"),
            new SkippedItem("labels.csv:12", "empty file (0 bytes): 'images/zero.jpg'"),
            new SkippedItem("labels.csv:15", "'images/sub' is not a regular file"),
            new SkippedItem(
                "labels.csv:16",
                "absolute path '"
                    + absolute
                    + "' is not allowed: give it relative to the dataset folder"),
            new SkippedItem("labels.csv:17", "missing age"),
            new SkippedItem("labels.csv:18", "age 12.5 is not a whole number of years"),
            new SkippedItem("labels.csv:19", "gender code '1' is ambiguous: write F or M"),
            new SkippedItem("labels.csv:20", "'images/a.jpg' is listed again: duplicate of line 2"),
            new SkippedItem("labels.csv:21", "wrong column count: expected 3, found 4"),
            new SkippedItem(
                "labels.csv:22", "'images/i.jpg' is listed again: duplicate of line 18"));
  }

  @Test
  void datasetWithoutUsableFacesIsReturnedNotThrown() {
    text(temp, "labels.csv", "file,age,gender\nnope.jpg,20,F\n");

    Dataset dataset = read(temp);

    assertThat(dataset.faces()).isEmpty();
    assertThat(dataset.skipped())
        .containsExactly(new SkippedItem("labels.csv:2", "image file 'nope.jpg' not found"));
  }

  @Test
  void headerOnlyGivesAnEmptyDataset() {
    text(temp, "labels.csv", "file,age,gender\n");

    Dataset dataset = read(temp);

    assertThat(dataset.faces()).isEmpty();
    assertThat(dataset.skipped()).isEmpty();
  }

  @Test
  void missingHeaderIsAUserFacingErrorNamingTheFileAndTheExpectedHeader() {
    image(temp, "a.jpg");
    text(temp, "labels.csv", "a.jpg,20,F\n");

    assertThatThrownBy(() -> read(temp))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("labels.csv")
        .hasMessageContaining("file,age,gender")
        .hasMessageContaining("found 'a.jpg,20,F'");
  }

  @Test
  void emptyCsvIsAUserFacingError() {
    text(temp, "labels.csv", "");

    assertThatThrownBy(() -> read(temp))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("has no header");
  }

  @Test
  void nonexistentPathIsAUserFacingError() {
    Path missing = temp.resolve("nowhere");

    assertThatThrownBy(() -> read(missing))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("does not exist");
  }

  @Test
  void canReadOnlyFoldersWithLabelsCsvOrGenericCsvFiles() {
    assertThat(reader.canRead(temp)).isFalse();
    Path other = text(temp, "other.csv", "file,age,gender\n");
    Path morph = text(temp, "morph.csv", "id_num,age,gender,photo\n");
    assertThat(reader.canRead(other)).isTrue();
    assertThat(reader.canRead(morph)).isFalse();
    text(temp, "labels.csv", "file,age,gender\n");
    assertThat(reader.canRead(temp)).isTrue();
  }

  @Test
  void reportsProgressAndHonoursTheStopToken() {
    image(temp, "a.jpg");
    text(temp, "labels.csv", "file,age,gender\na.jpg,20,F\n");
    List<long[]> calls = new ArrayList<>();

    reader.read(
        temp, (done, total, message) -> calls.add(new long[] {done, total}), StopToken.never());

    assertThat(calls).isNotEmpty();
    assertThat(calls.get(calls.size() - 1)).containsExactly(1, 1);
    StopToken stopped = new StopToken();
    stopped.requestStop();
    assertThatThrownBy(() -> reader.read(temp, ProgressListener.silent(), stopped))
        .isInstanceOf(CancelledException.class);
    assertThat(Files.exists(temp.resolve("labels.csv"))).isTrue();
  }
}
