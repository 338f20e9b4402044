package org.siamage.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.WeakHashMap;
import javax.imageio.ImageIO;
import org.siamage.config.PreprocessingConfig;
import org.siamage.core.AtomicFiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.data.preprocess.FaceOutcome;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.preprocess.ImageDecoder;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.infer.Neighbour;
import org.siamage.infer.PairComparison;
import org.siamage.infer.explain.DistanceHistograms;
import org.siamage.infer.explain.OcclusionMap;
import org.siamage.infer.explain.OcclusionSensitivity;
import org.siamage.infer.explain.OcclusionSettings;
import org.siamage.infer.explain.PairOcclusion;

/**
 * The Pair inspector's use cases, shared by {@code siamage compare --explain} and the Pairs
 * perspective: preprocess two faces as in training, compare them, place the distance among
 * positive and negative pair distances, map what drives it (occlusion), compare one face with many,
 * and export all of it.
 */
public final class PairInspectionService {
  /** Bins of the distance histograms over [0, 2]. */
  public static final int HISTOGRAM_BINS = 40;

  /** Pairs sampled from the reference gallery for the histograms. */
  public static final int HISTOGRAM_PAIRS = 100_000;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DatasetService datasets;
  private final ModelService models;
  private final Map<FaceModel, DistanceHistograms> histogramCache = new WeakHashMap<>();

  public PairInspectionService(DatasetService datasets, ModelService models) {
    this.datasets = datasets;
    this.models = models;
  }

  /**
   * One face as the model sees it.
   *
   * @param label what the user calls it (file name, "Webcam snapshot …")
   * @param file the image file, or null for an in-memory image
   * @param crop the network's input crop
   * @param cropDescription how the crop was made, e.g. "64×64 px, detect (1 face found)"
   * @param warning no face or several faces found, or empty
   * @param prediction the model's estimate for the crop
   */
  public record InspectedFace(String label, Path file, FaceCrop crop, String cropDescription, String warning,
      FacePrediction prediction) {}

  /**
   * Detects, aligns and estimates one face: an image file ({@code encoded == null}) or encoded PNG
   * or JPEG bytes. When no face is found, the image's centre is used and a warning says so.
   *
   * @throws UserFacingException naming the image when it cannot be decoded
   */
  public InspectedFace inspect(FaceModel model, String label, Path file, byte[] encoded) {
    FaceOutcome outcome = preprocess(model, label, file, encoded, false);
    String warning = "";
    if (!outcome.hasCrop() && outcome.noFaceFound()) {
      outcome = preprocess(model, label, file, encoded, true);
      warning = "No face found: the centre of the image is used.";
    }
    if (!outcome.hasCrop()) {
      throw new UserFacingException(outcome.failureReason());
    }
    FaceCrop crop = outcome.crop();
    if (crop.facesFound() > 1) {
      warning = crop.facesFound() + " faces found: the largest is used.";
    }
    FacePrediction prediction = model.predict(label, crop);
    return new InspectedFace(label, file, crop, describe(model, crop), warning, prediction);
  }

  private static FaceOutcome preprocess(FaceModel model, String label, Path file, byte[] encoded,
      boolean centreCropWhenNoFace) {
    try (FacePreprocessor preprocessor = model.newPreprocessor(centreCropWhenNoFace)) {
      return encoded == null ? preprocessor.preprocess(Objects.requireNonNull(file, "file"))
          : preprocessor.preprocessEncoded(encoded, label);
    }
  }

  private static String describe(FaceModel model, FaceCrop crop) {
    String how = crop.centreCropped() ? "centre crop"
        : crop.facesFound() + (crop.facesFound() == 1 ? " face found" : " faces found, largest used")
            + (crop.eyesAligned() ? String.format(Locale.ROOT, ", eyes levelled (%.1f°)", crop.rotationDegrees())
                : "");
    return crop.size() + "×" + crop.size() + " px, " + model.config().preprocessing().mode() + " (" + how + ")";
  }

  /** The learned distance of two inspected faces and the model's verdict at its own threshold. */
  public PairComparison compare(FaceModel model, InspectedFace first, InspectedFace second) {
    return model.compare(first.prediction(), second.prediction());
  }

  /**
   * Positive and negative pair distances of the model's reference gallery (the training faces
   * whose embeddings the bundle stores; the bundle keeps no validation set). Computed once per
   * model.
   */
  public DistanceHistograms histograms(FaceModel model) {
    synchronized (histogramCache) {
      return histogramCache.computeIfAbsent(model, loaded -> DistanceHistograms.ofGallery(loaded.gallery(),
          loaded.config().training().ageThreshold(), HISTOGRAM_BINS, HISTOGRAM_PAIRS, 17L,
          "reference gallery of the model (" + loaded.referenceCount() + " faces)"));
    }
  }

  /** Occlusion maps of both faces (see {@link OcclusionSensitivity}). */
  public PairOcclusion occlusion(FaceModel model, InspectedFace first, InspectedFace second, OcclusionSettings settings,
      ProgressListener progress, StopToken stop) {
    return OcclusionSensitivity.compute(model, first.crop().toNetworkInput(), second.crop().toNetworkInput(),
        settings, progress, stop);
  }

  /** A face to compare with: an image file and, from a dataset, its labelled age. */
  public record Candidate(String label, Path file, OptionalInt knownAge) {}

  /**
   * The faces of {@code folderOrDataset}: a dataset's faces with their ages when it is one the
   * readers recognise, otherwise the image files of the folder.
   */
  public List<Candidate> candidates(Path folderOrDataset, ProgressListener progress, StopToken stop) {
    Dataset dataset;
    try {
      dataset = datasets.open(folderOrDataset, progress, stop);
    } catch (UserFacingException notADataset) {
      dataset = null;
    }
    List<Candidate> candidates = new ArrayList<>();
    if (dataset != null && dataset.size() > 0) {
      for (FaceRecord face : dataset.faces()) {
        candidates.add(new Candidate(face.id(), face.image(), OptionalInt.of(face.age())));
      }
      return candidates;
    }
    for (Path image : models.images(folderOrDataset)) {
      candidates.add(new Candidate(image.getFileName().toString(), image, OptionalInt.empty()));
    }
    if (candidates.isEmpty()) {
      throw new UserFacingException("No images in " + folderOrDataset);
    }
    return candidates;
  }

  /**
   * One candidate compared with the query face.
   *
   * @param distance learned distance to the query, NaN when the image gave no face
   * @param estimatedAge the model's age estimate in years, NaN without a face
   * @param problem why there is no distance, or empty
   * @param note a warning about the crop (no face found, several faces), or empty
   */
  public record Match(Candidate candidate, double distance, double estimatedAge, double uncertainty,
      String problem, String note) {}

  /**
   * Compares the query with every candidate (preprocessed as in training, embedded in batches),
   * nearest first; images without a face are centre-cropped with a note (as {@link #inspect} does),
   * unreadable ones come last with the reason.
   */
  public List<Match> oneAgainstMany(FaceModel model, InspectedFace query, List<Candidate> candidates,
      ProgressListener progress, StopToken stop) {
    List<Match> matches = new ArrayList<>(candidates.size());
    List<Candidate> usable = new ArrayList<>();
    List<FaceCrop> crops = new ArrayList<>();
    boolean detecting = model.config().preprocessing().mode() != PreprocessingConfig.Mode.PRE_ALIGNED;
    try (FacePreprocessor preprocessor = model.newPreprocessor(true)) {
      for (int i = 0; i < candidates.size(); i++) {
        stop.throwIfStopped();
        Candidate candidate = candidates.get(i);
        FaceOutcome outcome = preprocessor.preprocess(candidate.file());
        if (outcome.hasCrop()) {
          usable.add(candidate);
          crops.add(outcome.crop());
        } else {
          matches.add(new Match(candidate, Double.NaN, Double.NaN, Double.NaN,
              ImageDecoder.reasonWithoutPath(outcome.failureReason(), candidate.file()), ""));
        }
        progress.onProgress(i + 1, 2L * candidates.size(), "preprocessing");
      }
    }
    List<FacePrediction> predictions = model.predictCrops(usable.stream().map(Candidate::label).toList(), crops,
        (done, total, message) -> progress.onProgress(candidates.size() + done, 2L * candidates.size(),
            "comparing"), stop);
    List<Match> compared = new ArrayList<>(usable.size());
    for (int i = 0; i < usable.size(); i++) {
      FacePrediction prediction = predictions.get(i);
      PairComparison comparison = model.compare(query.prediction(), prediction);
      FaceCrop crop = crops.get(i);
      String note = detecting && crop.facesFound() == 0 ? "no face found: centre crop"
          : crop.facesFound() > 1 ? crop.facesFound() + " faces found: largest used" : "";
      compared.add(new Match(usable.get(i), comparison.distance(), prediction.age(), prediction.uncertainty(), "",
          note));
    }
    compared.sort(Comparator.comparingDouble(Match::distance));
    compared.addAll(matches);
    return compared;
  }

  /**
   * Image files of a dataset by face id, so that reference ids of a model trained on it can be
   * shown as thumbnails.
   */
  public Map<String, Path> faceFiles(Path dataset, ProgressListener progress, StopToken stop) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (FaceRecord face : datasets.open(dataset, progress, stop).faces()) {
      files.put(face.id(), face.image());
    }
    return files;
  }

  /**
   * Everything the inspector shows, for export.
   *
   * @param threshold the distance threshold the verdict was taken at (the user's slider)
   * @param occlusion maps, or null when not computed
   * @param matches one-against-many results, or null when not computed
   */
  public record PairReport(String model, InspectedFace first, InspectedFace second, PairComparison comparison,
      double threshold, DistanceHistograms histograms, PairOcclusion occlusion, List<Match> matches) {}

  /** The report as JSON (all numbers; crops and maps as arrays, no image data). */
  public static String json(PairReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", report.model());
    root.put("first", face(report.first()));
    root.put("second", face(report.second()));
    PairComparison comparison = report.comparison();
    Map<String, Object> distance = new LinkedHashMap<>();
    distance.put("distance", comparison.distance());
    distance.put("threshold", report.threshold());
    distance.put("modelThreshold", comparison.threshold());
    distance.put("ageThresholdYears", comparison.ageThreshold());
    distance.put("sameAgeClass", comparison.distance() <= report.threshold());
    root.put("comparison", distance);
    DistanceHistograms histograms = report.histograms();
    if (histograms != null) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("source", histograms.source());
      h.put("binWidth", histograms.binWidth());
      h.put("positive", histograms.positive());
      h.put("negative", histograms.negative());
      h.put("positiveShareAtOrBelowDistance", finite(histograms.positiveShareBelow(comparison.distance())));
      h.put("negativeShareAtOrBelowDistance", finite(histograms.negativeShareBelow(comparison.distance())));
      root.put("histograms", h);
    }
    PairOcclusion occlusion = report.occlusion();
    if (occlusion != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("patch", occlusion.settings().patch());
      o.put("stride", occlusion.settings().stride());
      o.put("seconds", occlusion.seconds());
      o.put("forwardPasses", occlusion.forwardPasses());
      o.put("meaning", "change in distance when a grey patch hides the region (positive: the region makes the"
          + " faces look alike)");
      o.put("firstPositionChanges", occlusion.first().positionChanges());
      o.put("secondPositionChanges", occlusion.second().positionChanges());
      root.put("occlusion", o);
    }
    if (report.matches() != null) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Match match : report.matches()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", match.candidate().label());
        row.put("file", match.candidate().file().toString());
        row.put("knownAge", match.candidate().knownAge().isPresent() ? match.candidate().knownAge().getAsInt() : null);
        row.put("distance", finite(match.distance()));
        row.put("estimatedAge", finite(match.estimatedAge()));
        row.put("uncertainty", finite(match.uncertainty()));
        row.put("problem", match.problem());
        row.put("note", match.note());
        rows.add(row);
      }
      root.put("oneAgainstMany", rows);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@link #json} atomically. */
  public static void writeJson(PairReport report, Path file) throws IOException {
    AtomicFiles.writeString(file, json(report));
  }

  private static Map<String, Object> face(InspectedFace face) {
    Map<String, Object> row = new LinkedHashMap<>();
    FacePrediction p = face.prediction();
    row.put("label", face.label());
    row.put("file", face.file() == null ? null : face.file().toString());
    row.put("crop", face.cropDescription());
    row.put("warning", face.warning());
    row.put("age", p.age());
    row.put("uncertainty", p.uncertainty());
    row.put("femaleProbability", p.femaleProbability());
    row.put("genderSource", p.genderSource());
    List<Map<String, Object>> neighbours = new ArrayList<>();
    for (Neighbour n : p.neighbours()) {
      Map<String, Object> neighbour = new LinkedHashMap<>();
      neighbour.put("id", n.id());
      neighbour.put("age", n.age());
      neighbour.put("gender", n.gender().code());
      neighbour.put("distance", n.distance());
      neighbour.put("weight", n.weight());
      neighbours.add(neighbour);
    }
    row.put("nearestReferences", neighbours);
    return row;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** The crop as PNG, each pixel drawn as a {@code scale × scale} block. */
  public static byte[] cropPng(FaceCrop crop, int scale) {
    return png(overlay(crop, null, 0, scale));
  }

  /**
   * The crop with its occlusion map drawn over it: red where the region drives the distance up
   * (hiding it brings the faces closer), blue where it holds them together; opacity grows with the
   * size of the change, relative to {@code scaleEnd} (the largest change of the pair, so both maps
   * share one scale).
   */
  public static byte[] overlayPng(FaceCrop crop, OcclusionMap map, double scaleEnd, int scale) {
    return png(overlay(crop, map, scaleEnd, scale));
  }

  /**
   * Colour of one heat value as ARGB, for the legend and the overlay.
   *
   * @param relative change in D divided by the scale's end, −1..1 (clamped)
   */
  public static int heatArgb(double relative) {
    double v = Math.max(-1, Math.min(1, relative));
    int alpha = (int) Math.round(Math.pow(Math.abs(v), 0.7) * 170);
    int rgb = v < 0 ? 0xE0301E : 0x1E64E0;
    return alpha << 24 | rgb;
  }

  static BufferedImage overlay(FaceCrop crop, OcclusionMap map, double scaleEnd, int scale) {
    int size = crop.size();
    BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
    byte[] rgb = crop.rgb();
    for (int row = 0; row < size; row++) {
      for (int column = 0; column < size; column++) {
        int index = (row * size + column) * 3;
        int r = rgb[index] & 0xFF;
        int g = rgb[index + 1] & 0xFF;
        int b = rgb[index + 2] & 0xFF;
        if (map != null && scaleEnd > 0) {
          int heat = heatArgb(map.heat()[row][column] / scaleEnd);
          double alpha = (heat >>> 24) / 255.0;
          r = (int) Math.round(r * (1 - alpha) + ((heat >> 16) & 0xFF) * alpha);
          g = (int) Math.round(g * (1 - alpha) + ((heat >> 8) & 0xFF) * alpha);
          b = (int) Math.round(b * (1 - alpha) + (heat & 0xFF) * alpha);
        }
        int pixel = r << 16 | g << 8 | b;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            image.setRGB(column * scale + dx, row * scale + dy, pixel);
          }
        }
      }
    }
    return image;
  }

  /** What the occlusion colours mean, in the Pair inspector's words. */
  static final List<String> OCCLUSION_LEGEND = List.of(
      "Red: a region that makes the faces differ (D falls when it is hidden).",
      "Blue: a region that makes them alike (D rises when it is hidden).");
  /** The colour bar's caption: what its numbers are. */
  static final String OCCLUSION_SCALE_CAPTION = "change in D when the region is hidden";
  /** Narrowest occlusion figure: the colour bar and its legend need the room beside a small crop. */
  static final int OCCLUSION_FIGURE_MIN_WIDTH = 360;
  private static final int FIGURE_MARGIN = 12;
  private static final int BAR_HEIGHT = 14;
  private static final java.awt.Font FIGURE_FONT = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN,
      12);

  /**
   * The crop with its occlusion map and, below it, the colour bar (red end: D falls by {@code
   * scaleEnd} when the region is hidden; blue end: D rises by as much) with the legend, so the
   * picture reads on its own. The Pair inspector shows {@link #overlayPng} beside its own legend.
   */
  public static byte[] occlusionFigurePng(FaceCrop crop, OcclusionMap map, double scaleEnd, int scale) {
    return png(occlusionFigure(crop, map, scaleEnd, scale));
  }

  static BufferedImage occlusionFigure(FaceCrop crop, OcclusionMap map, double scaleEnd, int scale) {
    BufferedImage face = overlay(crop, map, scaleEnd, scale);
    int width = Math.max(face.getWidth() + 2 * FIGURE_MARGIN, OCCLUSION_FIGURE_MIN_WIDTH);
    int textWidth = width - 2 * FIGURE_MARGIN;
    java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
        .getFontMetrics(FIGURE_FONT);
    List<String> legend = new ArrayList<>();
    for (String sentence : OCCLUSION_LEGEND) {
      legend.addAll(wrap(sentence, metrics, textWidth));
    }
    int line = metrics.getHeight();
    int barTop = FIGURE_MARGIN + face.getHeight() + FIGURE_MARGIN;
    int ticksBaseline = barTop + BAR_HEIGHT + 4 + metrics.getAscent();
    int captionBaseline = ticksBaseline + line;
    int legendBaseline = captionBaseline + line + 6;
    int height = legendBaseline + (legend.size() - 1) * line + metrics.getDescent() + FIGURE_MARGIN;

    BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = figure.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.drawImage(face, (width - face.getWidth()) / 2, FIGURE_MARGIN, null);
    // the bar: the overlay's colours over white, −scaleEnd (red) to +scaleEnd (blue)
    for (int x = 0; x < textWidth; x++) {
      g.setColor(new java.awt.Color(blendOverWhite(heatArgb(2.0 * (x + 0.5) / textWidth - 1))));
      g.fillRect(FIGURE_MARGIN + x, barTop, 1, BAR_HEIGHT);
    }
    g.setColor(java.awt.Color.GRAY);
    g.drawRect(FIGURE_MARGIN, barTop, textWidth - 1, BAR_HEIGHT - 1);
    g.setFont(FIGURE_FONT);
    g.setColor(java.awt.Color.DARK_GRAY);
    String low = String.format(Locale.ROOT, "−%.4f", scaleEnd);
    String high = String.format(Locale.ROOT, "+%.4f", scaleEnd);
    g.drawString(low, FIGURE_MARGIN, ticksBaseline);
    g.drawString("0", FIGURE_MARGIN + (textWidth - metrics.stringWidth("0")) / 2, ticksBaseline);
    g.drawString(high, width - FIGURE_MARGIN - metrics.stringWidth(high), ticksBaseline);
    g.drawString(OCCLUSION_SCALE_CAPTION,
        FIGURE_MARGIN + (textWidth - metrics.stringWidth(OCCLUSION_SCALE_CAPTION)) / 2, captionBaseline);
    g.setColor(java.awt.Color.BLACK);
    for (int i = 0; i < legend.size(); i++) {
      g.drawString(legend.get(i), FIGURE_MARGIN, legendBaseline + i * line);
    }
    g.dispose();
    return figure;
  }

  /** An ARGB heat colour drawn over white, as RGB. */
  static int blendOverWhite(int argb) {
    double alpha = (argb >>> 24) / 255.0;
    int r = (int) Math.round(255 * (1 - alpha) + ((argb >> 16) & 0xFF) * alpha);
    int g = (int) Math.round(255 * (1 - alpha) + ((argb >> 8) & 0xFF) * alpha);
    int b = (int) Math.round(255 * (1 - alpha) + (argb & 0xFF) * alpha);
    return r << 16 | g << 8 | b;
  }

  /** {@code text} broken at spaces into lines no wider than {@code width} (a longer word stands alone). */
  static List<String> wrap(String text, java.awt.FontMetrics metrics, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      String candidate = current.length() == 0 ? word : current + " " + word;
      if (current.length() > 0 && metrics.stringWidth(candidate) > width) {
        lines.add(current.toString());
        current.setLength(0);
        current.append(word);
      } else {
        current.setLength(0);
        current.append(candidate);
      }
    }
    if (current.length() > 0) {
      lines.add(current.toString());
    }
    return lines;
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
