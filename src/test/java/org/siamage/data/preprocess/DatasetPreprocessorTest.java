package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.CancelledException;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

class DatasetPreprocessorTest {
  private static final int FACES = 12;

  @TempDir Path temp;

  private Path datasetFolder;
  private Path cacheFolder;
  private Dataset dataset;
  private final DatasetPreprocessor preprocessor = new DatasetPreprocessor(2);
  private final PreprocessingConfig config = FacePreprocessorTest.preAlignedConfig(32);

  @BeforeEach
  void writeDataset() throws IOException {
    datasetFolder = Files.createDirectories(temp.resolve("dataset"));
    cacheFolder = temp.resolve("cache");
    Files.createDirectories(datasetFolder.resolve("images"));
    List<FaceRecord> faces = new ArrayList<>();
    for (int i = 0; i < FACES; i++) {
      String id = String.format("images/face_%02d.png", i);
      Path file = datasetFolder.resolve(id);
      if (i == 5) {
        Files.createFile(file); // zero bytes: skipped with a reason
      } else {
        // each image a distinct grey level, so order mistakes show in the pixels
        TestImages.writeConstant(
            file, 40 + i, 30 + i, opencv_core.CV_8UC3, new Scalar(i * 20, i * 20, i * 20, 0));
      }
      faces.add(new FaceRecord(id, file, 20 + i, i % 2 == 0 ? Gender.FEMALE : Gender.MALE, ""));
    }
    dataset =
        new Dataset(
            "synthetic", datasetFolder, DatasetFormat.LABELS_CSV, faces, List.of(), Map.of());
  }

  @Test
  void cropsComeInDatasetOrderAndBadFilesAreSkipped() {
    List<long[]> progress = new ArrayList<>();
    PreprocessedFaces result =
        preprocessor.preprocess(
            dataset,
            config,
            null,
            (done, total, message) -> {
              synchronized (progress) {
                progress.add(new long[] {done, total});
              }
            },
            StopToken.never());
    assertThat(result.size()).isEqualTo(FACES - 1);
    assertThat(result.ids()).doesNotContain("images/face_05.png").startsWith("images/face_00.png");
    assertThat(result.skipped()).hasSize(1);
    assertThat(result.skipped().get(0).location()).isEqualTo("images/face_05.png");
    assertThat(result.skipped().get(0).reason()).contains("empty file (0 bytes)");
    for (int i = 0; i < result.size(); i++) {
      int imageNumber = Integer.parseInt(result.ids().get(i).substring(12, 14));
      assertThat(result.crop(i)[0] & 0xFF).isEqualTo(imageNumber * 20);
      assertThat(result.crop(i)).hasSize(32 * 32 * 3);
    }
    assertThat(result.indexOf("images/face_06.png")).isEqualTo(5);
    assertThat(result.networkInput(0)).hasSize(3 * 32 * 32).contains(-1f);
    assertThat(progress).hasSize(FACES);
    assertThat(progress.stream().mapToLong(step -> step[0]).max().getAsLong()).isEqualTo(FACES);
    assertThat(result.loadedFromCache()).isFalse();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void secondRunHitsTheCacheAndReturnsTheSameCrops() throws IOException {
    String datasetBefore = folderFingerprint(datasetFolder);
    PreprocessedFaces first = run(cacheFolder);
    PreprocessedFaces second = run(cacheFolder);
    assertThat(first.loadedFromCache()).isFalse();
    assertThat(second.loadedFromCache()).isTrue();
    assertThat(second.cacheKey()).isEqualTo(first.cacheKey()).hasSize(64);
    assertThat(second.ids()).isEqualTo(first.ids());
    assertThat(second.skipped()).isEqualTo(first.skipped());
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.crop(i)).isEqualTo(first.crop(i));
    }
    assertThat(Files.list(cacheFolder).map(path -> path.getFileName().toString()))
        .containsExactlyInAnyOrder("faces-" + first.cacheKey() + ".bin", FileHashMemo.FILE_NAME);
    assertThat(folderFingerprint(datasetFolder)).isEqualTo(datasetBefore);
  }

  @Test
  void changedImageOrSettingsMissTheCache() throws IOException {
    PreprocessedFaces first = run(cacheFolder);
    TestImages.writeConstant(
        datasetFolder.resolve("images/face_03.png"),
        43,
        33,
        opencv_core.CV_8UC3,
        new Scalar(1, 2, 3, 0));
    PreprocessedFaces changed = run(cacheFolder);
    assertThat(changed.loadedFromCache()).isFalse();
    assertThat(changed.cacheKey()).isNotEqualTo(first.cacheKey());
    PreprocessedFaces otherSize =
        preprocessor.preprocess(
            dataset,
            FacePreprocessorTest.preAlignedConfig(48),
            cacheFolder,
            ProgressListener.silent(),
            StopToken.never());
    assertThat(otherSize.loadedFromCache()).isFalse();
    assertThat(otherSize.crop(0)).hasSize(48 * 48 * 3);
    PreprocessingConfig whole = FacePreprocessorTest.preAlignedConfig(48);
    PreprocessingConfig tighter = new PreprocessingConfig(whole.mode(), whole.inputSize(), whole.cropMargin(),
        whole.alignEyes(), whole.detector(), 0.8);
    PreprocessedFaces cropped =
        preprocessor.preprocess(dataset, tighter, cacheFolder, ProgressListener.silent(), StopToken.never());
    assertThat(cropped.loadedFromCache()).as("a centre crop is another set of crops").isFalse();
    assertThat(cropped.cacheKey()).isNotEqualTo(otherSize.cacheKey());
  }

  @Test
  void corruptOrTruncatedCacheFileIsRebuilt() throws IOException {
    PreprocessedFaces first = run(cacheFolder);
    Path file = new PreprocessingCache(cacheFolder).fileFor(first.cacheKey());
    long size = Files.size(file);
    try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
      damaged.seek(size / 2);
      int value = damaged.read();
      damaged.seek(size / 2);
      damaged.write(value ^ 0xFF);
    }
    PreprocessedFaces afterFlip = run(cacheFolder);
    assertThat(afterFlip.loadedFromCache()).isFalse();
    assertThat(afterFlip.crop(3)).isEqualTo(first.crop(3));
    assertThat(run(cacheFolder).loadedFromCache()).isTrue();

    try (RandomAccessFile truncated = new RandomAccessFile(file.toFile(), "rw")) {
      truncated.setLength(size - 100);
    }
    assertThat(run(cacheFolder).loadedFromCache()).isFalse();
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(run(cacheFolder).loadedFromCache()).isFalse();
    assertThat(run(cacheFolder).loadedFromCache()).isTrue();
  }

  @Test
  void uncreatableCacheFolderOnlyWarns() throws IOException {
    // Tests may run as root, whom permissions do not stop: a regular file as the parent does.
    Path blocker = Files.writeString(temp.resolve("not-a-folder"), "x");
    Path cache = blocker.resolve("cache");
    PreprocessedFaces result = run(cache);
    assertThat(result.size()).isEqualTo(FACES - 1);
    assertThat(result.warnings()).hasSize(1);
    assertThat(result.warnings().get(0))
        .startsWith("cache disabled: cannot write " + cache)
        .contains("Not a directory");
  }

  @Test
  void readOnlyCacheFolderOnlyWarns() throws IOException {
    Path cache = Files.createDirectories(temp.resolve("read-only-cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(
          Files.isWritable(cache), "running as root: a read-only mode does not stop writes");
      PreprocessedFaces result = run(cache);
      assertThat(result.size()).isEqualTo(FACES - 1);
      assertThat(result.warnings())
          .containsExactly("cache disabled: cannot write " + cache + " (permission denied)");
    } finally {
      Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aFileWhereTheCacheFolderShouldBeOnlyWarns() throws IOException {
    // runs as root too (a read-only folder does not stop root, so the test above skips there)
    Path cache = Files.writeString(temp.resolve("cache-is-a-file"), "not a folder");
    PreprocessedFaces result = run(cache);
    assertThat(result.size()).isEqualTo(FACES - 1);
    assertThat(result.warnings()).singleElement().asString()
        .startsWith("cache disabled: cannot write " + cache + " (a file is in the way");
    assertThat(Files.readString(cache)).isEqualTo("not a folder");
  }

  @Test
  void aRefusedWriteIsDescribedAsPermissionDenied() {
    assertThat(PreprocessingCache.describe(new java.nio.file.AccessDeniedException("/cache/faces.bin")))
        .isEqualTo("permission denied");
    assertThat(PreprocessingCache.describe(
        new java.nio.file.FileSystemException("/cache/faces.bin", null, "Read-only file system")))
        .isEqualTo("read-only file system");
  }

  @Test
  void cacheInsideTheDatasetFolderIsRefused() throws IOException {
    String before = folderFingerprint(datasetFolder);
    PreprocessedFaces result = run(datasetFolder.resolve(".cache"));
    assertThat(result.size()).isEqualTo(FACES - 1);
    assertThat(result.warnings().get(0))
        .startsWith("cache disabled")
        .contains("inside the dataset folder");
    assertThat(folderFingerprint(datasetFolder)).isEqualTo(before);
  }

  @Test
  void stopRequestCancels() {
    StopToken stop = new StopToken();
    AtomicLong seen = new AtomicLong();
    ProgressListener stopAfterThree =
        (done, total, message) -> {
          if (seen.incrementAndGet() == 3) {
            stop.requestStop();
          }
        };
    assertThatThrownBy(() -> preprocessor.preprocess(dataset, config, null, stopAfterThree, stop))
        .isInstanceOf(CancelledException.class);
    assertThat(seen.get()).isLessThan(FACES);
  }

  @Test
  void detectModeSkipsImagesWithoutFaces() {
    PreprocessedFaces result =
        preprocessor.preprocess(
            dataset,
            FacePreprocessorTest.detectConfig(32),
            null,
            ProgressListener.silent(),
            StopToken.never());
    assertThat(result.size()).isZero();
    assertThat(result.noFaceCount()).isEqualTo(FACES - 1);
    assertThat(result.skipped())
        .filteredOn(item -> item.reason().endsWith("no face found"))
        .hasSize(FACES - 1);
  }

  private PreprocessedFaces run(Path cache) {
    return preprocessor.preprocess(
        dataset, config, cache, ProgressListener.silent(), StopToken.never());
  }

  /** Relative path → size + SHA-256 of every file under {@code folder}. */
  static String folderFingerprint(Path folder) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = folder.relativize(file).toString();
        entries.put(
            relative,
            Files.isDirectory(file) ? "dir" : Files.size(file) + ":" + Hashing.sha256(file));
      }
    }
    return entries.toString();
  }
}
