package org.siamage.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;

class SplitFilesTest {
  @TempDir Path temp;

  @Test
  void savesAndLoadsTheSameSplit() throws Exception {
    Dataset dataset = SplitTestData.subjects(30);
    DatasetSplit split = SplitMaker.make(dataset, 0.2, 0.1, 3);
    Path file = temp.resolve("runs/split.json");

    SplitFiles.save(split, file);

    assertThat(SplitFiles.load(file)).isEqualTo(split);
    assertThat(SplitFiles.load(file, dataset)).isEqualTo(split);
    assertThat(Files.readString(file)).contains("\"strategy\" : \"SUBJECT_EXCLUSIVE\"");
    try (var entries = Files.list(file.getParent())) {
      assertThat(entries).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void refusesATamperedFile() throws Exception {
    DatasetSplit split =
        DatasetSplit.create(
            SplitStrategy.RANDOM,
            5,
            0.2,
            0.1,
            List.of("a.jpg", "b.jpg"),
            List.of(),
            List.of("c.jpg"));
    Path file = temp.resolve("split.json");
    SplitFiles.save(split, file);
    // Moving a face from train to test by hand is exactly what the hash must catch.
    String json = Files.readString(file);
    Files.writeString(
        file, json.replace("\"a.jpg\", ", "").replace("[ \"c.jpg\"", "[ \"a.jpg\", \"c.jpg\""));
    assertThat(Files.readString(file)).isNotEqualTo(json);

    assertThatThrownBy(() -> SplitFiles.load(file))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("split.json")
        .hasMessageContaining("was edited or corrupted: hash " + split.hash() + " expected ");
  }

  @Test
  void reportsIdsTheDatasetDoesNotHave() throws Exception {
    Dataset dataset = SplitTestData.unrelatedFaces(20);
    DatasetSplit split =
        DatasetSplit.create(
            SplitStrategy.RANDOM,
            5,
            0.2,
            0.0,
            List.of("img/00001.jpg", "ghost.jpg"),
            List.of(),
            List.of("img/00002.jpg"));
    Path file = temp.resolve("split.json");
    SplitFiles.save(split, file);

    assertThatThrownBy(() -> SplitFiles.load(file, dataset))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("1 face ids")
        .hasMessageContaining("'ghost.jpg'")
        .hasMessageContaining("test-set");
  }

  @Test
  void missingBrokenAndIncompleteFilesAreUserFacingErrors() throws Exception {
    assertThatThrownBy(() -> SplitFiles.load(temp.resolve("none.json")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("not found");
    Path broken = temp.resolve("broken.json");
    Files.writeString(broken, "{ \"strategy\": ");
    assertThatThrownBy(() -> SplitFiles.load(broken))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("broken.json is not a valid split");
    Path incomplete = temp.resolve("incomplete.json");
    Files.writeString(incomplete, "{ \"strategy\": \"RANDOM\", \"seed\": 1 }");
    assertThatThrownBy(() -> SplitFiles.load(incomplete))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("incomplete.json is not a valid split");
    Path wrongStrategy = temp.resolve("strategy.json");
    Files.writeString(
        wrongStrategy, Files.readString(save(temp.resolve("ok.json"))).replace("RANDOM", "LUCKY"));
    assertThatThrownBy(() -> SplitFiles.load(wrongStrategy))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("LUCKY");
  }

  private static Path save(Path file) throws Exception {
    SplitFiles.save(SplitMaker.make(SplitTestData.unrelatedFaces(5), 0.2, 0, 1), file);
    return file;
  }
}
