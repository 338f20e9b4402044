package org.siamage.data.read;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a MORPH II CSV index: one row per photo with subject id, age, gender and the photo path
 * (relative to the CSV's folder). Column order and header case do not matter; the header names used
 * by the common releases are accepted, e.g. {@code id_num} or {@code subject}, {@code age}, {@code
 * gender} or {@code sex}, {@code photo} or {@code file}. The path may be the CSV file or a folder
 * holding exactly one such CSV.
 */
public final class MorphReader implements DatasetReader {
  static final String[] SUBJECT_HEADERS = {
    "id_num", "subject", "subject_id", "subjectid", "id", "person", "person_id", "identity"
  };
  static final String[] AGE_HEADERS = {"age"};
  static final String[] GENDER_HEADERS = {"gender", "sex"};
  static final String[] FILE_HEADERS = {
    "photo", "file", "filename", "file_name", "image", "image_path", "path", "img"
  };

  private static final Logger LOG = LoggerFactory.getLogger(MorphReader.class);

  @Override
  public DatasetFormat format() {
    return DatasetFormat.MORPH;
  }

  @Override
  public boolean canRead(Path path) {
    if (Files.isDirectory(path)) {
      return !indexFilesIn(path).isEmpty();
    }
    return isIndexFile(path);
  }

  @Override
  public Dataset read(Path path, ProgressListener progress, StopToken stop) {
    ReaderPaths.requireReadable(path);
    Path csv = Files.isDirectory(path) ? singleIndexFileIn(path) : path;
    DatasetAssembly assembly = new DatasetAssembly(csv.toAbsolutePath().normalize().getParent());
    String location = assembly.idOf(csv);
    CsvLines.IndexFile index = CsvLines.readIndexFile(csv);
    String headerLine = index.headerLine();
    List<String> header = index.header();
    if (header == null) {
      throw missingColumns(csv, headerLine);
    }
    IndexCsvRows.Columns columns = columnsOf(header);
    if (columns == null) {
      throw missingColumns(csv, headerLine);
    }
    IndexCsvRows.read(
        index.lines(),
        index.delimiter(),
        columns,
        location,
        IndexGenderCodes::parse,
        true,
        assembly,
        progress,
        stop);
    Dataset dataset = assembly.build(format());
    LOG.info(
        "Read {} MORPH faces from {} ({} skipped)", dataset.size(), csv, dataset.skipped().size());
    return dataset;
  }

  /** The columns of a MORPH header, or null when a required one is missing. */
  private static IndexCsvRows.Columns columnsOf(List<String> header) {
    IndexCsvRows.Columns columns =
        new IndexCsvRows.Columns(
            IndexCsvRows.columnOf(header, FILE_HEADERS),
            IndexCsvRows.columnOf(header, AGE_HEADERS),
            IndexCsvRows.columnOf(header, GENDER_HEADERS),
            IndexCsvRows.columnOf(header, SUBJECT_HEADERS),
            header.size());
    boolean complete =
        columns.file() >= 0
            && columns.age() >= 0
            && columns.gender() >= 0
            && columns.subject() >= 0;
    return complete ? columns : null;
  }

  private static boolean isIndexFile(Path file) {
    return Files.isRegularFile(file)
        && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
        && columnsOf(CsvLines.readHeader(file)) != null;
  }

  private static List<Path> indexFilesIn(Path folder) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.{csv,CSV}")) {
      for (Path entry : entries) {
        if (isIndexFile(entry)) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list {} while looking for a MORPH index: {}", folder, e.getMessage());
    }
    found.sort(null);
    return found;
  }

  private static Path singleIndexFileIn(Path folder) {
    List<Path> found = indexFilesIn(folder);
    if (found.isEmpty()) {
      throw new UserFacingException(
          "No MORPH CSV index in '"
              + folder
              + "': expected a .csv with the columns "
              + "subject id (id_num), age, gender and photo");
    }
    if (found.size() > 1) {
      throw new UserFacingException(
          "Several MORPH CSV indexes in '"
              + folder
              + "' ("
              + found.stream().map(file -> file.getFileName().toString()).toList()
              + "): give the one to read as the dataset path");
    }
    return found.get(0);
  }

  private static UserFacingException missingColumns(Path csv, String headerLine) {
    return new UserFacingException(
        "'"
            + csv
            + "' is not a MORPH CSV index: line 1 must name the columns subject id "
            + "(id_num or subject), age, gender and photo (or file); found '"
            + headerLine
            + "'");
  }
}
