package org.siamage.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.siamage.core.AtomicFiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.preprocess.FaceOutcome;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.preprocess.ImageDecoder;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.data.split.DatasetSplit;
import org.siamage.data.split.SplitFiles;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.infer.PairComparison;

/** Use cases of a trained model: evaluate, predict, compare, embed. */
public final class ModelService {
  private static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".bmp");

  private final DatasetService datasets;

  public ModelService(DatasetService datasets) {
    this.datasets = datasets;
  }

  public DatasetService datasetService() {
    return datasets;
  }

  public FaceModel load(Path bundle) {
    return FaceModel.load(bundle);
  }

  /** An evaluation and where its files went. */
  public record Evaluation(EvaluationReport report, List<Path> files) {}

  /**
   * Evaluates {@code model} on a dataset: every face, or only the test part of {@code splitFile}.
   * Age is estimated from the model's own reference gallery.
   *
   * @param outputFolder where report.json, predictions.csv and report.md go
   */
  public Evaluation evaluate(FaceModel model, Path dataset, Path splitFile, Path outputFolder,
      ProgressListener progress, StopToken stop) {
    Dataset data = datasets.open(dataset, progress, stop);
    PreprocessedFaces faces = datasets.preprocess(data, model.config().preprocessing(),
        Path.of(model.config().data().cacheFolder()), progress, stop);
    List<String> wanted;
    String splitName;
    if (splitFile != null) {
      DatasetSplit split = SplitFiles.load(splitFile, data);
      wanted = split.testIds();
      splitName = "test part of " + splitFile.getFileName() + " (" + split.hash().substring(0, 12) + ")";
    } else {
      wanted = faces.ids();
      splitName = "all faces";
    }
    int[] indices = wanted.stream().mapToInt(faces::indexOf).filter(index -> index >= 0).toArray();
    if (indices.length == 0) {
      throw new UserFacingException("No usable face to evaluate in " + dataset);
    }
    List<FacePrediction> predictions = model.predict(faces, indices, progress, stop);
    Map<String, FaceRecord> byId = new TreeMap<>();
    data.faces().forEach(face -> byId.put(face.id(), face));
    int n = indices.length;
    int[] ages = new int[n];
    double[] predicted = new double[n];
    double[] spread = new double[n];
    Gender[] genders = new Gender[n];
    double[] female = new double[n];
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FaceRecord face = byId.get(faces.ids().get(indices[i]));
      ids.add(face.id());
      ages[i] = face.age();
      genders[i] = face.gender();
      predicted[i] = predictions.get(i).age();
      spread[i] = predictions.get(i).uncertainty();
      female[i] = predictions.get(i).femaleProbability();
    }
    AgeMetrics metrics = AgeMetrics.of(ids, ages, predicted, spread, genders, female,
        model.config().evaluation().maxCumulativeScoreYears());
    EvaluationReport report = new EvaluationReport(data.name(), splitName,
        "Model " + model.source().getFileName() + " with " + model.referenceCount() + " references, k = "
            + model.config().evaluation().neighbours(), metrics, null);
    List<Path> files = EvaluationReportWriter.writeAll(report, outputFolder);
    return new Evaluation(report, files);
  }

  /** Images to predict: the file itself, or the image files of a folder (sorted, not recursive). */
  public List<Path> images(Path fileOrFolder) {
    if (Files.isRegularFile(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new UserFacingException("No such image or folder: " + fileOrFolder);
    }
    List<Path> images = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(fileOrFolder)) {
      for (Path file : files) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(file) && IMAGE_SUFFIXES.stream().anyMatch(name::endsWith)) {
          images.add(file);
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("Cannot list " + fileOrFolder + ": " + e.getMessage(), e);
    }
    images.sort(null);
    return images;
  }

  /** One image's outcome: a prediction, or why there is none. */
  public record ImageResult(Path image, FacePrediction prediction, String problem) {}

  /** Predicts each image; unreadable images and images without a face are reported, not fatal. */
  public List<ImageResult> predict(FaceModel model, List<Path> images, ProgressListener progress, StopToken stop) {
    List<ImageResult> results = new ArrayList<>(images.size());
    try (FacePreprocessor preprocessor = model.newPreprocessor(false)) {
      for (int i = 0; i < images.size(); i++) {
        stop.throwIfStopped();
        Path image = images.get(i);
        FaceOutcome outcome = preprocessor.preprocess(image);
        results.add(outcome.hasCrop()
            ? new ImageResult(image, model.predict(image.toString(), outcome.crop()), "")
            : new ImageResult(image, null, ImageDecoder.reasonWithoutPath(outcome.failureReason(), image)));
        progress.onProgress(i + 1, images.size(), "estimating");
      }
    }
    return results;
  }

  /** Writes predictions as CSV ({@code file,age,uncertainty,gender,female_probability,note}). */
  public static String predictionsCsv(List<ImageResult> results) {
    StringBuilder csv = new StringBuilder("file,age,uncertainty,gender,female_probability,gender_source,problem\n");
    for (ImageResult result : results) {
      FacePrediction p = result.prediction();
      csv.append(quote(result.image().toString())).append(',');
      if (p == null) {
        csv.append(",,,,,").append(quote(result.problem()));
      } else {
        csv.append(String.format(Locale.ROOT, "%.2f,%.2f,%s,%.4f,%s,%s", p.age(), p.uncertainty(),
            p.genderCode(), p.femaleProbability(), p.genderSource(), quote(p.note())));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  public PairComparison compare(FaceModel model, Path first, Path second) {
    return model.compare(first, second);
  }

  /**
   * Writes the embedding of every usable face of a dataset with its labels:
   * {@code id,age,gender,split?,e0..e(d-1)}.
   */
  public int embed(FaceModel model, Path dataset, Path output, ProgressListener progress, StopToken stop)
      throws IOException {
    Dataset data = datasets.open(dataset, progress, stop);
    PreprocessedFaces faces = datasets.preprocess(data, model.config().preprocessing(),
        Path.of(model.config().data().cacheFolder()), progress, stop);
    int[] all = new int[faces.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    List<FacePrediction> predictions = model.predict(faces, all, progress, stop);
    Map<String, FaceRecord> byId = new TreeMap<>();
    data.faces().forEach(face -> byId.put(face.id(), face));
    StringBuilder csv = new StringBuilder("id,age,gender,predicted_age");
    int dimension = predictions.isEmpty() ? 0 : predictions.get(0).embedding().length;
    for (int k = 0; k < dimension; k++) {
      csv.append(",e").append(k);
    }
    csv.append('\n');
    for (int i = 0; i < all.length; i++) {
      FaceRecord face = byId.get(faces.ids().get(i));
      FacePrediction p = predictions.get(i);
      csv.append(quote(face.id())).append(',').append(face.age()).append(',').append(face.gender().code())
          .append(',').append(String.format(Locale.ROOT, "%.2f", p.age()));
      for (float value : p.embedding()) {
        csv.append(',').append(value);
      }
      csv.append('\n');
    }
    AtomicFiles.writeString(output, csv.toString());
    return all.length;
  }

  static String quote(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
