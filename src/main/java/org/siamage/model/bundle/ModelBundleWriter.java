package org.siamage.model.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.siamage.config.ConfigJson;
import org.siamage.core.AtomicFiles;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.model.bundle.BundleJson.ManifestEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link ModelBundle} as one {@code .siamage} ZIP file (layout in {@code
 * docs/bundle-format.md}).
 *
 * <p>The file is written atomically (a crash leaves the previous file, if any) and its bytes depend
 * only on the bundle's content and the JDK's deflater: entries are in a fixed order, carry a fixed
 * time and no extra fields, so the file's SHA-256 identifies the model. JSON entries are deflated;
 * tensors are stored uncompressed, since float weights hardly compress and storing is fast.
 */
public final class ModelBundleWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundleWriter.class);

  private ModelBundleWriter() {}

  /** Writes {@code bundle} to {@code file}, replacing it atomically. */
  public static void write(ModelBundle bundle, Path file) {
    write(bundle, file, StopToken.never(), ProgressListener.silent());
  }

  /**
   * Writes {@code bundle} to {@code file}, replacing it atomically.
   *
   * @param progress receives bytes written so far out of the total uncompressed bytes
   * @throws UserFacingException naming the file when it cannot be written
   * @throws org.siamage.core.CancelledException when {@code stop} is requested; the target is then
   *     untouched
   */
  public static void write(
      ModelBundle bundle, Path file, StopToken stop, ProgressListener progress) {
    long started = System.nanoTime();
    List<PlannedEntry> plan = plan(bundle, stop);
    long totalBytes = plan.stream().mapToLong(PlannedEntry::size).sum();
    List<ManifestEntry> manifestEntries = new ArrayList<>();
    for (PlannedEntry entry : plan) {
      manifestEntries.add(new ManifestEntry(entry.name(), entry.size(), entry.sha256()));
    }
    byte[] manifest = BundleJson.manifest(bundle.formatVersion(), manifestEntries);
    try {
      AtomicFiles.write(
          file,
          out -> {
            // Closing the ZIP stream also closes AtomicFiles' stream, which tolerates it.
            try (ZipOutputStream zip =
                new ZipOutputStream(
                    new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8)) {
              zip.setLevel(Deflater.DEFAULT_COMPRESSION);
              writeDeflated(zip, BundleLayout.MANIFEST, manifest);
              long done = 0;
              for (PlannedEntry entry : plan) {
                stop.throwIfStopped();
                progress.onProgress(done, totalBytes, "Writing " + entry.name());
                if (entry.json() != null) {
                  writeDeflated(zip, entry.name(), entry.json());
                } else {
                  writeStoredTensor(zip, entry);
                }
                done += entry.size();
              }
            }
            progress.onProgress(totalBytes, totalBytes, "Model bundle written");
          });
    } catch (IOException e) {
      throw new UserFacingException("Cannot write model bundle " + file + ": " + describe(e), e);
    }
    LOG.info(
        "Wrote model bundle {} ({} entries, {} bytes uncompressed) in {} ms",
        file,
        plan.size() + 1,
        totalBytes,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Every entry after the manifest, in file order, with size, CRC-32 and SHA-256 computed up front
   * (the manifest comes first and stored entries need their CRC before their data). Tensors are
   * encoded twice rather than held as bytes, so writing needs no second copy of the weights.
   */
  private static List<PlannedEntry> plan(ModelBundle bundle, StopToken stop) {
    List<PlannedEntry> plan = new ArrayList<>();
    plan.add(jsonEntry(BundleLayout.CONFIG, BundleJson.text(ConfigJson.write(bundle.config()))));
    plan.add(jsonEntry(BundleLayout.PROVENANCE, BundleJson.provenance(bundle.provenance())));
    ReferenceGalleryData gallery = bundle.gallery();
    plan.add(jsonEntry(BundleLayout.GALLERY_FACES, BundleJson.galleryFaces(gallery)));
    plan.add(
        tensorEntry(
            BundleLayout.GALLERY_EMBEDDINGS,
            new long[] {gallery.size(), gallery.dimension()},
            gallery.embeddings()));
    for (NamedTensor tensor : bundle.tensors()) {
      stop.throwIfStopped();
      plan.add(
          tensorEntry(BundleLayout.weightEntry(tensor.name()), tensor.shape(), tensor.values()));
    }
    for (NamedTensor tensor : bundle.optimizerState()) {
      stop.throwIfStopped();
      plan.add(
          tensorEntry(BundleLayout.optimizerEntry(tensor.name()), tensor.shape(), tensor.values()));
    }
    return plan;
  }

  private static PlannedEntry jsonEntry(String name, byte[] json) {
    CRC32 crc = new CRC32();
    crc.update(json);
    return new PlannedEntry(
        name, json.length, crc.getValue(), Hashing.sha256(json), json, null, null);
  }

  private static PlannedEntry tensorEntry(String name, long[] shape, float[] values) {
    DigestingSink sink = new DigestingSink();
    try {
      TensorCodec.encode(shape, values, sink);
    } catch (IOException e) {
      throw new IllegalStateException("Encoding into memory cannot fail", e);
    }
    return new PlannedEntry(
        name,
        sink.count,
        sink.crc.getValue(),
        Hashing.hex(sink.sha256.digest()),
        null,
        shape,
        values);
  }

  private static void writeDeflated(ZipOutputStream zip, String name, byte[] data)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.DEFLATED);
    entry.setTimeLocal(BundleLayout.FIXED_ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  private static void writeStoredTensor(ZipOutputStream zip, PlannedEntry planned)
      throws IOException {
    ZipEntry entry = new ZipEntry(planned.name());
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(planned.size());
    entry.setCompressedSize(planned.size());
    entry.setCrc(planned.crc());
    entry.setTimeLocal(BundleLayout.FIXED_ENTRY_TIME);
    zip.putNextEntry(entry);
    TensorCodec.encode(planned.shape(), planned.values(), zip);
    zip.closeEntry();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** An entry to write: JSON bytes, or a tensor's shape and values to encode. */
  private record PlannedEntry(
      String name, long size, long crc, String sha256, byte[] json, long[] shape, float[] values) {}

  /** Counts, CRCs and hashes bytes without keeping them. */
  private static final class DigestingSink extends OutputStream {
    final CRC32 crc = new CRC32();
    final MessageDigest sha256 = Hashing.newSha256();
    long count;

    @Override
    public void write(int b) {
      crc.update(b);
      sha256.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
      sha256.update(bytes, offset, length);
      count += length;
    }
  }
}
