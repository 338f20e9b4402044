package org.siamage.data.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

/**
 * Turns the rows of an index CSV (one image per row) into faces, shared by the labels.csv and MORPH
 * readers. Each bad row becomes a skipped item at {@code FILE:LINE} with the first problem found,
 * in this order: column count, file name, duplicate, age, gender, subject, image file.
 */
final class IndexCsvRows {
  /** Column positions in a row; -1 for a column the file does not have. */
  record Columns(int file, int age, int gender, int subject, int count) {}

  /** Maps a gender cell to a gender, or names the bad code. */
  @FunctionalInterface
  interface GenderCodes {
    Gender parse(String raw) throws BadValueException;
  }

  static final int PROGRESS_EVERY = 500;

  private IndexCsvRows() {}

  /**
   * @param lines all lines of the file, the header first
   * @param location the index file's name relative to the dataset root, e.g. "labels.csv"
   * @param subjectRequired whether a row without a subject id is bad (MORPH) or fine
   */
  static void read(
      List<String> lines,
      char delimiter,
      Columns columns,
      String location,
      GenderCodes genderCodes,
      boolean subjectRequired,
      DatasetAssembly assembly,
      ProgressListener progress,
      StopToken stop) {
    Map<String, Integer> firstLineOfId = new HashMap<>();
    int total = lines.size() - 1;
    for (int index = 1; index < lines.size(); index++) {
      if ((index - 1) % PROGRESS_EVERY == 0) {
        stop.throwIfStopped();
        progress.onProgress(index - 1, total, "Checking rows of " + location);
      }
      String line = lines.get(index);
      if (line.isBlank()) {
        continue;
      }
      int lineNumber = index + 1;
      try {
        FaceRecord face =
            readRow(
                line,
                delimiter,
                columns,
                genderCodes,
                subjectRequired,
                assembly,
                firstLineOfId,
                lineNumber);
        assembly.add(face);
      } catch (BadValueException e) {
        assembly.skip(location + ":" + lineNumber, e.reason());
      }
    }
    progress.onProgress(total, total, "Checked " + total + " rows of " + location);
  }

  private static FaceRecord readRow(
      String line,
      char delimiter,
      Columns columns,
      GenderCodes genderCodes,
      boolean subjectRequired,
      DatasetAssembly assembly,
      Map<String, Integer> firstLineOfId,
      int lineNumber)
      throws BadValueException {
    List<String> cells = CsvLines.split(line, delimiter);
    // Trailing empty cells (a trailing delimiter, common in spreadsheet exports) are harmless.
    int used = cells.size();
    while (used > columns.count() && cells.get(used - 1).isEmpty()) {
      used--;
    }
    if (used != columns.count()) {
      throw new BadValueException(
          "wrong column count: expected " + columns.count() + ", found " + used);
    }
    DatasetAssembly.ListedImage listed =
        assembly.resolveListed(assembly.root(), cells.get(columns.file()));
    Integer firstLine = firstLineOfId.putIfAbsent(listed.id(), lineNumber);
    if (firstLine != null) {
      throw new BadValueException(
          "'" + listed.id() + "' is listed again: duplicate of line " + firstLine);
    }
    int age = AgeValues.parse(cells.get(columns.age()));
    Gender gender =
        columns.gender() < 0 ? Gender.UNKNOWN : genderCodes.parse(cells.get(columns.gender()));
    String subject = columns.subject() < 0 ? "" : cells.get(columns.subject());
    if (subjectRequired && subject.isEmpty()) {
      throw new BadValueException("empty subject id");
    }
    DatasetAssembly.checkImageFile(listed.image(), listed.id());
    return new FaceRecord(listed.id(), listed.image(), age, gender, subject);
  }

  /** The position of the first header name found among {@code names}, or -1. */
  static int columnOf(List<String> header, String... names) {
    for (String name : names) {
      int position = header.indexOf(name);
      if (position >= 0) {
        return position;
      }
    }
    return -1;
  }
}
