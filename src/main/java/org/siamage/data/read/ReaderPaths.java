package org.siamage.data.read;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.SkippedItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File-system helpers shared by the readers: ids, image names, folder scans, path checks. */
final class ReaderPaths {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderPaths.class);

  /** Extensions counted as images when scanning a folder; other files are not faces. */
  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp", "ppm", "pgm");

  /** How many image names detection looks at: enough for a majority vote, cheap on big folders. */
  static final int DETECTION_SAMPLE_SIZE = 2000;

  private ReaderPaths() {}

  static String relativeId(Path root, Path file) {
    Path relative = root.relativize(file.toAbsolutePath().normalize());
    List<String> parts = new ArrayList<>();
    for (Path part : relative) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  static String displayName(Path root) {
    Path name = root.getFileName();
    return name == null ? root.toString() : name.toString();
  }

  static boolean isImageName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0
        && IMAGE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Hidden files and macOS archive leftovers ({@code __MACOSX/._x.jpg}) carry image extensions but
   * are not faces.
   */
  static boolean isIgnoredName(String name) {
    return name.startsWith(".") || name.equals("__MACOSX");
  }

  /** Fails with a message for the user when the path does not exist or cannot be read. */
  static void requireReadable(Path path) {
    if (!Files.exists(path)) {
      throw new UserFacingException("Dataset path '" + path + "' does not exist");
    }
    if (!Files.isReadable(path)) {
      throw new UserFacingException(
          "Dataset path '" + path + "' cannot be read (check its permissions)");
    }
  }

  /**
   * Lists image files under {@code folder}, recursively, sorted by path. Folders that cannot be
   * opened are recorded as skipped items (relative to {@code root}) instead of aborting the scan.
   */
  static List<Path> listImageFiles(
      Path folder, Path root, List<SkippedItem> skipped, StopToken stop) throws IOException {
    List<Path> images = new ArrayList<>();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            stop.throwIfStopped();
            if (!dir.equals(folder) && isIgnoredName(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String name = file.getFileName().toString();
            if (!isIgnoredName(name) && isImageName(name)) {
              images.add(file.toAbsolutePath().normalize());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            skipped.add(
                new SkippedItem(
                    relativeId(root, file),
                    "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage()));
            return FileVisitResult.CONTINUE;
          }
        });
    images.sort(null);
    return images;
  }

  /**
   * The file names of up to {@link #DETECTION_SAMPLE_SIZE} images under the folder, for format
   * detection. Unreadable sub-folders are passed over: detection must stay cheap and never fail.
   */
  static List<String> sampleImageNames(Path folder) {
    List<String> names = new ArrayList<>();
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              if (!dir.equals(folder) && isIgnoredName(dir.getFileName().toString())) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              String name = file.getFileName().toString();
              if (!isIgnoredName(name) && isImageName(name)) {
                names.add(name);
              }
              return names.size() >= DETECTION_SAMPLE_SIZE
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              LOG.debug("Detection passes over unreadable {}: {}", file, e.getMessage());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.debug("Detection cannot scan {}: {}", folder, e.getMessage());
    }
    return names;
  }

  /** True when more than half of the sampled image names match the pattern. */
  static boolean majorityMatches(List<String> names, Pattern pattern) {
    if (names.isEmpty()) {
      return false;
    }
    long matching = names.stream().filter(name -> pattern.matcher(name).matches()).count();
    return matching * 2 > names.size();
  }
}
