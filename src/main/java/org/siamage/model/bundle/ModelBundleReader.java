package org.siamage.model.bundle;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.model.bundle.BundleJson.GalleryFaces;
import org.siamage.model.bundle.BundleJson.Manifest;
import org.siamage.model.bundle.BundleJson.ManifestEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code .siamage} model bundle written by {@link ModelBundleWriter}, trusting nothing in
 * it.
 *
 * <p>Entries are read into memory straight from the ZIP file, never extracted to disk and never
 * passed to Java deserialisation. Before any content is used the reader checks: entry names are
 * safe relative paths, no name appears twice, sizes are within {@link Limits}, the manifest names
 * this format and a version it knows, the ZIP entries and the manifest list exactly the same names,
 * and every entry's size, CRC-32 and SHA-256 match. Then the tensor headers must agree with their
 * lengths and the config must validate. Every refusal is a {@link UserFacingException} whose
 * message names the bundle file and the problem.
 */
public final class ModelBundleReader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundleReader.class);

  /** Entries above this size must compress no better than the ratio limit allows. */
  private static final long RATIO_CHECK_FLOOR_BYTES = 1 << 20;

  /**
   * Bounds on what a bundle may make the reader allocate.
   *
   * @param maxEntryBytes largest uncompressed entry, bytes
   * @param maxJsonEntryBytes largest uncompressed JSON entry (read whole, then parsed), bytes
   * @param maxTotalBytes largest sum of all uncompressed entries, bytes
   * @param maxEntries most entries in the ZIP directory
   * @param maxCompressionRatio largest uncompressed / compressed size for entries over 1 MiB; real
   *     bundles stay far below it, while zip bombs need far more
   */
  public record Limits(
      long maxEntryBytes,
      long maxJsonEntryBytes,
      long maxTotalBytes,
      int maxEntries,
      double maxCompressionRatio) {
    /** 1 GiB per entry, 256 MiB per JSON entry, 2 GiB in all, 100,000 entries, ratio 100. */
    public static final Limits DEFAULT = new Limits(1L << 30, 256L << 20, 2L << 30, 100_000, 100.0);

    public Limits {
      if (maxEntryBytes < 1 || maxJsonEntryBytes < 1 || maxTotalBytes < 1 || maxEntries < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      if (maxJsonEntryBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("JSON entries are read into one array, at most 2 GiB");
      }
      if (!(maxCompressionRatio >= 1)) {
        throw new IllegalArgumentException("compression ratio limit must be ≥ 1");
      }
    }
  }

  private ModelBundleReader() {}

  /** Reads {@code file} with the {@linkplain Limits#DEFAULT default limits}. */
  public static ModelBundle read(Path file) {
    return read(file, Limits.DEFAULT, StopToken.never(), ProgressListener.silent());
  }

  /**
   * Reads and checks {@code file}.
   *
   * @param progress receives bytes read out of the bundle's total uncompressed bytes
   * @throws UserFacingException naming {@code file} and the problem when the file is missing,
   *     unreadable, truncated, corrupted, unsafe, too large, of another format version, or holds an
   *     invalid config
   * @throws org.siamage.core.CancelledException when {@code stop} is requested
   */
  public static ModelBundle read(
      Path file, Limits limits, StopToken stop, ProgressListener progress) {
    if (Files.isDirectory(file)) {
      throw new UserFacingException(
          "Cannot read model bundle " + file + ": it is a folder, not a file");
    }
    if (!Files.exists(file)) {
      throw new UserFacingException("Model bundle not found: " + file);
    }
    long started = System.nanoTime();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (ZipException e) {
      throw notABundle(file, e);
    } catch (IOException e) {
      throw new UserFacingException(
          "Cannot read model bundle "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
    try (zip) {
      ModelBundle bundle = new Session(file, zip, limits, stop, progress).read();
      LOG.info(
          "Read model bundle {} ({} parameters) in {} ms",
          file,
          bundle.parameterCount(),
          (System.nanoTime() - started) / 1_000_000);
      return bundle;
    } catch (BundleProblem problem) {
      throw new UserFacingException(
          "Cannot read model bundle " + file + ": " + problem.getMessage(), problem);
    } catch (ZipException e) {
      throw notABundle(file, e);
    } catch (IOException e) {
      throw new UserFacingException(
          "Cannot read model bundle "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
  }

  private static UserFacingException notABundle(Path file, Exception cause) {
    return new UserFacingException(
        file
            + " is truncated or not a Siamage model bundle ("
            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
            + ")",
        cause);
  }

  /** One read of one bundle. */
  private static final class Session {
    private final Path file;
    private final ZipFile zip;
    private final Limits limits;
    private final StopToken stop;
    private final ProgressListener progress;
    private long bytesDone;
    private long bytesTotal;

    Session(Path file, ZipFile zip, Limits limits, StopToken stop, ProgressListener progress) {
      this.file = file;
      this.zip = zip;
      this.limits = limits;
      this.stop = stop;
      this.progress = progress;
    }

    ModelBundle read() throws BundleProblem, IOException {
      Map<String, ZipEntry> zipEntries = checkedDirectory();
      ZipEntry manifestEntry = zipEntries.get(BundleLayout.MANIFEST);
      if (manifestEntry == null) {
        throw new BundleProblem(
            "it has no " + BundleLayout.MANIFEST + ", so it is not a Siamage model bundle");
      }
      Manifest manifest = BundleJson.parseManifest(readManifest(manifestEntry));
      Map<String, ManifestEntry> listed = checkedManifest(manifest);
      crossCheck(zipEntries, listed);
      bytesTotal = listed.values().stream().mapToLong(ManifestEntry::size).sum();

      ExperimentConfig config = readConfig(listed.get(BundleLayout.CONFIG), zipEntries);
      Provenance provenance =
          BundleJson.parseProvenance(readJson(listed.get(BundleLayout.PROVENANCE), zipEntries));
      GalleryFaces faces =
          BundleJson.parseGalleryFaces(
              readJson(listed.get(BundleLayout.GALLERY_FACES), zipEntries));
      TensorCodec.Decoded embeddings =
          readTensor(listed.get(BundleLayout.GALLERY_EMBEDDINGS), zipEntries);
      ReferenceGalleryData gallery = gallery(faces, embeddings);

      List<NamedTensor> weights = new ArrayList<>();
      List<NamedTensor> optimizerState = new ArrayList<>();
      for (ManifestEntry entry : manifest.entries()) {
        String folder = tensorFolder(entry.name());
        if (folder == null) {
          continue;
        }
        String tensorName =
            entry
                .name()
                .substring(
                    folder.length(),
                    entry.name().length() - BundleLayout.TENSOR_EXTENSION.length());
        TensorCodec.Decoded decoded = readTensor(entry, zipEntries);
        NamedTensor tensor = new NamedTensor(tensorName, decoded.shape(), decoded.values());
        (folder.equals(BundleLayout.WEIGHTS_FOLDER) ? weights : optimizerState).add(tensor);
      }
      progress.onProgress(bytesTotal, bytesTotal, "Model bundle read");
      return new ModelBundle(
          manifest.formatVersion(), config, weights, optimizerState, gallery, provenance);
    }

    /** The ZIP directory by name, after the name, duplicate and size checks. */
    private Map<String, ZipEntry> checkedDirectory() throws BundleProblem, ZipException {
      Map<String, ZipEntry> byName = new LinkedHashMap<>();
      if (zip.size() > limits.maxEntries()) {
        throw new BundleProblem(
            "it has " + zip.size() + " entries, more than the limit of " + limits.maxEntries());
      }
      long total = 0;
      for (ZipEntry entry : directory()) {
        String name = entry.getName();
        String nameProblem = BundleLayout.entryNameProblem(name);
        if (nameProblem != null) {
          throw new BundleProblem(nameProblem);
        }
        if (byName.put(name, entry) != null) {
          throw new BundleProblem("entry " + name + " appears more than once");
        }
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
          throw new BundleProblem("entry " + name + " has no recorded size");
        }
        if (size > limits.maxEntryBytes()) {
          throw new BundleProblem(
              "entry "
                  + name
                  + " is "
                  + size
                  + " bytes, more than the limit of "
                  + limits.maxEntryBytes()
                  + " bytes");
        }
        total += size;
        if (total > limits.maxTotalBytes()) {
          throw new BundleProblem(
              "its entries hold more than the limit of " + limits.maxTotalBytes() + " bytes");
        }
        if (size > RATIO_CHECK_FLOOR_BYTES
            && size > limits.maxCompressionRatio() * Math.max(1, compressed)) {
          throw new BundleProblem(
              "entry "
                  + name
                  + " expands from "
                  + compressed
                  + " to "
                  + size
                  + " bytes, more than "
                  + limits.maxCompressionRatio()
                  + " times (a zip bomb?)");
        }
      }
      return byName;
    }

    /** The entries of the ZIP directory, in file order, duplicates included. */
    private List<ZipEntry> directory() throws ZipException {
      List<ZipEntry> list = new ArrayList<>();
      try {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          list.add(entries.nextElement());
        }
      } catch (IllegalArgumentException e) {
        // ZipFile reports an undecodable entry name this way.
        ZipException malformed = new ZipException("malformed entry name: " + e.getMessage());
        malformed.initCause(e);
        throw malformed;
      }
      return list;
    }

    /** Manifest entries by name, after the name, duplicate and layout checks. */
    private Map<String, ManifestEntry> checkedManifest(Manifest manifest) throws BundleProblem {
      Map<String, ManifestEntry> byName = new LinkedHashMap<>();
      for (ManifestEntry entry : manifest.entries()) {
        String name = entry.name();
        String nameProblem = BundleLayout.entryNameProblem(name);
        if (nameProblem != null) {
          throw new BundleProblem(BundleLayout.MANIFEST + " lists an unsafe name: " + nameProblem);
        }
        if (byName.put(name, entry) != null) {
          throw new BundleProblem(BundleLayout.MANIFEST + " lists entry " + name + " twice");
        }
        if (!isKnownEntry(name)) {
          throw new BundleProblem(
              "entry " + name + " is not part of format version " + manifest.formatVersion());
        }
      }
      for (String required :
          List.of(
              BundleLayout.CONFIG,
              BundleLayout.PROVENANCE,
              BundleLayout.GALLERY_FACES,
              BundleLayout.GALLERY_EMBEDDINGS)) {
        if (!byName.containsKey(required)) {
          throw new BundleProblem(
              "required entry " + required + " is not listed in " + BundleLayout.MANIFEST);
        }
      }
      return byName;
    }

    private static boolean isKnownEntry(String name) {
      if (name.equals(BundleLayout.CONFIG)
          || name.equals(BundleLayout.PROVENANCE)
          || name.equals(BundleLayout.GALLERY_FACES)
          || name.equals(BundleLayout.GALLERY_EMBEDDINGS)) {
        return true;
      }
      String folder = tensorFolder(name);
      if (folder == null) {
        return false;
      }
      String tensorName =
          name.substring(folder.length(), name.length() - BundleLayout.TENSOR_EXTENSION.length());
      return NamedTensor.nameProblem(tensorName) == null;
    }

    /** The tensor folder of a {@code weights/…} or {@code optimizer/…} tensor entry, else null. */
    private static String tensorFolder(String name) {
      if (!name.endsWith(BundleLayout.TENSOR_EXTENSION)) {
        return null;
      }
      for (String folder : List.of(BundleLayout.WEIGHTS_FOLDER, BundleLayout.OPTIMIZER_FOLDER)) {
        if (name.startsWith(folder)) {
          return folder;
        }
      }
      return null;
    }

    /** The ZIP directory and the manifest must list the same names with the same sizes. */
    private void crossCheck(Map<String, ZipEntry> zipEntries, Map<String, ManifestEntry> listed)
        throws BundleProblem {
      if (listed.containsKey(BundleLayout.MANIFEST)) {
        throw new BundleProblem(BundleLayout.MANIFEST + " lists itself");
      }
      for (String name : zipEntries.keySet()) {
        if (!name.equals(BundleLayout.MANIFEST) && !listed.containsKey(name)) {
          throw new BundleProblem("entry " + name + " is not listed in " + BundleLayout.MANIFEST);
        }
      }
      for (ManifestEntry entry : listed.values()) {
        ZipEntry zipEntry = zipEntries.get(entry.name());
        if (zipEntry == null) {
          throw new BundleProblem(
              "entry "
                  + entry.name()
                  + " is listed in "
                  + BundleLayout.MANIFEST
                  + " but missing from the file");
        }
        if (zipEntry.getSize() != entry.size()) {
          throw new BundleProblem(
              "entry "
                  + entry.name()
                  + " is corrupted: it holds "
                  + zipEntry.getSize()
                  + " bytes but "
                  + BundleLayout.MANIFEST
                  + " lists "
                  + entry.size());
        }
      }
    }

    private byte[] readManifest(ZipEntry entry) throws BundleProblem {
      if (entry.getSize() > limits.maxJsonEntryBytes()) {
        throw new BundleProblem(
            BundleLayout.MANIFEST
                + " is "
                + entry.getSize()
                + " bytes, more than the limit of "
                + limits.maxJsonEntryBytes()
                + " bytes");
      }
      try (VerifyingInput in = open(entry, entry.getSize(), null)) {
        byte[] bytes = in.readNBytes((int) entry.getSize());
        in.verify();
        return bytes;
      } catch (IOException e) {
        throw corrupted(BundleLayout.MANIFEST, e);
      }
    }

    private ExperimentConfig readConfig(ManifestEntry entry, Map<String, ZipEntry> zipEntries)
        throws BundleProblem {
      String json = new String(readJson(entry, zipEntries), StandardCharsets.UTF_8);
      // ConfigJson names the source in every message, so the bundle file is named too.
      return ConfigJson.parse(json, entry.name() + " in model bundle " + file);
    }

    private byte[] readJson(ManifestEntry entry, Map<String, ZipEntry> zipEntries)
        throws BundleProblem {
      beginEntry(entry);
      if (entry.size() > limits.maxJsonEntryBytes()) {
        throw new BundleProblem(
            "entry "
                + entry.name()
                + " is "
                + entry.size()
                + " bytes, more than the limit of "
                + limits.maxJsonEntryBytes()
                + " bytes for JSON");
      }
      try (VerifyingInput in = open(zipEntries.get(entry.name()), entry.size(), entry.sha256())) {
        byte[] bytes = in.readNBytes((int) entry.size());
        in.verify();
        bytesDone += entry.size();
        return bytes;
      } catch (IOException e) {
        throw corrupted(entry.name(), e);
      }
    }

    private TensorCodec.Decoded readTensor(ManifestEntry entry, Map<String, ZipEntry> zipEntries)
        throws BundleProblem {
      beginEntry(entry);
      try (VerifyingInput in = open(zipEntries.get(entry.name()), entry.size(), entry.sha256())) {
        TensorCodec.Decoded decoded;
        try {
          decoded = TensorCodec.decode(in, entry.size(), entry.name());
        } catch (BundleProblem formatProblem) {
          // A flipped byte in the header looks like a format problem: report corruption first.
          in.verify();
          throw formatProblem;
        }
        in.verify();
        bytesDone += entry.size();
        return decoded;
      } catch (IOException e) {
        throw corrupted(entry.name(), e);
      }
    }

    private void beginEntry(ManifestEntry entry) {
      stop.throwIfStopped();
      progress.onProgress(bytesDone, bytesTotal, "Reading " + entry.name());
    }

    private VerifyingInput open(ZipEntry entry, long expectedSize, String expectedSha256)
        throws IOException {
      return new VerifyingInput(
          zip.getInputStream(entry), entry.getName(), expectedSize, entry.getCrc(), expectedSha256);
    }

    private ReferenceGalleryData gallery(GalleryFaces faces, TensorCodec.Decoded embeddings)
        throws BundleProblem {
      long[] expectedShape = {faces.count(), faces.dimension()};
      if (!Arrays.equals(embeddings.shape(), expectedShape)) {
        throw new BundleProblem(
            BundleLayout.GALLERY_EMBEDDINGS
                + " has shape "
                + Arrays.toString(embeddings.shape())
                + " but "
                + BundleLayout.GALLERY_FACES
                + " describes "
                + Arrays.toString(expectedShape));
      }
      try {
        return new ReferenceGalleryData(
            faces.ids(), faces.ages(), faces.genders(), embeddings.values(), faces.dimension());
      } catch (IllegalArgumentException e) {
        throw new BundleProblem(BundleLayout.GALLERY_FACES + ": " + e.getMessage());
      }
    }

    private static BundleProblem corrupted(String name, IOException cause) {
      if (cause instanceof IntegrityException) {
        return new BundleProblem(cause.getMessage(), cause);
      }
      if (cause instanceof EOFException && cause.getMessage() == null) {
        return new BundleProblem("entry " + name + " is corrupted: its data ends early", cause);
      }
      return new BundleProblem(
          "entry "
              + name
              + " is corrupted: "
              + (cause.getMessage() == null
                  ? cause.getClass().getSimpleName()
                  : cause.getMessage()),
          cause);
    }
  }

  /** An entry's bytes disagree with its recorded size, CRC-32 or SHA-256. */
  private static final class IntegrityException extends IOException {
    IntegrityException(String message) {
      super(message);
    }
  }

  /**
   * Counts, CRCs and hashes an entry while it is consumed, refusing more bytes than expected so a
   * lying directory cannot make it inflate without bound.
   */
  private static final class VerifyingInput extends FilterInputStream {
    private final String name;
    private final long expectedSize;
    private final long expectedCrc;
    private final String expectedSha256;
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256 = Hashing.newSha256();
    private long count;

    VerifyingInput(
        InputStream in, String name, long expectedSize, long expectedCrc, String expectedSha256) {
      super(in);
      this.name = name;
      this.expectedSize = expectedSize;
      this.expectedCrc = expectedCrc;
      this.expectedSha256 = expectedSha256;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int read = read(one, 0, 1);
      return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = super.read(buffer, offset, length);
      if (read > 0) {
        count += read;
        if (count > expectedSize) {
          throw new IntegrityException(
              "entry "
                  + name
                  + " is corrupted: it holds more than the recorded "
                  + expectedSize
                  + " bytes");
        }
        crc.update(buffer, offset, read);
        sha256.update(buffer, offset, read);
      }
      return read;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipping would bypass the checksums; callers read everything.
      throw new UnsupportedOperationException("skip");
    }

    /** Consumes the rest of the entry and compares size, SHA-256 and CRC-32. */
    void verify() throws IOException {
      byte[] buffer = new byte[1 << 16];
      while (read(buffer, 0, buffer.length) >= 0) {
        // Draining is the point: the checks need every byte.
      }
      if (count != expectedSize) {
        throw new IntegrityException(
            "entry "
                + name
                + " is corrupted: it holds "
                + count
                + " bytes, expected "
                + expectedSize);
      }
      if (expectedSha256 != null) {
        String actual = Hashing.hex(sha256.digest());
        if (!actual.equals(expectedSha256)) {
          throw new IntegrityException(
              "entry "
                  + name
                  + " is corrupted: SHA-256 "
                  + actual
                  + ", expected "
                  + expectedSha256);
        }
      }
      if (crc.getValue() != expectedCrc) {
        throw new IntegrityException(
            "entry "
                + name
                + " is corrupted: CRC-32 "
                + Long.toHexString(crc.getValue())
                + ", expected "
                + Long.toHexString(expectedCrc));
      }
    }
  }
}
