package org.siamage.data.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.siamage.core.Hashing;

/** Builds small synthetic dataset folders and fingerprints them for tests. */
public final class DatasetTestFiles {
  /** Readers never decode images, so any non-empty bytes stand in for one. */
  private static final byte[] FAKE_IMAGE = "not really a jpeg".getBytes(StandardCharsets.US_ASCII);

  private DatasetTestFiles() {}

  public static Path image(Path root, String relative) {
    return write(root, relative, FAKE_IMAGE);
  }

  public static Path emptyFile(Path root, String relative) {
    return write(root, relative, new byte[0]);
  }

  public static Path text(Path root, String relative, String content) {
    return write(root, relative, content.getBytes(StandardCharsets.UTF_8));
  }

  private static Path write(Path root, String relative, byte[] content) {
    Path file = root.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Relative path → SHA-256 of every file, and "dir" for every folder, to prove nothing changed.
   */
  public static Map<String, String> fingerprint(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String key = root.relativize(path).toString();
        entries.put(key, Files.isDirectory(path) ? "dir" : Hashing.sha256(path));
      }
    }
    return entries;
  }
}
