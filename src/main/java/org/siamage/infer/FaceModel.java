package org.siamage.infer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siamage.config.EvaluationConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Gender;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.data.preprocess.FaceOutcome;
import org.siamage.data.preprocess.FacePreprocessor;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.Prediction;
import org.siamage.model.SiameseNetwork;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleReader;
import org.siamage.model.bundle.ReferenceGalleryData;
import org.siamage.model.loss.SiameseLoss;

/**
 * A trained model ready for use: the network with its weights, the reference gallery and the
 * preprocessing it was trained with. Estimates age as the distance-weighted mean of the k nearest
 * references, gender from the multi-task head (or, without one, a vote of those references).
 * Safe to share between threads (the webcam and the Pair inspector): the network serialises its
 * forward passes.
 */
public final class FaceModel {
  private static final int PREDICTION_CHUNK = 64;
  /** The note of a face that is one of the model's own references (it is left out of its neighbours). */
  public static final String LEFT_OUT_NOTE = "left out: this face is a reference of the model";

  /**
   * The note on a face farther from its nearest reference than {@code evaluation.unusualDistance}
   * (the distance within which {@value EvaluationConfig#UNUSUAL_PERCENTILE} % of the validation
   * faces had their nearest reference).
   *
   * @param nearest distance to the nearest reference
   * @param limit the model's unusual-face distance
   */
  public static String unusualNote(double nearest, double limit) {
    return String.format(Locale.ROOT, "unusual face: nearest reference at D = %.2f, beyond the model's %.2f;"
        + " estimate unsure", nearest, limit);
  }

  private final ModelBundle bundle;
  private final SiameseNetwork network;
  private final AgeEstimator estimator;
  private final Path source;

  private FaceModel(Path source, ModelBundle bundle, SiameseNetwork network, AgeEstimator estimator) {
    this.source = source;
    this.bundle = bundle;
    this.network = network;
    this.estimator = estimator;
  }

  /**
   * Reads and checks a model bundle ({@code .siamage}).
   *
   * @throws UserFacingException naming the file when it is missing, corrupted or has no references
   */
  public static FaceModel load(Path file) {
    ModelBundle bundle = ModelBundleReader.read(file);
    ExperimentConfig config = bundle.config();
    if (bundle.gallery().size() == 0) {
      throw new UserFacingException(file + " has no reference faces: it is a checkpoint, not a finished"
          + " model (use the run folder's model.siamage)");
    }
    SiameseNetwork network = SiameseNetwork.fromBundle(bundle, file, SiameseLoss.fromConfig(config.training()));
    ReferenceGalleryData data = bundle.gallery();
    Gender[] genders = new Gender[data.size()];
    for (int i = 0; i < genders.length; i++) {
      genders[i] = switch (data.genders()[i]) {
        case ReferenceGalleryData.FEMALE -> Gender.FEMALE;
        case ReferenceGalleryData.MALE -> Gender.MALE;
        default -> Gender.UNKNOWN;
      };
    }
    ReferenceGallery gallery =
        ReferenceGallery.of(data.embeddings(), data.dimension(), data.ages(), genders, data.ids());
    // a large gallery's HNSW graph is kept beside the bundle, so it is built once per bundle
    ReferenceSearch search = ReferenceSearch.defaults().withIndexCache(indexCacheFile(file));
    return new FaceModel(file, bundle, network, AgeEstimator.fromConfig(gallery, config.evaluation(), search));
  }

  /** Where the HNSW graph of a bundle's gallery is kept: {@code <bundle>.hnsw} beside it (ADR 0050). */
  public static Path indexCacheFile(Path bundle) {
    return bundle.resolveSibling(bundle.getFileName() + ".hnsw");
  }

  public ExperimentConfig config() {
    return bundle.config();
  }

  public ModelBundle bundle() {
    return bundle;
  }

  public Path source() {
    return source;
  }

  public int referenceCount() {
    return estimator.gallery().size();
  }

  /** The reference faces the age estimate is drawn from (their embeddings, ages and ids). */
  public ReferenceGallery gallery() {
    return estimator.gallery();
  }

  /** Side of the square network input in pixels (the configured input size). */
  public int inputSize() {
    return config().preprocessing().inputSize();
  }

  /**
   * Embeds network inputs with the inference tower.
   *
   * @param inputs {@code [n·3·S·S]} NCHW floats in [-1, 1], S = {@link #inputSize()}
   * @param n number of faces, ≥ 1
   * @return L2-normalised embeddings {@code [n][E]}
   */
  public float[][] embed(float[] inputs, int n) {
    return network.embed(inputs, n);
  }

  /**
   * The distance at or below which two faces count as the same age class (|Δage| ≤ τ): the
   * threshold chosen on validation pairs when the model was trained (best balanced accuracy), or
   * for older models halfway between the positive margin, under which similar pairs are not
   * pulled, and the negative margin at τ.
   */
  public double sameClassThreshold() {
    double calibrated = config().evaluation().sameClassThreshold();
    return calibrated > 0 ? calibrated
        : (config().training().positiveMargin() + config().training().negativeMargin()) / 2;
  }

  /** Whether {@link #sameClassThreshold()} was chosen on validation pairs. */
  public boolean hasCalibratedThreshold() {
    return config().evaluation().sameClassThreshold() > 0;
  }

  /** A preprocessor with this model's settings; not thread-safe, close it after use. */
  public FacePreprocessor newPreprocessor(boolean centreCropWhenNoFace) {
    return new FacePreprocessor(config().preprocessing(), centreCropWhenNoFace);
  }

  /**
   * Estimates age and gender of one image file, preprocessed as in training.
   *
   * @throws UserFacingException naming the file when it cannot be read or shows no face
   */
  public FacePrediction predict(Path image) {
    try (FacePreprocessor preprocessor = newPreprocessor(false)) {
      FaceOutcome outcome = preprocessor.preprocess(image);
      if (!outcome.hasCrop()) {
        throw new UserFacingException(outcome.failureReason());
      }
      return predict(image.toString(), outcome.crop());
    }
  }

  /** Estimates age and gender of an already preprocessed crop. */
  public FacePrediction predict(String source, FaceCrop crop) {
    String note = crop.facesFound() > 1 ? crop.facesFound() + " faces found; the largest was used" : "";
    return predictInputs(List.of(source), crop.toNetworkInput(), List.of(note)).get(0);
  }

  /**
   * Estimates several preprocessed crops, embedding them in chunks of {@code PREDICTION_CHUNK}.
   *
   * @param sources one label per crop (file name or id)
   */
  public List<FacePrediction> predictCrops(List<String> sources, List<FaceCrop> crops, ProgressListener progress,
      StopToken stop) {
    if (sources.size() != crops.size()) {
      throw new IllegalArgumentException(sources.size() + " sources for " + crops.size() + " crops");
    }
    int size = inputSize();
    int plane = 3 * size * size;
    List<FacePrediction> results = new ArrayList<>(crops.size());
    for (int start = 0; start < crops.size(); start += PREDICTION_CHUNK) {
      stop.throwIfStopped();
      int end = Math.min(crops.size(), start + PREDICTION_CHUNK);
      float[] inputs = new float[(end - start) * plane];
      List<String> notes = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        FaceCrop crop = crops.get(i);
        FacePreprocessor.writeNetworkInput(crop.rgb(), 0, size, inputs, (i - start) * plane);
        notes.add(crop.facesFound() > 1 ? crop.facesFound() + " faces found; the largest was used" : "");
      }
      results.addAll(predictInputs(sources.subList(start, end), inputs, notes));
      progress.onProgress(end, crops.size(), "estimating");
    }
    return results;
  }

  /**
   * Embeds {@code n} preprocessed faces with the heads' outputs (the webcam batches all faces of a
   * frame this way): one forward pass, or two when the model averages each face with its mirror
   * image ({@code evaluation.flipAveraging}).
   *
   * @param inputs exactly {@code n·3·S·S} floats, CHW per face, in [-1, 1] (see {@link
   *     FacePreprocessor#writeNetworkInput}); not changed
   */
  public Prediction embedWithGender(float[] inputs, int n) {
    Prediction plain = network.predict(inputs, n);
    if (!config().evaluation().flipAveraging()) {
      return plain;
    }
    float[] mirrored = inputs.clone();
    int plane = 3 * inputSize() * inputSize();
    for (int i = 0; i < n; i++) {
      FaceEmbedder.mirror(mirrored, i * plane, inputSize());
    }
    Prediction flipped = network.predict(mirrored, n);
    FaceEmbedder.Embedded averaged = embedded(plain).averagedWith(embedded(flipped));
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = averaged.row(i);
    }
    return new Prediction(rows, averaged.femaleProbability(), averaged.headAge());
  }

  private static FaceEmbedder.Embedded embedded(Prediction prediction) {
    int n = prediction.embeddings().length;
    int dimension = prediction.embeddings()[0].length;
    float[] flat = new float[n * dimension];
    for (int i = 0; i < n; i++) {
      System.arraycopy(prediction.embeddings()[i], 0, flat, i * dimension, dimension);
    }
    return new FaceEmbedder.Embedded(flat, dimension, prediction.femaleProbability(), prediction.headAge());
  }

  /**
   * Age and gender for one embedding from {@link #embedWithGender}: age by the model's estimator
   * (k nearest references, age head or blend), gender by the head or the references' vote.
   *
   * @param headFemale the gender head's probability that the face is female, or NaN without a head
   * @param headAge the age head's estimate in years, or NaN without a head
   */
  public FacePrediction estimate(String source, float[] embedding, double headFemale, double headAge) {
    return prediction(source, estimator.estimate(embedding), embedding, headFemale, headAge, "");
  }

  /** Estimates every face of a preprocessed set (in chunks), in order of {@code indices}. */
  public List<FacePrediction> predict(PreprocessedFaces faces, int[] indices, ProgressListener progress,
      StopToken stop) {
    FaceEmbedder.Embedded embedded = FaceEmbedder.embed(network, faces, indices,
        config().evaluation().flipAveraging(), progress, stop);
    List<FacePrediction> predictions = new ArrayList<>(indices.length);
    List<AgeEstimate> estimates = estimator.estimateAll(embedded.embeddings(), true, stop, ProgressListener.silent());
    for (int i = 0; i < indices.length; i++) {
      predictions.add(prediction(faces.ids().get(indices[i]), estimates.get(i), embedded.row(i),
          embedded.femaleProbability() == null ? Double.NaN : embedded.femaleProbability()[i],
          embedded.headAge() == null ? Double.NaN : embedded.headAge()[i], ""));
    }
    return predictions;
  }

  /**
   * @param inputs {@code [n·3·S·S]} network inputs in [-1, 1]
   */
  private List<FacePrediction> predictInputs(List<String> sources, float[] inputs, List<String> notes) {
    Prediction prediction = embedWithGender(inputs, sources.size());
    List<FacePrediction> results = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      float[] embedding = prediction.embeddings()[i];
      AgeEstimate estimate = estimator.estimateLeavingOut(embedding);
      double female = prediction.femaleProbability() == null ? Double.NaN : prediction.femaleProbability()[i];
      double headAge = prediction.headAge() == null ? Double.NaN : prediction.headAge()[i];
      results.add(prediction(sources.get(i), estimate, embedding, female, headAge, notes.get(i)));
    }
    return results;
  }

  private FacePrediction prediction(String source, AgeEstimate estimate, float[] embedding,
      double headFemale, double headAge, String note) {
    boolean head = !Double.isNaN(headFemale);
    double female = head ? headFemale : estimate.genderVote().femaleProbability();
    double age = AgeReadout.age(config().evaluation(), estimate.age(), headAge);
    if (estimate.leftOut() > 0) {
      note = (note.isEmpty() ? "" : note + "; ") + LEFT_OUT_NOTE;
    }
    double nearest = estimate.neighbours().isEmpty() ? 0 : estimate.neighbours().get(0).distance();
    boolean unusual = config().evaluation().isUnusual(nearest);
    if (unusual) {
      note = (note.isEmpty() ? "" : note + "; ") + unusualNote(nearest, config().evaluation().unusualDistance());
    }
    return new FacePrediction(source, age, estimate.uncertainty(), female,
        head ? "head" : "references", estimate.neighbours(), embedding, note, estimate.age(), headAge, unusual);
  }

  /** The learned distance between two faces and both estimates. */
  public PairComparison compare(Path first, Path second) {
    FacePrediction a = predict(first);
    FacePrediction b = predict(second);
    return compare(a, b);
  }

  /** Compares two faces already estimated by this model. */
  public PairComparison compare(FacePrediction a, FacePrediction b) {
    double sum = 0;
    for (int k = 0; k < a.embedding().length; k++) {
      double difference = a.embedding()[k] - b.embedding()[k];
      sum += difference * difference;
    }
    double distance = Math.sqrt(sum);
    return new PairComparison(a, b, distance, sameClassThreshold(), config().training().ageThreshold(),
        distance <= sameClassThreshold());
  }
}
