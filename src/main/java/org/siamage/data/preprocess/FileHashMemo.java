package org.siamage.data.preprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.siamage.core.AtomicFiles;
import org.siamage.core.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the SHA-256 of image files by path, size and modification time, in a small text file
 * of the cache folder, so that a second preprocessing of an unchanged dataset does not read every
 * image again (as git's index does). A file whose size or time changed is hashed anew; an
 * unreadable or damaged memo is ignored and rebuilt. Thread-safe.
 */
final class FileHashMemo {
  static final String FILE_NAME = "file-hashes.tsv";
  private static final Logger LOG = LoggerFactory.getLogger(FileHashMemo.class);

  private record Entry(long size, long modifiedNanos, String hash) {}

  private final Path file;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicBoolean changed = new AtomicBoolean();

  /** A memo in {@code cacheFolder}; null means no memo (every file is hashed). */
  FileHashMemo(Path cacheFolder) {
    this.file = cacheFolder == null ? null : cacheFolder.resolve(FILE_NAME);
    if (file != null && Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] cells = line.split("\t");
          if (cells.length == 4) {
            entries.put(cells[0], new Entry(Long.parseLong(cells[1]), Long.parseLong(cells[2]), cells[3]));
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Ignoring unreadable hash memo {}: {}", file, e.toString());
        entries.clear();
      }
    }
  }

  /** "size:sha256" of {@code image}, from the memo when its size and time are unchanged. */
  String hash(Path image) throws IOException {
    String key = image.toAbsolutePath().normalize().toString();
    BasicFileAttributes attributes = Files.readAttributes(image, BasicFileAttributes.class);
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    Entry known = entries.get(key);
    if (known != null && known.size() == size && known.modifiedNanos() == modified) {
      return size + ":" + known.hash();
    }
    String hash = Hashing.sha256(image);
    entries.put(key, new Entry(size, modified, hash));
    changed.set(true);
    return size + ":" + hash;
  }

  /** Writes the memo if it learned anything; failures only cost speed next time. */
  void saveIfChanged() {
    if (file == null || !changed.get()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    entries.forEach((path, entry) -> {
      if (!path.contains("\t") && !path.contains("\n")) {
        text.append(path).append('\t').append(entry.size()).append('\t').append(entry.modifiedNanos())
            .append('\t').append(entry.hash()).append('\n');
      }
    });
    try {
      AtomicFiles.writeString(file, text.toString());
      changed.set(false);
    } catch (IOException e) {
      LOG.debug("Cannot write hash memo {}: {}", file, e.toString());
    }
  }
}
