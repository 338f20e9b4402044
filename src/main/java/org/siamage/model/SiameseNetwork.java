package org.siamage.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.siamage.config.ModelConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;

/**
 * The Siamese network as one pure SameDiff graph: one backbone whose parameters exist once (shared
 * weights), run in training mode on the left and right faces stacked into one batch of 2N (one
 * tower call instead of two halves the op count per step; batch norm sees both halves, as in the
 * usual stacked Siamese batch), plus a second call on the {@code input} placeholder in inference
 * mode (batch norm with running statistics) for {@link #embed}. See docs/decisions/0007.
 *
 * <p>Graph placeholders: {@code left}, {@code right} {@code [N, 3, S, S]} NCHW float in [-1, 1];
 * {@code ageLeft}, {@code ageRight} {@code [N]} years; {@code genderLeft}, {@code genderRight}
 * {@code [N]} (1 = female, 0 = male) with {@code genderMaskLeft}, {@code genderMaskRight} (1 =
 * known); {@code input} {@code [N, 3, S, S]} for inference. Outputs: {@code embedding/left},
 * {@code embedding/right} {@code [N, E]}; {@code distance} {@code [N]} (0..2); {@code
 * gender/probability/left|right} {@code [N]}; the loss variables the {@link LossDefinition} names
 * (at least {@code loss/total}); {@code embedding} and {@code gender/probability} for inference.
 *
 * <p>Training uses manual gradients ({@code calculateGradientsAndOutputs}) and ND4J's fused Adam or
 * Nesterov-momentum updaters applied in place, which also returns the named losses of the step in
 * the same pass. Not thread-safe for concurrent calls; methods are synchronized.
 */
public final class SiameseNetwork {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SiameseNetwork.class);
  public static final String LEFT = "left";
  public static final String RIGHT = "right";
  public static final String AGE_LEFT = "ageLeft";
  public static final String AGE_RIGHT = "ageRight";
  public static final String GENDER_LEFT = "genderLeft";
  public static final String GENDER_RIGHT = "genderRight";
  public static final String GENDER_MASK_LEFT = "genderMaskLeft";
  public static final String GENDER_MASK_RIGHT = "genderMaskRight";
  public static final String INPUT = "input";
  public static final String EMBEDDING_LEFT = "embedding/left";
  public static final String EMBEDDING_RIGHT = "embedding/right";
  private static final String EMBEDDING_STACKED = "embedding/stacked";
  public static final String DISTANCE = "distance";
  public static final String GENDER_PROBABILITY_LEFT = "gender/probability/left";
  public static final String GENDER_PROBABILITY_RIGHT = "gender/probability/right";
  public static final String EMBEDDING = "embedding";
  public static final String GENDER_PROBABILITY = "gender/probability";
  /** Inference output of the age head, years {@code [N]}. */
  public static final String AGE_HEAD = "age/head";

  private static final DataType DATA_TYPE = DataType.FLOAT;
  /** Key under which SameDiff stores the gradient graph. */
  private static final String GRADIENT_FUNCTION = "grad";
  /**
   * The most bytes one plan's arrays may take ({@code -Dsiamage.graphPlanMegabytes}, default 1536):
   * a plan keeps a step's arrays between steps, sharing buffers only between arrays whose lives do
   * not overlap. A compact-inception training step at batch 32 takes about 185 MB, a plain-cnn step
   * of 128 faces at 64 px about 1.1 GB; a larger graph (inception-v3 at 299 px) runs in SameDiff.
   */
  private static final long PLAN_MAXIMUM_BYTES = Long.getLong("siamage.graphPlanMegabytes", 1536) << 20;
  private long planMaximumBytes = PLAN_MAXIMUM_BYTES;
  /**
   * Batch shapes a prediction plan keeps arrays for: the webcam's one to three faces, or a chunk and
   * its rest. The prediction plan gets half the byte limit, as its arrays stay while a model is
   * open: at 64 px the webcam's faces take about 1 MB and the pair inspector's 256 occlusion crops
   * about 106 MB; a larger batch runs in SameDiff.
   */
  private static final int PREDICTION_PLAN_SHAPES = 4;

  private final SameDiff sameDiff;
  private final ModelConfig model;
  private final boolean ageHead;
  private final int inputSize;
  private final List<String> lossNames;
  private final List<String> trainableNames;
  private final List<String> stateNames;
  private final List<TowerContext.BatchStatistics> towerStatistics;
  private final List<String> trainingOutputs;
  private final ParameterOptimizer optimizer;
  /** {@code training.weightAveraging}: the average's decay per step, 0 = no average. */
  private final double averageDecay;
  /** Made at the first training step or restore, so inference never pays for a copy of the weights. */
  private WeightAverage average;
  private final List<String> creationOrder;
  /** Whether graphs run through a {@link GraphPlan} (ADR 0044); {@code -Dsiamage.graphPlan=false} turns it off. */
  private boolean planned = !"false".equals(System.getProperty("siamage.graphPlan"));
  private final List<String> evaluationOutputs;
  private final List<String> predictionOutputs;
  private final PlannedGraph trainingPlan;
  private final PlannedGraph evaluationPlan;
  private final PlannedGraph predictionPlan;
  private Map<String, String> gradientNames;

  private SiameseNetwork(
      SameDiff sameDiff,
      ModelConfig model,
      boolean ageHead,
      int inputSize,
      List<String> lossNames,
      List<String> stateNames,
      List<String> creationOrder,
      TowerContext tower,
      TrainingConfig training,
      List<String> decayedNames) {
    this.sameDiff = sameDiff;
    this.model = model;
    this.ageHead = ageHead;
    this.inputSize = inputSize;
    this.lossNames = List.copyOf(lossNames);
    this.stateNames = List.copyOf(stateNames);
    this.creationOrder = List.copyOf(creationOrder);
    this.towerStatistics = tower.statistics();
    List<String> trainable = new ArrayList<>();
    for (SDVariable variable : sameDiff.variables()) {
      if (variable.getVariableType() == VariableType.VARIABLE) {
        trainable.add(variable.name());
      }
    }
    this.trainableNames = List.copyOf(trainable);
    this.optimizer = new ParameterOptimizer(training, trainableNames, decayedNames,
        name -> sameDiff.getVariable(name).getArr());
    this.averageDecay = training.weightAveraging();
    List<String> outputs = new ArrayList<>(lossNames);
    outputs.add(DISTANCE);
    for (TowerContext.BatchStatistics statistics : towerStatistics) {
      outputs.add(statistics.mean().name());
      outputs.add(statistics.variance().name());
    }
    this.trainingOutputs = List.copyOf(outputs);
    List<String> evaluation = new ArrayList<>(lossNames);
    evaluation.add(DISTANCE);
    this.evaluationOutputs = List.copyOf(evaluation);
    List<String> prediction = new ArrayList<>(List.of(EMBEDDING));
    if (model.genderHead()) {
      prediction.add(GENDER_PROBABILITY);
    }
    if (ageHead) {
      prediction.add(AGE_HEAD);
    }
    this.predictionOutputs = List.copyOf(prediction);
    // made on first use; planMaximumBytes is read then, so a test's limit applies
    this.trainingPlan = new PlannedGraph("training", () -> GraphPlan.of(sameDiff.getFunction(GRADIENT_FUNCTION),
        trainingPlanOutputs(), 2, planMaximumBytes));
    this.evaluationPlan = new PlannedGraph("evaluation", () -> GraphPlan.of(sameDiff, evaluationOutputs, 2,
        planMaximumBytes));
    this.predictionPlan = new PlannedGraph("prediction", () -> GraphPlan.of(sameDiff, predictionOutputs,
        PREDICTION_PLAN_SHAPES, planMaximumBytes / 2));
  }

  /**
   * Builds the graph, initialises the weights from {@code training.seed()} and prepares the
   * optimizer ({@code adam}, or {@code sgd} = Nesterov momentum with {@code training.momentum()}).
   *
   * @param inputSize side S of the square input in pixels
   */
  public static SiameseNetwork create(
      ModelConfig model, int inputSize, TrainingConfig training, LossDefinition loss) {
    SameDiff sameDiff = SameDiff.create();
    ParameterFactory parameters = new ParameterFactory(sameDiff, DATA_TYPE, training.seed());
    Backbone backbone = Backbones.create(parameters, model, inputSize);
    int headInputs = model.headsOnFeatures() ? backbone.featureSize() : model.embeddingSize();
    SDVariable genderWeights = null;
    SDVariable genderBias = null;
    if (model.genderHead()) {
      genderWeights = parameters.denseWeights("gender-head/weights", headInputs, 1);
      genderBias = parameters.zeros("gender-head/bias", 1);
    }
    AgeHead ageHead = training.hasAgeHead() ? new AgeHead(parameters, training.ageHead(), headInputs) : null;
    long[] imageShape = {-1, 3, inputSize, inputSize};
    SDVariable left = sameDiff.placeHolder(LEFT, DATA_TYPE, imageShape);
    SDVariable right = sameDiff.placeHolder(RIGHT, DATA_TYPE, imageShape);
    SDVariable ageLeft = sameDiff.placeHolder(AGE_LEFT, DATA_TYPE, -1);
    SDVariable ageRight = sameDiff.placeHolder(AGE_RIGHT, DATA_TYPE, -1);

    TowerContext towerContext = TowerContext.training();
    Backbone.Tower stacked = backbone.tower(sameDiff.concat(0, left, right), EMBEDDING_STACKED, towerContext);
    SDVariable[] halves = sameDiff.split(stacked.embedding(), 2, 0);
    SDVariable embeddingLeft = sameDiff.identity(EMBEDDING_LEFT, halves[0]);
    SDVariable embeddingRight = sameDiff.identity(EMBEDDING_RIGHT, halves[1]);
    SDVariable distance = Distances.pairDistance(sameDiff, DISTANCE, embeddingLeft, embeddingRight);
    SDVariable headInput = model.headsOnFeatures() ? stacked.features() : stacked.embedding();

    SDVariable logitLeft = null;
    SDVariable logitRight = null;
    SDVariable genderLeft = null;
    SDVariable genderRight = null;
    SDVariable maskLeft = null;
    SDVariable maskRight = null;
    if (model.genderHead()) {
      SDVariable[] logits = sameDiff.split(genderLogit(sameDiff, headInput, genderWeights, genderBias), 2, 0);
      logitLeft = logits[0];
      logitRight = logits[1];
      sameDiff.nn().sigmoid(GENDER_PROBABILITY_LEFT, logitLeft);
      sameDiff.nn().sigmoid(GENDER_PROBABILITY_RIGHT, logitRight);
      genderLeft = sameDiff.placeHolder(GENDER_LEFT, DATA_TYPE, -1);
      genderRight = sameDiff.placeHolder(GENDER_RIGHT, DATA_TYPE, -1);
      maskLeft = sameDiff.placeHolder(GENDER_MASK_LEFT, DATA_TYPE, -1);
      maskRight = sameDiff.placeHolder(GENDER_MASK_RIGHT, DATA_TYPE, -1);
    }
    AgeHead.Outputs ageHeadOutputs = ageHead == null ? null : ageHead.outputs(sameDiff, headInput);
    SiameseGraph graph =
        new SiameseGraph(
            embeddingLeft, embeddingRight, distance, ageLeft, ageRight, logitLeft, logitRight,
            genderLeft, genderRight, maskLeft, maskRight, ageHeadOutputs == null ? null : ageHeadOutputs.years(),
            ageHead == null ? null : ageHead.scale(),
            ageHeadOutputs == null ? null : ageHeadOutputs.binLogProbabilities());
    Map<String, SDVariable> losses = loss.define(sameDiff, graph);
    if (!losses.containsKey(LossDefinition.TOTAL)) {
      throw new IllegalArgumentException("the loss definition must name a variable " + LossDefinition.TOTAL);
    }

    SDVariable input = sameDiff.placeHolder(INPUT, DATA_TYPE, imageShape);
    Backbone.Tower inference = backbone.tower(input, EMBEDDING, TowerContext.inference());
    SDVariable inferenceHeadInput = model.headsOnFeatures() ? inference.features() : inference.embedding();
    if (model.genderHead()) {
      sameDiff.nn().sigmoid(GENDER_PROBABILITY, genderLogit(sameDiff, inferenceHeadInput, genderWeights, genderBias));
    }
    if (ageHead != null) {
      sameDiff.identity(AGE_HEAD, ageHead.years(sameDiff, inferenceHeadInput));
    }

    sameDiff.setLossVariables(LossDefinition.TOTAL);
    QuietGradientBuild.run(sameDiff::createGradFunction);
    List<String> stateNames = parameters.runningStatistics().stream().map(SDVariable::name).toList();
    return new SiameseNetwork(
        sameDiff,
        model,
        training.hasAgeHead(),
        inputSize,
        new ArrayList<>(losses.keySet()),
        stateNames,
        parameters.createdNames(),
        towerContext,
        training,
        parameters.weightNames());
  }

  /**
   * The network a bundle (finished model or checkpoint) describes, with its weights loaded.
   *
   * @param source the bundle's file, named in the message when the weights do not fit
   * @param loss the loss graph of the bundle's training settings (the network is built whole)
   * @throws UserFacingException when the stored tensors do not match the bundle's own architecture
   */
  public static SiameseNetwork fromBundle(org.siamage.model.bundle.ModelBundle bundle, java.nio.file.Path source,
      LossDefinition loss) {
    org.siamage.config.ExperimentConfig config = bundle.config();
    SiameseNetwork network = create(config.model(), config.preprocessing().inputSize(), config.training(), loss);
    Map<String, INDArray> parameters = new LinkedHashMap<>();
    for (org.siamage.model.bundle.NamedTensor tensor : bundle.tensors()) {
      parameters.put(tensor.name(), Nd4j.create(tensor.values(), tensor.shape(), 'c'));
    }
    try {
      network.loadParameters(parameters);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(source + " does not match its own architecture: " + e.getMessage(), e);
    }
    return network;
  }

  private static SDVariable genderLogit(SameDiff sameDiff, SDVariable embedding, SDVariable weights, SDVariable bias) {
    return sameDiff.reshape(sameDiff.nn().linear(embedding, weights, bias), -1);
  }

  public ModelConfig modelConfig() {
    return model;
  }

  public int inputSize() {
    return inputSize;
  }

  public int embeddingSize() {
    return model.embeddingSize();
  }

  /** The underlying graph, for listeners and diagnostics; do not add ops to it. */
  public SameDiff sameDiff() {
    return sameDiff;
  }

  /** Names of the loss variables, {@code loss/total} among them, in definition order. */
  public List<String> lossNames() {
    return lossNames;
  }

  /** Number of trained scalars (weights, biases, batch-norm scales and shifts). */
  public long trainableParameterCount() {
    return trainableNames.stream().mapToLong(name -> sameDiff.getVariable(name).getArr().length()).sum();
  }

  /** Parameter and running-statistic names in the order the backbone created its layers. */
  public List<String> parameterNamesInCreationOrder() {
    return creationOrder;
  }

  /** Optimizer steps taken so far. */
  public int iteration() {
    return optimizer.iteration();
  }

  /**
   * One optimizer step on a batch: forward both towers, backpropagate {@code loss/total}, update
   * every parameter in place, and fold the batch-norm statistics into the running averages.
   *
   * @param learningRate step size for this iteration (&gt; 0), from the caller's schedule
   * @return the batch's losses and distances before the update
   */
  public synchronized StepResult trainStep(PairBatch batch, double learningRate) {
    Map<String, INDArray> inputs = placeholders(batch);
    try {
      Map<String, INDArray> planned = trainingPlan.run(inputs);
      if (planned != null) {
        Map<String, INDArray> gradients = new HashMap<>();
        gradientNames().forEach((parameter, gradient) -> gradients.put(parameter, planned.get(gradient)));
        return update(gradients, planned, learningRate);
      }
      // every array of the step (activations, gradients, outputs) is freed when the execution
      // closes, instead of waiting for the garbage collector (see SafeSessions.open)
      try (SafeSessions.Execution execution = SafeSessions.open(sameDiff, sameDiff.getFunction(GRADIENT_FUNCTION))) {
        OutAndGrad result = sameDiff.calculateGradientsAndOutputs(inputs, trainingOutputs, trainableNames);
        return update(result.getGradients(), result.getOutputs(), learningRate);
      }
    } finally {
      closeAll(inputs.values());
    }
  }

  /** Applies the optimizer to every parameter with a gradient and folds in the batch statistics. */
  private StepResult update(Map<String, INDArray> gradients, Map<String, INDArray> outputs, double learningRate) {
    optimizer.step(gradients, learningRate);
    for (TowerContext.BatchStatistics layer : towerStatistics) {
      layer.layer().updateRunningStatistics(outputs.get(layer.mean().name()), outputs.get(layer.variance().name()));
    }
    WeightAverage averaged = average();
    if (averaged != null) {
      averaged.update(optimizer.iteration());
    }
    return stepResult(outputs);
  }

  /** The training outputs plus the gradient of every parameter, as the gradient function names them. */
  private List<String> trainingPlanOutputs() {
    List<String> outputs = new ArrayList<>(trainingOutputs);
    outputs.addAll(gradientNames().values());
    return outputs;
  }

  /** Each trainable parameter's gradient variable in the gradient function (parameters without one left out). */
  private Map<String, String> gradientNames() {
    if (gradientNames == null) {
      Map<String, String> names = new LinkedHashMap<>();
      for (String parameter : trainableNames) {
        SDVariable gradient = sameDiff.getVariable(parameter).getGradient();
        if (gradient != null) {
          names.put(parameter, gradient.name());
        }
      }
      gradientNames = names;
    }
    return gradientNames;
  }

  /**
   * How often one of the network's graphs ran from its plan and how often SameDiff ran it instead
   * (plans off, graph not plannable, batch over the plan's byte limit).
   */
  public record GraphRuns(long planned, long sameDiff) {}

  /** Runs of the training step graph so far, by path. */
  public synchronized GraphRuns trainingRuns() {
    return trainingPlan.runs();
  }

  /** Runs of the evaluation graph so far, by path. */
  public synchronized GraphRuns evaluationRuns() {
    return evaluationPlan.runs();
  }

  /** Runs of the prediction (inference) graph so far, by path. */
  public synchronized GraphRuns predictionRuns() {
    return predictionPlan.runs();
  }

  private final class PlannedGraph {
    private final String name;
    private final Supplier<Optional<GraphPlan>> planner;
    private GraphPlan plan;
    private boolean unplannable;
    private long plannedRuns;
    private long sameDiffRuns;

    PlannedGraph(String name, Supplier<Optional<GraphPlan>> planner) {
      this.name = name;
      this.planner = planner;
    }

    /**
     * The plan's outputs for {@code inputs}, or null where SameDiff runs them instead: plans
     * switched off, the graph not plannable, or the arrays for these batch shapes over the plan
     * limit (SameDiff frees arrays as it goes). A batch too large for the plan leaves the plan in
     * use for smaller ones (the webcam's faces).
     */
    Map<String, INDArray> run(Map<String, INDArray> inputs) {
      Map<String, INDArray> outputs = planOutputs(inputs);
      if (outputs == null) {
        sameDiffRuns++;
      } else {
        plannedRuns++;
      }
      return outputs;
    }

    private Map<String, INDArray> planOutputs(Map<String, INDArray> inputs) {
      if (!planned || unplannable) {
        return null;
      }
      if (plan == null) {
        plan = planner.get().orElse(null);
        if (plan == null) {
          unplannable = true;
          return null;
        }
      }
      try {
        return plan.run(inputs);
      } catch (GraphPlan.TooLargeException e) {
        LOG.debug("This {} batch runs in SameDiff: {}", name, e.getMessage());
        return null;
      }
    }

    GraphRuns runs() {
      return new GraphRuns(plannedRuns, sameDiffRuns);
    }

    /** Frees the plan's arrays; the next run allocates anew. */
    void release() {
      if (plan != null) {
        plan.close();
      }
    }
  }

  /**
   * The losses and distances of a batch without changing anything. The towers use batch
   * statistics, as in training.
   */
  public synchronized StepResult evaluate(PairBatch batch) {
    Map<String, INDArray> inputs = placeholders(batch);
    try {
      Map<String, INDArray> planned = evaluationPlan.run(inputs);
      if (planned != null) {
        return stepResult(planned);
      }
      try (SafeSessions.Execution execution = SafeSessions.open(sameDiff)) {
        return stepResult(sameDiff.output(inputs, evaluationOutputs));
      }
    } finally {
      closeAll(inputs.values());
    }
  }


  private static void closeAll(java.util.Collection<INDArray> arrays) {
    for (INDArray array : arrays) {
      if (array != null && !array.wasClosed() && array.closeable()) {
        array.close();
      }
    }
  }

  private StepResult stepResult(Map<String, INDArray> outputs) {
    Map<String, Double> losses = new LinkedHashMap<>();
    for (String name : lossNames) {
      losses.put(name, outputs.get(name).getDouble(0));
    }
    return new StepResult(Collections.unmodifiableMap(losses), outputs.get(DISTANCE).toFloatVector());
  }

  /**
   * Embeds faces with the inference tower (running batch-norm statistics), sharing the trained
   * weights.
   *
   * @param images {@code [n·3·S·S]} NCHW float RGB in [-1, 1], row-major
   * @param n number of faces, ≥ 1
   * @return L2-normalised embeddings {@code [n][E]}
   */
  public float[][] embed(float[] images, int n) {
    return predict(images, n).embeddings();
  }

  /** Embeddings and (with a gender head) the probability that each face is female. */
  public synchronized Prediction predict(float[] images, int n) {
    INDArray input = images(images, n, INPUT);
    try {
      Map<String, INDArray> planned = predictionPlan.run(Map.of(INPUT, input));
      if (planned != null) {
        return prediction(planned);
      }
      try (SafeSessions.Execution execution = SafeSessions.open(sameDiff)) {
        return prediction(sameDiff.output(Map.of(INPUT, input), predictionOutputs));
      }
    } finally {
      closeAll(List.of(input));
    }
  }

  private Prediction prediction(Map<String, INDArray> result) {
    float[] female = model.genderHead() ? result.get(GENDER_PROBABILITY).toFloatVector() : null;
    float[] headAge = ageHead ? result.get(AGE_HEAD).toFloatVector() : null;
    return new Prediction(result.get(EMBEDDING).toFloatMatrix(), female, headAge);
  }

  /** Whether the network has an age head (its estimate is {@link Prediction#headAge()}). */
  public boolean hasAgeHead() {
    return ageHead;
  }

  /**
   * Sets the age head's standardisation from the training ages (before training starts; a loaded
   * bundle brings its own). No effect without an age head.
   *
   * @param mean μ, years
   * @param deviation σ, years, &gt; 0
   */
  public synchronized void setAgeStandardisation(double mean, double deviation) {
    if (!ageHead) {
      return;
    }
    sameDiff.getVariable(AgeHead.MEAN).getArr().assign(mean);
    sameDiff.getVariable(AgeHead.SCALE).getArr().assign(Math.max(deviation, 1e-3));
  }

  /**
   * Frees the arrays of the network's graph plans (ADR 0044); the next call plans again. Call it
   * when a run is done with the network: a training plan holds hundreds of MB.
   */
  public synchronized void releasePlans() {
    trainingPlan.release();
    evaluationPlan.release();
    predictionPlan.release();
  }

  /** Runs graphs through SameDiff's own interpreter ({@code false}) or through plans; for comparisons and tests. */
  synchronized void usePlans(boolean usePlans) {
    planned = usePlans;
  }

  /** Sets the byte limit of plans made from now on (default {@link #PLAN_MAXIMUM_BYTES}); for tests. */
  synchronized void limitPlans(long bytes) {
    planMaximumBytes = bytes;
  }

  private Map<String, INDArray> placeholders(PairBatch batch) {
    int n = batch.size();
    Map<String, INDArray> values = new LinkedHashMap<>();
    values.put(LEFT, images(batch.left(), n, LEFT));
    values.put(RIGHT, images(batch.right(), n, RIGHT));
    values.put(AGE_LEFT, vector(batch.ageLeft(), n, AGE_LEFT));
    values.put(AGE_RIGHT, vector(batch.ageRight(), n, AGE_RIGHT));
    if (model.genderHead()) {
      values.put(GENDER_LEFT, vectorOrZeros(batch.genderLeft(), n, GENDER_LEFT));
      values.put(GENDER_RIGHT, vectorOrZeros(batch.genderRight(), n, GENDER_RIGHT));
      values.put(GENDER_MASK_LEFT, vectorOrZeros(batch.genderMaskLeft(), n, GENDER_MASK_LEFT));
      values.put(GENDER_MASK_RIGHT, vectorOrZeros(batch.genderMaskRight(), n, GENDER_MASK_RIGHT));
    }
    return values;
  }

  private INDArray images(float[] pixels, int n, String name) {
    long expected = (long) n * 3 * inputSize * inputSize;
    if (pixels == null || pixels.length != expected) {
      throw new IllegalArgumentException(
          name + ": expected " + expected + " floats for " + n + " images of 3×" + inputSize + "×" + inputSize
              + ", got " + (pixels == null ? "null" : pixels.length));
    }
    return Nd4j.create(pixels, new long[] {n, 3, inputSize, inputSize}, 'c');
  }

  private static INDArray vector(float[] values, int n, String name) {
    if (values == null || values.length != n) {
      throw new IllegalArgumentException(
          name + ": expected " + n + " values, got " + (values == null ? "null" : values.length));
    }
    return Nd4j.createFromArray(values);
  }

  private static INDArray vectorOrZeros(float[] values, int n, String name) {
    return values == null ? Nd4j.zeros(DATA_TYPE, n) : vector(values, n, name);
  }

  /**
   * Copies of the optimizer's per-parameter state, keyed {@code PARAMETER/STATE} (e.g. {@code
   * .../W/M} and {@code .../W/V} for Adam), and with weight averaging the average of each saved
   * array, keyed {@code average/NAME}; sorted. Together with {@link #parameters()} and {@link
   * #iteration()} it lets a resumed run continue exactly where a checkpoint was taken.
   */
  public synchronized Map<String, INDArray> optimizerState() {
    Map<String, INDArray> state = optimizer.state();
    WeightAverage averaged = average();
    if (averaged != null) {
      state.putAll(averaged.state());
    }
    return state;
  }

  /** The average of the saved arrays, made from the current ones on first use; null when averaging is off. */
  private WeightAverage average() {
    if (average == null && averageDecay > 0) {
      List<String> names = new ArrayList<>(trainableNames);
      names.addAll(stateNames);
      average = new WeightAverage(averageDecay, names, name -> sameDiff.getVariable(name).getArr());
    }
    return average;
  }

  /** Whether this network keeps a moving average of its weights ({@code training.weightAveraging} &gt; 0). */
  public boolean averagesWeights() {
    return averageDecay > 0;
  }

  /**
   * Copies of the moving average of every saved array, by variable name (sorted), in the form
   * {@link #loadParameters} takes; before the first step they equal {@link #parameters()}.
   *
   * @throws IllegalStateException when the network keeps no average ({@link #averagesWeights()} is false)
   */
  public synchronized Map<String, INDArray> averagedParameters() {
    WeightAverage averaged = average();
    if (averaged == null) {
      throw new IllegalStateException("training.weightAveraging is 0: this network keeps no weight average");
    }
    return averaged.averages();
  }

  /**
   * Restores optimizer state saved by {@link #optimizerState()} and the iteration counter (Adam's
   * bias correction depends on it).
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped state array
   */
  public synchronized void loadOptimizerState(Map<String, INDArray> values, int iterations) {
    WeightAverage averaged = average();
    if (averaged != null) {
      averaged.check(values); // before the optimizer changes anything
    }
    optimizer.loadState(values, iterations);
    if (averaged != null) {
      averaged.loadState(values);
    }
  }

  /**
   * Copies of every saved array: trained parameters and batch-norm running statistics, by
   * variable name (sorted).
   */
  public synchronized Map<String, INDArray> parameters() {
    Map<String, INDArray> copies = new TreeMap<>();
    for (String name : trainableNames) {
      copies.put(name, sameDiff.getVariable(name).getArr().dup());
    }
    for (String name : stateNames) {
      copies.put(name, sameDiff.getVariable(name).getArr().dup());
    }
    return copies;
  }

  /**
   * Overwrites parameters and running statistics. Every array of {@link #parameters()} must be
   * present with the same shape. Resets nothing else (optimizer state is kept).
   *
   * @throws IllegalArgumentException naming the first missing or mis-shaped array
   */
  public synchronized void loadParameters(Map<String, INDArray> values) {
    List<String> names = new ArrayList<>(trainableNames);
    names.addAll(stateNames);
    for (String name : names) {
      INDArray value = values.get(name);
      INDArray target = sameDiff.getVariable(name).getArr();
      if (value == null) {
        throw new IllegalArgumentException("parameter '" + name + "' is missing");
      }
      if (!Arrays.equals(value.shape(), target.shape())) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' has shape " + Arrays.toString(value.shape())
                + ", the network expects " + Arrays.toString(target.shape()));
      }
    }
    for (String name : names) {
      sameDiff.getVariable(name).getArr().assign(values.get(name));
    }
  }
}
