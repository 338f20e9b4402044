package org.siamage.data.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siamage.data.DatasetFormat;
import org.siamage.data.Gender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads All-Age-Faces folders: {@code %05dA%02d.jpg} = serial and age. The dataset records gender
 * only through the serial ranges below. Images may sit in a sub-folder; when the release's aligned
 * faces folder is present only it is read, because {@code original images/} holds the same serials
 * again uncropped.
 */
public final class AllAgeFacesReader extends FileNamePatternReader {
  /** All-Age-Faces numbers the women first: serials 00000–07380 are female (7381 images). */
  public static final int FIRST_FEMALE_SERIAL = 0;

  public static final int LAST_FEMALE_SERIAL = 7380;

  /** ...and the men after them: serials 07381–13321 are male (5941 images). */
  public static final int FIRST_MALE_SERIAL = 7381;

  public static final int LAST_MALE_SERIAL = 13321;

  /** The release's aligned-crop folder ("aglined" is the release's own spelling). */
  static final List<String> ALIGNED_FOLDER_NAMES = List.of("aglined faces", "aligned faces");

  private static final Logger LOG = LoggerFactory.getLogger(AllAgeFacesReader.class);
  private static final Pattern FILE_NAME =
      Pattern.compile("(\\d{5})A(\\d{2})\\.(?:jpe?g|png)", Pattern.CASE_INSENSITIVE);

  @Override
  public DatasetFormat format() {
    return DatasetFormat.ALL_AGE_FACES;
  }

  @Override
  Pattern fileNamePattern() {
    return FILE_NAME;
  }

  @Override
  String patternDescription() {
    return "%05dA%02d.jpg (serial, 'A', age)";
  }

  @Override
  NameLabels labelsOf(Matcher matcher) throws BadValueException {
    int serial = Integer.parseInt(matcher.group(1));
    int age = AgeValues.parse(matcher.group(2));
    return new NameLabels(age, genderOfSerial(serial), "");
  }

  /** The gender the serial ranges give, or a reason naming the serial when it is outside them. */
  static Gender genderOfSerial(int serial) throws BadValueException {
    if (serial >= FIRST_FEMALE_SERIAL && serial <= LAST_FEMALE_SERIAL) {
      return Gender.FEMALE;
    }
    if (serial >= FIRST_MALE_SERIAL && serial <= LAST_MALE_SERIAL) {
      return Gender.MALE;
    }
    throw new BadValueException(
        String.format(
            "serial %05d is outside the All-Age-Faces range %05d–%05d",
            serial, FIRST_FEMALE_SERIAL, LAST_MALE_SERIAL));
  }

  @Override
  Path scanFolder(Path root) {
    for (String name : ALIGNED_FOLDER_NAMES) {
      Path aligned = root.resolve(name);
      if (Files.isDirectory(aligned)) {
        LOG.info("Reading only '{}' of {}: the other folders repeat the same faces", name, root);
        return aligned;
      }
    }
    return root;
  }
}
