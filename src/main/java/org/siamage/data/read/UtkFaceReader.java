package org.siamage.data.read;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siamage.data.DatasetFormat;
import org.siamage.data.Gender;

/**
 * Reads UTKFace folders: {@code age_gender_race_date.jpg}, or {@code .jpg.chip.jpg} for the aligned
 * crops, gender 0 = male and 1 = female. A few released names lack the race field; they are read
 * too. The race is not used.
 */
public final class UtkFaceReader extends FileNamePatternReader {
  private static final Pattern FILE_NAME =
      Pattern.compile(
          "(\\d+)_(\\d+)_(?:(\\d+)_)?(\\d{6,})\\.jpe?g(?:\\.chip\\.jpe?g)?",
          Pattern.CASE_INSENSITIVE);
  private static final String CHIP_SUFFIX = ".chip.jpg";

  @Override
  public DatasetFormat format() {
    return DatasetFormat.UTKFACE;
  }

  @Override
  Pattern fileNamePattern() {
    return FILE_NAME;
  }

  @Override
  String patternDescription() {
    return "age_gender_race_date.jpg";
  }

  @Override
  NameLabels labelsOf(Matcher matcher) throws BadValueException {
    int age = AgeValues.parse(matcher.group(1));
    String genderCode = matcher.group(2);
    Gender gender =
        switch (genderCode) {
          case "0" -> Gender.MALE;
          case "1" -> Gender.FEMALE;
          default ->
              throw new BadValueException(
                  "unknown gender code '" + genderCode + "' (UTKFace uses 0 = male, 1 = female)");
        };
    return new NameLabels(age, gender, "");
  }

  /** The in-the-wild photo and its aligned chip are the same face. */
  @Override
  String duplicateKey(String fileName) {
    String key = fileName.toLowerCase(Locale.ROOT);
    return key.endsWith(CHIP_SUFFIX) ? key.substring(0, key.length() - CHIP_SUFFIX.length()) : key;
  }
}
