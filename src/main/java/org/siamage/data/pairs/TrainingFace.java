package org.siamage.data.pairs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

/**
 * A training face as the pair sampler sees it.
 *
 * @param index position of the face in the trainer's arrays (pixels, embeddings); the sampler's
 *     pairs and the hard-negative distance callback use this index, ≥ 0
 * @param age age in whole years, 0 ≤ age ≤ {@link FaceRecord#MAX_AGE}
 * @param gender gender label, possibly {@link Gender#UNKNOWN}
 */
public record TrainingFace(int index, int age, Gender gender) {
  public TrainingFace {
    Objects.requireNonNull(gender, "gender");
    if (index < 0) {
      throw new IllegalArgumentException("face index " + index + " is negative");
    }
    if (age < 0 || age > FaceRecord.MAX_AGE) {
      throw new IllegalArgumentException(
          "age " + age + " outside 0.." + FaceRecord.MAX_AGE + " for face index " + index);
    }
  }

  /** The faces of {@code records}, each indexed by its position in the list. */
  public static List<TrainingFace> of(List<FaceRecord> records) {
    List<TrainingFace> faces = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      FaceRecord record = records.get(i);
      faces.add(new TrainingFace(i, record.age(), record.gender()));
    }
    return faces;
  }
}
