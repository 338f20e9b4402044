package org.siamage.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled face image of a dataset.
 *
 * @param id stable identifier, unique within the dataset: the image path relative to the dataset
 *     root, with forward slashes
 * @param image absolute path of the image file
 * @param age age in whole years, 0 ≤ age ≤ 120
 * @param gender gender label, possibly {@link Gender#UNKNOWN}
 * @param subjectId identity of the person where the dataset records it (MORPH, FG-NET), else empty
 */
public record FaceRecord(String id, Path image, int age, Gender gender, String subjectId) {
  public static final int MAX_AGE = 120;

  public FaceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(gender, "gender");
    subjectId = subjectId == null ? "" : subjectId;
    if (age < 0 || age > MAX_AGE) {
      throw new IllegalArgumentException("age " + age + " outside 0.." + MAX_AGE + " for " + id);
    }
  }

  public boolean hasSubject() {
    return !subjectId.isEmpty();
  }
}
