package org.siamage.data.sample;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.siamage.data.Gender;

/**
 * One drawn sample face before it is written.
 *
 * @param file path of the image relative to the dataset folder, with forward slashes (for example
 *     {@code images/face_0000.jpg})
 * @param age age label in whole years
 * @param gender {@link Gender#FEMALE} or {@link Gender#MALE}
 * @param image the drawn face, {@link BufferedImage#TYPE_INT_RGB}, imageSize × imageSize pixels
 */
public record SampleFace(String file, int age, Gender gender, BufferedImage image) {
  public SampleFace {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(gender, "gender");
    Objects.requireNonNull(image, "image");
  }
}
