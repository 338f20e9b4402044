package org.siamage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.siamage.core.AtomicFiles;
import org.siamage.config.ConfigEnum;
import org.siamage.config.PreprocessingConfig;
import org.siamage.config.ProjectionConfig;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.embed.LayoutListener;
import org.siamage.embed.ProjectionMethod;
import org.siamage.eval.AgeMetrics;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.infer.Neighbour;
import org.siamage.infer.PairComparison;
import org.siamage.infer.explain.DistanceHistograms;
import org.siamage.infer.explain.OcclusionSettings;
import org.siamage.infer.explain.PairOcclusion;
import org.siamage.service.ModelService;
import org.siamage.service.PairInspectionService;
import org.siamage.service.ProjectionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The commands that use a trained model bundle: eval, predict, compare, embed. */
public final class ModelCommands {
  private ModelCommands() {}

  /** The {@code --model} option every command here takes. */
  static final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "Model bundle (.siamage).")
    Path model;

    FaceModel load(ModelService models) {
      return models.load(model);
    }
  }

  /** All of them, with services of their own for projections and pair inspection. */
  public static List<Object> all(ModelService models) {
    return all(models, new ProjectionService(models.datasetService(), Runtime.getRuntime().availableProcessors()),
        new PairInspectionService(models.datasetService(), models));
  }

  /** All of them; {@code embed --project} uses {@code projections}, {@code compare} uses {@code pairs}. */
  public static List<Object> all(ModelService models, ProjectionService projections, PairInspectionService pairs) {
    return List.of(new Eval(models), new Predict(models), new Compare(models, pairs), new Embed(models, projections),
        new Frame(models));
  }

  @Command(name = "frame", mixinStandardHelpOptions = true,
      header = "Makes a pre-aligned model crop live faces as its training crops were.",
      description = "Measures how a dataset's pre-aligned images frame the face the detector finds in them "
          + "(crop side over box side, and the crop centre's offset) and writes a copy of the model that crops "
          + "faces from the webcam and from photographs the same way. Training measures this itself; use it "
          + "for models trained before, or to measure on another dataset of the same framing.")
  static final class Frame implements Callable<Integer> {
    private final ModelService models;
    @Spec CommandSpec spec;

    @Mixin ModelOption bundle;

    @Option(names = "--data", required = true, paramLabel = "DATASET",
        description = "The dataset the model was trained on (folder or index file).")
    Path data;

    @Option(names = "--images", defaultValue = "200", paramLabel = "N",
        description = "Images to measure, evenly spread (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE",
        description = "Where the framed model goes (may be the model itself: it is replaced atomically).")
    Path out;

    Frame(ModelService models) {
      this.models = models;
    }

    @Override
    public Integer call() {
      if (images < 10) {
        throw new org.siamage.core.UserFacingException("--images " + images + ": at least 10 are needed");
      }
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      org.siamage.data.preprocess.CropFraming.Measured measured =
          models.measureLiveFraming(bundle.model, data, images, out, progress, new StopToken());
      progress.finish();
      PrintWriter printer = spec.commandLine().getOut();
      printer.println(measured.describe());
      printer.println("wrote " + out);
      printer.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "eval", mixinStandardHelpOptions = true,
      header = "Evaluates a model on a dataset and writes the report.",
      description = "MAE, CS(T), gender accuracy, MAE per age band, every age "
          + "estimator the model has and the pair verdict at τ. Writes report.json, predictions.csv and report.md.")
  static final class Eval implements Callable<Integer> {
    private final ModelService models;
    @Spec CommandSpec spec;

    @Mixin ModelOption bundle;

    @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path data;

    @Option(names = "--split", paramLabel = "SPLIT_JSON",
        description = "Evaluate only the test part of this saved split (default: every face).")
    Path split;

    @Option(names = "--out", paramLabel = "FOLDER", defaultValue = "runs/eval",
        description = "Folder for the report files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--preprocessing", paramLabel = "MODE",
        description = "pre-aligned or detect (find, align and crop each face as the webcam does); default: the"
            + " model's own mode.")
    String preprocessing;

    Eval(ModelService models) {
      this.models = models;
    }

    @Override
    public Integer call() {
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      FaceModel loaded = bundle.load(models);
      PreprocessingConfig.Mode mode = preprocessing == null ? loaded.config().preprocessing().mode()
          : ConfigEnum.parseOption(PreprocessingConfig.Mode.class, "--preprocessing", preprocessing);
      ModelService.Evaluation evaluation = models.evaluate(loaded, data, split, mode, out, progress, new StopToken());
      progress.finish();
      AgeMetrics metrics = evaluation.report().metrics();
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf(Locale.ROOT, "%s, %s: %d faces%n", evaluation.report().name(), evaluation.report().split(),
          metrics.faces());
      printer.printf(Locale.ROOT, "MAE %.2f years, CS(3) %.1f %%, CS(5) %.1f %%%s%n", metrics.mae(),
          100 * metrics.cumulativeScore(3), 100 * metrics.cumulativeScore(5),
          metrics.genderAccuracy() == null ? ""
              : String.format(Locale.ROOT, ", gender accuracy %.1f %%", 100 * metrics.genderAccuracy()));
      for (org.siamage.eval.EstimatorScore score : evaluation.report().estimators()) {
        printer.printf(Locale.ROOT, "  %-10s MAE %.2f years, CS(5) %.1f %% (%s)%n", score.estimator(), score.mae(),
            100 * score.cumulativeScore5(), score.setting());
      }
      org.siamage.eval.PairVerification pairs = evaluation.report().pairVerification();
      if (pairs != null) {
        printer.printf(Locale.ROOT, "Pair verdict at τ = %s years (distance ≤ %.3f): accuracy %.1f %%, balanced"
            + " accuracy %.1f %% over %d pairs; mean distance similar %.3f, dissimilar %.3f%n",
            org.siamage.eval.Formats.number(pairs.ageThreshold()), pairs.threshold(), 100 * pairs.accuracy(),
            100 * pairs.balancedAccuracy(), pairs.pairs(), pairs.meanSimilarDistance(), pairs.meanDissimilarDistance());
      }
      if (!evaluation.unusualFaces().isEmpty()) {
        printer.println("Unusual faces: " + evaluation.unusualFaces());
      }
      evaluation.report().warnings().forEach(warning -> printer.println("Warning: " + warning));
      evaluation.files().forEach(file -> printer.println("wrote " + file));
      printer.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "predict", mixinStandardHelpOptions = true,
      header = "Estimates age and gender of an image, a folder of images or a dataset.",
      description = "Prints CSV (file,age,uncertainty,gender,female_probability,gender_source,problem).")
  static final class Predict implements Callable<Integer> {
    private final ModelService models;
    @Spec CommandSpec spec;

    @Mixin ModelOption bundle;

    @Parameters(paramLabel = "IMAGE|FOLDER", description = "An image file, a folder of images, or a dataset folder"
        + " (its images).")
    Path input;

    @Option(names = "--out", paramLabel = "CSV", description = "Write the CSV to this file instead of stdout.")
    Path out;

    Predict(ModelService models) {
      this.models = models;
    }

    @Override
    public Integer call() throws Exception {
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      FaceModel loaded = bundle.load(models);
      ModelService.ImageList images = models.imagesToPredict(input, progress, new StopToken());
      if (!images.description().isEmpty()) {
        spec.commandLine().getErr().println(images.description());
      }
      List<ModelService.ImageResult> results = models.predict(loaded, images.images(), progress, new StopToken());
      progress.finish();
      if (results.isEmpty()) {
        // no header on standard output and no empty file: a script sees nothing, the user reads why
        spec.commandLine().getErr().println("error: no image to estimate in " + input + " (looked for .jpg, .jpeg,"
            + " .png, .bmp files and for a dataset the readers recognise)");
        spec.commandLine().getErr().flush();
        return ExitCodes.NOTHING_USABLE;
      }
      String csv = ModelService.predictionsCsv(results);
      if (out == null) {
        spec.commandLine().getOut().print(csv);
      } else {
        AtomicFiles.writeString(out, csv);
        spec.commandLine().getOut().println("wrote " + out + " (" + results.size() + " images)");
      }
      spec.commandLine().getOut().flush();
      long usable = results.stream().filter(result -> result.prediction() != null).count();
      if (usable == 0) {
        spec.commandLine().getErr().println(
            "error: none of the " + results.size() + " images gave a face; the problem column says why");
        spec.commandLine().getErr().flush();
      }
      return usable > 0 ? ExitCodes.OK : ExitCodes.NOTHING_USABLE;
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true,
      header = "The learned distance between two faces, the verdict at τ, and both estimates.",
      description = "With --explain: each face's nearest references, where the distance falls among the "
          + "reference gallery's positive and negative pairs, and occlusion maps written as PNG, with "
          + "every number in explain.json.")
  static final class Compare implements Callable<Integer> {
    private final ModelService models;
    private final PairInspectionService pairs;
    @Spec CommandSpec spec;

    @Mixin ModelOption bundle;

    @Parameters(index = "0", paramLabel = "IMAGE1") Path first;

    @Parameters(index = "1", paramLabel = "IMAGE2") Path second;

    @Option(names = "--explain",
        description = "Also list the nearest references and write occlusion maps and explain.json.")
    boolean explain;

    @Option(names = "--out", paramLabel = "FOLDER", defaultValue = "runs/compare",
        description = "Folder for the --explain files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--patch", paramLabel = "PX",
        description = "Occlusion patch side in pixels (default: a quarter of the input size).")
    Integer patch;

    @Option(names = "--stride", paramLabel = "PX",
        description = "Occlusion stride in pixels (default: a sixteenth of the input size).")
    Integer stride;

    Compare(ModelService models, PairInspectionService pairs) {
      this.models = models;
      this.pairs = pairs;
    }

    @Override
    public Integer call() throws IOException {
      FaceModel loaded = bundle.load(models);
      PrintWriter out = spec.commandLine().getOut();
      if (!explain) {
        PairComparison comparison = models.compare(loaded, first, second);
        printComparison(out, comparison);
        describe(out, "first ", comparison.first());
        describe(out, "second", comparison.second());
        out.flush();
        return ExitCodes.OK;
      }
      OcclusionSettings defaults = OcclusionSettings.defaultsFor(loaded.inputSize());
      OcclusionSettings settings;
      try {
        int chosenPatch = patch == null ? defaults.patch() : patch;
        int chosenStride = stride == null ? Math.min(defaults.stride(), chosenPatch) : stride;
        settings = new OcclusionSettings(chosenPatch, chosenStride, defaults.batch());
        settings.positionsPerSide(loaded.inputSize());
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PairInspectionService.InspectedFace a = pairs.inspect(loaded, first.getFileName().toString(), first, null);
      PairInspectionService.InspectedFace b = pairs.inspect(loaded, second.getFileName().toString(), second, null);
      PairComparison comparison = pairs.compare(loaded, a, b);
      printComparison(out, comparison);
      DistanceHistograms histograms = pairs.histograms(loaded);
      out.printf(Locale.ROOT, "among the %s: %.0f %% of %d positive pairs (|Δage| ≤ %.0f) and %.0f %% of %d"
              + " negative pairs lie at or below this distance%n", histograms.source(),
          100 * histograms.positiveShareBelow(comparison.distance()), histograms.positivePairs(),
          histograms.ageThreshold(), 100 * histograms.negativeShareBelow(comparison.distance()),
          histograms.negativePairs());
      describe(out, "first ", comparison.first());
      warn(out, a);
      describe(out, "second", comparison.second());
      warn(out, b);
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      PairOcclusion occlusion = pairs.occlusion(loaded, a, b, settings, progress, new StopToken());
      progress.finish();
      double scaleEnd = Math.max(occlusion.first().largestChange(), occlusion.second().largestChange());
      out.printf(Locale.ROOT, "occlusion maps: patch %d px, stride %d px, %d forward passes, %.2f s;"
              + " largest change in distance %.4f%n", settings.patch(), settings.stride(),
          occlusion.forwardPasses(), occlusion.seconds(), scaleEnd);
      int scale = Math.max(1, 256 / loaded.inputSize());
      Path firstMap = out(this.out, "first-occlusion.png");
      Path secondMap = out(this.out, "second-occlusion.png");
      AtomicFiles.writeBytes(out(this.out, "first-crop.png"), PairInspectionService.cropPng(a.crop(), scale));
      AtomicFiles.writeBytes(out(this.out, "second-crop.png"), PairInspectionService.cropPng(b.crop(), scale));
      AtomicFiles.writeBytes(firstMap,
          PairInspectionService.occlusionFigurePng(a.crop(), occlusion.first(), scaleEnd, scale));
      AtomicFiles.writeBytes(secondMap,
          PairInspectionService.occlusionFigurePng(b.crop(), occlusion.second(), scaleEnd, scale));
      Path json = out(this.out, "explain.json");
      PairInspectionService.writeJson(new PairInspectionService.PairReport(loaded.source().toString(), a, b,
          comparison, comparison.threshold(), histograms, occlusion, null), json);
      out.println("red: a region that makes the faces differ (the distance falls when it is hidden);"
          + " blue: one that makes them alike (the distance rises when it is hidden)");
      for (Path file : List.of(firstMap, secondMap, json)) {
        out.println("wrote " + file);
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static Path out(Path folder, String name) {
      return folder.resolve(name);
    }

    private static void printComparison(PrintWriter out, PairComparison comparison) {
      out.printf(Locale.ROOT, "distance %.4f (0 = identical, 2 = opposite)%n", comparison.distance());
      out.printf(Locale.ROOT, "verdict: %s (threshold %.3f for |Δage| ≤ %.0f years)%n",
          comparison.sameAgeClass() ? "same age class" : "different age class", comparison.threshold(),
          comparison.ageThreshold());
    }

    private static void warn(PrintWriter out, PairInspectionService.InspectedFace face) {
      if (!face.warning().isEmpty()) {
        out.println("       warning: " + face.warning());
      }
    }

    private void describe(PrintWriter out, String label, FacePrediction prediction) {
      out.printf(Locale.ROOT, "%s %s: age %.1f ± %.1f, %s (p(female) %.2f, from the %s)%s%n", label,
          prediction.source(), prediction.age(), prediction.uncertainty(),
          prediction.genderCode().equals("F") ? "female" : "male", prediction.femaleProbability(),
          prediction.genderSource().equals("head") ? "gender head" : "reference vote",
          prediction.note().isEmpty() ? "" : " [" + prediction.note() + "]");
      if (explain) {
        out.println("       nearest references (id, age, distance, weight):");
        for (Neighbour neighbour : prediction.neighbours()) {
          out.printf(Locale.ROOT, "         %-28s %3d  %.4f  %.3f%n", neighbour.id(), neighbour.age(),
              neighbour.distance(), neighbour.weight());
        }
      }
    }
  }

  @Command(name = "embed", mixinStandardHelpOptions = true,
      header = "Writes every face's embedding, or a 2-D map of the faces, to CSV.",
      description = "Writes the embedding of every face of a dataset, with its labels, to CSV; "
          + "with --project, a 2-D map (PCA or t-SNE) of the faces instead: id,image,age,gender,split, "
          + "predicted_age,x,y, its quality numbers, and optionally the figure (--png, --svg). "
          + "With --project, a checkpoint works too (its predicted ages are empty).")
  static final class Embed implements Callable<Integer> {
    private final ModelService models;
    private final ProjectionService projections;
    @Spec CommandSpec spec;

    @Mixin ModelOption bundle;

    @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset folder or index file.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "Output CSV file.")
    Path out;

    @Option(names = "--project", paramLabel = "METHOD",
        description = "Project to 2-D: tsne (exact up to the model's projection.exactLimit faces, Barnes-Hut"
            + " above), pca, tsne-exact or tsne-barnes-hut.")
    String project;

    @Option(names = "--png", paramLabel = "FILE", description = "With --project: also write the figure as PNG.")
    Path png;

    @Option(names = "--svg", paramLabel = "FILE", description = "With --project: also write the figure as SVG.")
    Path svg;

    @Option(names = "--perplexity", paramLabel = "P", description = "t-SNE perplexity, 2..100 (default: the model's"
        + " projection.perplexity).")
    Double perplexity;

    @Option(names = "--iterations", paramLabel = "N", description = "t-SNE iterations, >= 250 (default: the model's"
        + " projection.iterations).")
    Integer iterations;

    @Option(names = "--seed", paramLabel = "N", description = "Projection seed (default: the model's projection.seed).")
    Long seed;

    @Option(names = "--max-faces", paramLabel = "N", defaultValue = "0",
        description = "With --project: a seeded subset of at most N faces spanning the age range (0: all faces).")
    int maxFaces;

    @Option(names = "--split", paramLabel = "SPLIT_JSON",
        description = "Label faces train/validation/test from this split (default: the model's run split, if any).")
    Path split;

    Embed(ModelService models, ProjectionService projections) {
      this.models = models;
      this.projections = projections;
    }

    @Override
    public Integer call() throws Exception {
      ConsoleProgress progress = ConsoleProgress.onStandardError();
      PrintWriter printer = spec.commandLine().getOut();
      if (project == null) {
        if (png != null || svg != null) {
          throw new UserFacingException("--png and --svg need --project tsne or --project pca");
        }
        int faces = models.embed(bundle.load(models), data, out, progress, new StopToken());
        progress.finish();
        printer.println("wrote " + out + " (" + faces + " faces)");
        printer.flush();
        return ExitCodes.OK;
      }
      ProjectionConfig defaults = org.siamage.model.bundle.ModelBundleReader.read(bundle.model).config().projection();
      ProjectionConfig.Method method;
      try {
        method = ProjectionMethod.configMethod(project);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage());
      }
      // the method asked for, not the model's (a model saved with pca still maps with t-SNE here);
      // tsne and auto pick exact or Barnes-Hut by the model's exactLimit
      ProjectionConfig config = new ProjectionConfig(method,
          perplexity != null ? perplexity : defaults.perplexity(),
          iterations != null ? iterations : defaults.iterations(), defaults.exactLimit(),
          seed != null ? seed : defaults.seed());
      checkRange("--perplexity", config.perplexity(), 2, 100);
      checkRange("--iterations", config.iterations(), 250, 100000);
      checkRange("--max-faces", maxFaces, 0, Integer.MAX_VALUE);
      ProjectionService.ProjectedFaces projected = projections.projectBundle(bundle.model, data, maxFaces, split,
          config, null, LayoutListener.none(), progress, new StopToken());
      projections.writeCsv(out, projected.faces(), projected.projection().coordinates());
      List<Path> figures = projections.writeFigure(projected,
          "Embedding of " + bundle.model.getFileName() + " on " + data.toAbsolutePath().normalize().getFileName(), png,
          svg);
      progress.finish();
      printer.printf(Locale.ROOT, "%s of %d faces in %.1f s%n", projected.projection().method().configName(),
          projected.faces().size(), projected.projection().millis() / 1000.0);
      printer.println(projected.quality().describe());
      printer.println("wrote " + out);
      figures.forEach(file -> printer.println("wrote " + file));
      printer.flush();
      return ExitCodes.OK;
    }

    private static void checkRange(String option, double value, double low, double high) {
      if (!(value >= low && value <= high)) {
        throw new UserFacingException(option + " must be " + (long) low + ".." + (high == Integer.MAX_VALUE
            ? "" : String.valueOf((long) high)) + ", was " + value);
      }
    }
  }
}
