package org.siamage.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.siamage.cli.BenchCommand;
import org.siamage.cli.DatasetCommand;
import org.siamage.cli.ModelCommands;
import org.siamage.cli.PaperTablesCommand;
import org.siamage.cli.SampleDataCommand;
import org.siamage.cli.SiamageCli;
import org.siamage.cli.TrainCommand;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ConfigJson;
import org.siamage.config.ExperimentConfig;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.ProjectionService;
import org.siamage.service.PairInspectionService;
import org.siamage.service.PaperTablesService;
import org.siamage.service.RunHistoryService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.service.WebcamService;
import org.siamage.ui.DesktopServices;
import org.siamage.ui.SiamageDesktop;

/** Builds every service once and hands them to the command line and the desktop application. */
final class CompositionRoot {
  private final WarmupService warmupService = new WarmupService();
  private final DatasetService datasetService = new DatasetService();
  private final TrainingService trainingService = new TrainingService(datasetService, appVersion());
  private final ModelService modelService = new ModelService(datasetService);
  private final ProjectionService projectionService =
      new ProjectionService(datasetService, Runtime.getRuntime().availableProcessors());
  private final PairInspectionService pairInspectionService =
      new PairInspectionService(datasetService, modelService);
  private final RunHistoryService runHistoryService = new RunHistoryService(modelService);

  SiamageCli commandLine() {
    List<Object> commands = new java.util.ArrayList<>();
    commands.add(new DatasetCommand(datasetService));
    commands.add(new TrainCommand(trainingService));
    commands.addAll(ModelCommands.all(modelService, projectionService, pairInspectionService));
    commands.add(new PaperTablesCommand(new PaperTablesService(trainingService)));
    commands.add(new BenchCommand());
    commands.add(new SampleDataCommand());
    commands.add(new org.siamage.cli.BundleCommand(modelService.signatures()).commandLine());
    return new SiamageCli(commands);
  }

  void startDesktop() {
    ExperimentConfig experiment = ConfigJson.readDefaultExperiment();
    DesktopServices services = new DesktopServices(
        warmupService, datasetService, trainingService, modelService, experiment, Path.of("runs"), locateSampleDataset(),
        pairInspectionService, runHistoryService, new WebcamService());
    try {
      SiamageDesktop.launch(services);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(0);
  }

  static String appVersion() {
    String version = CompositionRoot.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /**
   * The bundled sample faces: in the working folder (run from the project), else beside the jar
   * ({@code target/siamage.jar} → {@code sample-data/faces}).
   */
  static Optional<Path> locateSampleDataset() {
    Path inWorkingFolder = Path.of(ConfigDefaults.SAMPLE_DATASET).toAbsolutePath();
    if (Files.isDirectory(inWorkingFolder)) {
      return Optional.of(inWorkingFolder);
    }
    try {
      Path codeLocation = Path.of(CompositionRoot.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      for (Path folder = codeLocation; folder != null; folder = folder.getParent()) {
        Path candidate = folder.resolve(ConfigDefaults.SAMPLE_DATASET);
        if (Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
