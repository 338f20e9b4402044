package org.siamage.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A labelled face dataset as read from disk: the usable faces and what was skipped, with reasons.
 *
 * @param name display name (the folder name)
 * @param root folder the face ids are relative to
 * @param format the layout it was read as
 * @param faces usable faces in a stable order (sorted by id)
 * @param skipped inputs left out, each with its reason
 * @param officialSplit for formats with official train/test lists: face id → "train" or "test"
 */
public record Dataset(
    String name,
    Path root,
    DatasetFormat format,
    List<FaceRecord> faces,
    List<SkippedItem> skipped,
    Map<String, String> officialSplit) {

  public Dataset {
    faces = List.copyOf(faces);
    skipped = List.copyOf(skipped);
    officialSplit = Map.copyOf(officialSplit);
  }

  public int size() {
    return faces.size();
  }

  public boolean hasSubjects() {
    return !faces.isEmpty() && faces.stream().allMatch(FaceRecord::hasSubject);
  }

  public Optional<FaceRecord> find(String id) {
    return faces.stream().filter(face -> face.id().equals(id)).findFirst();
  }
}
