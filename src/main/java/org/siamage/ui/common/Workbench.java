package org.siamage.ui.common;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import org.siamage.infer.FaceModel;
import org.siamage.model.bundle.BundleSignatures;
import org.siamage.service.ModelService;

/**
 * What the perspectives share: the model in use, the dataset open in the Data perspective, and
 * requests from one perspective to another (e.g. "inspect these two faces"). Lives on the FX thread;
 * only {@link #loadModel} does work, in the background.
 */
public final class Workbench {
  /** Two faces to open in the Pair inspector; {@code second} may be {@code null} (choose it there). */
  public record PairRequest(FaceInput first, FaceInput second) {
    public PairRequest {
      Objects.requireNonNull(first, "first");
    }
  }

  private final ModelService models;
  private final BackgroundTasks tasks;
  private final StringProperty perspective;
  private final ReadOnlyObjectWrapper<FaceModel> model = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<BundleSignatures.Check> signature = new ReadOnlyObjectWrapper<>();
  private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>();
  private final ObjectProperty<Path> selectedRun = new SimpleObjectProperty<>();
  private final ObjectProperty<PairRequest> pairRequest = new SimpleObjectProperty<>();

  /**
   * @param perspective the main window's current perspective id ("data", "train", "embeddings",
   *     "pairs", "webcam", "results")
   */
  public Workbench(ModelService models, BackgroundTasks tasks, StringProperty perspective) {
    this.models = models;
    this.tasks = tasks;
    this.perspective = perspective;
  }

  public ModelService modelService() {
    return models;
  }

  public BackgroundTasks tasks() {
    return tasks;
  }

  /** The model every perspective uses; {@code null} until one is loaded. */
  public ReadOnlyObjectProperty<FaceModel> modelProperty() {
    return model.getReadOnlyProperty();
  }

  /**
   * Whether the current model's bundle is signed, and by whom ({@code null} without a model); set
   * together with {@link #modelProperty}.
   */
  public ReadOnlyObjectProperty<BundleSignatures.Check> signatureProperty() {
    return signature.getReadOnlyProperty();
  }

  /**
   * Loads a model bundle ({@code .siamage}) in the background, checks its signature against the
   * trusted keys and makes it the current model; a bad file goes to the error dialog and the
   * current model stays.
   */
  public Task<FaceModel> loadModel(Path bundle, Consumer<FaceModel> onLoaded) {
    BundleSignatures.Check[] checked = new BundleSignatures.Check[1];
    Task<FaceModel> task = new Task<>() {
      @Override
      protected FaceModel call() {
        FaceModel loaded = models.load(bundle);
        checked[0] = models.signatures().check(bundle);
        return loaded;
      }
    };
    return tasks.submit("Loading model " + modelName(bundle), task, loaded -> {
      signature.set(checked[0]);
      model.set(loaded);
      if (onLoaded != null) {
        onLoaded.accept(loaded);
      }
    });
  }

  /**
   * How the window names a model ("" for none): its bundle's file name without ".siamage", or the
   * run folder's name for a run's {@code model.siamage} ({@code runs/demo/model.siamage} → "demo").
   */
  public static String modelName(Path bundle) {
    if (bundle == null || bundle.getFileName() == null) {
      return "";
    }
    String name = bundle.getFileName().toString();
    Path folder = bundle.toAbsolutePath().normalize().getParent();
    if (name.equals("model.siamage") && folder != null && folder.getFileName() != null) {
      return folder.getFileName().toString();
    }
    return name.endsWith(".siamage") && name.length() > ".siamage".length()
        ? name.substring(0, name.length() - ".siamage".length()) : name;
  }

  /**
   * Uses an already loaded model (tests, or a model just trained); its signature is checked here,
   * which reads the bundle only when a signature file lies beside it.
   */
  public void useModel(FaceModel loaded) {
    signature.set(loaded == null || loaded.source() == null ? null : models.signatures().check(loaded.source()));
    model.set(loaded);
  }

  /** The dataset folder or index file open in the Data perspective, or {@code null}. */
  public ObjectProperty<Path> datasetProperty() {
    return dataset;
  }

  /** The run folder chosen in the run history (Train/Results), or {@code null}. */
  public ObjectProperty<Path> selectedRunProperty() {
    return selectedRun;
  }

  /** The latest pair request; the Pair inspector listens to it. */
  public ReadOnlyObjectProperty<PairRequest> pairRequestProperty() {
    return pairRequest;
  }

  /** Opens the Pair inspector on two faces (the second may be {@code null}). */
  public void inspectPair(FaceInput first, FaceInput second) {
    pairRequest.set(new PairRequest(first, second));
    show("pairs");
  }

  /** Switches the main window to a perspective by id. */
  public void show(String perspectiveId) {
    perspective.set(perspectiveId);
  }
}
