package org.siamage.data.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siamage.core.UserFacingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Minimal CSV handling for index files: one record per line, quoted cells, a few delimiters. */
final class CsvLines {
  private static final Logger LOG = LoggerFactory.getLogger(CsvLines.class);
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private CsvLines() {}

  /**
   * An index file read and its header parsed.
   *
   * @param header normalised column names, or null when the header line cannot be split
   */
  record IndexFile(List<String> lines, char delimiter, String headerLine, List<String> header) {}

  /**
   * Reads {@code csv}, detects its delimiter from the header line and parses the header; the caller
   * decides what a missing or unusable header means.
   *
   * @throws UserFacingException naming the file when it cannot be read
   */
  static IndexFile readIndexFile(Path csv) {
    List<String> lines;
    try {
      lines = readLines(csv);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read '" + csv + "': " + e.getMessage(), e);
    }
    String headerLine = lines.isEmpty() ? "" : lines.get(0);
    char delimiter = detectDelimiter(headerLine);
    List<String> header;
    try {
      header = normalizeHeader(split(headerLine, delimiter));
    } catch (BadValueException e) {
      header = null;
    }
    return new IndexFile(lines, delimiter, headerLine, header);
  }

  /**
   * Reads all lines as UTF-8. Malformed bytes become U+FFFD rather than failing the read, so a
   * single bad name is reported as a missing image instead of aborting the dataset.
   */
  static List<String> readLines(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    if (!lines.isEmpty() && !lines.get(0).isEmpty() && lines.get(0).charAt(0) == BYTE_ORDER_MARK) {
      lines.set(0, lines.get(0).substring(1));
    }
    return lines;
  }

  /** Picks the delimiter used most in the header line among comma, semicolon and tab. */
  static char detectDelimiter(String headerLine) {
    char best = ',';
    long bestCount = headerLine.chars().filter(c -> c == ',').count();
    for (char candidate : new char[] {';', '\t'}) {
      long count = headerLine.chars().filter(c -> c == candidate).count();
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * Splits one line into trimmed cells. Quoted cells may contain the delimiter and doubled quotes.
   *
   * @throws BadValueException when a quote is not closed on the same line
   */
  static List<String> split(String line, char delimiter) throws BadValueException {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        cells.add(cell.toString().trim());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new BadValueException("unterminated quote in '" + line + "'");
    }
    cells.add(cell.toString().trim());
    return cells;
  }

  /** The header cells lower-cased, or an empty list when the file is empty or unreadable. */
  static List<String> readHeader(Path file) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      if (line == null) {
        return List.of();
      }
      if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
        line = line.substring(1);
      }
      return normalizeHeader(split(line, detectDelimiter(line)));
    } catch (IOException | BadValueException e) {
      // Detection only asks "could this be that format?": an unreadable header simply means no.
      LOG.debug("Cannot read a CSV header from {}: {}", file, e.getMessage());
      return List.of();
    }
  }

  static List<String> normalizeHeader(List<String> cells) {
    return cells.stream().map(cell -> cell.trim().toLowerCase(Locale.ROOT)).toList();
  }
}
