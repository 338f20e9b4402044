package org.siamage.data.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the generic layout: a folder with {@code labels.csv} whose header names the columns {@code
 * file,age,gender} (any order, any case; {@code gender} and an extra {@code subject} column are
 * optional). {@code file} is relative to the folder holding the CSV; gender is F/M, female/male or
 * empty. The path may be the folder or the CSV file itself.
 */
public final class LabelsCsvReader implements DatasetReader {
  public static final String FILE_NAME = "labels.csv";
  public static final String REQUIRED_HEADER = "file,age,gender";

  private static final Logger LOG = LoggerFactory.getLogger(LabelsCsvReader.class);
  private static final Set<String> KNOWN_COLUMNS = Set.of("file", "age", "gender", "subject");

  @Override
  public DatasetFormat format() {
    return DatasetFormat.LABELS_CSV;
  }

  @Override
  public boolean canRead(Path path) {
    if (Files.isDirectory(path)) {
      return Files.isRegularFile(path.resolve(FILE_NAME));
    }
    if (!Files.isRegularFile(path)) {
      return false;
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.equals(FILE_NAME)) {
      return true;
    }
    // Another CSV counts only when it holds nothing but the generic columns.
    List<String> header = CsvLines.readHeader(path);
    return name.endsWith(".csv")
        && header.contains("file")
        && header.contains("age")
        && KNOWN_COLUMNS.containsAll(header);
  }

  @Override
  public Dataset read(Path path, ProgressListener progress, StopToken stop) {
    ReaderPaths.requireReadable(path);
    Path csv = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    if (!Files.isRegularFile(csv)) {
      throw new UserFacingException("No " + FILE_NAME + " in '" + path + "'");
    }
    DatasetAssembly assembly = new DatasetAssembly(csv.toAbsolutePath().normalize().getParent());
    String location = assembly.idOf(csv);
    CsvLines.IndexFile index = CsvLines.readIndexFile(csv);
    String headerLine = index.headerLine();
    List<String> header = index.header();
    if (header == null) {
      throw missingHeader(csv, headerLine);
    }
    IndexCsvRows.Columns columns =
        new IndexCsvRows.Columns(
            header.indexOf("file"),
            header.indexOf("age"),
            header.indexOf("gender"),
            header.indexOf("subject"),
            header.size());
    if (columns.file() < 0 || columns.age() < 0) {
      throw missingHeader(csv, headerLine);
    }
    IndexCsvRows.read(
        index.lines(),
        index.delimiter(),
        columns,
        location,
        IndexGenderCodes::parse,
        false,
        assembly,
        progress,
        stop);
    Dataset dataset = assembly.build(format());
    LOG.info("Read {} faces from {} ({} skipped)", dataset.size(), csv, dataset.skipped().size());
    return dataset;
  }

  private static UserFacingException missingHeader(Path csv, String headerLine) {
    return new UserFacingException(
        "'"
            + csv
            + "' has no header: line 1 must name the columns "
            + REQUIRED_HEADER
            + " (found '"
            + headerLine
            + "')");
  }
}
