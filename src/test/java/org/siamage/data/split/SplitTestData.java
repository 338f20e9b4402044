package org.siamage.data.split;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

/** In-memory datasets for split tests; splitting never touches the image files. */
final class SplitTestData {
  private static final Path ROOT = Path.of("split-data");

  private SplitTestData() {}

  static FaceRecord face(String id, int age, String subject) {
    return new FaceRecord(id, ROOT.resolve(id), age, Gender.UNKNOWN, subject);
  }

  static Dataset dataset(List<FaceRecord> faces, Map<String, String> officialSplit) {
    return new Dataset("test-set", ROOT, DatasetFormat.LABELS_CSV, faces, List.of(), officialSplit);
  }

  /** {@code count} faces without subjects, ages cycling through 0..89. */
  static Dataset unrelatedFaces(int count) {
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      faces.add(face(String.format("img/%05d.jpg", i), (i * 7) % 90, ""));
    }
    return dataset(faces, Map.of());
  }

  /** {@code subjects} people with 1 to 6 photos each. */
  static Dataset subjects(int subjects) {
    List<FaceRecord> faces = new ArrayList<>();
    for (int subject = 0; subject < subjects; subject++) {
      int photos = 1 + subject % 6;
      for (int photo = 0; photo < photos; photo++) {
        faces.add(
            face(
                String.format("s%03d_%d.jpg", subject, photo),
                10 + subject % 50 + photo,
                String.format("%03d", subject)));
      }
    }
    return dataset(faces, Map.of());
  }
}
