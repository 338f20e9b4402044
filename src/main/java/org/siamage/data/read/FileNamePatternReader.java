package org.siamage.data.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the readers whose labels are encoded in the image file names. Scans the folder
 * recursively; image files whose names do not match are skipped with a reason, other files (text,
 * hidden files) are not faces and are passed over.
 */
abstract class FileNamePatternReader implements DatasetReader {
  /** The labels a file name carries. */
  record NameLabels(int age, Gender gender, String subjectId) {}

  private static final Logger LOG = LoggerFactory.getLogger(FileNamePatternReader.class);
  private static final int PROGRESS_EVERY = 500;

  /** Matched against the file name alone (no folder). */
  abstract Pattern fileNamePattern();

  /** The pattern as users know it, for skip reasons, e.g. "age_gender_race_date.jpg". */
  abstract String patternDescription();

  abstract NameLabels labelsOf(Matcher matcher) throws BadValueException;

  /**
   * Two files with the same key are copies of one face (e.g. the same name in two sub-folders); the
   * first by path is kept.
   */
  String duplicateKey(String fileName) {
    return fileName.toLowerCase(Locale.ROOT);
  }

  /** The folder to scan below the dataset root; the root itself unless a layout says otherwise. */
  Path scanFolder(Path root) {
    return root;
  }

  @Override
  public boolean canRead(Path path) {
    return Files.isDirectory(path)
        && ReaderPaths.majorityMatches(
            ReaderPaths.sampleImageNames(scanFolder(path)), fileNamePattern());
  }

  @Override
  public Dataset read(Path path, ProgressListener progress, StopToken stop) {
    ReaderPaths.requireReadable(path);
    if (!Files.isDirectory(path)) {
      throw new UserFacingException(
          "'" + path + "' is not a folder: " + format().description() + " are read from a folder");
    }
    DatasetAssembly assembly = new DatasetAssembly(path);
    Path scanFolder = scanFolder(assembly.root());
    List<SkippedItem> scanProblems = new ArrayList<>();
    List<Path> images;
    try {
      images = ReaderPaths.listImageFiles(scanFolder, assembly.root(), scanProblems, stop);
    } catch (IOException e) {
      throw new UserFacingException(
          "Cannot list the images in '" + path + "': " + e.getMessage(), e);
    }
    assembly.addAllSkipped(scanProblems);
    Map<String, String> firstIdOfKey = new HashMap<>();
    for (int index = 0; index < images.size(); index++) {
      if (index % PROGRESS_EVERY == 0) {
        stop.throwIfStopped();
        progress.onProgress(index, images.size(), "Checking images in " + path.getFileName());
      }
      Path image = images.get(index);
      String id = assembly.idOf(image);
      try {
        assembly.add(faceOf(image, id, firstIdOfKey));
      } catch (BadValueException e) {
        assembly.skip(id, e.reason());
      }
    }
    progress.onProgress(images.size(), images.size(), "Checked " + images.size() + " images");
    Dataset dataset = assembly.build(format());
    LOG.info(
        "Read {} faces ({}) from {} ({} skipped)",
        dataset.size(),
        format().description(),
        path,
        dataset.skipped().size());
    return dataset;
  }

  private FaceRecord faceOf(Path image, String id, Map<String, String> firstIdOfKey)
      throws BadValueException {
    String name = image.getFileName().toString();
    Matcher matcher = fileNamePattern().matcher(name);
    if (!matcher.matches()) {
      throw new BadValueException(
          "file name '"
              + name
              + "' does not match the "
              + format().description()
              + " pattern "
              + patternDescription());
    }
    NameLabels labels = labelsOf(matcher);
    String firstId = firstIdOfKey.putIfAbsent(duplicateKey(name), id);
    if (firstId != null) {
      throw new BadValueException("duplicate of '" + firstId + "'");
    }
    DatasetAssembly.checkImageFile(image, id);
    return new FaceRecord(id, image, labels.age(), labels.gender(), labels.subjectId());
  }
}
