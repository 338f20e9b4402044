package org.siamage.data.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the reader for a dataset path. Readers are asked in priority order: a {@code labels.csv}
 * wins when present, then the MegaAge-Asian lists, a MORPH CSV index, and finally the file-name
 * layouts (UTKFace, All-Age-Faces, FG-NET), each of which needs the majority of the image names to
 * match its pattern.
 */
public final class DatasetDetector {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetDetector.class);
  private static final int EXAMPLE_NAMES = 3;

  private final List<DatasetReader> readers;

  /** A detector over all the formats Siamage reads. */
  public DatasetDetector() {
    this(defaultReaders());
  }

  /**
   * @param readersInPriorityOrder the first reader that can read a path wins
   */
  public DatasetDetector(List<DatasetReader> readersInPriorityOrder) {
    this.readers = List.copyOf(readersInPriorityOrder);
  }

  public static List<DatasetReader> defaultReaders() {
    return List.of(
        new LabelsCsvReader(),
        new MegaAgeAsianReader(),
        new MorphReader(),
        new UtkFaceReader(),
        new AllAgeFacesReader(),
        new FgNetReader());
  }

  public List<DatasetReader> readers() {
    return readers;
  }

  public Optional<DatasetReader> readerFor(DatasetFormat format) {
    return readers.stream().filter(reader -> reader.format() == format).findFirst();
  }

  /**
   * @return the first reader that recognises the path
   * @throws UserFacingException when the path does not exist, cannot be read, or matches no format;
   *     the message says what was looked for and what was found
   */
  public DatasetReader detect(Path path) {
    ReaderPaths.requireReadable(path);
    DatasetReader reader = firstReaderOf(path)
        .orElseThrow(() -> new UserFacingException(notRecognisedMessage(path) + parentHint(path)));
    LOG.debug("{} detected as {}", path, reader.format());
    return reader;
  }

  /** The first reader, in priority order, that recognises {@code path}. */
  private Optional<DatasetReader> firstReaderOf(Path path) {
    return readers.stream().filter(reader -> reader.canRead(path)).findFirst();
  }

  /** Detects the format and reads the dataset; see {@link DatasetReader#read}. */
  public Dataset read(Path path, ProgressListener progress, StopToken stop) {
    return detect(path).read(path, progress, stop);
  }

  /**
   * Where a dataset's image folder was chosen instead of the dataset (an easy slip in a folder
   * chooser: {@code images/} of a folder with {@code labels.csv}), names the parent to open.
   */
  private String parentHint(Path path) {
    Path parent = path.toAbsolutePath().normalize().getParent();
    if (!Files.isDirectory(path) || parent == null || !Files.isReadable(parent)) {
      return "";
    }
    return firstReaderOf(parent)
        .map(reader -> " Its parent folder '" + parent + "' is a dataset (" + reader.format().description()
            + "): open that folder instead.")
        .orElse("");
  }

  private static String notRecognisedMessage(Path path) {
    if (!Files.isDirectory(path)) {
      return "'"
          + path
          + "' is not a dataset: give a folder, a "
          + LabelsCsvReader.FILE_NAME
          + " ("
          + LabelsCsvReader.REQUIRED_HEADER
          + ") or a MORPH CSV index";
    }
    List<String> names = ReaderPaths.sampleImageNames(path);
    String found =
        names.isEmpty()
            ? "it holds no image files"
            : "found "
                + (names.size() >= ReaderPaths.DETECTION_SAMPLE_SIZE ? "at least " : "")
                + names.size()
                + " image files, e.g. "
                + String.join(
                    ", ", names.stream().limit(EXAMPLE_NAMES).map(n -> "'" + n + "'").toList());
    return "Cannot tell the dataset format of '"
        + path
        + "': no "
        + LabelsCsvReader.FILE_NAME
        + " and no file names in a known pattern (UTKFace, All-Age-Faces, FG-NET), nor a "
        + "MegaAge-Asian list/ folder or a MORPH CSV index; "
        + found
        + ". Add a "
        + LabelsCsvReader.FILE_NAME
        + " with the header "
        + LabelsCsvReader.REQUIRED_HEADER
        + ".";
  }
}
