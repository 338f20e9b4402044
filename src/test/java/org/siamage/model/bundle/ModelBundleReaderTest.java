package org.siamage.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siamage.config.InvalidConfigException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.model.bundle.CraftedZip.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every way a bundle file can be wrong, and the message the user gets for it. */
class ModelBundleReaderTest {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundleReaderTest.class);

  @TempDir Path folder;
  private Path good;
  private byte[] goodBytes;
  private List<Entry> goodEntries;
  private Path bad;

  @BeforeEach
  void writeAGoodBundle() throws Exception {
    good = folder.resolve("good.siamage");
    ModelBundleWriter.write(BundleFixtures.small(), good);
    goodBytes = Files.readAllBytes(good);
    goodEntries = CraftedZip.entriesOf(good);
    bad = folder.resolve("bad.siamage");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
    return assertThatThrownBy(() -> ModelBundleReader.read(file))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(file.toString());
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertCraftedRefused(List<Entry> entries)
      throws Exception {
    CraftedZip.write(bad, entries);
    return assertRefused(bad);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theCraftedCopyOfAGoodBundleIsAccepted() throws Exception {
    // Guards the other tests: their crafted files differ from a good one only in what they test.
    CraftedZip.write(bad, goodEntries);
    assertThat(ModelBundleReader.read(bad)).isEqualTo(BundleFixtures.small());
  }

  @Test
  void aMissingFileIsNamed() {
    assertRefused(folder.resolve("nothing.siamage")).hasMessageContaining("not found");
  }

  @Test
  void aFolderIsRefused() {
    assertRefused(folder).hasMessageContaining("is a folder");
  }

  @Test
  void aFileThatIsNoZipIsRefused() throws Exception {
    Files.writeString(bad, "{\"this\": \"is JSON, not a bundle\"}\n");
    assertRefused(bad).hasMessageContaining("is truncated or not a Siamage model bundle");
  }

  @Test
  void aZipWithoutManifestIsNotABundle() throws Exception {
    assertCraftedRefused(List.of(new Entry("config.json", utf8("{}"), false)))
        .hasMessageContaining("no manifest.json");
  }

  @Test
  void aTruncatedFileIsRefusedAtEveryLength() throws Exception {
    int[] lengths = {
      0,
      1,
      4,
      30,
      100,
      goodBytes.length / 3,
      goodBytes.length / 2,
      goodBytes.length - 23,
      goodBytes.length - 22,
      goodBytes.length - 10,
      goodBytes.length - 1
    };
    for (int length : lengths) {
      Files.write(bad, java.util.Arrays.copyOf(goodBytes, length));
      assertRefused(bad)
          .as("cut at %d of %d bytes", length, goodBytes.length)
          .hasMessageContaining("is truncated or not a Siamage model bundle");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"weights/tower/conv1/W.tensor", "gallery/embeddings.tensor"})
  void aFlippedByteInAStoredTensorFailsItsHash(String entry) throws Exception {
    long[] range = CraftedZip.dataRange(good, entry);
    long length = range[1] - range[0];
    // Magic, rank, shape and values: header bytes would otherwise read as a format problem.
    for (long offset : new long[] {0, 8, 12, 20, length / 2, length - 1}) {
      byte[] bytes = goodBytes.clone();
      bytes[(int) (range[0] + offset)] ^= 0x10;
      Files.write(bad, bytes);
      assertRefused(bad)
          .as("flip at offset %d of %s", offset, entry)
          .hasMessageContaining("entry " + entry + " is corrupted: SHA-256 ")
          .hasMessageContaining(", expected ");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.json", "provenance.json", "gallery/faces.json", "manifest.json"})
  void aFlippedByteInADeflatedEntryIsCorruption(String entry) throws Exception {
    long[] range = CraftedZip.dataRange(good, entry);
    long length = range[1] - range[0];
    for (long offset : new long[] {0, 1, length / 3, length / 2, length - 2, length - 1}) {
      byte[] bytes = goodBytes.clone();
      bytes[(int) (range[0] + offset)] ^= 0x01;
      Files.write(bad, bytes);
      assertRefused(bad)
          .as("flip at offset %d of %s (%d bytes)", offset, entry, length)
          .hasMessageContaining("entry " + entry + " is corrupted");
    }
  }

  @Test
  void everyFifthByteFlippedIsRefusedOrHarmless() throws Exception {
    flipBytesAndCheck(5);
  }

  @Test
  @Tag("slow")
  void everySingleFlippedByteIsRefusedOrHarmless() throws Exception {
    flipBytesAndCheck(1);
  }

  /**
   * Flips every {@code stride}-th byte of a good bundle in turn. Bytes outside entry data (header
   * times, version fields, local copies of names) may be ignored by ZIP readers; then the content
   * read must be exactly the original. Anything else must be a refusal naming the file.
   */
  private void flipBytesAndCheck(int stride) throws Exception {
    int refused = 0;
    int harmless = 0;
    java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
    for (int at = 0; at < goodBytes.length; at += stride) {
      byte[] bytes = goodBytes.clone();
      bytes[at] ^= (byte) 0x41;
      Files.write(bad, bytes);
      Throwable thrown = catchThrowable(() -> ModelBundleReader.read(bad));
      if (thrown == null) {
        assertThat(ModelBundleReader.read(bad))
            .as("flip at %d", at)
            .isEqualTo(BundleFixtures.small());
        harmless++;
      } else {
        assertThat(thrown)
            .as("flip at %d", at)
            .isInstanceOf(UserFacingException.class)
            .hasMessageContaining(bad.toString());
        String kind =
            thrown
                .getMessage()
                .replace(bad.toString(), "FILE")
                .replaceAll("[0-9a-f]{8,}", "#")
                .replaceAll("[0-9]+", "N");
        kinds.merge(kind.substring(0, Math.min(kind.length(), 90)), 1, Integer::sum);
        refused++;
      }
    }
    LOG.info(
        "Flipped every {} of {} bytes: {} refused, {} harmless",
        stride,
        goodBytes.length,
        refused,
        harmless);
    kinds.forEach((kind, count) -> LOG.info("{} x {}", count, kind));
    assertThat(refused).isGreaterThan(harmless);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "weights/../../x.tensor", "gallery/./faces.json"})
  void anEntryWithADotSegmentIsRefused(String name) throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry(name, utf8("escape"), false));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("entry " + name + " has a '");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/x", "/x.tensor", "C:/x"})
  void anAbsoluteEntryNameIsRefused(String name) throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry(name, utf8("escape"), false));
    assertCraftedRefused(entries).hasMessageContaining("entry " + name + " has an absolute path");
  }

  @Test
  void aBackslashInAnEntryNameIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry("weights\\..\\..\\x.tensor", utf8("escape"), false));
    assertCraftedRefused(entries).hasMessageContaining("has a backslash in its name");
  }

  @Test
  void anUnsafeNameOnlyInTheManifestIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry("../x", utf8("escape"), false));
    List<Entry> withManifest = new ArrayList<>(CraftedZip.withFreshManifest(1, entries));
    withManifest.removeIf(entry -> entry.name().equals("../x"));
    assertCraftedRefused(withManifest)
        .hasMessageContaining("manifest.json lists an unsafe name: entry ../x");
  }

  @Test
  void aDuplicateEntryIsRefused() throws Exception {
    // ZipOutputStream refuses duplicates, so write a same-length twin and rename it in the bytes.
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry("config.jsoX", utf8("{}"), false));
    CraftedZip.write(bad, entries);
    byte[] bytes = Files.readAllBytes(bad);
    String text =
        new String(bytes, StandardCharsets.ISO_8859_1).replace("config.jsoX", "config.json");
    Files.write(bad, text.getBytes(StandardCharsets.ISO_8859_1));

    assertRefused(bad).hasMessageContaining("entry config.json appears more than once");
  }

  @Test
  void anEntryNotInTheManifestIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(
        new Entry("weights/extra.tensor", goodEntries.get(goodEntries.size() - 1).data(), true));
    assertCraftedRefused(entries)
        .hasMessageContaining("entry weights/extra.tensor is not listed in manifest.json");
  }

  @Test
  void anEntryListedButMissingIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.removeIf(entry -> entry.name().equals("weights/dense.W.tensor"));
    assertCraftedRefused(entries)
        .hasMessageContaining(
            "entry weights/dense.W.tensor is listed in manifest.json but missing from the file");
  }

  @Test
  void aRequiredEntryMissingEverywhereIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.removeIf(entry -> entry.name().equals("provenance.json"));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("required entry provenance.json is not listed in manifest.json");
  }

  @Test
  void anEntryOutsideTheLayoutIsRefused() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry("notes.txt", utf8("hello"), false));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("entry notes.txt is not part of format version 1");
  }

  @Test
  void aNewerFormatVersionIsRefusedByNumber() throws Exception {
    assertCraftedRefused(CraftedZip.withFreshManifest(9, goodEntries))
        .hasMessageContaining("format version 9; this Siamage reads version 1");
  }

  @Test
  void anUnknownOlderFormatVersionIsRefused() throws Exception {
    assertCraftedRefused(CraftedZip.withFreshManifest(0, goodEntries))
        .hasMessageContaining("unknown format version 0");
  }

  @Test
  void aManifestOfAnotherFormatIsRefused() throws Exception {
    byte[] manifest =
        utf8(
            new String(goodEntries.get(0).data(), StandardCharsets.UTF_8)
                .replace("siamage-model-bundle", "something-else"));
    assertCraftedRefused(CraftedZip.replace(goodEntries, "manifest.json", manifest))
        .hasMessageContaining("does not identify a Siamage model bundle");
  }

  @Test
  void aTamperedManifestHashIsReportedWithBothHashes() throws Exception {
    String manifest = new String(goodEntries.get(0).data(), StandardCharsets.UTF_8);
    String configHash = org.siamage.core.Hashing.sha256(goodEntries.get(1).data());
    String forged = "0".repeat(64);
    byte[] tampered = utf8(manifest.replace(configHash, forged));
    assertThat(tampered).isNotEqualTo(goodEntries.get(0).data());

    assertCraftedRefused(CraftedZip.replace(goodEntries, "manifest.json", tampered))
        .hasMessageContaining(
            "entry config.json is corrupted: SHA-256 " + configHash + ", expected " + forged);
  }

  @Test
  void aManifestSizeThatDisagreesWithTheZipIsCorruption() throws Exception {
    String manifest = new String(goodEntries.get(0).data(), StandardCharsets.UTF_8);
    int configSize = goodEntries.get(1).data().length;
    byte[] tampered = utf8(manifest.replace("\"size\" : " + configSize + ",", "\"size\" : 7,"));
    assertThat(tampered).isNotEqualTo(goodEntries.get(0).data());

    assertCraftedRefused(CraftedZip.replace(goodEntries, "manifest.json", tampered))
        .hasMessageContaining(
            "entry config.json is corrupted: it holds "
                + configSize
                + " bytes but manifest.json lists 7");
  }

  @Test
  void aTensorWhoseShapeDisagreesWithItsLengthIsRefused() throws Exception {
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    TensorCodec.encode(new long[] {2, 3}, new float[6], tensor);
    byte[] shortened = java.util.Arrays.copyOf(tensor.toByteArray(), tensor.size() - 4);
    List<Entry> entries = CraftedZip.replace(goodEntries, "weights/dense.W.tensor", shortened);

    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining(
            "tensor entry weights/dense.W.tensor has shape [2, 3], which needs 52 bytes,"
                + " but the entry holds 48 bytes");
  }

  @Test
  void aTensorWithoutMagicIsRefused() throws Exception {
    List<Entry> entries =
        CraftedZip.replace(goodEntries, "weights/scale.tensor", utf8("NOTATENSOR!!1234"));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("tensor entry weights/scale.tensor does not start with SIAMTNSR");
  }

  @Test
  void aGalleryWhoseEmbeddingsDisagreeWithItsFacesIsRefused() throws Exception {
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    TensorCodec.encode(new long[] {2, 3}, new float[6], tensor);
    List<Entry> entries =
        CraftedZip.replace(goodEntries, "gallery/embeddings.tensor", tensor.toByteArray());
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining(
            "gallery/embeddings.tensor has shape [2, 3] but gallery/faces.json describes [3, 2]");
  }

  @Test
  void aBadGenderCodeInTheGalleryIsNamed() throws Exception {
    String faces = new String(entry("gallery/faces.json").data(), StandardCharsets.UTF_8);
    String changed = faces.replaceFirst("\"genders\" : \\[ 0,", "\"genders\" : [ 5,");
    assertThat(changed).isNotEqualTo(faces);
    List<Entry> entries = CraftedZip.replace(goodEntries, "gallery/faces.json", utf8(changed));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("gallery/faces.json: genders[0] = 5");
  }

  @Test
  void anInvalidConfigIsRefusedWithTheValidatorsMessage() throws Exception {
    String config = new String(entry("config.json").data(), StandardCharsets.UTF_8);
    String changed = config.replaceFirst("\"learningRate\" : [0-9.eE-]+", "\"learningRate\" : -1");
    assertThat(changed).isNotEqualTo(config);
    List<Entry> entries = CraftedZip.replace(goodEntries, "config.json", utf8(changed));
    CraftedZip.write(bad, CraftedZip.withFreshManifest(1, entries));

    Throwable thrown = catchThrowable(() -> ModelBundleReader.read(bad));

    assertThat(thrown)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("config.json in model bundle " + bad)
        .hasMessageContaining("training.learningRate = -1.0");
  }

  @Test
  void anUnknownProvenanceTimeIsNamed() throws Exception {
    String provenance = new String(entry("provenance.json").data(), StandardCharsets.UTF_8);
    String changed = provenance.replace("2024-05-01T10:15:30Z", "yesterday");
    List<Entry> entries = CraftedZip.replace(goodEntries, "provenance.json", utf8(changed));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("provenance.json: createdAt = yesterday");
  }

  @Test
  void anEntryAboveTheSizeLimitIsRefusedBeforeReading() {
    ModelBundleReader.Limits limits =
        new ModelBundleReader.Limits(100, 100_000, 1L << 30, 1000, 100);
    assertThatThrownBy(
            () ->
                ModelBundleReader.read(good, limits, StopToken.never(), ProgressListener.silent()))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(good.toString())
        .hasMessageContaining("bytes, more than the limit of 100 bytes");
  }

  @Test
  void aTotalAboveTheLimitIsRefusedBeforeReading() {
    ModelBundleReader.Limits limits =
        new ModelBundleReader.Limits(1L << 20, 1L << 20, 1000, 1000, 100);
    assertThatThrownBy(
            () ->
                ModelBundleReader.read(good, limits, StopToken.never(), ProgressListener.silent()))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(good.toString())
        .hasMessageContaining("its entries hold more than the limit of 1000 bytes");
  }

  @Test
  void aZipBombEntryIsRefusedBeforeInflating() throws Exception {
    List<Entry> entries = new ArrayList<>(goodEntries);
    entries.add(new Entry("weights/zeros.tensor", new byte[8 << 20], false));
    assertCraftedRefused(CraftedZip.withFreshManifest(1, entries))
        .hasMessageContaining("entry weights/zeros.tensor expands from")
        .hasMessageContaining("(a zip bomb?)");
  }

  private Entry entry(String name) {
    return goodEntries.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}
