package org.siamage.ui.common;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import org.siamage.data.Gender;

/**
 * One face handed between perspectives (dataset grid, embedding viewer, webcam snapshot → Pair
 * inspector). Either an image file on disk or an encoded image held in memory (a webcam snapshot
 * in privacy mode is never written to disk).
 *
 * @param label what the user sees (file name or "Webcam snapshot 14:02:11")
 * @param file the image file, or {@code null} when {@code encodedImage} holds the pixels
 * @param encodedImage PNG or JPEG bytes, or {@code null} when {@code file} is set
 * @param knownAge the labelled age in years when the face comes from a dataset
 * @param knownGender the labelled gender, {@link Gender#UNKNOWN} when not known
 */
public record FaceInput(String label, Path file, byte[] encodedImage, OptionalInt knownAge,
    Gender knownGender) {
  public FaceInput {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(knownAge, "knownAge");
    Objects.requireNonNull(knownGender, "knownGender");
    if ((file == null) == (encodedImage == null)) {
      throw new IllegalArgumentException("a face input is either a file or encoded bytes");
    }
  }

  /** An unlabelled image file. */
  public static FaceInput ofFile(Path file) {
    return new FaceInput(file.getFileName().toString(), file, null, OptionalInt.empty(), Gender.UNKNOWN);
  }

  /** A dataset face with its labels. */
  public static FaceInput ofDatasetFace(Path file, int age, Gender gender) {
    return new FaceInput(file.getFileName().toString(), file, null, OptionalInt.of(age), gender);
  }

  /** An in-memory image (e.g. a webcam snapshot). */
  public static FaceInput ofImageBytes(String label, byte[] encodedImage) {
    return new FaceInput(label, null, encodedImage, OptionalInt.empty(), Gender.UNKNOWN);
  }
}
