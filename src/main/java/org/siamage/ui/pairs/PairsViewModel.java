package org.siamage.ui.pairs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;
import org.siamage.infer.PairComparison;
import org.siamage.infer.explain.DistanceHistograms;
import org.siamage.infer.explain.OcclusionSettings;
import org.siamage.infer.explain.PairOcclusion;
import org.siamage.service.PairInspectionService;
import org.siamage.service.PairInspectionService.Candidate;
import org.siamage.service.PairInspectionService.InspectedFace;
import org.siamage.service.PairInspectionService.Match;
import org.siamage.ui.common.FaceInput;
import org.siamage.ui.common.Workbench;

/**
 * State of the Pair inspector: two faces as the current model sees them, their distance against an
 * adjustable threshold, the distance histograms, occlusion maps and a one-against-many list. All
 * model work runs as background tasks; results from a face or model that has since changed are
 * dropped.
 */
public final class PairsViewModel {
  /** Which face of the pair. */
  public enum Slot { FIRST, SECOND }

  /** The one message shown while no model is loaded: what is missing and how to get it. */
  public static final String NO_MODEL = "Comparing faces needs a model: open one with File > Open model…"
      + " (Ctrl+M) or train one in the Train perspective.";

  private final PairInspectionService pairs;
  private final Workbench workbench;
  private final ReadOnlyObjectWrapper<FaceInput> firstInput = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<FaceInput> secondInput = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<InspectedFace> first = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<InspectedFace> second = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<PairComparison> comparison = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<DistanceHistograms> histograms = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<PairOcclusion> occlusion = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<byte[]> firstOverlay = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<byte[]> secondOverlay = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper occlusionRunning = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<Map<String, Path>> referenceFiles = new ReadOnlyObjectWrapper<>(Map.of());
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper matchesSource = new ReadOnlyStringWrapper("");
  private final DoubleProperty threshold = new SimpleDoubleProperty(0.3);
  private final IntegerProperty patch = new SimpleIntegerProperty(16);
  private final IntegerProperty stride = new SimpleIntegerProperty(4);
  private final ObservableList<Match> matches = FXCollections.observableArrayList();
  private final int[] generation = new int[2];
  private int pairGeneration;
  private Task<?> occlusionTask;

  public PairsViewModel(PairInspectionService pairs, Workbench workbench) {
    this.pairs = pairs;
    this.workbench = workbench;
    workbench.modelProperty().addListener((obs, old, model) -> modelChanged(model));
    workbench.datasetProperty().addListener((obs, old, dataset) -> loadReferenceFiles(dataset));
    workbench.pairRequestProperty().addListener((obs, old, request) -> {
      if (request != null) {
        setFace(Slot.FIRST, request.first());
        if (request.second() != null) {
          setFace(Slot.SECOND, request.second());
        }
      }
    });
    if (workbench.modelProperty().get() != null) {
      modelChanged(workbench.modelProperty().get());
    } else {
      message.set(NO_MODEL);
    }
    if (workbench.pairRequestProperty().get() != null) {
      Workbench.PairRequest request = workbench.pairRequestProperty().get();
      setFace(Slot.FIRST, request.first());
      if (request.second() != null) {
        setFace(Slot.SECOND, request.second());
      }
    }
  }

  public ReadOnlyObjectProperty<FaceModel> modelProperty() {
    return workbench.modelProperty();
  }

  public ReadOnlyObjectProperty<FaceInput> inputProperty(Slot slot) {
    return (slot == Slot.FIRST ? firstInput : secondInput).getReadOnlyProperty();
  }

  /** The face as the model sees it; null until inspected. */
  public ReadOnlyObjectProperty<InspectedFace> faceProperty(Slot slot) {
    return (slot == Slot.FIRST ? first : second).getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<PairComparison> comparisonProperty() {
    return comparison.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<DistanceHistograms> histogramsProperty() {
    return histograms.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<PairOcclusion> occlusionProperty() {
    return occlusion.getReadOnlyProperty();
  }

  /** PNG of the crop with its occlusion map drawn over it; null until computed. */
  public ReadOnlyObjectProperty<byte[]> overlayProperty(Slot slot) {
    return (slot == Slot.FIRST ? firstOverlay : secondOverlay).getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty occlusionRunningProperty() {
    return occlusionRunning.getReadOnlyProperty();
  }

  /** Image files of the open dataset by face id (empty when none is open). */
  public ReadOnlyObjectProperty<Map<String, Path>> referenceFilesProperty() {
    return referenceFiles.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** What the one-against-many list was computed against. */
  public ReadOnlyStringProperty matchesSourceProperty() {
    return matchesSource.getReadOnlyProperty();
  }

  /** The distance threshold of the verdict, 0..2; set to the model's own when a model loads. */
  public DoubleProperty thresholdProperty() {
    return threshold;
  }

  /** Occlusion patch side in pixels. */
  public IntegerProperty patchProperty() {
    return patch;
  }

  /** Occlusion stride in pixels. */
  public IntegerProperty strideProperty() {
    return stride;
  }

  public ObservableList<Match> matches() {
    return matches;
  }

  /** True when the pair's distance is at or below the threshold. */
  public boolean sameAgeClass() {
    PairComparison current = comparison.get();
    return current != null && current.distance() <= threshold.get();
  }

  /** Puts a face into one slot and inspects it with the current model (if one is loaded). */
  public void setFace(Slot slot, FaceInput input) {
    (slot == Slot.FIRST ? firstInput : secondInput).set(input);
    (slot == Slot.FIRST ? first : second).set(null);
    invalidatePair();
    if (slot == Slot.FIRST) {
      // the one-against-many list belongs to face A: it stays while face B changes
      clearMatches();
    }
    inspect(slot);
  }

  /** Exchanges the two faces. */
  public void swap() {
    FaceInput a = firstInput.get();
    FaceInput b = secondInput.get();
    InspectedFace inspectedA = first.get();
    InspectedFace inspectedB = second.get();
    generation[0]++;
    generation[1]++;
    firstInput.set(b);
    secondInput.set(a);
    invalidatePair();
    clearMatches();
    first.set(inspectedB);
    second.set(inspectedA);
    updateComparison();
  }

  private void modelChanged(FaceModel model) {
    first.set(null);
    second.set(null);
    histograms.set(null);
    invalidatePair();
    clearMatches();
    if (model == null) {
      message.set(NO_MODEL);
      return;
    }
    threshold.set(model.sameClassThreshold());
    OcclusionSettings defaults = OcclusionSettings.defaultsFor(model.inputSize());
    patch.set(defaults.patch());
    stride.set(defaults.stride());
    message.set(String.format(Locale.ROOT, "Model %s: %d references, threshold %.3f for |Δage| ≤ %.0f years (%s)",
        Workbench.modelName(model.source()), model.referenceCount(), model.sameClassThreshold(),
        model.config().training().ageThreshold(),
        model.hasCalibratedThreshold() ? "chosen on validation pairs" : "between the margins"));
    Task<DistanceHistograms> task = new Task<>() {
      @Override
      protected DistanceHistograms call() {
        return pairs.histograms(model);
      }
    };
    workbench.tasks().submit("Pair distances of the reference gallery", task, result -> {
      if (workbench.modelProperty().get() == model) {
        histograms.set(result);
      }
    });
    inspect(Slot.FIRST);
    inspect(Slot.SECOND);
    loadReferenceFiles(workbench.datasetProperty().get());
  }

  private void inspect(Slot slot) {
    FaceModel model = workbench.modelProperty().get();
    FaceInput input = inputProperty(slot).get();
    int index = slot.ordinal();
    int expected = ++generation[index];
    if (input == null) {
      return;
    }
    if (model == null) {
      message.set(NO_MODEL);
      return;
    }
    Task<InspectedFace> task = new Task<>() {
      @Override
      protected InspectedFace call() {
        return pairs.inspect(model, input.label(), input.file(), input.encodedImage());
      }
    };
    workbench.tasks().submit("Inspecting " + input.label(), task, inspected -> {
      if (generation[index] == expected && workbench.modelProperty().get() == model) {
        (slot == Slot.FIRST ? first : second).set(inspected);
        updateComparison();
      }
    });
  }

  private void invalidatePair() {
    pairGeneration++;
    comparison.set(null);
    clearOcclusion();
  }

  private void clearMatches() {
    matches.clear();
    matchesSource.set("");
  }

  private void clearOcclusion() {
    if (occlusionTask != null) {
      occlusionTask.cancel();
      occlusionTask = null;
    }
    occlusion.set(null);
    firstOverlay.set(null);
    secondOverlay.set(null);
    occlusionRunning.set(false);
  }

  private void updateComparison() {
    FaceModel model = workbench.modelProperty().get();
    if (model != null && first.get() != null && second.get() != null) {
      comparison.set(pairs.compare(model, first.get(), second.get()));
    } else {
      comparison.set(null);
    }
  }

  /** The occlusion settings chosen, checked against the model's input size. */
  public OcclusionSettings occlusionSettings() {
    FaceModel model = workbench.modelProperty().get();
    if (model == null) {
      return new OcclusionSettings(patch.get(), stride.get(), OcclusionSettings.MAX_DEFAULT_BATCH);
    }
    OcclusionSettings settings =
        new OcclusionSettings(patch.get(), stride.get(), OcclusionSettings.defaultBatch(model.inputSize()));
    settings.positionsPerSide(model.inputSize());
    return settings;
  }

  /**
   * Computes both occlusion maps in the background (progress and cancel in the status bar).
   *
   * @throws IllegalArgumentException when patch or stride are out of range (message for the user)
   */
  public Task<PairOcclusion> computeOcclusion() {
    FaceModel model = workbench.modelProperty().get();
    InspectedFace a = first.get();
    InspectedFace b = second.get();
    if (model == null || a == null || b == null) {
      message.set("Choose two faces first.");
      return null;
    }
    OcclusionSettings settings = occlusionSettings();
    clearOcclusion();
    int expected = pairGeneration;
    StopToken stop = new StopToken();
    byte[][] overlays = new byte[2][];
    Task<PairOcclusion> task = new Task<>() {
      @Override
      protected PairOcclusion call() {
        PairOcclusion result = pairs.occlusion(model, a, b, settings, (done, total, text) -> {
          if (isCancelled()) {
            stop.requestStop();
          }
          updateProgress(done, total);
          updateMessage(done + " of " + total + " occluded crops");
        }, stop);
        double scaleEnd = Math.max(result.first().largestChange(), result.second().largestChange());
        int scale = Math.max(1, 192 / model.inputSize());
        overlays[0] = PairInspectionService.overlayPng(a.crop(), result.first(), scaleEnd, scale);
        overlays[1] = PairInspectionService.overlayPng(b.crop(), result.second(), scaleEnd, scale);
        return result;
      }
    };
    // BackgroundTasks owns the on-cancelled and on-failed handlers: add to them, do not replace them
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, event -> {
      stop.requestStop();
      occlusionRunning.set(false);
      message.set("Occlusion maps cancelled.");
    });
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, event -> occlusionRunning.set(false));
    occlusionTask = task;
    occlusionRunning.set(true);
    workbench.tasks().submit("Occlusion maps of " + a.label() + " and " + b.label(), task, result -> {
      occlusionRunning.set(false);
      if (pairGeneration != expected) {
        return;
      }
      occlusionTask = null;
      firstOverlay.set(overlays[0]);
      secondOverlay.set(overlays[1]);
      occlusion.set(result);
      message.set(String.format(Locale.ROOT, "Occlusion maps: %d forward passes in %.1f s (patch %d px, stride %d px)",
          result.forwardPasses(), result.seconds(), settings.patch(), settings.stride()));
    });
    return task;
  }

  /** Cancels the running occlusion computation, if any. */
  public void cancelOcclusion() {
    if (occlusionTask != null) {
      occlusionTask.cancel();
    }
  }

  /**
   * Compares the first face with every face of a folder or dataset, nearest first.
   */
  public Task<List<Match>> oneAgainstMany(Path folderOrDataset) {
    FaceModel model = workbench.modelProperty().get();
    InspectedFace query = first.get();
    if (model == null || query == null) {
      message.set("Choose the first face first.");
      return null;
    }
    int expected = generation[0];
    StopToken stop = new StopToken();
    Task<List<Match>> task = new Task<>() {
      @Override
      protected List<Match> call() {
        List<Candidate> candidates = pairs.candidates(folderOrDataset, (done, total, text) -> {}, stop);
        return pairs.oneAgainstMany(model, query, candidates, (done, total, text) -> {
          if (isCancelled()) {
            stop.requestStop();
          }
          updateProgress(done, total);
          updateMessage(text);
        }, stop);
      }
    };
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, event -> stop.requestStop());
    String title = "Comparing " + query.label() + " with " + folderOrDataset.getFileName();
    workbench.tasks().submit(title, task, result -> {
      if (generation[0] == expected) {
        matches.setAll(result);
        matchesSource.set(query.label() + " against " + folderOrDataset);
        message.set(result.size() + " faces compared with " + query.label());
      }
    });
    return task;
  }

  /** The dataset open in the Data perspective, or null. */
  public Path openDataset() {
    return workbench.datasetProperty().get();
  }

  private void loadReferenceFiles(Path dataset) {
    if (dataset == null) {
      referenceFiles.set(Map.of());
      return;
    }
    StopToken stop = new StopToken();
    Task<Map<String, Path>> task = new Task<>() {
      @Override
      protected Map<String, Path> call() {
        return pairs.faceFiles(dataset, (done, total, text) -> {
          if (isCancelled()) {
            stop.requestStop();
          }
        }, stop);
      }
    };
    workbench.tasks().submit("Reference thumbnails from " + dataset.getFileName(), task, files -> {
      if (dataset.equals(workbench.datasetProperty().get())) {
        referenceFiles.set(Map.copyOf(files));
      }
    });
  }

  /** Everything shown, as one report (null until both faces are inspected). */
  public PairInspectionService.PairReport report() {
    FaceModel model = workbench.modelProperty().get();
    PairComparison current = comparison.get();
    if (model == null || current == null) {
      return null;
    }
    return new PairInspectionService.PairReport(model.source().toString(), first.get(), second.get(), current,
        threshold.get(), histograms.get(), occlusion.get(), matches.isEmpty() ? null : List.copyOf(matches));
  }

  /** Writes {@link #report()} as JSON. */
  public void exportJson(Path file) throws IOException {
    PairInspectionService.PairReport report = report();
    if (report == null) {
      throw new IllegalStateException("Choose two faces first.");
    }
    PairInspectionService.writeJson(report, file);
    message.set("Wrote " + file);
  }
}
