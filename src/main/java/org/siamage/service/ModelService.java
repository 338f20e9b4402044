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
import org.siamage.data.preprocess.CropFraming;
import org.siamage.data.preprocess.FaceOutcome;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.preprocess.ImageDecoder;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.data.split.DatasetSplit;
import org.siamage.data.split.SplitFiles;
import org.siamage.eval.AgeMetrics;
import org.siamage.config.EvaluationConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.eval.EstimatorScore;
import org.siamage.eval.EvaluationReport;
import org.siamage.eval.PairVerification;
import org.siamage.infer.AgeReadout;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.eval.UnusualFaces;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.infer.PairComparison;

/** Use cases of a trained model: evaluate, predict, compare, embed. */
public final class ModelService {
  private static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".bmp");

  private final DatasetService datasets;
  private final SigningService signatures;

  public ModelService(DatasetService datasets) {
    this(datasets, new SigningService());
  }

  /** @param signatures checks whether an opened bundle is signed by a trusted key */
  public ModelService(DatasetService datasets, SigningService signatures) {
    this.datasets = datasets;
    this.signatures = signatures;
  }

  /** Signing and checking bundles, against the trusted keys this service was made with. */
  public SigningService signatures() {
    return signatures;
  }

  public DatasetService datasetService() {
    return datasets;
  }

  public FaceModel load(Path bundle) {
    return FaceModel.load(bundle);
  }

  /**
   * Measures how {@code dataset}'s pre-aligned images frame the detector's face box and writes a
   * copy of {@code bundle} that crops live faces (webcam, photographs, {@code eval --preprocessing
   * detect}) the same way: for models trained before training measured it (ADR 0047).
   *
   * @param images how many of the dataset's images to measure, evenly spread
   * @throws UserFacingException when the model was trained on detected faces or too few faces are found
   */
  public org.siamage.data.preprocess.CropFraming.Measured measureLiveFraming(Path bundle, Path dataset, int images,
      Path out, ProgressListener progress, StopToken stop) {
    org.siamage.model.bundle.ModelBundle read = org.siamage.model.bundle.ModelBundleReader.read(bundle);
    PreprocessingConfig preprocessing = read.config().preprocessing();
    if (preprocessing.mode() != PreprocessingConfig.Mode.PRE_ALIGNED) {
      throw new UserFacingException("Model " + bundle + " was trained on detected faces (preprocessing.mode "
          + preprocessing.mode() + "): its live crops are already made as its training crops were");
    }
    Dataset data = datasets.open(dataset, progress, stop);
    List<Path> files = data.faces().stream().map(FaceRecord::image).toList();
    progress.onProgress(-1, -1, "finding the face in " + Math.min(images, files.size()) + " images");
    org.siamage.data.preprocess.CropFraming.Measured measured =
        org.siamage.data.preprocess.CropFraming.measure(files, preprocessing, images, stop)
            .orElseThrow(() -> new UserFacingException("Too few faces found in " + dataset
                + " to measure how its images frame a face (the detector found fewer than 10)"));
    org.siamage.model.bundle.ModelBundleWriter.write(new org.siamage.model.bundle.ModelBundle(read.formatVersion(),
        read.config().withPreprocessing(measured.applyTo(preprocessing)), read.tensors(), read.optimizerState(),
        read.gallery(), read.provenance()), out);
    return measured;
  }

  /**
   * An evaluation and where its files went.
   *
   * @param unusualFaces how the unusual-face flag fared ({@link UnusualFaces#summary}), empty for a
   *     model without an unusual-face distance
   */
  public record Evaluation(EvaluationReport report, List<Path> files, String unusualFaces) {}

  /**
   * Evaluates {@code model} on a dataset: every face, or only the test part of {@code splitFile}.
   * Age is estimated from the model's own reference gallery.
   *
   * @param outputFolder where report.json, predictions.csv and report.md go
   */
  public Evaluation evaluate(FaceModel model, Path dataset, Path splitFile, Path outputFolder,
      ProgressListener progress, StopToken stop) {
    return evaluate(model, dataset, splitFile, model.config().preprocessing().mode(), outputFolder, progress, stop);
  }

  /**
   * As above, preprocessing the faces in {@code preprocessingMode} ({@code pre-aligned} or {@code
   * detect}) instead of the model's own mode: {@code detect} measures the path the webcam and
   * {@code predict} take on photographs (find the face, align the eyes, crop) on a dataset of
   * pre-aligned crops.
   */
  public Evaluation evaluate(FaceModel model, Path dataset, Path splitFile, PreprocessingConfig.Mode preprocessingMode,
      Path outputFolder, ProgressListener progress, StopToken stop) {
    Dataset data = datasets.open(dataset, progress, stop);
    PreprocessingConfig preprocessing = model.config().preprocessing().withMode(preprocessingMode);
    PreprocessedFaces faces = datasets.preprocess(data, preprocessing,
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
    Map<String, FaceRecord> byId = new TreeMap<>();
    data.faces().forEach(face -> byId.put(face.id(), face));
    String framingWarning = framingWarning(model.config().preprocessing(), preprocessing,
        java.util.Arrays.stream(indices).mapToObj(index -> byId.get(faces.ids().get(index)).image()).toList(),
        progress, stop);
    List<FacePrediction> predictions = model.predict(faces, indices, progress, stop);
    int n = indices.length;
    int[] ages = new int[n];
    double[] predicted = new double[n];
    double[] referencesAges = new double[n];
    double[] headAges = new double[n];
    double[] spread = new double[n];
    Gender[] genders = new Gender[n];
    double[] female = new double[n];
    boolean[] unusual = new boolean[n];
    List<String> ids = new ArrayList<>(n);
    int dimension = predictions.get(0).embedding().length;
    float[] embeddings = new float[n * dimension];
    for (int i = 0; i < n; i++) {
      FacePrediction prediction = predictions.get(i);
      FaceRecord face = byId.get(faces.ids().get(indices[i]));
      ids.add(face.id());
      ages[i] = face.age();
      genders[i] = face.gender();
      predicted[i] = prediction.age();
      referencesAges[i] = prediction.referencesAge();
      headAges[i] = prediction.headAge();
      spread[i] = prediction.uncertainty();
      female[i] = prediction.femaleProbability();
      unusual[i] = prediction.unusual();
      System.arraycopy(prediction.embedding(), 0, embeddings, i * dimension, dimension);
    }
    EvaluationConfig settings = model.config().evaluation();
    AgeMetrics metrics = AgeMetrics.of(ids, ages, predicted, spread, genders, female,
        settings.maxCumulativeScoreYears());
    List<EstimatorScore> estimators = new ArrayList<>();
    String neighbours = "k = " + settings.neighbours() + (settings.flipAveraging() ? ", flip averaging" : "");
    estimators.add(EstimatorScore.of(EvaluationConfig.Estimator.REFERENCES.wireName(), neighbours, referencesAges,
        ages));
    if (!Double.isNaN(headAges[0])) {
      double[] blend = new double[n];
      for (int i = 0; i < n; i++) {
        blend[i] = AgeReadout.blend(settings.blendWeight(), referencesAges[i], headAges[i]);
      }
      estimators.add(EstimatorScore.of(EvaluationConfig.Estimator.HEAD.wireName(),
          "age head (" + model.config().training().ageHead() + ")", headAges, ages));
      estimators.add(EstimatorScore.of(EvaluationConfig.Estimator.BLEND.wireName(),
          String.format(Locale.ROOT, "weight %.1f on the references", settings.blendWeight()), blend, ages));
    }
    PairVerification pairs = PairVerification.measure(embeddings, dimension, ages,
        model.config().training().ageThreshold(), model.sameClassThreshold());
    String unusualFaces = UnusualFaces.summary(settings.unusualDistance(), unusual, predicted, ages);
    EvaluationReport report = new EvaluationReport(data.name(), splitName,
        "Model " + model.source().getFileName() + " with " + model.referenceCount() + " references, k = "
            + settings.neighbours() + "; estimator " + settings.estimator() + "; faces preprocessed "
            + preprocessing.mode() + (unusualFaces.isEmpty() ? "" : "; " + unusualFaces),
        metrics, null, estimators, pairs, framingWarning.isEmpty() ? List.of() : List.of(framingWarning));
    List<Path> files = EvaluationReportWriter.writeAll(report, outputFolder);
    return new Evaluation(report, files, unusualFaces);
  }

  /**
   * For faces preprocessed as pre-aligned crops by a model whose training crops' framing was
   * measured: measures how these crops frame the face and warns when they differ
   * ({@link CropFraming#mismatch}). A few seconds of face detection on up to
   * {@value CropFraming#DEFAULT_IMAGES} images.
   */
  static String framingWarning(PreprocessingConfig modelSettings, PreprocessingConfig used, List<Path> images,
      ProgressListener progress, StopToken stop) {
    if (used.mode() != PreprocessingConfig.Mode.PRE_ALIGNED || !modelSettings.hasLiveFraming()) {
      return "";
    }
    progress.onProgress(0, 1, "Measuring how the crops frame the face");
    return CropFraming.measure(images, modelSettings, CropFraming.DEFAULT_IMAGES, stop)
        .map(measured -> CropFraming.mismatch(measured, modelSettings.liveFraming()))
        .orElse("");
  }

  /**
   * The images of a predict call and, for a dataset folder, a line saying what was found.
   *
   * @param description empty, or e.g. "sample-data/faces: a dataset (labels.csv (file,age,gender)), 1,000 faces"
   */
  public record ImageList(List<Path> images, String description) {}

  /**
   * Images to predict: the file itself, the image files of a folder, or, for a folder whose image
   * files lie deeper (a dataset such as {@code sample-data/faces}, with its images in {@code
   * images/}), the images of the dataset the readers recognise.
   */
  public ImageList imagesToPredict(Path fileOrFolder, ProgressListener progress, StopToken stop) {
    List<Path> direct = images(fileOrFolder);
    if (!direct.isEmpty() || !Files.isDirectory(fileOrFolder)) {
      return new ImageList(direct, "");
    }
    Dataset data;
    try {
      data = datasets.open(fileOrFolder, progress, stop);
    } catch (UserFacingException e) {
      return new ImageList(List.of(), "");
    }
    List<Path> dataset = data.faces().stream().map(FaceRecord::image).toList();
    return new ImageList(dataset, String.format(Locale.ROOT, "%s: a dataset (%s), %,d faces", fileOrFolder,
        data.format().description(), dataset.size()));
  }

  /** Whether a file name (any case) ends in one of the image suffixes predict reads. */
  public static boolean isImageFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
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
        if (Files.isRegularFile(file) && isImageFileName(file.getFileName().toString())) {
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

  /** Images decoded and preprocessed together, then estimated in one batch of forward passes. */
  private static final int PREDICT_BLOCK = 256;

  /**
   * Predicts each image; unreadable images and images without a face are reported, not fatal.
   * Images are decoded and their faces found on every core (one preprocessor per thread), and the
   * crops estimated in batches of forward passes, in blocks of {@value #PREDICT_BLOCK} images.
   */
  public List<ImageResult> predict(FaceModel model, List<Path> images, ProgressListener progress, StopToken stop) {
    return predict(model, images, Runtime.getRuntime().availableProcessors(), progress, stop);
  }

  /**
   * As {@link #predict(FaceModel, List, ProgressListener, StopToken)}, decoding and detecting on at
   * most {@code preprocessThreads} threads (a Spark task uses the cores it was given, not all).
   */
  public List<ImageResult> predict(FaceModel model, List<Path> images, int preprocessThreads,
      ProgressListener progress, StopToken stop) {
    List<ImageResult> results = new ArrayList<>(images.size());
    int threads = Math.max(1, Math.min(preprocessThreads, images.size()));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "predict-preprocess");
      thread.setDaemon(true);
      return thread;
    });
    ThreadLocal<FacePreprocessor> preprocessors = new ThreadLocal<>();
    List<FacePreprocessor> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      for (int start = 0; start < images.size(); start += PREDICT_BLOCK) {
        stop.throwIfStopped();
        List<Path> block = images.subList(start, Math.min(images.size(), start + PREDICT_BLOCK));
        List<java.util.concurrent.Future<FaceOutcome>> outcomes = new ArrayList<>(block.size());
        for (Path image : block) {
          outcomes.add(pool.submit(() -> {
            FacePreprocessor preprocessor = preprocessors.get();
            if (preprocessor == null) {
              preprocessor = model.newPreprocessor(false);
              preprocessors.set(preprocessor);
              opened.add(preprocessor);
            }
            return stop.isStopRequested() ? null : preprocessor.preprocess(image);
          }));
        }
        List<String> sources = new ArrayList<>();
        List<org.siamage.data.preprocess.FaceCrop> crops = new ArrayList<>();
        ImageResult[] blockResults = new ImageResult[block.size()];
        int[] cropOf = new int[block.size()];
        for (int i = 0; i < block.size(); i++) {
          FaceOutcome outcome = outcomes.get(i).get();
          stop.throwIfStopped();
          Path image = block.get(i);
          if (outcome.hasCrop()) {
            cropOf[i] = crops.size();
            sources.add(image.toString());
            crops.add(outcome.crop());
          } else {
            cropOf[i] = -1;
            blockResults[i] = new ImageResult(image, null,
                ImageDecoder.reasonWithoutPath(outcome.failureReason(), image));
          }
        }
        List<FacePrediction> predictions = crops.isEmpty() ? List.of()
            : model.predictCrops(sources, crops, ProgressListener.silent(), stop);
        for (int i = 0; i < block.size(); i++) {
          if (cropOf[i] >= 0) {
            blockResults[i] = new ImageResult(block.get(i), predictions.get(cropOf[i]), "");
          }
        }
        results.addAll(java.util.Arrays.asList(blockResults));
        progress.onProgress(start + block.size(), images.size(), "estimating");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.siamage.core.CancelledException();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime ? runtime
          : new UserFacingException("Preprocessing failed: " + cause.getMessage(), cause);
    } finally {
      pool.shutdownNow();
      opened.forEach(FacePreprocessor::close);
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
