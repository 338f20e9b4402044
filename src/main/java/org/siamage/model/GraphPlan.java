package org.siamage.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.common.util.ArrayUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SameDiff graph's work for a fixed set of outputs, planned once and then run without SameDiff's
 * interpreter.
 *
 * <p>SameDiff 1.0.0-M2.1 works out at every execution which ops are needed, in what order, and when
 * each array may be freed; it looks variables up by name through maps and sets rebuilt per call and
 * allocates every output afresh. For the small networks Siamage trains that bookkeeping costs about
 * as much as a third of a training step and 3–5 MB of Java garbage per forward pass (ADR 0044). A
 * plan does that work once: the ops that the outputs need, in dependency order, each with an {@link
 * OpContext} whose inputs and outputs are bound to arrays that live as long as the plan. A run copies
 * the placeholders into their arrays and executes the ops one after another; nothing is looked up or
 * allocated. An array whose last reader has run lends its buffer to a later output of the same
 * type, order and length (a compact-inception training step keeps 185 of its 456 MB of arrays).
 *
 * <p>The arrays are kept per set of placeholder shapes (a training batch and an epoch's shorter last
 * batch; the webcam's one to three faces), least recently used first out, up to a capacity and
 * within the byte limit. The
 * outputs a run returns are the plan's own arrays: read or copy them before the next run, and never
 * close them.
 *
 * <p>Only graphs without control flow are planned: custom ops, legacy ops (transforms, scalar and
 * pairwise ops, reductions with constant axes) and identities. {@link #of} returns empty for anything
 * else, and the caller keeps SameDiff's own execution. The kernels are SameDiff's, called with the
 * same arguments, so a plan's results are SameDiff's results.
 *
 * <p>Not thread-safe: one caller at a time (the network's methods are synchronised).
 */
final class GraphPlan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphPlan.class);
  /**
   * Time per op kind, summed over runs, when {@code -Dsiamage.graphPlan.profile=true}: logged
   * (INFO) every ten runs, for finding the ops a graph spends its time in.
   */
  private static final Map<String, Long> PROFILE =
      Boolean.getBoolean("siamage.graphPlan.profile") ? new HashMap<>() : null;
  private static int profiledRuns;

  private final SameDiff graph;
  private final List<String> outputs;
  private final List<String> placeholders;
  private final List<Step> steps;
  /** Per step, the buffers free for reuse once it has run. */
  private final List<List<String>> releases;
  private final int capacity;
  private final long maximumBytes;
  /** Arrays per placeholder-shape signature, least recently used first. */
  private final LinkedHashMap<String, Instance> instances = new LinkedHashMap<>(4, 0.75f, true);
  private long lastInstanceBytes;
  /** Shape signatures whose arrays alone exceed the limit: refused at once. */
  private final Set<String> tooLarge = new HashSet<>();

  private enum Kind {
    CUSTOM,
    LEGACY,
    IDENTITY
  }

  /** One op of the plan: its function and the names of its inputs and outputs. */
  private record Step(DifferentialFunction function, Kind kind, String[] inputs, String[] outputs) {}

  private GraphPlan(SameDiff graph, List<String> outputs, List<String> placeholders, List<Step> steps,
      List<List<String>> releases, int capacity, long maximumBytes) {
    this.graph = graph;
    this.outputs = outputs;
    this.placeholders = placeholders;
    this.steps = steps;
    this.releases = releases;
    this.capacity = capacity;
    this.maximumBytes = maximumBytes;
  }

  /**
   * Plans the ops of {@code graph} that {@code outputs} need.
   *
   * @param capacity how many sets of placeholder shapes keep their arrays at once, at least 1
   * @param maximumBytes the most bytes the plan's arrays may take: a set of shapes that alone needs
   *     more throws {@link TooLargeException}; before new shapes are planned, older ones are dropped
   *     until the rest plus one more set the size of the last fit within it
   * @return empty, with the reason logged, where the graph holds an op a plan cannot run
   */
  static Optional<GraphPlan> of(SameDiff graph, Collection<String> outputs, int capacity, long maximumBytes) {
    List<Step> steps = new ArrayList<>();
    Set<String> placeholders = new java.util.LinkedHashSet<>();
    Set<String> visitedOps = new HashSet<>();
    try {
      for (String output : outputs) {
        visit(graph, output, visitedOps, steps, placeholders);
      }
    } catch (UnsupportedOperationException e) {
      LOG.info("Graph not planned, SameDiff runs it: {}", e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new GraphPlan(graph, List.copyOf(outputs), List.copyOf(placeholders), List.copyOf(steps),
        releases(steps, outputs), Math.max(1, capacity), maximumBytes));
  }

  /**
   * For each step, the arrays whose last reader it is (or that nobody reads): their buffers can
   * take later outputs. Named by the op output that owns the buffer; an identity's output shares its
   * input's. The requested outputs are never released.
   */
  private static List<List<String>> releases(List<Step> steps, Collection<String> outputs) {
    Map<String, String> owner = new HashMap<>(); // identity output → the output whose buffer it passes on
    Map<String, Integer> lastUse = new LinkedHashMap<>(); // buffers the plan allocates → last step reading them
    for (int s = 0; s < steps.size(); s++) {
      Step step = steps.get(s);
      for (String input : step.inputs()) {
        String buffer = owner.getOrDefault(input, input);
        if (lastUse.containsKey(buffer)) {
          lastUse.put(buffer, s);
        }
      }
      if (step.kind() == Kind.IDENTITY) {
        owner.put(step.outputs()[0], owner.getOrDefault(step.inputs()[0], step.inputs()[0]));
      } else {
        for (String output : step.outputs()) {
          lastUse.put(output, s); // released right after its own step if nothing reads it
        }
      }
    }
    for (String output : outputs) {
      lastUse.remove(owner.getOrDefault(output, output));
    }
    List<List<String>> releases = new ArrayList<>();
    for (int s = 0; s < steps.size(); s++) {
      releases.add(new ArrayList<>());
    }
    lastUse.forEach((buffer, step) -> releases.get(step).add(buffer));
    return releases;
  }

  /** Depth-first: the op producing {@code variable} after every op it depends on. */
  private static void visit(SameDiff graph, String variable, Set<String> visitedOps, List<Step> steps,
      Set<String> placeholders) {
    Variable meta = graph.getVariables().get(variable);
    if (meta == null) {
      throw new UnsupportedOperationException("no variable " + variable);
    }
    VariableType type = meta.getVariable().getVariableType();
    if (type == VariableType.PLACEHOLDER) {
      placeholders.add(variable);
      return;
    }
    if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
      return;
    }
    String opName = meta.getOutputOfOp();
    if (opName == null || !visitedOps.add(opName)) {
      return;
    }
    SameDiffOp op = graph.getOps().get(opName);
    List<String> controlDependencies = op.getControlDeps();
    if (controlDependencies != null && !controlDependencies.isEmpty()) {
      throw new UnsupportedOperationException("op " + opName + " has control dependencies");
    }
    List<String> inputs = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
    for (String input : inputs) {
      visit(graph, input, visitedOps, steps, placeholders);
    }
    DifferentialFunction function = op.getOp();
    steps.add(new Step(function, kindOf(function, opName), inputs.toArray(String[]::new),
        op.getOutputsOfOp().toArray(String[]::new)));
  }

  private static Kind kindOf(DifferentialFunction function, String opName) {
    String type = function.getClass().getName();
    if (function instanceof Identity) {
      return Kind.IDENTITY;
    }
    // ops whose execution SameDiff special-cases (control flow, tensor arrays, views, assignment,
    // external gradients, sub-graph calls, assertions): not planned
    if (type.contains(".controlflow.") || type.contains(".tensorops.") || type.endsWith(".CreateView")
        || type.endsWith(".Assign") || type.endsWith(".ExternalErrorsFunction") || type.endsWith(".Invoke")
        || type.endsWith(".Assert") || type.endsWith(".GradientBackwardsMarker")) {
      throw new UnsupportedOperationException("op " + opName + " (" + function.getClass().getSimpleName() + ")");
    }
    if (function instanceof CustomOp) {
      return Kind.CUSTOM;
    }
    if (function instanceof Op) {
      return Kind.LEGACY;
    }
    throw new UnsupportedOperationException("op " + opName + " (" + function.getClass().getSimpleName() + ")");
  }

  /** The placeholders the outputs need. */
  List<String> placeholders() {
    return placeholders;
  }

  /** Bytes of the arrays the plan holds now, over all the batch shapes it keeps. */
  long heldBytes() {
    return instances.values().stream().mapToLong(instance -> instance.bytes).sum();
  }

  /**
   * Runs the plan.
   *
   * @param values an array for every placeholder of {@link #placeholders()} (more are ignored); their
   *     contents are copied, so the caller keeps ownership
   * @return the plan's own output arrays by name, valid until the next run or {@link #close()}
   * @throws TooLargeException where the arrays for these shapes would exceed the plan's byte limit
   *     (at once if these shapes were refused before); other shapes still run
   */
  Map<String, INDArray> run(Map<String, INDArray> values) {
    StringBuilder signature = new StringBuilder();
    for (String placeholder : placeholders) {
      INDArray value = values.get(placeholder);
      if (value == null) {
        throw new IllegalArgumentException("No value for placeholder " + placeholder);
      }
      signature.append(placeholder).append(Arrays.toString(value.shape())).append(value.dataType()).append(';');
    }
    Instance instance = instances.get(signature.toString());
    if (instance == null && tooLarge.contains(signature.toString())) {
      throw new TooLargeException(String.format("arrays for %s exceed %d MB", signature, maximumBytes >> 20));
    }
    if (instance == null) {
      // make room first, assuming the new shapes take about what the last ones took: at most
      // `capacity` shapes, and all of them within the byte limit
      while (!instances.isEmpty()
          && (instances.size() >= capacity || heldBytes() + lastInstanceBytes > maximumBytes)) {
        String eldest = instances.keySet().iterator().next();
        instances.remove(eldest).close();
      }
      try {
        instance = new Instance(values);
      } catch (TooLargeException e) {
        tooLarge.add(signature.toString()); // fail fast next time; other shapes still plan
        throw e;
      }
      lastInstanceBytes = instance.bytes;
      instances.put(signature.toString(), instance);
    } else {
      instance.run(values);
    }
    return instance.outputs;
  }

  /** Frees every array the plan allocated; the plan can still run afterwards (allocating anew). */
  @Override
  public void close() {
    for (Instance instance : instances.values()) {
      instance.close();
    }
    instances.clear();
  }

  private static String poolKey(DataType type, char order, long length) {
    return type + "/" + order + "/" + length;
  }

  /**
   * Thrown while the arrays for new shapes are being made, as soon as they would exceed the plan's
   * limit; what was made is freed, and the run produced no outputs.
   */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(String message) {
      super(message);
    }
  }

  /** The arrays and op contexts for one set of placeholder shapes. */
  private final class Instance implements AutoCloseable {
    private final Map<String, INDArray> placeholderArrays = new HashMap<>();
    private final OpContext[] contexts = new OpContext[steps.size()];
    /** Per step, per input: the parameter or constant bound there (null for others), to rebind if replaced. */
    private final String[][] boundVariables = new String[steps.size()][];
    private final INDArray[][] boundArrays = new INDArray[steps.size()][];
    private final List<INDArray> allocated = new ArrayList<>();
    private final Map<String, INDArray> outputs = new LinkedHashMap<>();
    /** Bytes of the arrays this instance allocated (shared buffers counted once). */
    private long bytes;

    /** Allocates by running once: shapes follow from the inputs op by op, as in SameDiff. */
    Instance(Map<String, INDArray> values) {
      Map<String, INDArray> arrays = new HashMap<>();
      Map<String, String> variableAliases = new HashMap<>(); // identity of a parameter → the parameter
      Map<String, ArrayDeque<INDArray>> free = new HashMap<>(); // released buffers by type, order and length
      try {
        for (String placeholder : placeholders) {
          INDArray value = values.get(placeholder);
          INDArray own = allocate(LongShapeDescriptor.fromShape(value.shape(), graph.getVariable(placeholder).dataType()));
          own.assign(value);
          placeholderArrays.put(placeholder, own);
          arrays.put(placeholder, own);
        }
        for (int s = 0; s < steps.size(); s++) {
          Step step = steps.get(s);
          INDArray[] inputs = new INDArray[step.inputs().length];
          boundVariables[s] = new String[inputs.length];
          boundArrays[s] = new INDArray[inputs.length];
          for (int i = 0; i < inputs.length; i++) {
            String name = variableAliases.getOrDefault(step.inputs()[i], step.inputs()[i]);
            INDArray array = arrays.get(name);
            if (array == null) {
              array = graph.getArrForVarName(name); // parameter or constant
              boundVariables[s][i] = name;
              boundArrays[s][i] = array;
            }
            if (array == null) {
              throw new IllegalStateException("No array for " + name + ", input of " + step.function().getOwnName());
            }
            inputs[i] = array;
          }
          if (step.kind() == Kind.IDENTITY) {
            if (boundVariables[s][0] != null) {
              variableAliases.put(step.outputs()[0], boundVariables[s][0]); // follows the parameter if replaced
            } else {
              arrays.put(step.outputs()[0], inputs[0]);
            }
            continue;
          }
          OpContext context = Nd4j.getExecutioner().buildContext();
          contexts[s] = context;
          List<LongShapeDescriptor> shapes = bind(step, context, inputs);
          for (int o = 0; o < shapes.size(); o++) {
            DataType type = graph.getVariable(step.outputs()[o]).dataType();
            LongShapeDescriptor shape = shapes.get(o);
            INDArray output = take(shape.dataType() == type ? shape : shape.asDataType(type), free);
            if (bytes > maximumBytes) {
              throw new TooLargeException(String.format("planned arrays would exceed %d MB", maximumBytes >> 20));
            }
            context.setOutputArray(o, output);
            arrays.put(step.outputs()[o], output);
          }
          execute(step, context);
          for (String buffer : releases.get(s)) {
            INDArray released = arrays.get(buffer);
            if (released != null && !released.isEmpty()) {
              free.computeIfAbsent(poolKey(released.dataType(), released.ordering(), released.length()),
                  key -> new ArrayDeque<>()).push(released);
            }
          }
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      LOG.debug("Planned {} ops, {} MB of arrays, for {}", steps.size(), bytes >> 20, values.keySet());
      for (String output : GraphPlan.this.outputs) {
        INDArray array = arrays.get(variableAliases.getOrDefault(output, output));
        outputs.put(output, array != null ? array : graph.getArrForVarName(variableAliases.getOrDefault(output, output)));
      }
    }

    /**
     * An array of {@code shape} on a released buffer of the same type, order and length (a view
     * with the new shape), or on a new one.
     */
    private INDArray take(LongShapeDescriptor shape, Map<String, ArrayDeque<INDArray>> free) {
      if (!shape.isEmpty()) {
        long length = ArrayUtil.prodLong(shape.getShape());
        ArrayDeque<INDArray> candidates = free.get(poolKey(shape.dataType(), shape.getOrder(), length));
        if (candidates != null && !candidates.isEmpty()) {
          INDArray buffer = candidates.pop();
          return Nd4j.create(buffer.data(), shape.getShape(), Nd4j.getStrides(shape.getShape(), shape.getOrder()),
              buffer.offset(), shape.getOrder(), shape.dataType());
        }
      }
      return allocate(shape);
    }

    private INDArray allocate(LongShapeDescriptor shape) {
      INDArray array;
      // outside any workspace the caller may have open: the arrays outlive it
      try (org.nd4j.linalg.api.memory.MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        array = shape.isEmpty() ? Nd4j.empty(shape.dataType()) : Nd4j.create(shape, false);
      }
      allocated.add(array);
      bytes += array.isEmpty() ? 0 : array.length() * array.dataType().width();
      return array;
    }

    /** Sets the step's inputs and arguments on its context; returns its output shapes. */
    private List<LongShapeDescriptor> bind(Step step, OpContext context, INDArray[] inputs) {
      DifferentialFunction function = step.function();
      if (step.kind() == Kind.CUSTOM) {
        DynamicCustomOp op = (DynamicCustomOp) function;
        context.setArgs(inputs, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
        List<LongShapeDescriptor> shapes = op.calculateOutputShape(context);
        if (shapes == null || shapes.size() != step.outputs().length) {
          throw new IllegalStateException("Output shapes of " + function.getOwnName() + ": " + shapes);
        }
        return shapes;
      }
      boolean axisInput = false;
      if (function instanceof ReduceOp reduce && reduce.getOpType() != Op.Type.REDUCE3 && inputs.length == 2) {
        // the second input is the axis: fixed for the plan (SameDiff reads it at every execution)
        requireConstant(step, 1);
        int[] axis = Shape.normalizeAxis(inputs[0].rank(), inputs[1].toIntVector());
        if (inputs[1].isEmpty()) {
          throw new UnsupportedOperationException("empty reduction axis in " + function.getOwnName());
        }
        function.setDimensions(axis);
        ((BaseReduceOp) reduce).setEmptyReduce(false);
        axisInput = true;
      } else if (function instanceof ScalarOp scalar && inputs.length == 2) {
        requireConstant(step, 1);
        scalar.setScalar(inputs[1]);
      }
      if (inputs.length > 0) {
        context.setInputArray(0, inputs[0]);
        if (inputs.length == 2 && !axisInput) {
          context.setInputArray(1, inputs[1]);
        }
      }
      List<LongShapeDescriptor> shapes = function.calculateOutputShape(context);
      if (shapes == null || shapes.size() != 1) {
        throw new IllegalStateException("Output shape of " + function.getOwnName() + ": " + shapes);
      }
      return shapes;
    }

    private void requireConstant(Step step, int input) {
      SDVariable variable = graph.getVariable(step.inputs()[input]);
      if (variable.getVariableType() != VariableType.CONSTANT) {
        throw new UnsupportedOperationException("input " + input + " of " + step.function().getOwnName()
            + " is not a constant");
      }
    }

    private void execute(Step step, OpContext context) {
      DifferentialFunction function = step.function();
      if (step.kind() == Kind.CUSTOM) {
        Nd4j.exec((CustomOp) function, context);
      } else {
        Nd4j.exec((Op) function, context);
      }
      function.clearArrays();
    }

    /** Copies the placeholders in, rebinds replaced parameters, executes every op. */
    void run(Map<String, INDArray> values) {
      for (Map.Entry<String, INDArray> placeholder : placeholderArrays.entrySet()) {
        placeholder.getValue().assign(values.get(placeholder.getKey()));
      }
      for (int s = 0; s < steps.size(); s++) {
        Step step = steps.get(s);
        if (step.kind() == Kind.IDENTITY) {
          continue;
        }
        OpContext context = contexts[s];
        String[] variables = boundVariables[s];
        for (int i = 0; i < variables.length; i++) {
          if (variables[i] != null) {
            INDArray current = graph.getArrForVarName(variables[i]);
            if (current != boundArrays[s][i]) {
              boundArrays[s][i] = current; // e.g. parameters loaded from a checkpoint
              context.setInputArray(i, current);
            }
          }
        }
        if (PROFILE == null) {
          execute(step, context);
        } else {
          long start = System.nanoTime();
          execute(step, context);
          PROFILE.merge(step.function().opName(), System.nanoTime() - start, Long::sum);
        }
      }
      if (PROFILE != null && ++profiledRuns % 10 == 0) {
        StringBuilder report = new StringBuilder("Op time over 10 runs of " + steps.size() + " ops (ms):");
        PROFILE.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
            .forEach(entry -> report.append(String.format(java.util.Locale.ROOT, " %s %.0f;", entry.getKey(),
                entry.getValue() / 1e6)));
        LOG.info(report.toString());
        PROFILE.clear();
      }
    }

    @Override
    public void close() {
      for (INDArray array : allocated) {
        if (!array.wasClosed() && array.closeable()) {
          array.close();
        }
      }
      allocated.clear();
      for (OpContext context : contexts) {
        if (context != null) {
          try {
            context.close();
          } catch (Exception e) {
            LOG.debug("Closing an op context: {}", e.toString());
          }
        }
      }
    }
  }
}
