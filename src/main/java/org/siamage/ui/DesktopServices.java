package org.siamage.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.siamage.config.ExperimentConfig;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.PairInspectionService;
import org.siamage.service.RunHistoryService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;

/**
 * The services the desktop application needs, handed in by the composition root.
 *
 * @param sampleDataset the bundled sample dataset, when it was found beside the program
 * @param experiment the experiment the Train perspective starts with
 * @param runsFolder where new training runs go (one sub-folder each)
 * @param pairInspectionService the Pair inspector's use cases
 * @param runHistory reads past runs of the runs folder
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
    RunHistoryService runHistory) {

  /** The services, with the Pair inspector's and the run history's built on {@code modelService}. */
  public DesktopServices(WarmupService warmupService, DatasetService datasetService,
      TrainingService trainingService, ModelService modelService, ExperimentConfig experiment,
      Path runsFolder, Optional<Path> sampleDataset) {
    this(warmupService, datasetService, trainingService, modelService, experiment, runsFolder, sampleDataset,
        new PairInspectionService(datasetService, modelService), new RunHistoryService(modelService));
  }
}
