package org.siamage.data.preprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.CancelledException;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.SkippedItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and preprocesses every face of a dataset on all cores, with an on-disk cache.
 *
 * <p>Work runs on a fixed pool of {@code threads} workers (default: all processors); each worker
 * owns its {@link FacePreprocessor} (OpenCV cascades are not thread-safe) and pulls the next face
 * index, and results are placed by index, so the output order is the dataset order whatever the
 * scheduling. Progress is reported per face; the {@link StopToken} is checked before each face and
 * a stop throws {@link CancelledException} (a partial set would be misleading).
 *
 * <p><b>Cache key.</b> SHA-256 over the cache format and algorithm versions, the preprocessing
 * settings, and for every face in order its id, age, gender and the SHA-256 of its file's bytes (or
 * "missing"). Content is hashed rather than trusting size and modification time, so a file replaced
 * in place (same size, restored mtime) is still noticed. The cost is reading every image once per
 * run, in parallel; on the 10,786-image AAF set (52 MiB) that is well under a second, so a cache
 * hit remains many times faster than preprocessing. Labels are part of the key because they define
 * the dataset; a relabelled dataset gets a fresh entry.
 *
 * <p>The cache is never written inside the dataset folder, and a cache folder that cannot be
 * written only adds a warning ("cache disabled: …") to the result.
 */
public final class DatasetPreprocessor {
  /**
   * Version of the preprocessing algorithm: bump whenever code changes alter the crops, so that
   * stale cache files are not reused.
   */
  public static final int ALGORITHM_VERSION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(DatasetPreprocessor.class);

  private final int threads;

  /** Uses one worker per available processor. */
  public DatasetPreprocessor() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public DatasetPreprocessor(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
  }

  /**
   * Preprocesses every face of {@code dataset}, or loads the result from the cache.
   *
   * @param cacheFolder folder for cache files, or null for no cache
   * @return crops of size {@code config.inputSize()} in dataset order (skipped faces left out and
   *     listed with reasons); {@link PreprocessedFaces#loadedFromCache()} tells a cache hit
   * @throws CancelledException when {@code stop} was requested
   * @throws UserFacingException for a missing mode, an unknown detector, or a set too large for memory
   */
  public PreprocessedFaces preprocess(
      Dataset dataset,
      PreprocessingConfig config,
      Path cacheFolder,
      ProgressListener listener,
      StopToken stop) {
    checkMode(config);
    List<FaceRecord> faces = dataset.faces();
    long pixelBytes = (long) faces.size() * PreprocessedFaces.bytesPerFace(config.inputSize());
    if (pixelBytes > Integer.MAX_VALUE - 16) {
      throw new UserFacingException(
          String.format(
              Locale.ROOT,
              "preprocessing.inputSize: %d faces at %d px need %.1f GiB, more than one in-memory"
                  + " block holds (2 GiB); lower the input size or use fewer faces",
              faces.size(),
              config.inputSize(),
              pixelBytes / (double) (1L << 30)));
    }
    List<String> warnings = new ArrayList<>();
    PreprocessingCache cache = null;
    String key = "";
    if (cacheFolder != null) {
      Optional<String> refusal = refuseCacheInsideDataset(cacheFolder, dataset.root());
      if (refusal.isPresent()) {
        warnings.add(refusal.get());
      } else {
        cache = new PreprocessingCache(cacheFolder);
        key = cacheKey(dataset, config, new FileHashMemo(cacheFolder), listener, stop);
        Optional<PreprocessedFaces> cached = cache.load(key);
        if (cached.isPresent()
            && cached.get().ids().size() + cached.get().skipped().size() == faces.size()) {
          listener.onProgress(faces.size(), faces.size(), "loaded preprocessed faces from cache");
          LOG.info("Preprocessed faces of {} loaded from {}", dataset.name(), cache.fileFor(key));
          return cached.get();
        }
      }
    }
    PreprocessedFaces computed = compute(faces, config, key, listener, stop);
    if (cache != null) {
      cache.store(key, computed).ifPresent(warnings::add);
    }
    return computed.withCacheStatus(false, warnings);
  }

  /**
   * The cache key of {@code dataset} under {@code config} (see the class comment), hashing the
   * image files in parallel. Progress is reported as "hashing images".
   */
  public String cacheKey(
      Dataset dataset, PreprocessingConfig config, ProgressListener listener, StopToken stop) {
    return cacheKey(dataset, config, new FileHashMemo(null), listener, stop);
  }

  private String cacheKey(
      Dataset dataset,
      PreprocessingConfig config,
      FileHashMemo memo,
      ProgressListener listener,
      StopToken stop) {
    List<FaceRecord> faces = dataset.faces();
    String[] fileHashes = new String[faces.size()];
    AtomicLong done = new AtomicLong();
    runParallel(
        faces.size(),
        () -> null,
        (ignored, i) -> {
          fileHashes[i] = fileHash(memo, faces.get(i).image());
          listener.onProgress(done.incrementAndGet(), faces.size(), "hashing images");
        },
        stop);
    memo.saveIfChanged();
    MessageDigest digest = Hashing.newSha256();
    StringBuilder header = new StringBuilder();
    header
        .append("siamage-preprocessed-faces format ")
        .append(PreprocessingCache.FORMAT_VERSION)
        .append(" algorithm ")
        .append(ALGORITHM_VERSION)
        .append('\n')
        .append("mode=")
        .append(config.mode().wireName())
        .append(" inputSize=")
        .append(config.inputSize())
        .append(" cropMargin=")
        .append(config.cropMargin())
        .append(" alignEyes=")
        .append(config.alignEyes())
        .append(" detector=")
        .append(config.detector())
        // a measured live framing changes detect-mode crops (left out otherwise: older keys stay valid)
        .append(config.hasLiveFraming() && config.mode() == PreprocessingConfig.Mode.DETECT
            ? " framing=" + config.liveFraming() + "," + config.liveShiftX() + "," + config.liveShiftY() : "")
        // likewise a centre crop of pre-aligned images (left out when the whole square is seen)
        .append(config.mode() == PreprocessingConfig.Mode.PRE_ALIGNED && config.centreCrop() != 1
            ? " centreCrop=" + config.centreCrop() : "")
        .append(" faces=")
        .append(faces.size())
        .append('\n');
    digest.update(header.toString().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < faces.size(); i++) {
      FaceRecord face = faces.get(i);
      String line =
          face.id() + '\t' + face.age() + '\t' + face.gender().code() + '\t' + fileHashes[i] + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return Hashing.hex(digest.digest());
  }

  private PreprocessedFaces compute(
      List<FaceRecord> faces,
      PreprocessingConfig config,
      String key,
      ProgressListener listener,
      StopToken stop) {
    int count = faces.size();
    int faceBytes = PreprocessedFaces.bytesPerFace(config.inputSize());
    byte[] block = new byte[count * faceBytes];
    // Per index: null reason = crop stored in the block at slot i.
    String[] failureReasons = new String[count];
    boolean[] noFaceFound = new boolean[count];
    int[] found = new int[count];
    boolean[] aligned = new boolean[count];
    float[] rotation = new float[count];
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    runParallel(
        count,
        () -> new FacePreprocessor(config, false),
        (preprocessor, i) -> {
          FaceRecord face = faces.get(i);
          FaceOutcome outcome;
          try {
            outcome = preprocessor.preprocess(face.image());
          } catch (RuntimeException e) {
            LOG.warn("Preprocessing {} failed", face.image(), e);
            outcome = FaceOutcome.failed(face.image() + ": preprocessing failed (" + e + ")");
          }
          if (outcome.hasCrop()) {
            FaceCrop crop = outcome.crop();
            System.arraycopy(crop.rgb(), 0, block, i * faceBytes, faceBytes);
            found[i] = crop.facesFound();
            aligned[i] = crop.eyesAligned();
            rotation[i] = (float) crop.rotationDegrees();
          } else {
            failureReasons[i] = outcome.failureReason();
            noFaceFound[i] = outcome.noFaceFound();
          }
          listener.onProgress(done.incrementAndGet(), count, "preprocessing faces");
        },
        stop);

    // Compact: kept crops move down over the slots of skipped ones, preserving order. The pool has
    // finished (Future.get), so the workers' writes are visible here.
    List<String> ids = new ArrayList<>(count);
    List<SkippedItem> skipped = new ArrayList<>();
    int noFace = 0;
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (failureReasons[i] != null) {
        skipped.add(new SkippedItem(
            faces.get(i).id(), ImageDecoder.reasonWithoutPath(failureReasons[i], faces.get(i).image())));
        noFace += noFaceFound[i] ? 1 : 0;
        continue;
      }
      if (kept != i) {
        System.arraycopy(block, i * faceBytes, block, kept * faceBytes, faceBytes);
        found[kept] = found[i];
        aligned[kept] = aligned[i];
        rotation[kept] = rotation[i];
      }
      ids.add(faces.get(i).id());
      kept++;
    }
    byte[] pixels = kept == count ? block : Arrays.copyOf(block, kept * faceBytes);
    LOG.info(
        "Preprocessed {} faces ({} skipped, {} without a face) in {} s on {} threads",
        kept,
        skipped.size(),
        noFace,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
        threads);
    return new PreprocessedFaces(
        ids,
        config.inputSize(),
        pixels,
        Arrays.copyOf(found, kept),
        Arrays.copyOf(aligned, kept),
        Arrays.copyOf(rotation, kept),
        skipped,
        noFace,
        key,
        false,
        List.of());
  }

  /** Per-worker state, created on the worker thread and closed there when it finishes. */
  @FunctionalInterface
  private interface WorkerStateFactory<S> {
    S create();
  }

  @FunctionalInterface
  private interface IndexTask<S> {
    void run(S state, int index);
  }

  /**
   * Runs {@code task} for indices 0..count-1 on {@link #threads} workers pulling the next index;
   * throws {@link CancelledException} when {@code stop} was requested.
   */
  private <S> void runParallel(
      int count, WorkerStateFactory<S> stateFactory, IndexTask<S> task, StopToken stop) {
    stop.throwIfStopped();
    if (count == 0) {
      return;
    }
    int workers = Math.min(threads, count);
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, namedDaemonThreads());
    try {
      List<Future<?>> futures = new ArrayList<>(workers);
      for (int w = 0; w < workers; w++) {
        futures.add(
            pool.submit(
                () -> {
                  S state = stateFactory.create();
                  try {
                    int i;
                    while (!stop.isStopRequested() && (i = next.getAndIncrement()) < count) {
                      task.run(state, i);
                    }
                  } finally {
                    if (state instanceof AutoCloseable) {
                      ((AutoCloseable) state).close();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.requestStop();
      throw new CancelledException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("preprocessing worker failed", cause);
    } finally {
      pool.shutdownNow();
    }
    stop.throwIfStopped();
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "siamage-preprocess-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String fileHash(FileHashMemo memo, Path file) {
    try {
      return memo.hash(file);
    } catch (NoSuchFileException e) {
      return "missing";
    } catch (IOException e) {
      // unreadable now; the decoder will report why, and the key changes once it is readable
      return "unreadable:" + e.getClass().getSimpleName();
    }
  }

  private static void checkMode(PreprocessingConfig config) {
    if (config.mode() == null) {
      throw new UserFacingException("preprocessing.mode: missing (use detect or pre-aligned)");
    }
    if (config.inputSize() < 1) {
      throw new UserFacingException(
          "preprocessing.inputSize: must be positive, was " + config.inputSize());
    }
  }

  private static Optional<String> refuseCacheInsideDataset(Path cacheFolder, Path datasetRoot) {
    if (datasetRoot == null) {
      return Optional.empty();
    }
    Path cache = cacheFolder.toAbsolutePath().normalize();
    Path root = datasetRoot.toAbsolutePath().normalize();
    if (cache.startsWith(root)) {
      String warning =
          "cache disabled: cannot write "
              + cache
              + " (it is inside the dataset folder "
              + root
              + ", which is never written)";
      LOG.warn(warning);
      return Optional.of(warning);
    }
    return Optional.empty();
  }
}
