package org.siamage.capture;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.siamage.core.AtomicFiles;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.sample.SampleFace;
import org.siamage.data.sample.SampleFaceGenerator;
import org.siamage.data.sample.SampleFaceSpec;

/**
 * Writes a camera stand-in video of procedural sample faces (MPEG-4 in .mp4, which the LGPL
 * FFmpeg build can encode): scenes of {@value #SCENE_SECONDS} s with 1–3 faces each, drifting
 * slowly as people in front of a camera do. Faces are drawn from the sample-face generator's
 * default set (same seed, drawn larger) and only faces the live detector finds are used, so every
 * frame sends 1–3 faces through the whole pipeline.
 */
public final class SampleVideo {
  static final int SCENE_SECONDS = 2;

  /**
   * What was written.
   *
   * @param facesPerFrame faces drawn in each frame, 1..3
   */
  public record Written(Path file, int width, int height, int framesPerSecond, int[] facesPerFrame) {
    public int frames() {
      return facesPerFrame.length;
    }
  }

  static {
    // FFmpeg prints every stream header to stderr; keep errors only
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private SampleVideo() {}

  /**
   * @param file the .mp4 to write (written to a temporary file and moved into place)
   * @param width frame width in pixels, ≥ 320
   * @param height frame height in pixels, ≥ 240
   * @param framesPerSecond nominal frame rate
   * @param seconds length in seconds, ≥ 1
   * @param seed picks faces, counts and motion
   */
  public static Written write(Path file, int width, int height, int framesPerSecond, int seconds, long seed,
      StopToken stop) throws IOException {
    if (width < 320 || height < 240 || framesPerSecond < 1 || seconds < 1) {
      throw new IllegalArgumentException("video must be at least 320×240, 1 frame/s and 1 s long");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int faceSide = Math.min(width, height) * 5 / 16;
    List<BufferedImage> faces = detectableFaces(random, faceSide, width, height, 24);
    int frames = framesPerSecond * seconds;
    int[] counts = new int[frames];
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".video-", ".mp4");
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    Mat frameMat = new Mat(height, width, opencv_core.CV_8UC3);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(temporary.toFile(), width, height, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(framesPerSecond);
      recorder.setVideoQuality(4); // fixed quantiser: small files, faces stay sharp
      recorder.start();
      Scene scene = null;
      for (int f = 0; f < frames; f++) {
        stop.throwIfStopped();
        if (f % (SCENE_SECONDS * framesPerSecond) == 0) {
          scene = Scene.random(random, faces, faceSide, width, height);
        }
        counts[f] = scene.faces.size();
        scene.draw(canvas, f % (SCENE_SECONDS * framesPerSecond));
        frameMat.data().put(pixels);
        recorder.record(converter.convert(frameMat), avutil.AV_PIX_FMT_BGR24);
      }
      recorder.stop();
      AtomicFiles.moveIntoPlace(temporary, file);
    } catch (FrameRecorder.Exception e) {
      throw new UserFacingException("Cannot write video " + file + ": " + e.getMessage(), e);
    } finally {
      frameMat.release();
      Files.deleteIfExists(temporary);
    }
    return new Written(file, width, height, framesPerSecond, counts);
  }

  /** Sample faces drawn at {@code side} px that the default live detector finds on their own. */
  static List<BufferedImage> detectableFaces(SplittableRandom random, int side, int width, int height, int wanted) {
    SampleFaceGenerator generator = new SampleFaceGenerator();
    SampleFaceSpec spec = SampleFaceSpec.defaults().withImageSize(side);
    List<BufferedImage> kept = new ArrayList<>();
    LiveSettings settings = LiveSettings.defaults();
    try (FaceDetector detector = new FaceDetector(settings.detector(), settings.detectionWidth(),
        settings.minimumFaceShare())) {
      BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
      Mat bgr = new Mat(height, width, opencv_core.CV_8UC3);
      Mat gray = new Mat();
      for (int tries = 0; tries < 400 && kept.size() < wanted; tries++) {
        SampleFace face = generator.drawFace(spec, random.nextInt(spec.count()));
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.drawImage(face.image(), (width - side) / 2, (height - side) / 2, null);
        g.dispose();
        bgr.data().put(pixels);
        opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
        if (detector.detect(gray).size() == 1) {
          kept.add(face.image());
        }
      }
      bgr.release();
      gray.release();
    }
    if (kept.isEmpty()) {
      throw new IllegalStateException("the detector found none of the sample faces");
    }
    return kept;
  }

  /** A few faces on a background, each drifting along its own small straight path. */
  private record Scene(Color top, Color bottom, List<BufferedImage> faces, double[] x, double[] y, double[] dx,
      double[] dy) {
    static Scene random(SplittableRandom random, List<BufferedImage> pool, int side, int width, int height) {
      int count = 1 + random.nextInt(3);
      List<BufferedImage> chosen = new ArrayList<>();
      double[] x = new double[count];
      double[] y = new double[count];
      double[] dx = new double[count];
      double[] dy = new double[count];
      int column = width / count;
      for (int i = 0; i < count; i++) {
        chosen.add(pool.get(random.nextInt(pool.size())));
        x[i] = i * column + Math.max(0, (column - side) / 2.0) + random.nextInt(-10, 11);
        y[i] = (height - side) / 2.0 + random.nextInt(-height / 8, height / 8 + 1);
        dx[i] = random.nextDouble(-0.4, 0.4);
        dy[i] = random.nextDouble(-0.3, 0.3);
      }
      Color top = new Color(60 + random.nextInt(120), 60 + random.nextInt(120), 60 + random.nextInt(120));
      Color bottom = top.darker();
      return new Scene(top, bottom, chosen, x, y, dx, dy);
    }

    void draw(BufferedImage canvas, int step) {
      Graphics2D g = canvas.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setPaint(new GradientPaint(0, 0, top, 0, canvas.getHeight(), bottom));
      g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
      for (int i = 0; i < faces.size(); i++) {
        g.drawImage(faces.get(i), (int) Math.round(x[i] + dx[i] * step), (int) Math.round(y[i] + dy[i] * step), null);
      }
      g.dispose();
    }
  }
}
