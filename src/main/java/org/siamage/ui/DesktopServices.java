package org.siamage.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.siamage.config.ExperimentConfig;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.TrainingService;
import org.siamage.service.WebcamService;
import org.siamage.service.WarmupService;

/**
 * The services the desktop application needs, handed in by the composition root.
 *
 * @param sampleDataset the bundled sample dataset, when it was found beside the program
 * @param experiment the experiment the Train perspective starts with
 * @param runsFolder where new training runs go (one sub-folder each)
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
    WebcamService webcamService) {}
