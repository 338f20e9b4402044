package org.siamage.data.read;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siamage.data.DatasetFormat;
import org.siamage.data.Gender;

/**
 * Reads FG-NET folders: {@code 001A02.JPG} or {@code 001A02a.JPG} = subject 001, age 2 (the letter
 * tells apart photos at the same age). FG-NET names carry no gender, so it is unknown.
 */
public final class FgNetReader extends FileNamePatternReader {
  private static final Pattern FILE_NAME =
      Pattern.compile("(\\d{3})A(\\d{2})([a-z])?\\.(?:jpe?g|png|bmp)", Pattern.CASE_INSENSITIVE);

  @Override
  public DatasetFormat format() {
    return DatasetFormat.FGNET;
  }

  @Override
  Pattern fileNamePattern() {
    return FILE_NAME;
  }

  @Override
  String patternDescription() {
    return "001A02.JPG (subject, 'A', age, optional letter)";
  }

  @Override
  NameLabels labelsOf(Matcher matcher) throws BadValueException {
    return new NameLabels(AgeValues.parse(matcher.group(2)), Gender.UNKNOWN, matcher.group(1));
  }
}
