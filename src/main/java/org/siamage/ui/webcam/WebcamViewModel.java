package org.siamage.ui.webcam;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.siamage.capture.CameraProbe;
import org.siamage.capture.DisplayFrame;
import org.siamage.capture.FrameAnalysis;
import org.siamage.capture.LiveEvent;
import org.siamage.capture.LiveListener;
import org.siamage.capture.LivePipeline;
import org.siamage.capture.LiveSettings;
import org.siamage.capture.SourceSpec;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;
import org.siamage.service.WebcamService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.common.Workbench;

/**
 * State of the Webcam perspective, on the FX thread: the running pipeline, the last message, the
 * stats line, kiosk and privacy modes. The pipeline's events arrive on its thread and are handed
 * over with one {@code runLater} each (they are rare); frames are never pushed: the view pulls the
 * newest one at display rate through {@link #takeLatestFrame()}.
 */
public final class WebcamViewModel {
  /** How the current message should look. */
  public enum Tone { INFO, WARNING, ERROR }

  private final WebcamService webcam;
  private final BackgroundTasks tasks;
  private final Workbench workbench;
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Tone> tone = new ReadOnlyObjectWrapper<>(Tone.INFO);
  private final ReadOnlyStringWrapper overlayMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("Stopped.");
  private final IntegerProperty faceCount = new SimpleIntegerProperty(0);
  private final BooleanProperty kiosk = new SimpleBooleanProperty(false);
  private final BooleanProperty privacy = new SimpleBooleanProperty(false);
  private final ObjectProperty<LiveSettings> settings = new SimpleObjectProperty<>(LiveSettings.defaults());
  private final ObservableList<CameraProbe.CameraInfo> cameras = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper probing = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyObjectWrapper<LiveEvent.Kind> lastEvent = new ReadOnlyObjectWrapper<>();
  private LivePipeline pipeline;
  private SourceSpec currentSource;
  private long framesShown;
  /** Privacy as the operator had it before kiosk mode turned it on; restored when kiosk ends. */
  private boolean privacyBeforeKiosk;

  public WebcamViewModel(WebcamService webcam, BackgroundTasks tasks, Workbench workbench) {
    this.webcam = webcam;
    this.tasks = tasks;
    this.workbench = workbench;
    // a kiosk faces the public: it is private by default, and cannot be made otherwise while open
    kiosk.addListener((obs, was, on) -> {
      if (on) {
        privacyBeforeKiosk = privacy.get();
        privacy.set(true);
      } else {
        privacy.set(privacyBeforeKiosk);
      }
    });
    privacy.addListener((obs, was, on) -> {
      if (!on && kiosk.get()) {
        privacy.set(true);
      }
    });
    workbench.modelProperty().addListener((obs, old, model) -> {
      if (running.get() && currentSource != null) {
        start(currentSource); // use the new model at once
      }
    });
  }

  /** Starts showing {@code source}, replacing what runs now; returns at once. */
  public void start(SourceSpec source) {
    stopQuietly();
    currentSource = source;
    FaceModel model = workbench.modelProperty().get();
    setMessage(Tone.INFO, "Opening " + source.label() + " …");
    overlayMessage.set("");
    running.set(true);
    framesShown = 0;
    // events name the pipeline they come from, so those of one already replaced are ignored
    AtomicReference<LivePipeline> self = new AtomicReference<>();
    LivePipeline started = webcam.start(source, model, settings.get(), new LiveListener() {
      @Override
      public void onEvent(LiveEvent event) {
        Platform.runLater(() -> handle(self.get(), event));
      }
    });
    self.set(started);
    pipeline = started;
  }

  /** Stops the pipeline; the source is released on its thread and "Stopped" follows. */
  public void stop() {
    if (pipeline != null) {
      pipeline.requestStop();
      setMessage(Tone.INFO, "Stopping …");
    }
  }

  private void stopQuietly() {
    if (pipeline != null) {
      pipeline.requestStop();
      pipeline = null;
    }
  }

  private void handle(LivePipeline from, LiveEvent event) {
    if (from != pipeline && event.kind() != LiveEvent.Kind.STOPPED) {
      return;
    }
    lastEvent.set(event.kind());
    switch (event.kind()) {
      case STARTED -> setMessage(Tone.INFO, event.message() + (workbench.modelProperty().get() == null
          ? " (boxes only: no model loaded)" : ""));
      case NO_FACE -> overlayMessage.set("No face in view");
      case FACE_IN_VIEW -> overlayMessage.set("");
      case STREAM_ENDED -> setMessage(Tone.INFO, event.message());
      case NO_CAMERA, CAMERA_BUSY, SOURCE_LOST, UNREADABLE, FAILED -> {
        setMessage(Tone.ERROR, event.message());
        overlayMessage.set("");
      }
      case STOPPED -> {
        if (from == pipeline || pipeline == null) {
          running.set(false);
          pipeline = null;
          stats.set("Stopped.");
          faceCount.set(0);
          overlayMessage.set("");
          if (tone.get() == Tone.INFO && message.get().startsWith("Stopping")) {
            setMessage(Tone.INFO, event.message());
          }
        }
      }
      default -> { }
    }
  }

  /** The newest frame not yet shown, or null (FX thread, called at display rate). */
  public DisplayFrame takeLatestFrame() {
    LivePipeline current = pipeline;
    if (current == null) {
      return null;
    }
    DisplayFrame frame = current.display().takeLatest();
    if (frame != null) {
      framesShown++;
      FrameAnalysis analysis = frame.analysis();
      faceCount.set(analysis.faces().size());
    }
    return frame;
  }

  /** Updates the stats line from a frame (the view calls it a few times a second). */
  public void describe(FrameAnalysis analysis) {
    var t = analysis.timings();
    stats.set(String.format(Locale.ROOT,
        "%.1f frames/s · grab %.1f ms · detect %.1f · track %.1f · align %.1f · network %s"
            + " (each face every %d frames) · latency %.0f ms · %d dropped",
        analysis.framesPerSecond(), t.grab(),
        t.detect(), t.track(), t.align(), t.embed() > 0 ? String.format(Locale.ROOT, "%.0f ms", t.embed()) : "idle",
        analysis.estimateEveryFrames(), t.latency(), analysis.droppedFrames()));
  }

  /** Lists the cameras in the background (each may take up to a few seconds to answer). */
  public void probeCameras() {
    if (probing.get()) {
      return;
    }
    probing.set(true);
    Task<List<CameraProbe.CameraInfo>> task = new Task<>() {
      @Override
      protected List<CameraProbe.CameraInfo> call() {
        updateTitle("Looking for cameras");
        StopToken stop = new StopToken();
        return webcam.cameras(stop);
      }
    };
    task.setOnFailed(event -> probing.set(false));
    task.setOnCancelled(event -> probing.set(false));
    tasks.submit("Looking for cameras", task, found -> {
      probing.set(false);
      cameras.setAll(found);
      if (found.isEmpty() && !running.get()) {
        setMessage(Tone.WARNING, "No camera found. Connect one and press Find cameras, or play a video file,"
            + " an image folder or a stream instead.");
      }
    });
  }

  private void setMessage(Tone newTone, String text) {
    tone.set(newTone);
    message.set(text);
  }

  /** Shown when something the user asked for cannot be done (e.g. a snapshot without a face). */
  public void warn(String text) {
    setMessage(Tone.WARNING, text);
  }

  public void inform(String text) {
    setMessage(Tone.INFO, text);
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Tone> toneProperty() {
    return tone.getReadOnlyProperty();
  }

  /** Text across the picture ("No face in view"), or empty. */
  public ReadOnlyStringProperty overlayMessageProperty() {
    return overlayMessage.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statsProperty() {
    return stats.getReadOnlyProperty();
  }

  public IntegerProperty faceCountProperty() {
    return faceCount;
  }

  public BooleanProperty kioskProperty() {
    return kiosk;
  }

  /**
   * Privacy mode: no picture leaves the Webcam perspective (no Save frame…, no Inspect face), and
   * the picture is cleared on stop. On while kiosk mode is open.
   */
  public BooleanProperty privacyProperty() {
    return privacy;
  }

  public ObservableList<CameraProbe.CameraInfo> cameras() {
    return cameras;
  }

  public ReadOnlyBooleanProperty probingProperty() {
    return probing.getReadOnlyProperty();
  }

  /** The kind of the last pipeline event (for tests). */
  public ReadOnlyObjectProperty<LiveEvent.Kind> lastEventProperty() {
    return lastEvent.getReadOnlyProperty();
  }

  /** Frames drawn since the last start. */
  public long framesShown() {
    return framesShown;
  }

  public Workbench workbench() {
    return workbench;
  }

  /** Stops without waiting (the window is closing). */
  public void shutdown() {
    stopQuietly();
    running.set(false);
  }
}
