package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.config.ConfigDefaults;
import org.siamage.config.ConfigJson;
import org.siamage.core.StopToken;
import org.siamage.service.RunHistoryService.RunStatus;
import org.siamage.service.RunHistoryService.RunSummary;
import org.siamage.train.EpochMetrics;
import org.siamage.train.IterationMetrics;

/**
 * Reading run folders: status from outcome.json and the files present, metrics lines including a
 * line cut off by a crash. The folders are written here the way the trainer writes them; the
 * desktop test reads folders of real training runs.
 */
class RunHistoryServiceTest {
  @TempDir Path runs;

  private final RunHistoryService history = new RunHistoryService(new ModelService(new DatasetService(1)));

  private static final String ITERATION = "{\"type\":\"iteration\",\"epoch\":%d,\"iteration\":%d,\"learningRate\":0.001,"
      + "\"losses\":{\"loss/pair\":0.5,\"loss/total\":0.75},\"meanPositiveDistance\":0.4,"
      + "\"meanNegativeDistance\":null,\"pairsPerSecond\":40.0}\n";
  private static final String EPOCH = "{\"type\":\"epoch\",\"epoch\":%d,\"meanLosses\":{\"loss/total\":0.7},"
      + "\"validationMae\":%s,\"cs3\":0.3,\"cs5\":0.5,\"genderAccuracy\":null,\"best\":true,\"seconds\":10.0}\n";

  private Path run(String name, String metrics, String outcome, boolean model) throws IOException {
    Path folder = runs.resolve(name);
    Files.createDirectories(folder.resolve("checkpoints"));
    ConfigJson.write(ConfigDefaults.experiment(), folder.resolve("config.json"));
    Files.writeString(folder.resolve("split.json"), "{}");
    Files.writeString(folder.resolve("metrics.jsonl"), metrics);
    if (outcome != null) {
      Files.writeString(folder.resolve("outcome.json"), outcome);
    }
    if (model) {
      Files.writeString(folder.resolve("model.siamage"), "bundle");
    }
    return folder;
  }

  @Test
  void tellsFinishedInterruptedAndFailedRunsApart() throws IOException {
    String twoEpochs = ITERATION.formatted(0, 0) + ITERATION.formatted(0, 1) + EPOCH.formatted(0, "12.5")
        + ITERATION.formatted(1, 2) + ITERATION.formatted(1, 3) + EPOCH.formatted(1, "11.25");
    run("finished", twoEpochs, "{\"status\":\"COMPLETED\",\"message\":\"Finished 2 epochs\"}", true);
    run("crashed", twoEpochs + "{\"type\":\"iter", null, false);
    run("diverged", ITERATION.formatted(0, 0), "{\"status\":\"DIVERGED\",\"message\":\"Training diverged\"}", false);
    Files.createDirectories(runs.resolve("not-a-run"));

    List<RunSummary> listed = history.list(runs);
    assertThat(listed).extracting(RunSummary::name).containsExactlyInAnyOrder("finished", "crashed", "diverged");
    RunSummary finished = find(listed, "finished");
    assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(finished.epochsDone()).isEqualTo(2);
    assertThat(finished.epochsPlanned()).isEqualTo(ConfigDefaults.experiment().training().epochs());
    assertThat(finished.bestValidationMae()).isEqualTo(11.25);
    assertThat(finished.hasModel()).isTrue();
    assertThat(finished.resumable()).isFalse();
    RunSummary crashed = find(listed, "crashed");
    assertThat(crashed.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(crashed.message()).isEqualTo("Ended after epoch 2 without a final model");
    assertThat(crashed.resumable()).isTrue();
    RunSummary diverged = find(listed, "diverged");
    assertThat(diverged.status()).isEqualTo(RunStatus.FAILED);
    assertThat(diverged.bestValidationMae()).isNaN();
    assertThat(diverged.message()).isEqualTo("Training diverged");
  }

  @Test
  void replaysMetricsInTheOrderTheyHappenedAndSkipsACutOffLine() throws IOException {
    Path folder = run("crashed", ITERATION.formatted(0, 0) + ITERATION.formatted(0, 1) + EPOCH.formatted(0, "9.0")
        + ITERATION.formatted(1, 2) + "{\"type\":\"iteration\",\"ep", null, false);
    var metrics = history.metrics(folder, new StopToken());
    assertThat(metrics.iterations()).hasSize(3);
    assertThat(metrics.epochs()).extracting(EpochMetrics::validationMae).containsExactly(9.0);
    IterationMetrics second = metrics.iterations().get(1);
    assertThat(second.iterationInEpoch()).isEqualTo(1);
    assertThat(second.iterationsPerEpoch()).isEqualTo(2);
    assertThat(second.losses()).containsEntry("loss/total", 0.75);
    assertThat(second.meanNegativeDistance()).isNaN();
    assertThat(second.elapsedSeconds()).isEqualTo(10.0);
    assertThat(metrics.inOrder()).hasSize(4);
    assertThat(metrics.inOrder().get(2)).isInstanceOf(EpochMetrics.class);
    assertThat(history.metrics(runs.resolve("absent"), new StopToken()).iterations()).isEmpty();
  }

  @Test
  void findsThePaperTablesOfTheComparisonARunBelongsTo() throws IOException {
    Path variant = run("paper/contrastive", "", null, true);
    Files.writeString(runs.resolve("paper").resolve("paper-tables.md"), "# Paper tables\n");
    assertThat(history.list(runs)).extracting(RunSummary::name).contains(Path.of("paper", "contrastive").toString());
    assertThat(RunHistoryService.paperTables(variant)).contains("# Paper tables\n");
    assertThat(RunHistoryService.paperTables(run("alone", "", null, true))).isEmpty();
  }

  private static RunSummary find(List<RunSummary> runs, String name) {
    return runs.stream().filter(run -> run.name().equals(name)).findFirst().orElseThrow();
  }
}
