package org.siamage.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacv.VideoInputFrameGrabber;
import org.bytedeco.opencv.global.opencv_videoio;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/**
 * A camera by index: OpenCV's capture on Linux (V4L2) and macOS (AVFoundation), JavaCV's
 * videoInput grabber on Windows. OpenCV's capture is used directly rather than through JavaCV's
 * grabber because the grabber does not check whether the device opened: on a busy camera it keeps
 * trying to read for about 12 s, where the capture says so in a fraction of a second. Opening
 * (including the first frame) still runs on a helper thread with a timeout, for drivers that hang.
 */
final class CameraFrameSource implements FrameSource {
  private final SourceSpec.Camera spec;
  private final Duration openTimeout;
  private final boolean checkDeviceNode;
  /** Where device nodes {@code videoN} are looked for: {@code /dev}, or a test's folder. */
  private final Path deviceFolder;
  private volatile Capture capture;
  /** The frame read while opening, handed out by the first {@link #grab()}. */
  private volatile boolean firstFramePending;

  /**
   * @param checkDeviceNode on Linux, report "no camera" at once when {@code /dev/videoN} does not
   *     exist instead of asking OpenCV
   */
  CameraFrameSource(SourceSpec.Camera spec, Duration openTimeout, boolean checkDeviceNode) {
    this(spec, openTimeout, checkDeviceNode, DEVICE_FOLDER);
  }

  /** @param deviceFolder where {@code videoN} nodes are looked for (tests give a folder of their own) */
  CameraFrameSource(SourceSpec.Camera spec, Duration openTimeout, boolean checkDeviceNode, Path deviceFolder) {
    this.spec = spec;
    this.openTimeout = openTimeout;
    this.checkDeviceNode = checkDeviceNode;
    this.deviceFolder = deviceFolder;
  }

  @Override
  public String label() {
    return spec.label();
  }

  @Override
  public void open() {
    int index = spec.index();
    boolean linux = isLinux();
    boolean nodeExists = linux && Files.exists(deviceFolder.resolve("video" + index));
    if (checkDeviceNode && linux && !nodeExists) {
      throw noCamera();
    }
    Capture candidate = isWindows() ? new VideoInputCapture(index) : new OpenCvCapture(index, linux);
    ExecutorService opener = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "siamage-camera-open-" + index);
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<Boolean> started = opener.submit(() -> candidate.start(spec.resolution()));
      if (!started.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        candidate.close();
        throw nodeExists ? busy(null) : noCamera();
      }
    } catch (TimeoutException e) {
      // the helper thread may still be inside the driver; it releases the capture when it returns
      opener.submit(candidate::close);
      throw nodeExists ? notAnswering() : noCamera();
    } catch (ExecutionException e) {
      candidate.close();
      throw nodeExists ? busy(e.getCause()) : noCamera();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      candidate.close();
      throw new SourceFailure(SourceFailure.Kind.NO_CAMERA, "Opening " + label() + " was interrupted");
    } finally {
      opener.shutdown();
    }
    firstFramePending = true;
    capture = candidate;
  }

  @Override
  public Mat grab() {
    Capture current = capture;
    if (current == null) {
      return null;
    }
    if (firstFramePending) {
      firstFramePending = false;
      return current.frame();
    }
    Mat frame;
    try {
      frame = current.read();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      if (capture == null) {
        return null;
      }
      throw lost(FfmpegFrameSource.reason(e), e);
    }
    if (frame == null) {
      if (capture == null) {
        return null;
      }
      throw lost("the driver returned no frame", null);
    }
    return frame;
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public void close() {
    Capture current = capture;
    capture = null;
    if (current != null) {
      current.close();
    }
  }

  private SourceFailure noCamera() {
    return new SourceFailure(SourceFailure.Kind.NO_CAMERA, "No camera found at index " + spec.index()
        + ". Connect a camera, or choose a video file, an image folder or a stream instead.");
  }

  private SourceFailure busy(Throwable cause) {
    return new SourceFailure(SourceFailure.Kind.CAMERA_BUSY, "Camera " + spec.index()
        + " is there but could not be opened: another program may be using it. Close that program"
        + " and press Start again." + (cause == null ? "" : " (" + FfmpegFrameSource.reason(cause) + ")"),
        cause);
  }

  private SourceFailure notAnswering() {
    return new SourceFailure(SourceFailure.Kind.CAMERA_BUSY, "Camera " + spec.index()
        + " is there but gave no picture within " + openTimeout.toSeconds() + " s: its driver may be stuck."
        + " Unplug it and plug it in again (or restart the program holding it), then press Start.");
  }

  private SourceFailure lost(String reason, Throwable cause) {
    return new SourceFailure(SourceFailure.Kind.SOURCE_LOST, "Camera " + spec.index()
        + " stopped delivering frames (" + reason + "): was it unplugged? Reconnect it and press Start.",
        cause);
  }

  private static final Path DEVICE_FOLDER = Path.of("/dev");

  static Path devicePath(int index) {
    return DEVICE_FOLDER.resolve("video" + index);
  }

  static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }

  /** One way of reading a camera; every frame is a BGR Mat the capture reuses. */
  private interface Capture {
    /** Opens the device at {@code resolution} and reads a first frame; false when either fails. */
    boolean start(Resolution resolution) throws FrameGrabber.Exception;

    /** The frame {@link #start} or the last {@link #read} read. */
    Mat frame();

    /** The next frame, or null when the driver gave none. */
    Mat read() throws FrameGrabber.Exception;

    /** Releases the device; quiet, and safe to call twice. */
    void close();
  }

  /** OpenCV's own capture: V4L2 on Linux, the platform default elsewhere. */
  private static final class OpenCvCapture implements Capture {
    private final int index;
    private final boolean linux;
    private final Mat frame = new Mat();
    private VideoCapture device;

    OpenCvCapture(int index, boolean linux) {
      this.index = index;
      this.linux = linux;
    }

    @Override
    public synchronized boolean start(Resolution resolution) {
      device = new VideoCapture();
      if (!device.open(index, linux ? opencv_videoio.CAP_V4L2 : opencv_videoio.CAP_ANY)) {
        return false;
      }
      if (!resolution.isNative()) {
        device.set(opencv_videoio.CAP_PROP_FRAME_WIDTH, resolution.width());
        device.set(opencv_videoio.CAP_PROP_FRAME_HEIGHT, resolution.height());
      }
      return device.read(frame) && !frame.empty();
    }

    @Override
    public Mat frame() {
      return frame;
    }

    @Override
    public synchronized Mat read() {
      return device != null && device.read(frame) && !frame.empty() ? frame : null;
    }

    @Override
    public synchronized void close() {
      if (device != null) {
        device.release();
        device.close();
        device = null;
      }
    }
  }

  /** JavaCV's videoInput grabber, the camera API OpenCV's capture lacks on Windows. */
  private static final class VideoInputCapture implements Capture {
    private final FrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private Mat frame;

    VideoInputCapture(int index) {
      grabber = new VideoInputFrameGrabber(index);
    }

    @Override
    public boolean start(Resolution resolution) throws FrameGrabber.Exception {
      if (!resolution.isNative()) {
        grabber.setImageWidth(resolution.width());
        grabber.setImageHeight(resolution.height());
      }
      grabber.start();
      return read() != null;
    }

    @Override
    public Mat frame() {
      return frame;
    }

    @Override
    public Mat read() throws FrameGrabber.Exception {
      Frame grabbed = grabber.grab();
      frame = grabbed == null || grabbed.image == null ? null : converter.convert(grabbed);
      return frame;
    }

    @Override
    public void close() {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException ignored) {
        // a camera that failed to open has nothing left to release
      }
    }
  }
}
