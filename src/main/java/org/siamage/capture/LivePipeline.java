package org.siamage.capture;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.siamage.config.PreprocessingConfig;
import org.siamage.process.NativeHeap;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.model.Prediction;

/**
 * Live age and gender: grab → detect → track → align → embed (all due faces in one batch) → k-NN
 * age and gender → display buffer, on two threads of its own.
 *
 * <p>The grab thread opens the source and reads frames into a one-frame mailbox; a newer frame
 * replaces an unprocessed one (latest wins, counted as dropped), so no backlog can build up. For
 * a source that is not live (a benchmark file) the grab thread instead waits until the mailbox is
 * empty, so every frame is processed. The process thread takes the newest frame, runs the stages
 * and publishes pixels and {@link FrameAnalysis} to {@link #display()} and the listener.
 *
 * <p>The network runs on a third thread beside the frame loop, so a forward pass never delays a
 * frame: all faces due for an estimate in one frame are cropped and sent as one batch when the
 * network is idle, and the results reach their tracks a frame or two later. A tracked face is
 * re-estimated every {@code N} frames (fixed, or chosen automatically so that the network is busy
 * at most half the frame budget), and the network runs at most {@link
 * LiveSettings#maximumNetworkRunsPerSecond()} times a second however fast frames arrive; the
 * tracker carries boxes and smoothed labels in between. Frame buffers, the display
 * buffers and OpenCV working images are reused, so a long run allocates little.
 *
 * <p>Events: {@code STARTED} once the source is open; failures and ends as they happen; {@code
 * STOPPED} last, after the source has been closed.
 */
public final class LivePipeline implements AutoCloseable {

  /** How long {@link #stop()} waits for the threads before it gives up on a stuck source. */
  static final long STOP_WAIT_MILLIS = 7000;

  private static final int FRAME_SLOTS = 3;

  /**
   * How often a running pipeline hands freed native memory back to the system: decoding,
   * detection and the network free tens of megabytes a second, which glibc would otherwise keep
   * (the resident size then climbs for minutes; see ADR 0030).
   */
  static final java.time.Duration NATIVE_TRIM_INTERVAL = java.time.Duration.ofSeconds(20);

  private final FrameSource source;
  private final FaceModel model;
  private final LiveSettings settings;
  private final LiveListener listener;
  private final DisplayFrames display = new DisplayFrames();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<FrameSlot> freeSlots = new ArrayDeque<>();
  private FrameSlot pending;
  private boolean processing;
  private boolean sourceEnded;
  private SourceFailure sourceFailure;
  private RuntimeException grabError;
  private volatile boolean stopRequested;
  private long droppedFrames;

  private Thread grabThread;
  private Thread processThread;

  /** One grabbed frame: a reusable copy of the source's pixels and when it arrived. */
  private static final class FrameSlot {
    final Mat bgr = new Mat();
    long grabbedNanos;
    double grabMillis;
  }

  /**
   * @param source not yet opened; the pipeline opens and closes it
   * @param model the model for age and gender, or {@code null} to show face boxes only
   */
  public LivePipeline(FrameSource source, FaceModel model, LiveSettings settings, LiveListener listener) {
    this.source = Objects.requireNonNull(source, "source");
    this.model = model;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    for (int i = 0; i < FRAME_SLOTS; i++) {
      freeSlots.add(new FrameSlot());
    }
  }

  /** Where processed frames appear; the UI takes the latest at its own display rate. */
  public DisplayFrames display() {
    return display;
  }

  /** Starts the threads and returns at once; the source opens on the grab thread. */
  public synchronized void start() {
    if (grabThread != null) {
      throw new IllegalStateException("a pipeline runs once; make a new one to start again");
    }
    grabThread = new Thread(this::grabLoop, "siamage-live-grab");
    processThread = new Thread(this::processLoop, "siamage-live-process");
    grabThread.setDaemon(true);
    processThread.setDaemon(true);
    grabThread.start();
    processThread.start();
  }

  /**
   * Asks both threads to stop and waits (bounded) until the source is closed and {@code STOPPED}
   * has been sent. Safe to call from any thread, more than once, and before {@link #start()}.
   *
   * @return true when everything stopped in time; false when a source is stuck in a read (it is
   *     closed as soon as that read returns)
   */
  public boolean stop() {
    requestStop();
    Thread process;
    synchronized (this) {
      process = processThread;
    }
    if (process == null || process == Thread.currentThread()) {
      return true;
    }
    try {
      process.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !process.isAlive();
  }

  /** Asks the threads to stop without waiting. */
  public void requestStop() {
    stopRequested = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---------------------------------------------------------------- grab thread

  private void grabLoop() {
    try {
      source.open();
      listener.onEvent(new LiveEvent(LiveEvent.Kind.STARTED, "Showing " + source.label()));
      boolean live = source.isLive();
      while (!stopRequested) {
        FrameSlot slot = takeFreeSlot(live);
        if (slot == null) {
          break;
        }
        long start = System.nanoTime();
        Mat frame = source.grab();
        long end = System.nanoTime();
        if (frame == null || stopRequested) {
          releaseSlot(slot, false);
          if (frame == null && !stopRequested) {
            finishSource(null, null);
          }
          break;
        }
        frame.copyTo(slot.bgr);
        slot.grabbedNanos = end;
        slot.grabMillis = (end - start) / 1e6;
        post(slot);
      }
    } catch (SourceFailure failure) {
      finishSource(failure, null);
    } catch (RuntimeException error) {
      finishSource(null, error);
    } finally {
      source.close();
    }
  }

  /** A slot to fill; for a source that is not live, waits until the last frame was taken. */
  private FrameSlot takeFreeSlot(boolean live) {
    lock.lock();
    try {
      // a source that is not live is read on demand, when the processor is idle, so that its frames
      // never wait in the mailbox (latency is then the processing time alone)
      while (!stopRequested && (freeSlots.isEmpty() || (!live && (pending != null || processing)))) {
        changed.await(50, TimeUnit.MILLISECONDS);
      }
      return stopRequested ? null : freeSlots.poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void post(FrameSlot slot) {
    lock.lock();
    try {
      if (pending != null) {
        freeSlots.add(pending);
        droppedFrames++;
      }
      pending = slot;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Returns a slot to the pool; {@code processed} when the process thread is done with it. */
  private void releaseSlot(FrameSlot slot, boolean processed) {
    lock.lock();
    try {
      if (processed) {
        processing = false;
      }
      freeSlots.add(slot);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void finishSource(SourceFailure failure, RuntimeException error) {
    lock.lock();
    try {
      sourceEnded = true;
      sourceFailure = failure;
      grabError = error;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- process thread

  private void processLoop() {
    LiveEvent finalEvent = null;
    try (NativeHeap.Trimming trimming = NativeHeap.trimEvery(NATIVE_TRIM_INTERVAL, "live");
        Stages stages = new Stages()) {
      while (true) {
        FrameSlot slot;
        lock.lock();
        try {
          while (pending == null && !sourceEnded && !stopRequested) {
            changed.await(100, TimeUnit.MILLISECONDS);
          }
          if (stopRequested) {
            break;
          }
          if (pending == null) {
            finalEvent = endEvent();
            break;
          }
          slot = pending;
          pending = null;
          processing = true;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        try {
          stages.process(slot);
        } finally {
          releaseSlot(slot, true);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError error) {
      finalEvent = new LiveEvent(LiveEvent.Kind.FAILED, "The live view stopped: " + FfmpegFrameSource.reason(error));
    } finally {
      requestStop();
      if (finalEvent != null) {
        listener.onEvent(finalEvent);
      }
      try {
        grabThread.join(STOP_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      listener.onEvent(new LiveEvent(LiveEvent.Kind.STOPPED,
          grabThread.isAlive() ? source.label() + " is not answering; it will be released when it does"
              : "Stopped; " + source.label() + " released"));
    }
  }

  private LiveEvent endEvent() {
    if (sourceFailure != null) {
      return LiveEvent.of(sourceFailure);
    }
    if (grabError != null) {
      return new LiveEvent(LiveEvent.Kind.FAILED,
          "Reading " + source.label() + " failed: " + FfmpegFrameSource.reason(grabError));
    }
    return new LiveEvent(LiveEvent.Kind.STREAM_ENDED, source.label() + " has ended. Press Start to play it"
        + " again, or tick Loop.");
  }

  /** One batch of faces for the network: the crops of all due faces of one frame. */
  private static final class EstimateJob {
    int count;
    int[] trackIds = new int[0];
    float[] inputs;
    double alignMillis;
    // results, filled by the estimator thread
    double[] ages = new double[0];
    double[] uncertainties = new double[0];
    double[] females = new double[0];
    boolean[] unusual = new boolean[0];
    double embedMillis;
    double estimateMillis;
    RuntimeException failure;
  }

  /**
   * Runs the network beside the frame loop, one batch at a time, so that a forward pass never
   * delays a frame: the frame loop submits a batch only when the estimator is idle and applies the
   * results to the tracks (by id) in the first frame after they are ready.
   */
  private final class Estimator implements AutoCloseable {
    private final ReentrantLock estimatorLock = new ReentrantLock();
    private final Condition work = estimatorLock.newCondition();
    private final Thread thread = new Thread(this::run, "siamage-live-estimate");
    private EstimateJob submitted;
    private EstimateJob finished;
    private boolean busy;
    private boolean closed;

    Estimator() {
      thread.setDaemon(true);
      thread.start();
    }

    boolean idle() {
      estimatorLock.lock();
      try {
        return !busy && finished == null;
      } finally {
        estimatorLock.unlock();
      }
    }

    void submit(EstimateJob job) {
      estimatorLock.lock();
      try {
        submitted = job;
        busy = true;
        work.signalAll();
      } finally {
        estimatorLock.unlock();
      }
    }

    /** The finished batch, or null; the caller owns it until the next submit. */
    EstimateJob takeFinished() {
      estimatorLock.lock();
      try {
        EstimateJob done = finished;
        finished = null;
        return done;
      } finally {
        estimatorLock.unlock();
      }
    }

    private void run() {
      while (true) {
        EstimateJob job;
        estimatorLock.lock();
        try {
          while (submitted == null && !closed) {
            work.awaitUninterruptibly();
          }
          if (closed) {
            return;
          }
          job = submitted;
          submitted = null;
        } finally {
          estimatorLock.unlock();
        }
        try {
          long t0 = System.nanoTime();
          Prediction prediction = model.embedWithGender(job.inputs, job.count);
          long t1 = System.nanoTime();
          for (int i = 0; i < job.count; i++) {
            double female = prediction.femaleProbability() == null ? Double.NaN : prediction.femaleProbability()[i];
            double headAge = prediction.headAge() == null ? Double.NaN : prediction.headAge()[i];
            FacePrediction estimate = model.estimate("track " + job.trackIds[i], prediction.embeddings()[i], female,
                headAge);
            job.ages[i] = estimate.age();
            job.uncertainties[i] = estimate.uncertainty();
            job.females[i] = estimate.femaleProbability();
            job.unusual[i] = estimate.unusual();
          }
          job.embedMillis = (t1 - t0) / 1e6;
          job.estimateMillis = (System.nanoTime() - t1) / 1e6;
        } catch (RuntimeException e) {
          job.failure = e;
        }
        estimatorLock.lock();
        try {
          finished = job;
          busy = false;
        } finally {
          estimatorLock.unlock();
        }
      }
    }

    @Override
    public void close() {
      estimatorLock.lock();
      try {
        closed = true;
        work.signalAll();
      } finally {
        estimatorLock.unlock();
      }
      try {
        // a forward pass takes milliseconds; the model stays usable by others if we stop waiting
        thread.join(STOP_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The per-frame work and the state it keeps between frames (process thread only). */
  private final class Stages implements AutoCloseable {
    private final FaceDetector detector =
        new FaceDetector(settings.detector(), settings.detectionWidth(), settings.minimumFaceShare());
    private final FaceTracker tracker = new FaceTracker(settings.smoothingWindow(), settings.maximumMissedFrames());
    private final FacePreprocessor preprocessor = model == null ? null : model.newPreprocessor(false);
    // crop side over face-box side and offset as the model's training crops frame a detected face
    private final double framing = model == null ? 1 : model.config().preprocessing().detectedFaceFraming();
    private final double shiftX = model == null ? 0 : model.config().preprocessing().liveShiftX();
    private final double shiftY = model == null ? 0 : model.config().preprocessing().liveShiftY();
    private final Estimator estimator = model == null ? null : new Estimator();
    private final EstimateJob[] jobs = new EstimateJob[settings.maximumFaces() + 1];
    private final Mat gray = new Mat();
    private final Mat bgra = new Mat();
    private final long[] publishTimes = new long[64];
    private long frameNumber;
    private long lastFaceNanos = System.nanoTime();
    private boolean noFaceReported;
    private double perFaceMillis = Double.NaN;
    private int interval = Math.max(1, settings.estimateEveryFrames());
    private final long minimumSubmitGapNanos = 1_000_000_000L / settings.maximumNetworkRunsPerSecond();
    private long lastSubmitNanos = System.nanoTime() - minimumSubmitGapNanos;

    void process(FrameSlot slot) {
      frameNumber++;
      Mat bgr = slot.bgr;
      long t0 = System.nanoTime();
      opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
      List<FaceTracker.Box> boxes = detector.detect(gray);
      long t1 = System.nanoTime();
      List<FaceTracker.Track> tracks = tracker.update(boxes);
      EstimateJob done = estimator == null ? null : estimator.takeFinished();
      int estimatedFaces = done == null ? 0 : apply(done, tracks);
      long t2 = System.nanoTime();
      double alignMillis = 0;
      if (estimator != null && estimator.idle() && t2 - lastSubmitNanos >= minimumSubmitGapNanos) {
        List<FaceTracker.Track> due = dueTracks(tracks);
        if (!due.isEmpty()) {
          estimator.submit(cropBatch(bgr, due));
          lastSubmitNanos = t2;
          alignMillis = (System.nanoTime() - t2) / 1e6;
        }
      }
      long t3 = System.nanoTime();
      List<LiveFace> faces = new ArrayList<>(tracks.size());
      for (FaceTracker.Track track : tracks) {
        faces.add(track.snapshot());
      }
      DisplayFrame frame = display.back();
      toArgb(bgr, frame);
      long t4 = System.nanoTime();
      adaptInterval(faces.size());
      long publishNanos = System.nanoTime();
      StageTimings timings = new StageTimings(slot.grabMillis, (t1 - t0) / 1e6, (t2 - t1) / 1e6, alignMillis,
          done == null ? 0 : done.embedMillis, done == null ? 0 : done.estimateMillis, (t4 - t3) / 1e6,
          (publishNanos - slot.grabbedNanos) / 1e6);
      FrameAnalysis analysis = new FrameAnalysis(frameNumber, bgr.cols(), bgr.rows(), faces, estimatedFaces, timings,
          framesPerSecond(publishNanos), dropped(), interval);
      frame.setAnalysis(analysis);
      display.publish();
      listener.onFrame(analysis);
      reportFacePresence(!faces.isEmpty(), publishNanos);
    }

    /** Adds a finished batch's estimates to the tracks still alive; returns how many it had. */
    private int apply(EstimateJob done, List<FaceTracker.Track> tracks) {
      if (done.failure != null) {
        throw done.failure;
      }
      for (int i = 0; i < done.count; i++) {
        for (FaceTracker.Track track : tracks) {
          if (track.id() == done.trackIds[i]) {
            track.addEstimate(track.lastEstimateFrame(), done.ages[i], done.uncertainties[i], done.females[i],
                done.unusual[i]);
          }
        }
      }
      if (done.count > 0) {
        double perFace = done.embedMillis / done.count + done.estimateMillis / done.count;
        perFaceMillis = Double.isNaN(perFaceMillis) ? perFace : 0.8 * perFaceMillis + 0.2 * perFace;
      }
      return done.count;
    }

    /** Crops the due faces (as in training) into one network batch. */
    private EstimateJob cropBatch(Mat bgr, List<FaceTracker.Track> due) {
      int n = due.size();
      int side = model.inputSize();
      int plane = 3 * side * side;
      EstimateJob job = jobs[n];
      if (job == null) {
        job = jobs[n] = new EstimateJob();
        job.inputs = new float[n * plane];
        job.trackIds = new int[n];
        job.ages = new double[n];
        job.uncertainties = new double[n];
        job.females = new double[n];
        job.unusual = new boolean[n];
      }
      job.count = n;
      job.failure = null;
      try (PointerScope scope = new PointerScope()) {
        for (int i = 0; i < n; i++) {
          FaceTracker.Track track = due.get(i);
          FaceTracker.Box box = track.box();
          int faceSide = (int) Math.round(Math.max(box.width(), box.height()));
          FaceCrop crop = preprocessor.cropDetectedFace(bgr, gray, (int) Math.round(box.x()),
              (int) Math.round(box.y()), faceSide, framing, shiftX, shiftY);
          FacePreprocessor.writeNetworkInput(crop.rgb(), 0, side, job.inputs, i * plane);
          job.trackIds[i] = track.id();
          track.markEstimateRequested(frameNumber);
        }
      }
      return job;
    }

    /** Detected faces whose last estimate is at least the interval old, never-estimated first. */
    private List<FaceTracker.Track> dueTracks(List<FaceTracker.Track> tracks) {
      List<FaceTracker.Track> due = new ArrayList<>();
      for (FaceTracker.Track track : tracks) {
        long last = track.lastEstimateFrame();
        if (track.detectedNow() && (last == Long.MIN_VALUE || frameNumber - last >= interval)) {
          due.add(track);
        }
      }
      due.sort(Comparator.comparingLong(FaceTracker.Track::lastEstimateFrame));
      return due.size() > settings.maximumFaces() ? due.subList(0, settings.maximumFaces()) : due;
    }

    /**
     * In automatic mode, picks the interval so that the network, re-estimating every face in view
     * once per interval, is busy at most half of the frame budget (it shares the cores with
     * detection).
     */
    private void adaptInterval(int facesInView) {
      if (settings.estimateEveryFrames() > 0 || Double.isNaN(perFaceMillis)) {
        return;
      }
      double budget = 1000.0 / settings.targetFramesPerSecond();
      interval = (int) Math.max(1, Math.min(15, Math.ceil(facesInView * perFaceMillis / (budget * 0.5))));
    }

    private double framesPerSecond(long now) {
      publishTimes[(int) (frameNumber % publishTimes.length)] = now;
      long oldestNanos = now;
      int counted = 0;
      for (int back = 1; back < Math.min(frameNumber, publishTimes.length); back++) {
        long time = publishTimes[(int) ((frameNumber - back) % publishTimes.length)];
        if (now - time > 1_000_000_000L) {
          break;
        }
        oldestNanos = time;
        counted++;
      }
      return counted == 0 ? 0 : counted * 1e9 / (now - oldestNanos);
    }

    private void reportFacePresence(boolean facesInView, long now) {
      if (facesInView) {
        lastFaceNanos = now;
        if (noFaceReported) {
          noFaceReported = false;
          listener.onEvent(new LiveEvent(LiveEvent.Kind.FACE_IN_VIEW, "Face in view"));
        }
      } else if (!noFaceReported && (now - lastFaceNanos) / 1_000_000 >= settings.noFaceAfterMillis()) {
        noFaceReported = true;
        listener.onEvent(new LiveEvent(LiveEvent.Kind.NO_FACE,
            "No face in view: step in front of the camera, face it, and make sure your face is lit."));
      }
    }

    private void toArgb(Mat bgr, DisplayFrame frame) {
      opencv_imgproc.cvtColor(bgr, bgra, opencv_imgproc.COLOR_BGR2BGRA);
      int width = bgra.cols();
      int height = bgra.rows();
      int[] pixels = frame.prepare(width, height);
      // BGRA bytes read as little-endian ints are 0xAARRGGBB
      bgra.data().capacity((long) width * height * 4).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer().get(pixels, 0, width * height);
    }

    @Override
    public void close() {
      if (estimator != null) {
        estimator.close();
      }
      detector.close();
      if (preprocessor != null) {
        preprocessor.close();
      }
      gray.release();
      bgra.release();
    }
  }

  private long dropped() {
    lock.lock();
    try {
      return droppedFrames;
    } finally {
      lock.unlock();
    }
  }
}
