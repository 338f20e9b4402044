package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First (compute) versus second (cache hit) preprocessing of the shared AAF set. */
@Tag("shared-data")
@Tag("slow")
class AafPreprocessingBenchmarkTest {
  private static final Logger LOG = LoggerFactory.getLogger(AafPreprocessingBenchmarkTest.class);
  private static final int DETECT_SUBSET = 1000;

  @TempDir Path cacheFolder;

  @Test
  void preAlignedWholeSetIsAtLeastFiveTimesFasterFromCache() throws IOException {
    Path aaf = SharedAaf.folderOrSkip();
    Dataset dataset = SharedAaf.read(aaf, 0);
    String before = DatasetPreprocessorTest.folderFingerprint(aaf);
    PreprocessingConfig config = FacePreprocessorTest.preAlignedConfig(64);
    double[] seconds = firstAndSecond(dataset, config);
    assertThat(DatasetPreprocessorTest.folderFingerprint(aaf)).isEqualTo(before);
    assertThat(seconds[0] / seconds[1]).isGreaterThanOrEqualTo(5.0);
  }

  @Test
  void detectModeSubsetIsAtLeastFiveTimesFasterFromCache() {
    Path aaf = SharedAaf.folderOrSkip();
    Dataset dataset = SharedAaf.read(aaf, DETECT_SUBSET);
    double[] seconds = firstAndSecond(dataset, FacePreprocessorTest.detectConfig(64));
    assertThat(seconds[0] / seconds[1]).isGreaterThanOrEqualTo(5.0);
  }

  private double[] firstAndSecond(Dataset dataset, PreprocessingConfig config) {
    DatasetPreprocessor preprocessor = new DatasetPreprocessor();
    long start = System.nanoTime();
    PreprocessedFaces first =
        preprocessor.preprocess(
            dataset, config, cacheFolder, ProgressListener.silent(), StopToken.never());
    double firstSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    PreprocessedFaces second =
        preprocessor.preprocess(
            dataset, config, cacheFolder, ProgressListener.silent(), StopToken.never());
    double secondSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(first.loadedFromCache()).isFalse();
    assertThat(second.loadedFromCache()).isTrue();
    assertThat(second.size()).isEqualTo(first.size());
    assertThat(first.size()).isGreaterThanOrEqualTo((int) (0.9 * dataset.size()));
    String report =
        String.format(
            Locale.ROOT,
            "AAF %s %d px, %d faces on %d threads: first %.2f s (%.2f ms/face), second %.2f s"
                + " (cache hit), speed-up %.1fx; kept %d, skipped %d, no face %d, several faces"
                + " %d, eyes aligned %d",
            config.mode(),
            config.inputSize(),
            dataset.size(),
            Runtime.getRuntime().availableProcessors(),
            firstSeconds,
            1000 * firstSeconds / dataset.size(),
            secondSeconds,
            firstSeconds / secondSeconds,
            first.size(),
            first.skipped().size(),
            first.noFaceCount(),
            first.severalFacesCount(),
            first.alignedCount());
    LOG.info(report);
    System.out.println(report);
    return new double[] {firstSeconds, secondSeconds};
  }
}
