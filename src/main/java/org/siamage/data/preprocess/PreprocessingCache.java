package org.siamage.data.preprocess;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.siamage.core.AtomicFiles;
import org.siamage.data.SkippedItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocessed faces on disk, one binary file per key ({@code faces-<key>.bin} in the cache
 * folder), written atomically.
 *
 * <p>File format (version {@value #FORMAT_VERSION}, big-endian): magic {@code "SIAMFACE"}, int
 * format version, string key, int inputSize, int face count N, int skipped count K, int no-face
 * count; N strings (ids); per face: int facesFound, byte eyesAligned, float rotation; K pairs of
 * strings (location, reason); long pixel byte count, the pixel block; then a long CRC-32 of
 * everything before it. Strings are an int byte length and UTF-8 bytes.
 *
 * <p>A file that is truncated, has a bad checksum, another version or another key is ignored (with
 * a warning in the log) and rebuilt by the caller. A folder that cannot be written disables the
 * cache with a warning instead of failing.
 */
public final class PreprocessingCache {
  /** Version of the file layout; bump to invalidate files written by older code. */
  public static final int FORMAT_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(PreprocessingCache.class);
  private static final byte[] MAGIC = "SIAMFACE".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int MAX_COUNT = 100_000_000;
  private static final int MAX_INPUT_SIZE = 4096;

  private final Path folder;

  public PreprocessingCache(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
  }

  public Path folder() {
    return folder;
  }

  /** The file that holds (or would hold) the faces for {@code key}. */
  public Path fileFor(String key) {
    if (!key.matches("[0-9a-f]{16,128}")) {
      throw new IllegalArgumentException("cache key must be lower-case hex, was '" + key + "'");
    }
    return folder.resolve("faces-" + key + ".bin");
  }

  /**
   * Reads the faces stored for {@code key}.
   *
   * @return empty when there is no file, or when it is unusable (then a warning is logged and the
   *     caller rebuilds and overwrites it)
   */
  public Optional<PreprocessedFaces> load(String key) {
    Path file = fileFor(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file, key));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed between the check and the read
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Ignoring unusable preprocessing cache file {} ({}); it will be rebuilt",
          file,
          e.toString());
      return Optional.empty();
    }
  }

  /**
   * Stores {@code faces} under {@code key}, atomically.
   *
   * @return empty on success, else the warning for the user ("cache disabled: cannot write …")
   */
  public Optional<String> store(String key, PreprocessedFaces faces) {
    Path file = fileFor(key);
    try {
      AtomicFiles.write(file, out -> write(out, key, faces));
      LOG.info("Stored {} preprocessed faces in {}", faces.size(), file);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String warning = "cache disabled: cannot write " + folder + " (" + describe(e) + ")";
      LOG.warn(warning);
      LOG.debug("Cache write failure in detail", e);
      return Optional.of(warning);
    }
  }

  static String describe(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way: " + ((FileAlreadyExistsException) e).getFile();
    }
    if (e instanceof FileSystemException) {
      FileSystemException problem = (FileSystemException) e;
      String reason = problem.getReason() == null ? "" : problem.getReason();
      String lower = reason.toLowerCase(Locale.ROOT);
      if (lower.contains("permission denied")) {
        return "permission denied";
      }
      if (lower.contains("read-only")) {
        return "read-only file system";
      }
      return (reason.isEmpty() ? e.getClass().getSimpleName() : reason)
          + (problem.getFile() == null ? "" : ": " + problem.getFile());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void write(java.io.OutputStream target, String key, PreprocessedFaces faces)
      throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(target, 1 << 16);
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    writeString(out, key);
    out.writeInt(faces.inputSize());
    out.writeInt(faces.size());
    out.writeInt(faces.skipped().size());
    out.writeInt(faces.noFaceCount());
    for (String id : faces.ids()) {
      writeString(out, id);
    }
    int[] found = faces.facesFoundArray();
    boolean[] aligned = faces.eyesAlignedArray();
    float[] rotation = faces.rotationArray();
    for (int i = 0; i < faces.size(); i++) {
      out.writeInt(found[i]);
      out.writeByte(aligned[i] ? 1 : 0);
      out.writeFloat(rotation[i]);
    }
    for (SkippedItem item : faces.skipped()) {
      writeString(out, item.location());
      writeString(out, item.reason());
    }
    byte[] pixels = faces.pixelBlock();
    out.writeLong(pixels.length);
    out.write(pixels);
    out.flush();
    // the checksum itself goes past the CRC stream
    DataOutputStream trailer = new DataOutputStream(buffered);
    trailer.writeLong(crc.getValue());
    trailer.flush();
  }

  private static PreprocessedFaces read(Path file, String expectedKey) throws IOException {
    long fileSize = Files.size(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a preprocessing cache file (bad magic)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException("format version " + version + ", expected " + FORMAT_VERSION);
      }
      String key = readString(in);
      if (!key.equals(expectedKey)) {
        throw new IOException("file holds key " + key + ", expected " + expectedKey);
      }
      int inputSize = checkedCount(in.readInt(), 1, MAX_INPUT_SIZE, "input size");
      int faceCount = checkedCount(in.readInt(), 0, MAX_COUNT, "face count");
      int skippedCount = checkedCount(in.readInt(), 0, MAX_COUNT, "skipped count");
      int noFaceCount = checkedCount(in.readInt(), 0, skippedCount, "no-face count");
      long pixelBytes = (long) faceCount * PreprocessedFaces.bytesPerFace(inputSize);
      if (pixelBytes > fileSize || pixelBytes > Integer.MAX_VALUE - 16) {
        throw new IOException(
            faceCount + " faces at " + inputSize + " px cannot fit in " + fileSize + " bytes");
      }
      List<String> ids = new ArrayList<>(faceCount);
      for (int i = 0; i < faceCount; i++) {
        ids.add(readString(in));
      }
      int[] found = new int[faceCount];
      boolean[] aligned = new boolean[faceCount];
      float[] rotation = new float[faceCount];
      for (int i = 0; i < faceCount; i++) {
        found[i] = in.readInt();
        aligned[i] = in.readByte() != 0;
        rotation[i] = in.readFloat();
      }
      List<SkippedItem> skipped = new ArrayList<>(skippedCount);
      for (int i = 0; i < skippedCount; i++) {
        skipped.add(new SkippedItem(readString(in), readString(in)));
      }
      long storedPixelBytes = in.readLong();
      if (storedPixelBytes != pixelBytes) {
        throw new IOException(
            "pixel block of " + storedPixelBytes + " bytes, expected " + pixelBytes);
      }
      byte[] pixels = new byte[(int) pixelBytes];
      in.readFully(pixels);
      long computed = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (computed != stored) {
        throw new IOException("checksum mismatch (file damaged)");
      }
      if (raw.read() != -1) {
        throw new IOException("unexpected bytes after the checksum");
      }
      return new PreprocessedFaces(
          ids,
          inputSize,
          pixels,
          found,
          aligned,
          rotation,
          skipped,
          noFaceCount,
          key,
          true,
          List.of());
    }
  }

  private static int checkedCount(int value, int min, int max, String what) throws IOException {
    if (value < min || value > max) {
      throw new IOException(what + " " + value + " outside " + min + ".." + max);
    }
    return value;
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = checkedCount(in.readInt(), 0, MAX_STRING_BYTES, "string length");
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
