package org.siamage.data.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;

/** Reads the real evaluation datasets, when present, and checks their known counts. */
@Tag("shared-data")
class SharedDatasetsTest {
  private static Path sharedDataset(String name) {
    String configured = System.getProperty("siamage.shared.datasets");
    Path folder =
        (configured == null ? Path.of("..", "shared", "datasets") : Path.of(configured))
            .resolve(name);
    Assumptions.assumeTrue(
        Files.isDirectory(folder), "shared dataset folder " + folder + " is absent; skipped");
    return folder;
  }

  private static DatasetSummary read(String name) {
    Dataset dataset =
        new DatasetDetector()
            .read(sharedDataset(name), ProgressListener.silent(), StopToken.never());
    assertThat(dataset.format()).isEqualTo(DatasetFormat.LABELS_CSV);
    return DatasetSummary.of(dataset);
  }

  @Test
  void allAgeFacesSubset() {
    DatasetSummary summary = read("aaf");

    assertThat(summary.usableCount()).isEqualTo(10786);
    assertThat(summary.skipped()).isEmpty();
    assertThat(summary.femaleCount()).isEqualTo(6028);
    assertThat(summary.maleCount()).isEqualTo(4758);
    assertThat(summary.unknownGenderCount()).isZero();
  }

  @Test
  void utkFaceSubset() {
    DatasetSummary summary = read("utkface");

    assertThat(summary.usableCount()).isEqualTo(7908);
    assertThat(summary.skipped()).isEmpty();
    assertThat(summary.femaleCount()).isEqualTo(4365);
    assertThat(summary.maleCount()).isEqualTo(3541);
    assertThat(summary.unknownGenderCount()).isEqualTo(2);
  }
}
