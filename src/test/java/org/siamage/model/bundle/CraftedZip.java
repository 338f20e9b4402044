package org.siamage.model.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.siamage.core.Hashing;

/** Builds ZIP files by hand, for bundles the writer would never produce. */
final class CraftedZip {
  /** One entry: its name, content, and whether it is stored rather than deflated. */
  record Entry(String name, byte[] data, boolean stored) {}

  private CraftedZip() {}

  /** The entries of {@code file}, in order, as written. */
  static List<Entry> entriesOf(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.add(
              new Entry(entry.getName(), in.readAllBytes(), entry.getMethod() == ZipEntry.STORED));
        }
      }
    }
    return entries;
  }

  /** A correct manifest (version {@code version}) for every entry except a manifest. */
  static Entry manifestFor(int version, List<Entry> entries) {
    List<BundleJson.ManifestEntry> listed = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.name().equals(BundleLayout.MANIFEST)) {
        listed.add(
            new BundleJson.ManifestEntry(
                entry.name(), entry.data().length, Hashing.sha256(entry.data())));
      }
    }
    return new Entry(BundleLayout.MANIFEST, BundleJson.manifest(version, listed), false);
  }

  /** Replaces the manifest in {@code entries} by a correct one of the given version. */
  static List<Entry> withFreshManifest(int version, List<Entry> entries) {
    List<Entry> result = new ArrayList<>();
    List<Entry> content =
        entries.stream().filter(entry -> !entry.name().equals(BundleLayout.MANIFEST)).toList();
    result.add(manifestFor(version, content));
    result.addAll(content);
    return result;
  }

  static List<Entry> replace(List<Entry> entries, String name, byte[] data) {
    return entries.stream()
        .map(entry -> entry.name().equals(name) ? new Entry(name, data, entry.stored()) : entry)
        .toList();
  }

  static void write(Path target, List<Entry> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Entry entry : entries) {
        ZipEntry zipEntry = new ZipEntry(entry.name());
        if (entry.stored()) {
          CRC32 crc = new CRC32();
          crc.update(entry.data());
          zipEntry.setMethod(ZipEntry.STORED);
          zipEntry.setSize(entry.data().length);
          zipEntry.setCompressedSize(entry.data().length);
          zipEntry.setCrc(crc.getValue());
        }
        zip.putNextEntry(zipEntry);
        zip.write(entry.data());
        zip.closeEntry();
      }
    }
  }

  /**
   * Where the data of {@code entryName} lies in {@code file}: [start, end). Found by walking the
   * local headers, since {@link ZipEntry} does not expose offsets.
   */
  static long[] dataRange(Path file, String entryName) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long compressedSize;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      compressedSize = zip.getEntry(entryName).getCompressedSize();
    }
    byte[] name = entryName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int at = 0; at + 30 < bytes.length; at++) {
      if (littleEndianInt(bytes, at) != 0x04034b50) {
        continue;
      }
      int nameLength = littleEndianShort(bytes, at + 26);
      int extraLength = littleEndianShort(bytes, at + 28);
      if (nameLength == name.length
          && java.util.Arrays.equals(bytes, at + 30, at + 30 + nameLength, name, 0, name.length)) {
        long start = at + 30L + nameLength + extraLength;
        return new long[] {start, start + compressedSize};
      }
    }
    throw new IllegalArgumentException("no local header for " + entryName);
  }

  private static int littleEndianInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff)
        | (bytes[at + 1] & 0xff) << 8
        | (bytes[at + 2] & 0xff) << 16
        | (bytes[at + 3] & 0xff) << 24;
  }

  private static int littleEndianShort(byte[] bytes, int at) {
    return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
  }
}
