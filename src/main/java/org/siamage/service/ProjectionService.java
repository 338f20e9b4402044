package org.siamage.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.siamage.config.ProjectionConfig;
import org.siamage.core.AtomicFiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.preprocess.PreprocessedFaces;
import org.siamage.data.split.DatasetSplit;
import org.siamage.data.split.SplitFiles;
import org.siamage.embed.CheckpointEmbeddings;
import org.siamage.train.ProbeEmbeddings;
import org.siamage.embed.LayoutListener;
import org.siamage.embed.ProjectionMethod;
import org.siamage.embed.ProjectionQuality;
import org.siamage.embed.Projector;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.model.bundle.ModelBundle;
import org.siamage.model.bundle.ModelBundleReader;

/**
 * Use cases of the embedding viewer, shared by {@code siamage embed --project} and the Embeddings
 * perspective: embed a dataset (or an age-spanning subset) with a model, project it to 2-D, measure
 * whether the map means something, and write coordinates and figures.
 */
public final class ProjectionService {
  /** Neighbours for the map quality numbers (k-NN age error and trustworthiness). */
  public static final int QUALITY_NEIGHBOURS = 10;
  /** Quality is measured on at most this many faces (a seeded sample above), as it costs O(n²). */
  public static final int QUALITY_SAMPLE = 5000;

  private final DatasetService datasets;
  private final int threads;

  /** @param threads projection threads (the coordinates do not depend on it) */
  public ProjectionService(DatasetService datasets, int threads) {
    this.datasets = datasets;
    this.threads = Math.max(1, threads);
  }

  /**
   * Embedded faces with their labels, in one order.
   *
   * @param ids dataset ids
   * @param images image files
   * @param ages true ages in years
   * @param genders labelled genders
   * @param splits "train", "validation", "test" or "" per face
   * @param predictedAges the model's k-NN age estimates in years
   * @param embeddings row-major {@code [n × dimension]} L2-normalised embeddings
   */
  /**
   * Faces embedded for a map, with their labels.
   *
   * @param datasetFaces the usable faces of the dataset they were chosen from (at least {@link
   *     #size()}; equal when every face was embedded)
   */
  public record EmbeddedFaces(List<String> ids, List<Path> images, int[] ages, Gender[] genders, String[] splits,
      double[] predictedAges, double[] embeddings, int dimension, int datasetFaces) {
    public int size() {
      return ids.size();
    }
  }

  /**
   * Whether a map means something.
   *
   * @param neighbours k of the k-NN numbers
   * @param mapAgeError leave-one-out k-NN age MAE on the 2-D map, years
   * @param embeddingAgeError the same in the full embedding, years
   * @param trustworthiness of the map, 0.5 (random) .. 1
   * @param faces faces measured (a seeded sample of at most {@link #QUALITY_SAMPLE})
   */
  public record MapQuality(int neighbours, double mapAgeError, double embeddingAgeError, double trustworthiness,
      int faces) {
    public String describe() {
      return String.format(Locale.ROOT,
          "k-NN age MAE (k = %d): %.2f years on the map, %.2f in the full embedding; trustworthiness %.3f%s",
          neighbours, mapAgeError, embeddingAgeError, trustworthiness,
          faces < 0 ? "" : " (" + faces + " faces)");
    }
  }

  /** A projection with its faces and quality. */
  public record ProjectedFaces(EmbeddedFaces faces, Projector.Projection projection, MapQuality quality,
      ProjectionConfig config) {}

  public int threads() {
    return threads;
  }

  /**
   * Embeds the usable faces of a dataset with {@code model}.
   *
   * @param maxFaces 0 for every face, else a seeded subset of at most this many that spans the age
   *     range (faces taken round-robin over the ages present)
   * @param splitFile split to label faces with, or {@code null}: the run folder's {@code split.json}
   *     beside the model (or above its checkpoints folder) when there is one
   */
  public EmbeddedFaces embed(FaceModel model, Path dataset, int maxFaces, long seed, Path splitFile,
      ProgressListener progress, StopToken stop) {
    ChosenFaces chosen = choose(dataset, model.config(), maxFaces, seed, splitFile, model.source(), progress, stop);
    List<FacePrediction> predictions = model.predict(chosen.faces(), chosen.indices(), progress, stop);
    int n = chosen.indices().length;
    int dimension = predictions.get(0).embedding().length;
    double[] predicted = new double[n];
    double[] embeddings = new double[n * dimension];
    for (int i = 0; i < n; i++) {
      predicted[i] = predictions.get(i).age();
      float[] embedding = predictions.get(i).embedding();
      for (int k = 0; k < dimension; k++) {
        embeddings[i * dimension + k] = embedding[k];
      }
    }
    return chosen.labelled(predicted, embeddings, dimension);
  }

  /**
   * The faces to embed and their labels.
   *
   * @param indices positions in {@code faces} of the chosen faces
   * @param splitOf split name by face id ("" where unknown)
   */
  private record ChosenFaces(PreprocessedFaces faces, Map<String, FaceRecord> byId, int[] indices,
      Map<String, String> splitOf) {
    /** The same dataset with other chosen faces. */
    ChosenFaces restrictedTo(int[] newIndices) {
      return new ChosenFaces(faces, byId, newIndices, splitOf);
    }

    /** The chosen faces with their labels, predicted ages {@code [n]} and embeddings {@code [n × dimension]}. */
    EmbeddedFaces labelled(double[] predicted, double[] embeddings, int dimension) {
      int n = indices.length;
      List<String> ids = new ArrayList<>(n);
      List<Path> images = new ArrayList<>(n);
      int[] ages = new int[n];
      Gender[] genders = new Gender[n];
      String[] splits = new String[n];
      for (int i = 0; i < n; i++) {
        FaceRecord face = byId.get(faces.ids().get(indices[i]));
        ids.add(face.id());
        images.add(face.image());
        ages[i] = face.age();
        genders[i] = face.gender();
        splits[i] = splitOf.getOrDefault(face.id(), "");
      }
      return new EmbeddedFaces(List.copyOf(ids), List.copyOf(images), ages, genders, splits, predicted, embeddings,
          dimension, faces.size());
    }
  }

  /**
   * Opens and preprocesses {@code dataset} as {@code experiment} says, and chooses the faces: all,
   * or a seeded subset spanning the ages; split labels from {@code splitFile}, else from the run
   * folder beside {@code bundle}.
   */
  private ChosenFaces choose(Path dataset, org.siamage.config.ExperimentConfig experiment, int maxFaces, long seed,
      Path splitFile, Path bundle, ProgressListener progress, StopToken stop) {
    return choose(dataset, experiment, maxFaces, seed, data -> splitFile != null
        ? splitLabels(SplitFiles.load(splitFile, data)) : besideSplitLabels(splitBeside(bundle), data), progress, stop);
  }

  /** As above, with the split labels of the opened dataset from {@code splitOf}. */
  private ChosenFaces choose(Path dataset, org.siamage.config.ExperimentConfig experiment, int maxFaces, long seed,
      java.util.function.Function<Dataset, Map<String, String>> splitOf, ProgressListener progress, StopToken stop) {
    Dataset data = datasets.open(dataset, progress, stop);
    PreprocessedFaces faces = datasets.preprocess(data, experiment.preprocessing(),
        Path.of(experiment.data().cacheFolder()), progress, stop);
    if (faces.size() == 0) {
      throw new UserFacingException("No usable face in " + dataset);
    }
    Map<String, FaceRecord> byId = new TreeMap<>();
    data.faces().forEach(face -> byId.put(face.id(), face));
    int[] usableAges = new int[faces.size()];
    for (int i = 0; i < faces.size(); i++) {
      usableAges[i] = byId.get(faces.ids().get(i)).age();
    }
    int[] indices = maxFaces > 0 && maxFaces < faces.size() ? spanningAges(usableAges, maxFaces, seed)
        : allIndices(faces.size());
    return new ChosenFaces(faces, byId, indices, splitOf.apply(data));
  }

  /**
   * Projects embedded faces to 2-D.
   *
   * @param method {@code null} for {@code config.method()}
   * @param initial start layout {@code [2n]} or {@code null} (PCA initialisation)
   * @param layoutEvery stream a layout every this many t-SNE iterations (0: never)
   */
  /** The PCA layout of {@code faces}, instantly: the start a t-SNE animates from. */
  public Projector.Projection pcaPreview(EmbeddedFaces faces) {
    double[] start = org.siamage.embed.Pca.project(faces.embeddings(), faces.size(), faces.dimension(), 1);
    return new Projector.Projection(ProjectionMethod.PCA, start, Double.NaN, 0);
  }

  public Projector.Projection project(EmbeddedFaces faces, ProjectionConfig config, ProjectionMethod method,
      double[] initial, int layoutEvery, LayoutListener layouts, ProgressListener progress, StopToken stop) {
    return Projector.project(faces.embeddings(), faces.size(), faces.dimension(), config, method, initial, threads,
        layoutEvery, layouts, progress, stop);
  }

  /**
   * Embeds with any bundle: a finished model (its predicted ages included) or a checkpoint (which
   * has no reference gallery, so predicted ages are NaN).
   */
  public EmbeddedFaces embedBundle(Path bundle, Path dataset, int maxFaces, long seed, Path splitFile,
      ProgressListener progress, StopToken stop) {
    ModelBundle read = ModelBundleReader.read(bundle);
    if (read.gallery().size() > 0) {
      return embed(FaceModel.load(bundle), dataset, maxFaces, seed, splitFile, progress, stop);
    }
    ChosenFaces chosen = choose(dataset, read.config(), maxFaces, seed, splitFile, bundle, progress, stop);
    double[] vectors = CheckpointEmbeddings.embed(read, bundle, chosen.faces(), chosen.indices(), progress, stop);
    int n = chosen.indices().length;
    double[] predicted = new double[n];
    Arrays.fill(predicted, Double.NaN);
    return chosen.labelled(predicted, vectors, vectors.length / n);
  }

  /** {@link #projectDataset} for any bundle, checkpoints included (see {@link #embedBundle}). */
  public ProjectedFaces projectBundle(Path bundle, Path dataset, int maxFaces, Path splitFile,
      ProjectionConfig config, ProjectionMethod method, LayoutListener layouts, ProgressListener progress,
      StopToken stop) {
    EmbeddedFaces faces = embedBundle(bundle, dataset, maxFaces, config.seed(), splitFile, progress, stop);
    Projector.Projection projection = project(faces, config, method, null, 25, layouts, progress, stop);
    progress.onProgress(-1, -1, "measuring the map");
    MapQuality quality = quality(faces, projection.coordinates(), config.seed());
    return new ProjectedFaces(faces, projection, quality, config);
  }

  /** Embeds, projects and measures in one go (CLI and toy example). */
  public ProjectedFaces projectDataset(FaceModel model, Path dataset, int maxFaces, Path splitFile,
      ProjectionConfig config, ProjectionMethod method, LayoutListener layouts, ProgressListener progress,
      StopToken stop) {
    EmbeddedFaces faces = embed(model, dataset, maxFaces, config.seed(), splitFile, progress, stop);
    Projector.Projection projection = project(faces, config, method, null, 25, layouts, progress, stop);
    progress.onProgress(-1, -1, "measuring the map");
    MapQuality quality = quality(faces, projection.coordinates(), config.seed());
    return new ProjectedFaces(faces, projection, quality, config);
  }

  /**
   * One checkpoint's map in a drift sequence.
   *
   * @param label "epoch 3", "final model"
   * @param coordinates {@code [2n]}, in the same face order as the sequence's faces
   */
  public record DriftFrame(String label, Path bundle, double[] coordinates, MapQuality quality) {}

  /** Receives each drift frame as soon as it is projected (from the working thread). */
  @FunctionalInterface
  public interface DriftListener {
    void onFrame(DriftFrame frame, int index, int frames);
  }

  /**
   * The bundles of a run in training order: {@code checkpoints/epoch-*.siamage}, then the run's
   * {@code model.siamage} when training finished.
   */
  public static List<Path> runBundles(Path runFolder) {
    List<Path> bundles = new ArrayList<>();
    Path checkpoints = runFolder.resolve("checkpoints");
    if (Files.isDirectory(checkpoints)) {
      try (var files = Files.list(checkpoints)) {
        files.filter(file -> file.getFileName().toString().matches("epoch-\\d+\\.siamage")).sorted()
            .forEach(bundles::add);
      } catch (IOException e) {
        throw new UserFacingException("Cannot list " + checkpoints + ": " + e.getMessage(), e);
      }
    }
    Path model = runFolder.resolve("model.siamage");
    if (Files.isRegularFile(model)) {
      bundles.add(model);
    }
    if (bundles.isEmpty()) {
      throw new UserFacingException(runFolder + " has no checkpoints (checkpoints/epoch-*.siamage) and no"
          + " model.siamage");
    }
    return bundles;
  }

  /**
   * Projects the same faces with every epoch of a run. A run that kept its probe embeddings
   * ({@code probes/}, one small file per epoch: {@link ProbeEmbeddings}) shows every epoch on its
   * probe faces; an older run shows its kept checkpoints ({@code checkpoints/epoch-*.siamage}: the
   * last two epochs) on up to {@code maxFaces} faces. The run's {@code model.siamage} comes last
   * when training finished. The first map starts from PCA; each later one starts from the previous
   * map, so the maps stay aligned and can be played as a film.
   *
   * @param maxFaces as in {@link #embed} (runs with probe embeddings show their probes)
   * @return the faces (labels; embeddings of the last frame) and one frame per epoch
   */
  public Drift drift(Path runFolder, Path dataset, int maxFaces, ProjectionConfig config, DriftListener frames,
      ProgressListener progress, StopToken stop) {
    List<Path> bundles = runBundles(runFolder);
    org.siamage.config.ExperimentConfig experiment = ModelBundleReader.read(bundles.get(0)).config();
    List<ProbeEmbeddings.Epoch> probeEpochs = probeEpochs(runFolder);
    ChosenFaces chosen = choose(dataset, experiment, probeEpochs.isEmpty() ? maxFaces : 0, config.seed(),
        data -> besideSplitLabels(runFolder.resolve("split.json"), data), progress, stop);
    PreprocessedFaces faces = chosen.faces();
    List<DriftSource> sources = new ArrayList<>();
    if (!probeEpochs.isEmpty()) {
      int[] probes = probeIndices(runFolder, faces);
      if (probes != null) {
        chosen = chosen.restrictedTo(probes);
        for (ProbeEmbeddings.Epoch epoch : probeEpochs) {
          sources.add(new DriftSource("epoch " + (epoch.epoch() + 1), epoch.file(), () -> toDoubles(
              org.siamage.model.bundle.TensorFiles.read(epoch.file()).values())));
        }
        bundles = bundles.stream().filter(bundle -> bundle.getFileName().toString().equals("model.siamage")).toList();
      } else {
        chosen = choose(dataset, experiment, maxFaces, config.seed(),
            data -> besideSplitLabels(runFolder.resolve("split.json"), data), progress, stop);
      }
    }
    int[] indices = chosen.indices();
    for (Path bundle : bundles) {
      String label = bundle.getFileName().toString().equals("model.siamage") ? "final model"
          : "epoch " + Integer.parseInt(bundle.getFileName().toString().replaceAll("\\D", ""));
      sources.add(new DriftSource(label, bundle, null));
    }
    int n = indices.length;
    double[] noEstimates = new double[n];
    Arrays.fill(noEstimates, Double.NaN);
    List<DriftFrame> result = new ArrayList<>();
    double[] previous = null;
    EmbeddedFaces embedded = null;
    for (int b = 0; b < sources.size(); b++) {
      stop.throwIfStopped();
      DriftSource source = sources.get(b);
      int frame = b;
      int count = sources.size();
      ProgressListener step = (done, total, message) -> progress.onProgress(frame, count,
          source.label() + ": " + message);
      double[] vectors = source.vectors() != null ? source.vectors().get()
          : CheckpointEmbeddings.embed(ModelBundleReader.read(source.file()), source.file(), faces, indices, step, stop);
      embedded = chosen.labelled(noEstimates, vectors, vectors.length / n);
      Projector.Projection projection = project(embedded, config, null, previous, 0, LayoutListener.none(), step,
          stop);
      previous = projection.coordinates();
      DriftFrame drift = new DriftFrame(source.label(), source.file(), previous,
          quality(embedded, previous, config.seed()));
      result.add(drift);
      frames.onFrame(drift, b, count);
    }
    progress.onProgress(sources.size(), sources.size(), "drift done");
    return new Drift(embedded, List.copyOf(result));
  }

  /** One frame's embeddings: stored ones ({@code vectors}), or a bundle to embed the faces with. */
  private record DriftSource(String label, Path file, java.util.function.Supplier<double[]> vectors) {}

  private static List<ProbeEmbeddings.Epoch> probeEpochs(Path runFolder) {
    try {
      return ProbeEmbeddings.epochs(runFolder);
    } catch (IOException e) {
      throw new UserFacingException("Cannot list the probe embeddings of " + runFolder + ": " + e.getMessage(), e);
    }
  }

  /** The probes' positions in {@code faces}, or null when one of them is missing there (another dataset). */
  private static int[] probeIndices(Path runFolder, PreprocessedFaces faces) {
    try {
      int[] indices = ProbeEmbeddings.faceIds(runFolder).stream().mapToInt(faces::indexOf).toArray();
      return Arrays.stream(indices).allMatch(index -> index >= 0) ? indices : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double[] toDoubles(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /** A drift sequence: the faces and one aligned map per bundle. */
  public record Drift(EmbeddedFaces faces, List<DriftFrame> frames) {}

  /** k-NN age errors on the map and in the embedding, and trustworthiness. */
  public MapQuality quality(EmbeddedFaces faces, double[] coordinates, long seed) {
    int n = faces.size();
    if (n <= 2 * QUALITY_NEIGHBOURS) {
      return new MapQuality(QUALITY_NEIGHBOURS, Double.NaN, Double.NaN, Double.NaN, n);
    }
    int[] sample = n > QUALITY_SAMPLE ? spanningAges(faces.ages(), QUALITY_SAMPLE, seed) : allIndices(n);
    int m = sample.length;
    int d = faces.dimension();
    double[] high = new double[m * d];
    double[] low = new double[2 * m];
    int[] ages = new int[m];
    for (int s = 0; s < m; s++) {
      int i = sample[s];
      System.arraycopy(faces.embeddings(), i * d, high, s * d, d);
      low[2 * s] = coordinates[2 * i];
      low[2 * s + 1] = coordinates[2 * i + 1];
      ages[s] = faces.ages()[i];
    }
    return new MapQuality(QUALITY_NEIGHBOURS,
        ProjectionQuality.nearestNeighbourAgeError(low, m, 2, ages, QUALITY_NEIGHBOURS, threads),
        ProjectionQuality.nearestNeighbourAgeError(high, m, d, ages, QUALITY_NEIGHBOURS, threads),
        ProjectionQuality.trustworthiness(high, m, d, low, QUALITY_NEIGHBOURS, threads), m);
  }

  /** CSV of a map: {@code id,image,age,gender,split,predicted_age,x,y}, one face a line. */
  public static String coordinatesCsv(EmbeddedFaces faces, double[] coordinates) {
    StringBuilder csv = new StringBuilder("id,image,age,gender,split,predicted_age,x,y\n");
    for (int i = 0; i < faces.size(); i++) {
      csv.append(ModelService.quote(faces.ids().get(i))).append(',')
          .append(ModelService.quote(faces.images().get(i).toString())).append(',')
          .append(faces.ages()[i]).append(',')
          .append(faces.genders()[i].code()).append(',')
          .append(faces.splits()[i]).append(',')
          .append(Double.isNaN(faces.predictedAges()[i]) ? ""
              : String.format(Locale.ROOT, "%.2f", faces.predictedAges()[i]))
          .append(String.format(Locale.ROOT, ",%.6f,%.6f", coordinates[2 * i], coordinates[2 * i + 1]))
          .append('\n');
    }
    return csv.toString();
  }

  public void writeCsv(Path file, EmbeddedFaces faces, double[] coordinates) {
    try {
      AtomicFiles.writeString(file, coordinatesCsv(faces, coordinates));
    } catch (IOException e) {
      throw new UserFacingException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the toy-example figure as PNG and/or SVG (either may be {@code null}). */
  public List<Path> writeFigure(ProjectedFaces projected, String title, Path png, Path svg) {
    EmbeddingFigure figure = new EmbeddingFigure(projected.faces(), projected.projection().coordinates(), title,
        subtitle(projected));
    List<Path> written = new ArrayList<>();
    try {
      if (png != null) {
        AtomicFiles.writeBytes(png, figure.png(1000, 800));
        written.add(png);
      }
      if (svg != null) {
        AtomicFiles.writeString(svg, figure.svg(1000, 800));
        written.add(svg);
      }
    } catch (IOException e) {
      throw new UserFacingException("Cannot write the figure: " + e.getMessage(), e);
    }
    return written;
  }

  /** The figure's second line: method, settings and quality numbers. */
  public static String subtitle(ProjectedFaces projected) {
    Projector.Projection projection = projected.projection();
    String how = projection.method().isTsne()
        ? String.format(Locale.ROOT, "%s, perplexity %.0f, %d iterations, seed %d", projection.method().configName(),
            projected.config().perplexity(), projected.config().iterations(), projected.config().seed())
        : "PCA";
    return projected.faces().size() + " faces · " + how + " · " + projected.quality().describe();
  }

  /**
   * A seeded subset of {@code count} indices spanning the ages: faces are taken round-robin over
   * the distinct ages (youngest first), each age's faces in a seeded random order; sorted.
   */
  public static int[] spanningAges(int[] ages, int count, long seed) {
    TreeMap<Integer, List<Integer>> byAge = new TreeMap<>();
    for (int i = 0; i < ages.length; i++) {
      byAge.computeIfAbsent(ages[i], age -> new ArrayList<>()).add(i);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> queues = new ArrayList<>();
    for (List<Integer> members : byAge.values()) {
      int[] order = members.stream().mapToInt(Integer::intValue).toArray();
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      queues.add(order);
    }
    int wanted = Math.min(count, ages.length);
    int[] chosen = new int[wanted];
    int taken = 0;
    for (int round = 0; taken < wanted; round++) {
      for (int[] queue : queues) {
        if (round < queue.length && taken < wanted) {
          chosen[taken++] = queue[round];
        }
      }
    }
    Arrays.sort(chosen);
    return chosen;
  }

  private static int[] allIndices(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  /** The run folder's split.json for a model inside a run folder (or its checkpoints folder). */
  static Path splitBeside(Path model) {
    if (model == null || model.toAbsolutePath().getParent() == null) {
      return null;
    }
    Path folder = model.toAbsolutePath().getParent();
    for (int up = 0; up < 2 && folder != null; up++) {
      Path split = folder.resolve("split.json");
      if (Files.isRegularFile(split)) {
        return split;
      }
      folder = folder.getParent();
    }
    return null;
  }

  private static Map<String, String> besideSplitLabels(Path splitFile, Dataset data) {
    if (splitFile == null) {
      return Map.of();
    }
    try {
      return splitLabels(SplitFiles.load(splitFile, data));
    } catch (UserFacingException e) {
      // the run's split of another dataset (the model's training data) does not label these faces
      return Map.of();
    }
  }

  private static Map<String, String> splitLabels(DatasetSplit split) {
    Map<String, String> labels = new HashMap<>();
    split.trainIds().forEach(id -> labels.put(id, "train"));
    split.validationIds().forEach(id -> labels.put(id, "validation"));
    split.testIds().forEach(id -> labels.put(id, "test"));
    return labels;
  }
}
