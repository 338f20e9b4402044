package org.siamage.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.CancelledException;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ModelBundleRoundTripTest {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundleRoundTripTest.class);

  @TempDir Path folder;

  @Test
  void readingWhatWasWrittenGivesEqualContent() {
    ModelBundle bundle = BundleFixtures.small();
    Path file = folder.resolve("model.siamage");

    ModelBundleWriter.write(bundle, file);
    ModelBundle read = ModelBundleReader.read(file);

    assertThat(read).isEqualTo(bundle);
    assertThat(read.tensors())
        .extracting(NamedTensor::name)
        .containsExactly("tower/conv1/W", "tower/conv1/b", "dense.W", "scale");
    assertThat(read.tensor("scale").orElseThrow().shape()).isEmpty();
    assertThat(read.optimizerState()).containsExactlyElementsOf(bundle.optimizerState());
    assertThat(read.gallery().embedding(2)[0]).isNaN();
    assertThat(read.provenance().finalMetrics()).containsEntry("testMae", "5.43");
    assertThat(read.config()).isEqualTo(bundle.config());
  }

  @Test
  void anEmptyGalleryAndNoOptimiserStateRoundTrip() {
    ModelBundle small = BundleFixtures.small();
    ModelBundle bundle =
        new ModelBundle(
            small.config(),
            small.tensors(),
            List.of(),
            ReferenceGalleryData.empty(128),
            small.provenance());
    Path file = folder.resolve("checkpoint.siamage");

    ModelBundleWriter.write(bundle, file);

    assertThat(ModelBundleReader.read(file)).isEqualTo(bundle);
  }

  @Test
  void equalContentGivesByteIdenticalFiles() throws Exception {
    Path first = folder.resolve("first.siamage");
    Path second = folder.resolve("second.siamage");

    ModelBundleWriter.write(BundleFixtures.small(), first);
    ModelBundleWriter.write(BundleFixtures.small(), second);

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    LOG.info("small bundle: {} bytes, SHA-256 {}", Files.size(first), Hashing.sha256(first));
  }

  @Test
  void overwritingReplacesTheFileAndLeavesNoTemporaryFiles() throws Exception {
    Path file = folder.resolve("model.siamage");
    ModelBundleWriter.write(BundleFixtures.withParameters(1024), file);

    ModelBundleWriter.write(BundleFixtures.small(), file);

    assertThat(ModelBundleReader.read(file)).isEqualTo(BundleFixtures.small());
    try (var files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void theLayoutIsManifestFirstThenFixedOrderWithStoredTensorsAndDeflatedJson() throws Exception {
    Path file = folder.resolve("model.siamage");
    ModelBundleWriter.write(BundleFixtures.small(), file);

    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        names.add(entry.getName());
        int expectedMethod =
            entry.getName().endsWith(".tensor") ? ZipEntry.STORED : ZipEntry.DEFLATED;
        assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(expectedMethod);
        assertThat(entry.getExtra()).as(entry.getName()).isNull();
      }
    }
    assertThat(names)
        .containsExactly(
            "manifest.json",
            "config.json",
            "provenance.json",
            "gallery/faces.json",
            "gallery/embeddings.tensor",
            "weights/tower/conv1/W.tensor",
            "weights/tower/conv1/b.tensor",
            "weights/dense.W.tensor",
            "weights/scale.tensor",
            "optimizer/adam/m/dense.W.tensor");
  }

  @Test
  void aTensorEntryIsMagicRankShapeAndLittleEndianFloats() throws Exception {
    Path file = folder.resolve("model.siamage");
    ModelBundle bundle =
        new ModelBundle(
            BundleFixtures.small().config(),
            List.of(NamedTensor.of("w", new float[] {1.0f, -2.0f}, 2)),
            List.of(),
            BundleFixtures.gallery(),
            BundleFixtures.provenance());
    ModelBundleWriter.write(bundle, file);

    byte[] tensor =
        CraftedZip.entriesOf(file).stream()
            .filter(entry -> entry.name().equals("weights/w.tensor"))
            .findFirst()
            .orElseThrow()
            .data();

    assertThat(java.util.HexFormat.of().formatHex(tensor))
        .isEqualTo(
            "5349414d544e5352" // "SIAMTNSR"
                + "01000000" // rank 1
                + "0200000000000000" // shape [2]
                + "0000803f" // 1.0f
                + "000000c0"); // -2.0f
  }

  @Test
  void aMillionParameterBundleComesBackEqualAndItsFileIsTheSameWhenWrittenAgain() throws Exception {
    ModelBundle bundle = BundleFixtures.withParameters(1 << 20);
    Path file = folder.resolve("million.siamage");
    ModelBundleWriter.write(bundle, file);
    byte[] first = Files.readAllBytes(file);
    ModelBundle read = ModelBundleReader.read(file);
    assertThat(read).isEqualTo(bundle);
    assertThat(read.parameterCount()).isEqualTo(1 << 20);
    // weights are stored, not deflated: the file is the floats plus headers and the small entries
    assertThat((long) first.length).isBetween(4L << 20, (4L << 20) + (256L << 10));
    ModelBundleWriter.write(read, file);
    assertThat(Files.readAllBytes(file)).isEqualTo(first);
  }

  @Test
  void progressReachesTheTotal() {
    Path file = folder.resolve("model.siamage");
    List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    ProgressListener recorder = (done, total, message) -> reports.add(new long[] {done, total});

    ModelBundleWriter.write(BundleFixtures.small(), file, StopToken.never(), recorder);
    long[] lastWrite = reports.get(reports.size() - 1);
    reports.clear();
    ModelBundleReader.read(file, ModelBundleReader.Limits.DEFAULT, StopToken.never(), recorder);
    long[] lastRead = reports.get(reports.size() - 1);

    assertThat(lastWrite[0]).isEqualTo(lastWrite[1]).isPositive();
    assertThat(lastRead).containsExactly(lastWrite);
    assertThat(reports).allSatisfy(report -> assertThat(report[0]).isBetween(0L, report[1]));
  }

  @Test
  void aCancelledWriteLeavesNoFile() throws Exception {
    StopToken stop = new StopToken();
    stop.requestStop();
    Path file = folder.resolve("model.siamage");

    assertThatThrownBy(
            () ->
                ModelBundleWriter.write(
                    BundleFixtures.small(), file, stop, ProgressListener.silent()))
        .isInstanceOf(CancelledException.class);
    try (var files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }
}
