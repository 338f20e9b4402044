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
import org.bytedeco.javacv.OpenCVFrameGrabber;
import org.bytedeco.javacv.VideoInputFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A camera by index: OpenCV's capture (V4L2 on Linux, AVFoundation on macOS) or videoInput on
 * Windows. Opening runs on a helper thread with a timeout, because OpenCV waits about 10 s before
 * it gives up on a missing device.
 */
final class CameraFrameSource implements FrameSource {
  private final SourceSpec.Camera spec;
  private final Duration openTimeout;
  private final boolean checkDeviceNode;
  /** Where device nodes {@code videoN} are looked for: {@code /dev}, or a test's folder. */
  private final Path deviceFolder;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private volatile FrameGrabber grabber;

  /**
   * @param checkDeviceNode on Linux, report "no camera" at once when {@code /dev/videoN} does not
   *     exist instead of asking OpenCV (tests switch it off to exercise the timeout)
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
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    boolean nodeExists = linux && Files.exists(deviceFolder.resolve("video" + index));
    if (checkDeviceNode && linux && !nodeExists) {
      throw noCamera();
    }
    FrameGrabber candidate = newGrabber(index);
    if (!spec.resolution().isNative()) {
      candidate.setImageWidth(spec.resolution().width());
      candidate.setImageHeight(spec.resolution().height());
    }
    ExecutorService opener = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "siamage-camera-open-" + index);
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<?> started = opener.submit(() -> {
        candidate.start();
        return null;
      });
      started.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // the helper thread may still be inside OpenCV; it releases the grabber when it returns
      opener.submit(() -> releaseQuietly(candidate));
      throw nodeExists ? busy(null) : noCamera();
    } catch (ExecutionException e) {
      releaseQuietly(candidate);
      throw nodeExists ? busy(e.getCause()) : noCamera();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      releaseQuietly(candidate);
      throw new SourceFailure(SourceFailure.Kind.NO_CAMERA, "Opening " + label() + " was interrupted");
    } finally {
      opener.shutdown();
    }
    grabber = candidate;
  }

  @Override
  public Mat grab() {
    FrameGrabber current = grabber;
    if (current == null) {
      return null;
    }
    Frame frame;
    try {
      frame = current.grab();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      if (grabber == null) {
        return null;
      }
      throw lost(grabFailureReason(e), e);
    }
    if (frame == null || frame.image == null) {
      if (grabber == null) {
        return null;
      }
      throw lost("no frame came", null);
    }
    return converter.convert(frame);
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public void close() {
    FrameGrabber current = grabber;
    grabber = null;
    if (current != null) {
      releaseQuietly(current);
    }
  }

  /**
   * Why a grab failed, in a user's words. JavaCV's OpenCV grabber says "grab() Error: Could not grab
   * frame. (Has start() been called?)" whenever the driver hands back no frame, as it does once a USB
   * camera is pulled out; its hint is for programmers and would mislead a user.
   */
  static String grabFailureReason(Throwable e) {
    String reason = FfmpegFrameSource.reason(e);
    return reason.startsWith("grab() Error") ? "the driver returned no frame" : reason;
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

  private SourceFailure lost(String reason, Throwable cause) {
    return new SourceFailure(SourceFailure.Kind.SOURCE_LOST, "Camera " + spec.index()
        + " stopped delivering frames (" + reason + "): was it unplugged? Reconnect it and press Start.",
        cause);
  }

  private static final Path DEVICE_FOLDER = Path.of("/dev");

  static Path devicePath(int index) {
    return DEVICE_FOLDER.resolve("video" + index);
  }

  private static FrameGrabber newGrabber(int index) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    return windows ? new VideoInputFrameGrabber(index) : new OpenCVFrameGrabber(index);
  }

  private static void releaseQuietly(FrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // a camera that failed to open has nothing left to release
    }
  }
}
