package org.siamage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.service.DatasetService;

/** The dataset commands end to end, through picocli, on a folder of every bad input. */
class DatasetCommandTest {
  @TempDir static Path temp;
  static Path badFolder;
  static Map<String, String> before;


  @BeforeAll
  static void writeBadFolder() throws IOException {
    badFolder = temp.resolve("bad-dataset");
    BadInputFolder.write(badFolder);
    before = BadInputFolder.fingerprint(badFolder);
  }

  static CliRun run(String... args) {
    return CliRun.of(List.of(new DatasetCommand(new DatasetService(2))), args);
  }

  @Test
  void verifyReportsEveryBadFileAndRowAndKeepsTheRest() throws IOException {
    CliRun run = run("dataset", "verify", badFolder.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("labels.csv:12: image file 'images/missing.jpg' not found")
        .contains("labels.csv:13: ").contains("duplicate of line 2")
        .contains("labels.csv:14: ").contains("-4")
        .contains("labels.csv:15: ").contains("forty")
        .contains("labels.csv:16: ").contains("250")
        .contains("labels.csv:17: ").contains("'X'")
        .contains("labels.csv:9: ").contains("0 bytes")
        .contains("images/text_named.jpg: ")
        .contains("images/truncated.jpg: ")
        .contains("images/one_pixel.png: too small: 1×1")
        .contains("Usable faces: 6")
        .contains("Result: usable");
    assertThat(BadInputFolder.fingerprint(badFolder)).isEqualTo(before);
  }

  @Test
  void infoShowsCountsAndSkippedRowsWithoutDecoding() {
    CliRun run = run("dataset", "info", badFolder.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("usable faces: 9").contains("skipped:      7");
  }

  @Test
  void anEmptyDatasetExitsWithNothingUsable() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    Files.writeString(empty.resolve("labels.csv"), "file,age,gender\n");
    CliRun run = run("dataset", "verify", empty.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.NOTHING_USABLE);
    assertThat(run.out()).contains("nothing usable remains");
  }

  @Test
  void aMissingFolderIsNamedWithoutAStackTrace() {
    CliRun run = run("dataset", "info", temp.resolve("no-such-folder").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("no-such-folder").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void preprocessWithAnUnwritableCacheWarnsAndStillWorks() throws IOException {
    Path notAFolder = Files.writeString(temp.resolve("plain-file"), "x");
    CliRun run = run("dataset", "preprocess", badFolder.toString(), "--cache",
        notAFolder.resolve("cache").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("warning: cache disabled").contains("Preprocessed 6 faces");
    assertThat(BadInputFolder.fingerprint(badFolder)).isEqualTo(before);
  }

  @Test
  void aSecondPreprocessReadsTheCache() {
    String cache = temp.resolve("cache").toString();
    CliRun first = run("dataset", "preprocess", badFolder.toString(), "--cache", cache);
    CliRun second = run("dataset", "preprocess", badFolder.toString(), "--cache", cache);
    assertThat(first.out()).doesNotContain("cache hit");
    assertThat(second.out()).contains("(cache hit)").contains("Preprocessed 6 faces");
  }

  @Test
  void anInvalidOptionValueNamesTheField() {
    CliRun run = run("dataset", "preprocess", badFolder.toString(), "--size", "7");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("preprocessing.inputSize = 7");
  }

  @Test
  void splitWritesASeededSplitThatTrainingCanLoad() throws IOException {
    Path sample = Path.of("sample-data/faces");
    Path first = temp.resolve("split-a.json");
    Path second = temp.resolve("split-b.json");

    CliRun run = run("dataset", "split", sample.toString(), "--test", "0.15", "--validation", "0.15",
        "--seed", "7", "--out", first.toString());
    run("dataset", "split", sample.toString(), "--seed", "7", "--out", second.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("train 722, validation 128, test 150 faces");
    assertThat(java.nio.file.Files.readString(second)).isEqualTo(java.nio.file.Files.readString(first));
    org.siamage.data.split.DatasetSplit split = org.siamage.data.split.SplitFiles.load(first);
    assertThat(split.testIds()).hasSize(150);
  }

  @Test
  void splitRefusesAValidationShareOutOfRange() {
    CliRun run = run("dataset", "split", "sample-data/faces", "--validation", "1.5", "--out",
        temp.resolve("never.json").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--validation must be in [0, 1), got 1.5");
    assertThat(temp.resolve("never.json")).doesNotExist();
  }
}
