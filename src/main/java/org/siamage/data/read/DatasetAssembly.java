package org.siamage.data.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.SkippedItem;

/**
 * Collects the faces and skipped items of one read and builds the {@link Dataset}. Holds the checks
 * every reader shares: paths must stay inside the dataset folder and name a non-empty file.
 */
final class DatasetAssembly {
  /** A file named by an index file, resolved inside the dataset root. */
  record ListedImage(String id, Path image) {}

  private final Path root;
  private final List<FaceRecord> faces = new ArrayList<>();
  private final List<SkippedItem> skipped = new ArrayList<>();
  private final Map<String, String> officialSplit = new LinkedHashMap<>();

  DatasetAssembly(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  void add(FaceRecord face) {
    faces.add(face);
  }

  void skip(String location, String reason) {
    skipped.add(new SkippedItem(location, reason));
  }

  void addAllSkipped(List<SkippedItem> items) {
    skipped.addAll(items);
  }

  void putOfficialPart(String id, String part) {
    officialSplit.put(id, part);
  }

  /** The face id of a file inside the root: its relative path with forward slashes. */
  String idOf(Path file) {
    return ReaderPaths.relativeId(root, file);
  }

  /**
   * Resolves a file name written in an index file against {@code base} (the root or one of its
   * folders). Backslashes are accepted as separators because index files are often made on Windows.
   *
   * @throws BadValueException when the name is empty, absolute, invalid or leaves the dataset root
   */
  ListedImage resolveListed(Path base, String rawName) throws BadValueException {
    String name = rawName == null ? "" : rawName.trim().replace('\\', '/');
    if (name.isEmpty()) {
      throw new BadValueException("empty file name");
    }
    Path relative;
    try {
      relative = Path.of(name);
    } catch (InvalidPathException e) {
      throw new BadValueException(
          "file name '" + rawName + "' is not a valid path: " + e.getReason());
    }
    if (relative.isAbsolute() || name.startsWith("/")) {
      throw new BadValueException(
          "absolute path '" + name + "' is not allowed: give it relative to the dataset folder");
    }
    Path resolved = base.toAbsolutePath().normalize().resolve(relative).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw new BadValueException("path '" + name + "' escapes the dataset folder");
    }
    return new ListedImage(idOf(resolved), resolved);
  }

  /**
   * Checks that the image exists and is a non-empty regular file. Decoding is left to
   * preprocessing, which reports undecodable images itself.
   */
  static void checkImageFile(Path image, String id) throws BadValueException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(image, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new BadValueException("image file '" + id + "' not found");
    } catch (IOException e) {
      throw new BadValueException("image file '" + id + "' cannot be read: " + e.getMessage());
    }
    if (!attributes.isRegularFile()) {
      throw new BadValueException("'" + id + "' is not a regular file");
    }
    if (attributes.size() == 0) {
      throw new BadValueException("empty file (0 bytes): '" + id + "'");
    }
  }

  Dataset build(DatasetFormat format) {
    List<FaceRecord> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparing(FaceRecord::id));
    return new Dataset(ReaderPaths.displayName(root), root, format, sorted, skipped, officialSplit);
  }
}
