package org.siamage.data.preprocess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.UserFacingException;

/**
 * Turns an image into the network's face crop.
 *
 * <p>{@code detect} mode: a Haar (or LBP) cascade finds faces on an equalised grayscale copy scaled
 * to at most {@value #DETECTION_MAX_SIDE} px and padded by {@value #DETECTION_PADDING} of its side
 * on each edge (so faces that fill a tight crop still fit the detector's window); the largest face
 * wins. With {@code alignEyes}, an eye cascade searches the upper part of that face; when two
 * plausible eyes are found (one per half, at most {@value #MAX_EYE_ANGLE_DEGREES}° apart, similar
 * sizes) the crop is rotated about the face centre so they are level. The crop is a square of side
 * {@code faceSide × framing} around the face centre (shifted by the measured offset), where the
 * framing is {@code 1 + 2 × cropMargin} for models trained on detected faces and the measured
 * framing of the training crops for pre-aligned ones ({@link CropFraming}), replicating edge pixels where it
 * leaves the image, resized to {@code inputSize} (area averaging when shrinking). No face → a "no
 * face found" outcome, or the centre square when {@code centreCropWhenNoFace} is set.
 *
 * <p>{@code pre-aligned} mode: the centre square of the image, resized.
 *
 * <p>Not thread-safe (OpenCV's {@code CascadeClassifier} is not): use one instance per thread and
 * {@link #close()} it. OpenCV memory is released per call through a {@link PointerScope}.
 */
public final class FacePreprocessor implements AutoCloseable {
  /** Longest side of the grayscale copy the face detector sees, in pixels. */
  public static final int DETECTION_MAX_SIDE = 640;

  /** Border added around the detection image on each side, as a share of its long side. */
  public static final double DETECTION_PADDING = 0.2;

  /** Largest eye-line tilt that is corrected, in degrees; steeper pairs are taken as false hits. */
  public static final double MAX_EYE_ANGLE_DEGREES = 25;

  /** The eye cascade used when {@code alignEyes} is on. */
  public static final String EYE_CASCADE = "haarcascade_eye.xml";

  private static final int EYE_SEARCH_FACE_WIDTH = 150;
  private static final Map<String, Path> EXTRACTED_CASCADES = new ConcurrentHashMap<>();

  private final PreprocessingConfig config;
  private final boolean detect;
  private final boolean centreCropWhenNoFace;
  private final ImageDecoder decoder;
  private final CascadeClassifier faceCascade;
  private final CascadeClassifier eyeCascade;

  /**
   * @param config mode, input size, margin, eye alignment and face cascade
   * @param centreCropWhenNoFace in {@code detect} mode, return the centre square (flagged) instead
   *     of a "no face found" outcome (useful for a live camera)
   * @throws UserFacingException when the mode is missing or the cascade file is unknown
   */
  public FacePreprocessor(PreprocessingConfig config, boolean centreCropWhenNoFace) {
    this(config, centreCropWhenNoFace, new ImageDecoder());
  }

  FacePreprocessor(PreprocessingConfig config, boolean centreCropWhenNoFace, ImageDecoder decoder) {
    this.config = Objects.requireNonNull(config, "config");
    this.decoder = decoder;
    this.centreCropWhenNoFace = centreCropWhenNoFace;
    if (config.mode() == null) {
      throw new UserFacingException("preprocessing.mode: missing (use detect or pre-aligned)");
    }
    detect = config.mode() == PreprocessingConfig.Mode.DETECT;
    if (config.inputSize() < 1) {
      throw new UserFacingException(
          "preprocessing.inputSize: must be positive, was " + config.inputSize());
    }
    faceCascade = detect ? loadCascade(config.detector(), "preprocessing.detector") : null;
    eyeCascade = detect && config.alignEyes() ? loadCascade(EYE_CASCADE, "eye cascade") : null;
  }

  public PreprocessingConfig config() {
    return config;
  }

  /** Decodes and preprocesses one image file; never throws on bad image data. */
  public FaceOutcome preprocess(Path image) {
    try (PointerScope scope = new PointerScope()) {
      ImageDecoder.BgrDecode decoded = decoder.decodeBgr(image);
      if (!decoded.isDecoded()) {
        return FaceOutcome.failed(decoded.failureReason());
      }
      return preprocessBgr(decoded.bgr(), image.toString());
    }
  }

  /**
   * Decodes and preprocesses an encoded image held in memory (PNG or JPEG bytes of a webcam
   * snapshot); never throws on bad image data.
   *
   * @param name used in the failure reason
   */
  public FaceOutcome preprocessEncoded(byte[] encoded, String name) {
    try (PointerScope scope = new PointerScope()) {
      ImageDecoder.BgrDecode decoded = decoder.decodeBgr(encoded, name);
      if (!decoded.isDecoded()) {
        return FaceOutcome.failed(decoded.failureReason());
      }
      return preprocessBgr(decoded.bgr(), name);
    }
  }

  /**
   * Preprocesses a BGR {@code CV_8UC3} Mat (not modified). Call within a {@link PointerScope} or
   * accept that temporaries are freed by the garbage collector.
   */
  public FaceOutcome preprocessBgr(Mat bgr, String name) {
    int size = config.inputSize();
    if (!detect) {
      return FaceOutcome.of(cropOf(FaceAligner.centreSquare(bgr, config.centreCrop(), size), 1, false, 0, true));
    }
    Mat gray = new Mat();
    opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
    RectVector faces = detectFaces(gray);
    int faceCount = (int) faces.size();
    if (faceCount == 0) {
      if (centreCropWhenNoFace) {
        return FaceOutcome.of(cropOf(FaceAligner.centreSquare(bgr, size), 0, false, 0, true));
      }
      return FaceOutcome.noFace(name + ": no face found");
    }
    Rect face = largest(faces);
    double angle = config.alignEyes() ? eyeLineAngle(gray, face) : Double.NaN;
    boolean aligned = !Double.isNaN(angle);
    int side = (int) Math.round(face.width() * config.detectedFaceFraming());
    Mat crop =
        FaceAligner.alignedSquare(
            bgr,
            face.x() + face.width() * (0.5 + config.liveShiftX()),
            face.y() + face.height() / 2.0 + face.width() * config.liveShiftY(),
            Math.max(side, 1),
            aligned ? angle : 0,
            size);
    return FaceOutcome.of(cropOf(crop, faceCount, aligned, aligned ? angle : 0, false));
  }

  /**
   * How a pre-aligned image frames the face the detector finds in it, for {@link
   * CropFraming}: {@code {framing, shiftX, shiftY}} such that the image's centre square is the
   * square of side {@code framing × box side} centred {@code (shiftX, shiftY) × box side} from the
   * box centre; empty when the image cannot be decoded or shows no face. Needs {@code detect} mode.
   */
  public java.util.Optional<double[]> framingOf(Path image) {
    if (!detect) {
      throw new IllegalStateException("measuring the framing needs a preprocessor in detect mode");
    }
    try (PointerScope scope = new PointerScope()) {
      ImageDecoder.BgrDecode decoded = decoder.decodeBgr(image);
      if (!decoded.isDecoded()) {
        return java.util.Optional.empty();
      }
      Mat bgr = decoded.bgr();
      Mat gray = new Mat();
      opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
      RectVector faces = detectFaces(gray);
      if (faces.size() == 0) {
        return java.util.Optional.empty();
      }
      Rect face = largest(faces);
      double box = face.width();
      double square = Math.min(bgr.cols(), bgr.rows());
      return java.util.Optional.of(new double[] {
          square / box,
          (bgr.cols() / 2.0 - (face.x() + box / 2.0)) / box,
          (bgr.rows() / 2.0 - (face.y() + face.height() / 2.0)) / box});
    }
  }

  /**
   * Crops a face already found in a frame (the live pipeline detects on its own, faster): the
   * same square crop as {@link #preprocessBgr}, levelled on the eyes when this preprocessor aligns
   * eyes ({@code detect} mode with {@code alignEyes}).
   *
   * @param bgr the frame, BGR {@code CV_8UC3} (not modified)
   * @param gray the same frame in grayscale (used for the eye search)
   * @param x left edge of the face box in frame pixels
   * @param y top edge of the face box in frame pixels
   * @param side width (= height) of the face box in pixels, ≥ 1
   * @param framing crop side as a multiple of {@code side}, e.g. {@code 1 + 2 × cropMargin} or the
   *     model's {@link PreprocessingConfig#detectedFaceFraming()}
   * @param shiftX offset of the crop centre from the box centre, in box sides (positive: right)
   * @param shiftY likewise, positive downwards
   * @return an {@code inputSize}² RGB crop with {@code facesFound} 1
   */
  public FaceCrop cropDetectedFace(Mat bgr, Mat gray, int x, int y, int side, double framing, double shiftX,
      double shiftY) {
    Rect face = new Rect(x, y, Math.max(1, side), Math.max(1, side));
    double angle = eyeCascade != null ? eyeLineAngle(gray, face) : Double.NaN;
    boolean aligned = !Double.isNaN(angle);
    int cropSide = (int) Math.round(face.width() * framing);
    Mat crop =
        FaceAligner.alignedSquare(
            bgr,
            face.x() + face.width() * (0.5 + shiftX),
            face.y() + face.height() / 2.0 + face.width() * shiftY,
            Math.max(cropSide, 1),
            aligned ? angle : 0,
            config.inputSize());
    return cropOf(crop, 1, aligned, aligned ? angle : 0, false);
  }

  /**
   * Converts a crop to the network's input: CHW floats {@code x / 127.5 − 1} in [-1, 1].
   *
   * @param rgb HWC R, G, B bytes of a {@code size × size} crop
   * @return shape [3, size, size]: all R values row by row, then all G, then all B
   */
  public static float[] toNetworkInput(byte[] rgb, int size) {
    float[] chw = new float[3 * size * size];
    writeNetworkInput(rgb, 0, size, chw, 0);
    return chw;
  }

  /**
   * {@link #toNetworkInput} into {@code target} at {@code targetOffset}, from {@code rgbOffset}.
   */
  public static void writeNetworkInput(
      byte[] rgb, int rgbOffset, int size, float[] target, int targetOffset) {
    int plane = size * size;
    if (rgb.length - rgbOffset < plane * 3) {
      throw new IllegalArgumentException(
          "rgb holds "
              + (rgb.length - rgbOffset)
              + " bytes, a "
              + size
              + " px crop needs "
              + plane * 3);
    }
    for (int pixel = 0; pixel < plane; pixel++) {
      int source = rgbOffset + pixel * 3;
      target[targetOffset + pixel] = (rgb[source] & 0xFF) / 127.5f - 1f;
      target[targetOffset + plane + pixel] = (rgb[source + 1] & 0xFF) / 127.5f - 1f;
      target[targetOffset + 2 * plane + pixel] = (rgb[source + 2] & 0xFF) / 127.5f - 1f;
    }
  }

  @Override
  public void close() {
    if (faceCascade != null) {
      faceCascade.deallocate();
    }
    if (eyeCascade != null) {
      eyeCascade.deallocate();
    }
  }

  /** Faces in {@code gray}'s coordinates, found on a scaled, equalised, padded copy. */
  private RectVector detectFaces(Mat gray) {
    int longSide = Math.max(gray.cols(), gray.rows());
    double scale = longSide > DETECTION_MAX_SIDE ? (double) DETECTION_MAX_SIDE / longSide : 1.0;
    Mat small = gray;
    if (scale < 1.0) {
      small = new Mat();
      opencv_imgproc.resize(
          gray,
          small,
          new Size(
              Math.max(1, (int) Math.round(gray.cols() * scale)),
              Math.max(1, (int) Math.round(gray.rows() * scale))),
          0,
          0,
          opencv_imgproc.INTER_AREA);
    }
    Mat equalised = new Mat();
    opencv_imgproc.equalizeHist(small, equalised);
    int pad = (int) Math.round(Math.max(small.cols(), small.rows()) * DETECTION_PADDING);
    Mat padded = new Mat();
    opencv_core.copyMakeBorder(
        equalised, padded, pad, pad, pad, pad, opencv_core.BORDER_CONSTANT, new Scalar(128.0));
    int minFace = Math.max(24, Math.min(small.cols(), small.rows()) / 6);
    RectVector found = new RectVector();
    faceCascade.detectMultiScale(padded, found, 1.1, 3, 0, new Size(minFace, minFace), new Size());
    RectVector mapped = new RectVector();
    for (long i = 0; i < found.size(); i++) {
      Rect box = found.get(i);
      mapped.push_back(
          new Rect(
              (int) Math.round((box.x() - pad) / scale),
              (int) Math.round((box.y() - pad) / scale),
              (int) Math.round(box.width() / scale),
              (int) Math.round(box.height() / scale)));
    }
    return mapped;
  }

  private static Rect largest(RectVector faces) {
    Rect best = faces.get(0);
    for (long i = 1; i < faces.size(); i++) {
      Rect candidate = faces.get(i);
      if ((long) candidate.width() * candidate.height() > (long) best.width() * best.height()) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * The tilt of the eye line in degrees (positive when the right-hand eye on screen is lower), or
   * NaN when no plausible pair of eyes is found.
   */
  private double eyeLineAngle(Mat gray, Rect face) {
    // Search the upper 60 % of the face box (eyes sit at about 35-45 % of a Haar face box) at a
    // fixed scale, so that the eye size limits below mean the same for every face.
    Rect inside = intersection(face, gray.cols(), gray.rows());
    int searchHeight = (int) Math.round(inside.height() * 0.6);
    if (inside.width() < 8 || searchHeight < 8) {
      return Double.NaN;
    }
    Mat upper = new Mat(gray, new Rect(inside.x(), inside.y(), inside.width(), searchHeight));
    double scale = (double) EYE_SEARCH_FACE_WIDTH / inside.width();
    Mat resized = new Mat();
    opencv_imgproc.resize(
        upper,
        resized,
        new Size(EYE_SEARCH_FACE_WIDTH, Math.max(1, (int) Math.round(searchHeight * scale))),
        0,
        0,
        scale < 1 ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
    Mat equalised = new Mat();
    opencv_imgproc.equalizeHist(resized, equalised);
    RectVector eyes = new RectVector();
    int minEye = (int) (EYE_SEARCH_FACE_WIDTH * 0.10);
    int maxEye = (int) (EYE_SEARCH_FACE_WIDTH * 0.40);
    eyeCascade.detectMultiScale(
        equalised, eyes, 1.1, 3, 0, new Size(minEye, minEye), new Size(maxEye, maxEye));
    return bestEyePairAngle(eyes, EYE_SEARCH_FACE_WIDTH);
  }

  /**
   * Picks the most plausible (left, right) eye pair: one centre in each half of the face, a
   * horizontal gap of 20-75 % of the face width, a tilt under {@link #MAX_EYE_ANGLE_DEGREES} and
   * sizes within a factor 1.7; among those the pair most symmetric about the face centre.
   */
  static double bestEyePairAngle(RectVector eyes, int faceWidth) {
    double bestScore = Double.MAX_VALUE;
    double bestAngle = Double.NaN;
    for (long i = 0; i < eyes.size(); i++) {
      for (long j = 0; j < eyes.size(); j++) {
        Rect left = eyes.get(i);
        Rect right = eyes.get(j);
        double leftX = left.x() + left.width() / 2.0;
        double rightX = right.x() + right.width() / 2.0;
        if (i == j || leftX >= faceWidth / 2.0 || rightX <= faceWidth / 2.0) {
          continue;
        }
        double dx = rightX - leftX;
        double dy = (right.y() + right.height() / 2.0) - (left.y() + left.height() / 2.0);
        double angle = Math.toDegrees(Math.atan2(dy, dx));
        double sizeRatio =
            (double) Math.max(left.width(), right.width()) / Math.min(left.width(), right.width());
        if (dx < 0.2 * faceWidth
            || dx > 0.75 * faceWidth
            || Math.abs(angle) > MAX_EYE_ANGLE_DEGREES
            || sizeRatio > 1.7) {
          continue;
        }
        double asymmetry = Math.abs((leftX + rightX) / 2 - faceWidth / 2.0) / faceWidth;
        double score = asymmetry + 0.1 * (sizeRatio - 1);
        if (score < bestScore) {
          bestScore = score;
          bestAngle = angle;
        }
      }
    }
    return bestAngle;
  }

  private static Rect intersection(Rect box, int width, int height) {
    int x = Math.max(0, box.x());
    int y = Math.max(0, box.y());
    int right = Math.min(width, box.x() + box.width());
    int bottom = Math.min(height, box.y() + box.height());
    return new Rect(x, y, Math.max(0, right - x), Math.max(0, bottom - y));
  }

  private static FaceCrop cropOf(
      Mat bgrCrop, int facesFound, boolean aligned, double angle, boolean centreCropped) {
    Mat rgb = new Mat();
    opencv_imgproc.cvtColor(bgrCrop, rgb, opencv_imgproc.COLOR_BGR2RGB);
    return new FaceCrop(
        MatBytes.toBytes(rgb), rgb.cols(), facesFound, aligned, angle, centreCropped);
  }

  private static CascadeClassifier loadCascade(String name, String field) {
    Path file = cascadeFile(name, field);
    CascadeClassifier classifier = new CascadeClassifier();
    // Keep it alive beyond any PointerScope the caller may have open; close() frees it.
    classifier.retainReference();
    if (!classifier.load(file.toString())) {
      classifier.deallocate();
      throw new UserFacingException(field + ": OpenCV could not load cascade " + file);
    }
    return classifier;
  }

  /**
   * The cascade file: a path to an existing file, or a name shipped in the OpenCV jar's {@code
   * haarcascades/} or {@code lbpcascades/} folder (extracted once by JavaCPP's resource cache).
   */
  public static Path cascadeFile(String name, String field) {
    if (name == null || name.isBlank()) {
      throw new UserFacingException(field + ": no cascade file name given");
    }
    Path asPath = Path.of(name);
    if (asPath.isAbsolute() && Files.isRegularFile(asPath)) {
      return asPath;
    }
    return EXTRACTED_CASCADES.computeIfAbsent(name, key -> extractCascade(key, field));
  }

  private static Path extractCascade(String name, String field) {
    Loader.load(opencv_core.class);
    String base = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/";
    for (String folder : new String[] {"haarcascades/", "lbpcascades/"}) {
      String resource = base + folder + name;
      if (FacePreprocessor.class.getResource(resource) != null) {
        try {
          File file = Loader.cacheResource(resource);
          return file.toPath();
        } catch (IOException e) {
          throw new UserFacingException(
              field + ": cannot extract cascade '" + name + "' (" + e.getMessage() + ")", e);
        }
      }
    }
    throw new UserFacingException(
        field
            + ": cascade '"
            + name
            + "' is neither a file nor shipped with OpenCV (try "
            + "haarcascade_frontalface_alt2.xml or lbpcascade_frontalface_improved.xml)");
  }
}
