package org.siamage.ui.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.siamage.data.SkippedItem;
import org.siamage.data.read.DatasetSummary;
import org.siamage.config.PreprocessingConfig;
import org.siamage.service.CropPreview;
import org.siamage.service.DatasetService;
import org.siamage.ui.common.BackgroundTasks;

/** State of the Data perspective: the open dataset, its summary and the filtered faces. */
public final class DataViewModel {
  /** Gender filter choices. */
  public enum GenderFilter {
    ALL("All genders"), FEMALE("Female"), MALE("Male"), UNKNOWN("Unknown");

    private final String label;

    GenderFilter(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private final DatasetService datasets;
  private final BackgroundTasks tasks;
  private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<DatasetSummary> summary = new ReadOnlyObjectWrapper<>();
  private final ObservableList<FaceRecord> allFaces = FXCollections.observableArrayList();
  private final FilteredList<FaceRecord> visibleFaces = new FilteredList<>(allFaces, face -> true);
  private final ObservableList<SkippedItem> skipped = FXCollections.observableArrayList();
  private final IntegerProperty minimumAge = new SimpleIntegerProperty(0);
  private final IntegerProperty maximumAge = new SimpleIntegerProperty(FaceRecord.MAX_AGE);
  private final ObjectProperty<GenderFilter> gender = new SimpleObjectProperty<>(GenderFilter.ALL);
  private final StringProperty nameFilter = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("Open a dataset folder (Ctrl+O).");
  private final ReadOnlyObjectWrapper<CropPreview> cropPreview = new ReadOnlyObjectWrapper<>();
  private final PreprocessingConfig preprocessing;
  private StopToken currentStop;

  /**
   * @param preprocessing the settings whose crop the preview shows (the experiment's)
   */
  public DataViewModel(DatasetService datasets, BackgroundTasks tasks, PreprocessingConfig preprocessing) {
    this.datasets = datasets;
    this.tasks = tasks;
    this.preprocessing = preprocessing;
    minimumAge.addListener((obs, old, value) -> refilter());
    maximumAge.addListener((obs, old, value) -> refilter());
    gender.addListener((obs, old, value) -> refilter());
    nameFilter.addListener((obs, old, value) -> refilter());
  }

  /** Reads {@code path} in the background; the summary and faces update when it is done. */
  public Task<Dataset> open(Path path) {
    if (currentStop != null) {
      currentStop.requestStop();
    }
    StopToken stop = new StopToken();
    currentStop = stop;
    message.set("Reading " + path + " …");
    Task<Dataset> task = new Task<>() {
      @Override
      protected Dataset call() {
        return datasets.open(path, (done, total, text) -> {
          if (isCancelled()) {
            stop.requestStop();
          }
          updateProgress(done, Math.max(total, 1));
          updateMessage(text);
        }, stop);
      }
    };
    task.setOnCancelled(event -> message.set("Opening " + path + " was cancelled."));
    tasks.submit("Opening dataset " + path.getFileName(), task, this::show);
    return task;
  }

  /** Computes, in the background, the crop the network sees for {@code face}. */
  public void previewCrop(FaceRecord face) {
    Task<CropPreview> task = new Task<>() {
      @Override
      protected CropPreview call() {
        return datasets.previewCrop(face.image(), preprocessing);
      }
    };
    tasks.submit("Preprocessing " + face.id(), task, cropPreview::set);
  }

  /** The latest crop preview (null before the first selection). */
  public ReadOnlyObjectProperty<CropPreview> cropPreviewProperty() {
    return cropPreview.getReadOnlyProperty();
  }

  private void show(Dataset opened) {
    DatasetSummary newSummary = datasets.summarize(opened);
    dataset.set(opened);
    summary.set(newSummary);
    allFaces.setAll(opened.faces());
    skipped.setAll(opened.skipped());
    message.set(String.format(Locale.ROOT, "%s: %d usable faces, %d skipped (%s)",
        opened.name(), opened.size(), opened.skipped().size(), opened.format().description()));
  }

  private void refilter() {
    int min = minimumAge.get();
    int max = maximumAge.get();
    GenderFilter wanted = gender.get();
    String name = nameFilter.get() == null ? "" : nameFilter.get().trim().toLowerCase(Locale.ROOT);
    Predicate<FaceRecord> predicate = face ->
        face.age() >= min
            && face.age() <= max
            && (wanted == GenderFilter.ALL || face.gender() == toGender(wanted))
            && (name.isEmpty() || face.id().toLowerCase(Locale.ROOT).contains(name));
    visibleFaces.setPredicate(predicate);
  }

  private static Gender toGender(GenderFilter filter) {
    return switch (filter) {
      case FEMALE -> Gender.FEMALE;
      case MALE -> Gender.MALE;
      default -> Gender.UNKNOWN;
    };
  }

  public ReadOnlyObjectProperty<Dataset> datasetProperty() {
    return dataset.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<DatasetSummary> summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Faces passing the filters, in dataset order. */
  public ObservableList<FaceRecord> visibleFaces() {
    return visibleFaces;
  }

  public ObservableList<SkippedItem> skipped() {
    return skipped;
  }

  public IntegerProperty minimumAgeProperty() {
    return minimumAge;
  }

  public IntegerProperty maximumAgeProperty() {
    return maximumAge;
  }

  public ObjectProperty<GenderFilter> genderProperty() {
    return gender;
  }

  public StringProperty nameFilterProperty() {
    return nameFilter;
  }

  public StringProperty messageProperty() {
    return message;
  }

}
