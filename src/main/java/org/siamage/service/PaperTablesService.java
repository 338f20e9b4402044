package org.siamage.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.siamage.config.ExperimentConfig;
import org.siamage.config.TrainingConfig;
import org.siamage.core.AtomicFiles;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.eval.AgeMetrics;
import org.siamage.eval.EvaluationReportWriter;
import org.siamage.eval.PaperTables;
import org.siamage.train.RunFolder;
import org.siamage.train.RunOutcome;
import org.siamage.train.TrainingListener;

/**
 * Runs the paper's three comparisons on any dataset: the loss table (revised contrastive vs
 * contrastive vs triplet vs lifted structure, same budget, with a plain-regression row: the same
 * backbone trained with an age head alone), the gender table (reference vote from
 * the age-only embedding vs the multi-task head) and the CS(3)/CS(5) table. Each variant is a
 * normal run in its own sub-folder, on the same split; finished runs are reused when the command
 * is repeated, so an interrupted comparison continues where it stopped.
 */
public final class PaperTablesService {
  /** The loss-table variants, in the paper's order. */
  public static final List<TrainingConfig.Loss> LOSSES = List.of(TrainingConfig.Loss.REVISED_CONTRASTIVE,
      TrainingConfig.Loss.CONTRASTIVE, TrainingConfig.Loss.TRIPLET, TrainingConfig.Loss.LIFTED);
  static final String AGE_ONLY_RUN = "revised-contrastive-age-only";
  static final String REGRESSION_RUN = "plain-regression";

  private final TrainingService training;

  public PaperTablesService(TrainingService training) {
    this.training = training;
  }

  /**
   * @param base the experiment; its loss and gender-head settings are varied
   * @param folder holds one run folder per variant and {@code paper-tables.md}
   */
  public PaperTables run(ExperimentConfig base, Path folder, TrainingListener listener, ProgressListener progress,
      StopToken stop) throws IOException {
    List<PaperTables.LossResult> losses = new ArrayList<>();
    AgeMetrics headRun = null;
    for (TrainingConfig.Loss loss : LOSSES) {
      ExperimentConfig variant = base.withTraining(base.training().withLoss(loss))
          .withModel(base.model().withGenderHead(true));
      AgeMetrics metrics = runOrReuse(variant, folder.resolve(loss.wireName()), listener, progress, stop);
      losses.add(PaperTables.LossResult.of(loss.wireName(), metrics));
      if (loss == TrainingConfig.Loss.REVISED_CONTRASTIVE) {
        headRun = metrics;
      }
    }
    ExperimentConfig ageOnly = base.withTraining(base.training().withLoss(TrainingConfig.Loss.REVISED_CONTRASTIVE))
        .withModel(base.model().withGenderHead(false));
    AgeMetrics voteRun = runOrReuse(ageOnly, folder.resolve(AGE_ONLY_RUN), listener, progress, stop);
    AgeMetrics regression = runOrReuse(plainRegression(base), folder.resolve(REGRESSION_RUN), listener, progress,
        stop);
    losses.add(PaperTables.LossResult.of(PaperTables.PLAIN_REGRESSION, regression));
    PaperTables tables = new PaperTables(Path.of(base.data().dataset()).getFileName().toString(),
        splitDescription(base.data()),
        losses, new PaperTables.GenderResult(voteRun.genderAccuracy(), headRun.genderAccuracy()),
        PaperTables.CumulativeScoreResult.of(headRun));
    AtomicFiles.writeString(folder.resolve("paper-tables.md"), tables.toMarkdown());
    return tables;
  }

  /**
   * The plain-regression variant: the same backbone, data and budget without a pair loss, trained
   * with the age head alone (the base's head kind, else {@code bins}, which learned faster than
   * {@code l1} in the 15-minute runs of docs/RESULTS.md) and estimated by that head.
   */
  static ExperimentConfig plainRegression(ExperimentConfig base) {
    TrainingConfig.AgeHead head = base.training().hasAgeHead() ? base.training().ageHead()
        : TrainingConfig.AgeHead.BINS;
    double weight = base.training().hasAgeHead() ? base.training().ageHeadWeight() : 1.0;
    return base.withTraining(base.training().toBuilder().loss(TrainingConfig.Loss.NONE)
            .ageHead(head).ageHeadWeight(weight).build())
        .withModel(base.model().withGenderHead(true))
        .withEvaluation(base.evaluation().withEstimator(org.siamage.config.EvaluationConfig.Estimator.HEAD));
  }

  /** Names the test split the tables are on: the protocol's split file, or the seeded fraction. */
  static String splitDescription(org.siamage.config.DataConfig data) {
    if (data.splitFile() != null && !data.splitFile().isBlank()) {
      return data.splitFile() + " (test part)";
    }
    return String.format(java.util.Locale.ROOT, "%.0f %% test, seed %d", data.testFraction() * 100,
        data.splitSeed());
  }

  private AgeMetrics runOrReuse(ExperimentConfig config, Path runFolder, TrainingListener listener,
      ProgressListener progress, StopToken stop) throws IOException {
    RunFolder run = new RunFolder(runFolder);
    Path report = run.testReport().resolve(EvaluationReportWriter.JSON_FILE);
    if (!Files.isRegularFile(run.model())) {
      listener.onMessage("== " + runFolder.getFileName() + " ==");
      RunOutcome outcome = Files.isRegularFile(run.config())
          ? training.resume(runFolder, listener, progress, stop)
          : training.start(config, runFolder, listener, progress, stop);
      if (!outcome.producedModel()) {
        throw new UserFacingException("Run " + runFolder + " ended without a model: " + outcome.message());
      }
    } else {
      listener.onMessage("== " + runFolder.getFileName() + ": reusing the finished run ==");
    }
    if (!Files.isRegularFile(report)) {
      throw new UserFacingException("Run " + runFolder + " has no test report (is the test fraction 0?)");
    }
    return EvaluationReportWriter.readJson(report).metrics();
  }
}
