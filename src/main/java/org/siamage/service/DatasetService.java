package org.siamage.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.SkippedItem;
import org.siamage.data.preprocess.DatasetPreprocessor;
import org.siamage.data.preprocess.DecodeResult;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.data.preprocess.FaceOutcome;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.preprocess.ImageDecoder;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.data.read.DatasetDetector;
import org.siamage.data.read.DatasetSummary;

/** Dataset use cases shared by the command line and the desktop application. */
public final class DatasetService {
  private final DatasetDetector detector = new DatasetDetector();
  private final int threads;

  public DatasetService() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** @param threads worker threads for decoding and preprocessing, at least 1 */
  public DatasetService(int threads) {
    this.threads = Math.max(1, threads);
  }

  /** Detects the layout of {@code path} and reads it; bad rows and files become skipped items. */
  public Dataset open(Path path, ProgressListener progress, StopToken stop) {
    return detector.read(path, progress, stop);
  }

  public DatasetSummary summarize(Dataset dataset) {
    return DatasetSummary.of(dataset);
  }

  /** Decodes every image on all cores; the dataset folder is only read. */
  public ImageCheck checkImages(Dataset dataset, ProgressListener progress, StopToken stop) {
    List<FaceRecord> faces = dataset.faces();
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "siamage-image-check");
      thread.setDaemon(true);
      return thread;
    });
    AtomicLong done = new AtomicLong();
    try {
      List<Future<String>> outcomes = new ArrayList<>(faces.size());
      for (FaceRecord face : faces) {
        outcomes.add(pool.submit(() -> {
          if (stop.isStopRequested()) {
            return null;
          }
          DecodeResult result = new ImageDecoder().decode(face.image());
          progress.onProgress(done.incrementAndGet(), faces.size(), "decoding images");
          return result.isDecoded() ? "" : ImageDecoder.reasonWithoutPath(result.failureReason(), face.image());
        }));
      }
      List<SkippedItem> bad = new ArrayList<>();
      for (int i = 0; i < faces.size(); i++) {
        String reason = outcomes.get(i).get();
        stop.throwIfStopped();
        if (!reason.isEmpty()) {
          bad.add(new SkippedItem(faces.get(i).id(), reason));
        }
      }
      return new ImageCheck(faces.size(), faces.size() - bad.size(), bad);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Image check failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The crop the network sees for one image with {@code settings}: detection, eye alignment and
   * resizing exactly as in training. Runs OpenCV: call it off the FX thread.
   */
  public CropPreview previewCrop(Path image, PreprocessingConfig settings) {
    try (FacePreprocessor preprocessor = new FacePreprocessor(settings, false)) {
      FaceOutcome outcome = preprocessor.preprocess(image);
      if (!outcome.hasCrop()) {
        return new CropPreview(null, settings.inputSize(), "",
            ImageDecoder.reasonWithoutPath(outcome.failureReason(), image));
      }
      FaceCrop crop = outcome.crop();
      String how = crop.centreCropped() ? "centre crop"
          : crop.facesFound() + (crop.facesFound() == 1 ? " face found" : " faces found, largest used")
              + (crop.eyesAligned() ? String.format(java.util.Locale.ROOT, ", eyes levelled (%.1f°)",
                  crop.rotationDegrees()) : "");
      return new CropPreview(crop.rgb(), crop.size(),
          crop.size() + "×" + crop.size() + " px, " + settings.mode() + " (" + how + ")", "");
    }
  }

  /**
   * Preprocesses every face into network-ready crops, reusing the on-disk cache in {@code
   * cacheFolder} when the dataset and the settings are unchanged.
   */
  public PreprocessedFaces preprocess(
      Dataset dataset,
      PreprocessingConfig settings,
      Path cacheFolder,
      ProgressListener progress,
      StopToken stop) {
    return new DatasetPreprocessor(threads).preprocess(dataset, settings, cacheFolder, progress, stop);
  }
}
