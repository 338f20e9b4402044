package org.siamage.capture;

import java.nio.file.Files;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A video file or network stream read through FFmpeg. A file may be paced at its own frame rate
 * (as a camera would deliver it) and may loop; a stream is always live.
 */
final class FfmpegFrameSource implements FrameSource {
  /** Socket timeout for network streams: a dropped connection ends a read after this long. */
  static final int STREAM_TIMEOUT_MILLIS = 5000;
  /**
   * A file may end 5 % and this many frames before the count its header announces without counting
   * as cut short: containers estimate the count from duration × frame rate, which variable-rate
   * recordings (phones) do not meet exactly.
   */
  static final int CUT_SHORT_TOLERANCE_FRAMES = 3;

  static {
    // FFmpeg prints every stream header to stderr; keep errors only
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final SourceSpec spec;
  private final String address;
  private final boolean stream;
  private final boolean loop;
  private final boolean realTime;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private FFmpegFrameGrabber grabber;
  private long playbackStartNanos;
  private long loopOffsetMicros;
  private long lastTimestampMicros;
  private boolean delivered;
  /** Frames read since the start of the current pass through the file. */
  private long framesThisPass;
  /** Frames the file's header announces (0 when unknown, as for streams). */
  private long expectedFrames;

  FfmpegFrameSource(SourceSpec.VideoFile spec) {
    this.spec = spec;
    this.address = spec.file().toString();
    this.stream = false;
    this.loop = spec.loop();
    this.realTime = spec.realTime();
  }

  FfmpegFrameSource(SourceSpec.NetworkStream spec) {
    this.spec = spec;
    this.address = spec.url();
    this.stream = true;
    this.loop = false;
    this.realTime = false;
  }

  @Override
  public String label() {
    return spec.label();
  }

  @Override
  public void open() {
    if (spec instanceof SourceSpec.VideoFile file && !Files.isRegularFile(file.file())) {
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE, "Video file not found: " + file.file());
    }
    FFmpegFrameGrabber opened = new FFmpegFrameGrabber(address);
    opened.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    if (!spec.resolution().isNative()) {
      opened.setImageWidth(spec.resolution().width());
      opened.setImageHeight(spec.resolution().height());
    }
    if (stream) {
      String micros = Integer.toString(STREAM_TIMEOUT_MILLIS * 1000);
      opened.setOption("rw_timeout", micros);
      if (address.startsWith("rtsp")) {
        opened.setOption("stimeout", micros);
        opened.setOption("rtsp_transport", "tcp");
      }
    }
    try {
      opened.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(opened);
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE, (stream ? "Cannot open stream " : "Cannot read video ")
          + address + ": " + reason(e), e);
    }
    if (opened.getImageWidth() <= 0) {
      release(opened);
      throw new SourceFailure(SourceFailure.Kind.UNREADABLE, address + " has no video track");
    }
    grabber = opened;
    expectedFrames = stream ? 0 : Math.max(0, opened.getLengthInFrames());
    playbackStartNanos = System.nanoTime();
  }

  @Override
  public Mat grab() {
    FFmpegFrameGrabber current = grabber;
    if (current == null) {
      throw new IllegalStateException("source is not open");
    }
    try {
      Frame frame = current.grabImage();
      if (frame == null) {
        // FFmpeg reports a read error as the end of input, so the end is where a cut file or a
        // dropped connection shows
        checkEndedProperly();
      }
      if (frame == null && loop && delivered) {
        loopOffsetMicros += lastTimestampMicros + frameMicros(current);
        current.setTimestamp(0);
        framesThisPass = 0;
        frame = current.grabImage();
      }
      if (frame == null) {
        return null;
      }
      delivered = true;
      framesThisPass++;
      lastTimestampMicros = Math.max(0, current.getTimestamp());
      if (realTime) {
        waitUntil(loopOffsetMicros + lastTimestampMicros);
      }
      return converter.convert(frame);
    } catch (SourceFailure e) {
      throw e; // already says what happened
    } catch (FrameGrabber.Exception | RuntimeException e) {
      if (grabber == null) {
        return null; // closed from another thread while reading: a normal stop
      }
      throw new SourceFailure(SourceFailure.Kind.SOURCE_LOST,
          (stream ? "The stream " : "The video ") + label() + " stopped delivering frames: " + reason(e), e);
    }
  }

  /**
   * At the end of input: a stream has no end of its own, so the sender stopped or the connection
   * dropped; a file that ends well before the frame count its header announces was cut short.
   */
  private void checkEndedProperly() {
    if (grabber == null) {
      return; // closed from another thread: a normal stop
    }
    if (stream) {
      throw new SourceFailure(SourceFailure.Kind.SOURCE_LOST, "The stream " + label() + " stopped sending"
          + (delivered ? "" : " before its first frame") + ": the sender stopped or the connection dropped."
          + " Check the sender and press Start to connect again.");
    }
    if (expectedFrames > 0 && framesThisPass < 0.95 * expectedFrames - CUT_SHORT_TOLERANCE_FRAMES) {
      throw new SourceFailure(SourceFailure.Kind.SOURCE_LOST, "The video " + label() + " ended after "
          + framesThisPass + " of its " + expectedFrames + " frames: the file is cut short or damaged"
          + " (was it still being copied?).");
    }
  }

  @Override
  public boolean isLive() {
    return stream || realTime;
  }

  @Override
  public synchronized void close() {
    FFmpegFrameGrabber current = grabber;
    grabber = null;
    if (current != null) {
      release(current);
    }
  }

  private void waitUntil(long presentationMicros) {
    long dueNanos = playbackStartNanos + presentationMicros * 1000;
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long frameMicros(FFmpegFrameGrabber grabber) {
    double rate = grabber.getFrameRate();
    return rate > 0 ? Math.round(1_000_000 / rate) : 33_333;
  }

  private static void release(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException ignored) {
      // closing a broken grabber: nothing more to release, and the failure was already reported
    }
  }

  static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
  }
}
