package org.siamage.data.preprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

/**
 * Locates the shared All-Age-Faces copy and reads its {@code labels.csv} with a minimal parser (the
 * real dataset readers live elsewhere; these tests must not depend on them).
 */
final class SharedAaf {
  private SharedAaf() {}

  /** The AAF folder; skips the calling test when it is absent. */
  static Path folderOrSkip() {
    String property = System.getProperty("siamage.shared.datasets", "../shared/datasets");
    Path folder = Path.of(property).resolve("aaf").toAbsolutePath().normalize();
    Assumptions.assumeTrue(
        Files.isDirectory(folder.resolve("images"))
            && Files.isRegularFile(folder.resolve("labels.csv")),
        "shared dataset folder " + folder + " is absent: skipping");
    return folder;
  }

  /** The first {@code limit} rows of labels.csv (all when limit ≤ 0) as a dataset. */
  static Dataset read(Path folder, int limit) {
    List<FaceRecord> faces = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(folder.resolve("labels.csv"), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        Gender gender = Gender.parse(fields[2], true).orElse(Gender.UNKNOWN);
        faces.add(
            new FaceRecord(
                fields[0],
                folder.resolve(fields[0]),
                Integer.parseInt(fields[1].trim()),
                gender,
                ""));
        if (limit > 0 && faces.size() == limit) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Dataset("aaf", folder, DatasetFormat.LABELS_CSV, faces, List.of(), Map.of());
  }
}
