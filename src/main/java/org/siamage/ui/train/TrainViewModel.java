package org.siamage.ui.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.concurrent.Task;
import org.siamage.config.ConfigEnum;
import org.siamage.config.ConfigProblem;
import org.siamage.config.ConfigValidator;
import org.siamage.config.DataConfig;
import org.siamage.config.EvaluationConfig;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.ModelConfig;
import org.siamage.config.PreprocessingConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.StopToken;
import org.siamage.service.TrainingService;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;
import org.siamage.train.RunOutcome;
import org.siamage.train.TrainingListener;
import org.siamage.ui.common.BackgroundTasks;

/**
 * State of the Train perspective: the experiment form (one text property per field, validated as
 * the user types), the running training task, and the metrics it produces. Metrics arrive on the
 * training thread and wait in a queue; the view drains it on the FX thread a few times a second,
 * so the training thread never waits for the UI.
 */
public final class TrainViewModel {
  /** Form fields, by the config field they edit. */
  public static final List<String> FIELDS = List.of(
      "data.dataset", "model.backbone", "preprocessing.inputSize", "preprocessing.centreCrop", "model.width",
      "model.embeddingSize", "model.genderHead", "model.headInput", "training.loss", "training.ageThreshold",
      "training.positiveShare", "training.batchAllPairs", "training.balancePairTerms", "training.positiveMargin",
      "training.negativeMargin", "training.genderWeight", "training.ageHead", "training.ageHeadWeight",
      "training.ageLabelSpread", "training.augmentation", "training.erasing", "training.weightDecay",
      "training.weightAveraging",
      "training.optimizer", "training.learningRate", "training.schedule", "training.batchSize", "training.epochs",
      "training.seed", "evaluation.estimator");

  private final TrainingService training;
  private final BackgroundTasks tasks;
  private final Map<String, StringProperty> fields = new LinkedHashMap<>();
  private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
  private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready.");
  private final StringProperty runFolder = new SimpleStringProperty("");
  private final BooleanProperty stopRequested = new SimpleBooleanProperty(false);
  private final Queue<Object> pendingMetrics = new ConcurrentLinkedQueue<>();
  private final Object pauseLock = new Object();
  private volatile boolean pauseRequested;
  private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
  private ExperimentConfig base;
  private StopToken stop;

  public TrainViewModel(TrainingService training, BackgroundTasks tasks, ExperimentConfig initial) {
    this.training = training;
    this.tasks = tasks;
    for (String field : FIELDS) {
      StringProperty property = new SimpleStringProperty("");
      property.addListener((obs, old, value) -> validate());
      fields.put(field, property);
    }
    load(initial);
  }

  /** The text property of a form field. */
  public StringProperty field(String name) {
    return fields.get(name);
  }

  /** Field name → message for every invalid field (empty when the form is valid). */
  public ObservableMap<String, String> problems() {
    return problems;
  }

  public ReadOnlyBooleanProperty validProperty() {
    return valid.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public StringProperty runFolderProperty() {
    return runFolder;
  }

  /** Fills the form from {@code config}; fields the form does not show keep its values. */
  public void load(ExperimentConfig config) {
    base = config;
    set("data.dataset", config.data().dataset());
    set("model.backbone", config.model().backbone());
    set("preprocessing.inputSize", config.preprocessing().inputSize());
    set("preprocessing.centreCrop", config.preprocessing().centreCrop());
    set("model.width", config.model().width());
    set("model.embeddingSize", config.model().embeddingSize());
    set("model.genderHead", config.model().genderHead());
    set("model.headInput", config.model().headInput());
    TrainingConfig t = config.training();
    set("training.loss", t.loss());
    set("training.ageThreshold", t.ageThreshold());
    set("training.positiveShare", t.positiveShare());
    set("training.batchAllPairs", t.batchAllPairs());
    set("training.balancePairTerms", t.balancePairTerms());
    set("training.ageHead", t.ageHead());
    set("training.ageHeadWeight", t.ageHeadWeight());
    set("training.ageLabelSpread", t.ageLabelSpread());
    set("training.augmentation", t.augmentation());
    set("training.erasing", t.erasing());
    set("training.weightDecay", t.weightDecay());
    set("training.weightAveraging", t.weightAveraging());
    set("training.positiveMargin", t.positiveMargin());
    set("training.negativeMargin", t.negativeMargin());
    set("training.genderWeight", t.genderWeight());
    set("training.optimizer", t.optimizer());
    set("training.learningRate", t.learningRate());
    set("training.schedule", t.schedule());
    set("training.batchSize", t.batchSize());
    set("training.epochs", t.epochs());
    set("training.seed", t.seed());
    set("evaluation.estimator", config.evaluation().estimator());
    validate();
  }

  private void set(String field, Object value) {
    fields.get(field).set(String.valueOf(value));
  }

  /**
   * The experiment the form describes, exactly what "Save config" writes and {@code siamage train
   * --config} reads.
   *
   * @throws IllegalStateException when a field is invalid (the problems map says which)
   */
  public ExperimentConfig config() {
    Map<String, String> found = new LinkedHashMap<>();
    ExperimentConfig config = parse(found);
    if (config == null || !found.isEmpty()) {
      throw new IllegalStateException("The form has invalid fields: " + found);
    }
    return config;
  }

  private void validate() {
    if (base == null) {
      return;
    }
    Map<String, String> found = new LinkedHashMap<>();
    ExperimentConfig config = parse(found);
    if (config != null) {
      for (ConfigProblem problem : ConfigValidator.problems(config)) {
        found.putIfAbsent(problem.field(), problem.rule() + " (is " + problem.value() + ")");
      }
    }
    problems.clear();
    problems.putAll(found);
    valid.set(found.isEmpty());
  }

  private ExperimentConfig parse(Map<String, String> found) {
    Parser p = new Parser(found);
    DataConfig d = base.data();
    PreprocessingConfig pre = base.preprocessing();
    ModelConfig m = base.model();
    TrainingConfig t = base.training();
    DataConfig data = new DataConfig(p.text("data.dataset"), d.splitFile(), d.testFraction(),
        d.validationFraction(), d.splitSeed(), d.cacheFolder());
    PreprocessingConfig preprocessing = new PreprocessingConfig(pre.mode(), p.integer("preprocessing.inputSize"),
        pre.cropMargin(), pre.alignEyes(), pre.detector(), p.number("preprocessing.centreCrop"));
    ModelConfig model = new ModelConfig(p.choice("model.backbone", ModelConfig.Backbone.class),
        p.integer("model.width"), p.integer("model.embeddingSize"), p.bool("model.genderHead"), m.initialWeights(),
        p.choice("model.headInput", ModelConfig.HeadInput.class));
    TrainingConfig trainingConfig = t.toBuilder().loss(p.choice("training.loss", TrainingConfig.Loss.class))
        .ageThreshold(p.number("training.ageThreshold")).positiveShare(p.number("training.positiveShare"))
        .positiveMargin(p.number("training.positiveMargin")).negativeMargin(p.number("training.negativeMargin"))
        .genderWeight(p.number("training.genderWeight"))
        .optimizer(p.choice("training.optimizer", TrainingConfig.Optimizer.class))
        .learningRate(p.number("training.learningRate"))
        .schedule(p.choice("training.schedule", TrainingConfig.Schedule.class))
        .batchSize(p.integer("training.batchSize")).epochs(p.integer("training.epochs"))
        .batchAllPairs(p.bool("training.batchAllPairs")).balancePairTerms(p.bool("training.balancePairTerms"))
        .ageHead(p.choice("training.ageHead", TrainingConfig.AgeHead.class))
        .ageHeadWeight(p.number("training.ageHeadWeight"))
        .ageLabelSpread(p.number("training.ageLabelSpread"))
        .augmentation(p.choice("training.augmentation", TrainingConfig.Augmentation.class))
        .erasing(p.number("training.erasing"))
        .weightDecay(p.number("training.weightDecay"))
        .weightAveraging(p.number("training.weightAveraging"))
        .seed(p.longInteger("training.seed")).build();
    EvaluationConfig.Estimator estimator = p.choice("evaluation.estimator", EvaluationConfig.Estimator.class);
    if (!found.isEmpty()) {
      return null;
    }
    return base.withData(data).withPreprocessing(preprocessing).withModel(model).withTraining(trainingConfig)
        .withEvaluation(base.evaluation().withEstimator(estimator));
  }

  /** Reads form text into numbers, recording a message per unreadable field. */
  private final class Parser {
    private final Map<String, String> found;

    Parser(Map<String, String> found) {
      this.found = found;
    }

    String text(String field) {
      return fields.get(field).get().trim();
    }

    /** The value a choice field names by its wire name; null, with a message, for any other text. */
    <E extends Enum<E> & ConfigEnum> E choice(String field, Class<E> type) {
      E value = ConfigEnum.find(type, text(field)).orElse(null);
      if (value == null) {
        ConfigProblem problem = ConfigEnum.problem(field, "\"" + text(field) + "\"", type);
        found.put(field, problem.rule() + " (is " + problem.value() + ")");
      }
      return value;
    }

    int integer(String field) {
      try {
        return Integer.parseInt(text(field));
      } catch (NumberFormatException e) {
        found.put(field, "must be a whole number (is \"" + text(field) + "\")");
        return 0;
      }
    }

    long longInteger(String field) {
      try {
        return Long.parseLong(text(field));
      } catch (NumberFormatException e) {
        found.put(field, "must be a whole number (is \"" + text(field) + "\")");
        return 0;
      }
    }

    double number(String field) {
      try {
        return Double.parseDouble(text(field));
      } catch (NumberFormatException e) {
        found.put(field, "must be a number (is \"" + text(field) + "\")");
        return 0;
      }
    }

    boolean bool(String field) {
      String value = text(field).toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        found.put(field, "must be true or false (is \"" + text(field) + "\")");
      }
      return value.equals("true");
    }
  }

  /**
   * Starts training the form's experiment into {@code folder} in the background.
   *
   * @param onFinished called on the FX thread with the outcome
   */
  public void start(Path folder, Consumer<RunOutcome> onFinished) {
    ExperimentConfig config = config();
    launch(folder, config.training().epochs(), onFinished,
        (listener, progress, token) -> training.start(config, folder, listener, progress, token));
  }

  /**
   * Continues the interrupted run in {@code folder} from its last finished epoch; the form shows
   * that run's experiment.
   */
  public void resume(Path folder, Consumer<RunOutcome> onFinished) {
    ExperimentConfig config = org.siamage.config.ConfigJson.read(folder.resolve("config.json"));
    load(config);
    launch(folder, config.training().epochs(), onFinished,
        (listener, progress, token) -> training.resume(folder, listener, progress, token));
  }

  /** One training call of the service: start or resume. */
  @FunctionalInterface
  private interface TrainingCall {
    RunOutcome run(TrainingListener listener, org.siamage.core.ProgressListener progress, StopToken stop)
        throws Exception;
  }

  private void launch(Path folder, int epochs, Consumer<RunOutcome> onFinished, TrainingCall call) {
    StopToken token = new StopToken();
    stop = token;
    pauseRequested = false;
    pendingMetrics.clear();
    running.set(true);
    stopRequested.set(false);
    runFolder.set(folder.toString());
    status.set("Preparing " + folder + " …");
    Task<RunOutcome> task = new Task<>() {
      @Override
      protected RunOutcome call() throws Exception {
        updateTitle("Training");
        return call.run(new TrainingListener() {
          @Override
          public void onMessage(String message) {
            updateMessage(message);
          }

          @Override
          public void onIteration(IterationMetrics metrics) {
            pendingMetrics.add(metrics);
            if (metrics.iterationInEpoch() == 0) {
              // the status bar's task row says where the run is, not the first epoch's set-up message
              updateMessage("epoch " + (metrics.epoch() + 1) + " of " + epochs);
            }
            updateProgress(metrics.epoch() * (long) metrics.iterationsPerEpoch() + metrics.iterationInEpoch() + 1,
                (long) epochs * metrics.iterationsPerEpoch());
            waitWhilePaused(token);
          }

          @Override
          public void onEpochEnd(EpochMetrics metrics) {
            pendingMetrics.add(metrics);
          }
        }, (done, total, message) -> updateMessage(message), token);
      }

      @Override
      protected void cancelled() {
        token.requestStop();
      }
    };
    task.setOnFailed(event -> {
      running.set(false);
      paused.set(false);
      status.set("Training failed: " + task.getException().getMessage());
    });
    tasks.submit("Training", task, outcome -> {
      running.set(false);
      paused.set(false);
      status.set(outcome.message());
      onFinished.accept(outcome);
    });
  }

  public ReadOnlyBooleanProperty pausedProperty() {
    return paused.getReadOnlyProperty();
  }

  /** Holds the training thread after its current iteration until {@link #resumeTraining()}. */
  public void pause() {
    if (running.get()) {
      pauseRequested = true;
      status.set("Pausing after the current iteration …");
    }
  }

  /** Lets a paused training continue. */
  public void resumeTraining() {
    synchronized (pauseLock) {
      pauseRequested = false;
      pauseLock.notifyAll();
    }
  }

  /** Runs on the training thread between iterations; returns at once unless a pause was asked. */
  private void waitWhilePaused(StopToken token) {
    if (!pauseRequested) {
      return;
    }
    javafx.application.Platform.runLater(() -> {
      paused.set(true);
      status.set("Paused: the run waits between two iterations (Resume continues, Stop ends it)");
    });
    synchronized (pauseLock) {
      while (pauseRequested && !token.isStopRequested()) {
        try {
          pauseLock.wait(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    javafx.application.Platform.runLater(() -> paused.set(false));
  }

  /** Called when metrics arrive: the run is past its preparation. */
  void noteTraining() {
    if (running.get() && !stopRequested.get() && !paused.get()) {
      status.set("Training into " + runFolder.get() + " (Stop ends it after the current iteration)");
    }
  }

  /** Asks the running training to stop after its current iteration. */
  public void stop() {
    if (stop != null) {
      stop.requestStop();
      resumeTraining();
      stopRequested.set(true);
      status.set("Stopping after the current iteration …");
    }
  }

  /** Whether metrics are waiting for the next redraw. */
  public boolean hasPendingMetrics() {
    return !pendingMetrics.isEmpty();
  }

  /** Takes the metrics that arrived since the last call (FX thread). */
  public List<Object> drainMetrics() {
    List<Object> drained = new ArrayList<>();
    for (Object metric = pendingMetrics.poll(); metric != null; metric = pendingMetrics.poll()) {
      drained.add(metric);
    }
    return drained;
  }

  /** One-line summary of an iteration for the status line. */
  static String describe(IterationMetrics metrics, int epochs) {
    double remainingIterations = (double) (epochs - metrics.epoch()) * metrics.iterationsPerEpoch()
        - metrics.iterationInEpoch() - 1;
    double secondsPerIteration = metrics.elapsedSeconds() / Math.max(1, metrics.iteration() + 1);
    return String.format(Locale.ROOT, "epoch %d/%d · iteration %d/%d · loss %.4f · %.0f pairs/s · ETA %s",
        metrics.epoch() + 1, epochs, metrics.iterationInEpoch() + 1, metrics.iterationsPerEpoch(),
        metrics.losses().getOrDefault("loss/total", Double.NaN), metrics.pairsPerSecond(),
        formatSeconds(remainingIterations * secondsPerIteration));
  }

  static String formatSeconds(double seconds) {
    long whole = Math.max(0, Math.round(seconds));
    return whole < 60 ? whole + " s" : String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }
}
