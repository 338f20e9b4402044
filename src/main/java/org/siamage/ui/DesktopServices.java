package org.siamage.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.siamage.config.ExperimentConfig;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.PairInspectionService;
import org.siamage.service.RunHistoryService;
import org.siamage.service.TrainingService;
import org.siamage.service.WebcamService;
import org.siamage.service.WarmupService;

/**
 * The services the desktop application needs, handed in by the composition root.
 *
 * @param sampleDataset the bundled sample dataset, when it was found beside the program
 * @param experiment the experiment the Train perspective starts with
 * @param runsFolder where new training runs go (one sub-folder each)
 * @param pairInspectionService the Pair inspector's use cases
 * @param runHistory reads past runs of the runs folder
 * @param webcamService cameras and the live pipeline of the Webcam perspective
 */
public record DesktopServices(
    WarmupService warmupService,
    DatasetService datasetService,
    TrainingService trainingService,
    ModelService modelService,
    ExperimentConfig experiment,
    Path runsFolder,
    Optional<Path> sampleDataset,
    PairInspectionService pairInspectionService,
    RunHistoryService runHistory,
    WebcamService webcamService) {

  /** The services, with the Pair inspector's, the run history's and the webcam's built here. */
  public DesktopServices(WarmupService warmupService, DatasetService datasetService,
      TrainingService trainingService, ModelService modelService, ExperimentConfig experiment,
      Path runsFolder, Optional<Path> sampleDataset) {
    this(warmupService, datasetService, trainingService, modelService, experiment, runsFolder, sampleDataset,
        new PairInspectionService(datasetService, modelService), new RunHistoryService(modelService),
        new WebcamService());
  }

  /** The same services with another webcam service (tests hand in their own frame sources). */
  public DesktopServices withWebcamService(WebcamService replacement) {
    return new DesktopServices(warmupService, datasetService, trainingService, modelService, experiment, runsFolder,
        sampleDataset, pairInspectionService, runHistory, replacement);
  }
}
