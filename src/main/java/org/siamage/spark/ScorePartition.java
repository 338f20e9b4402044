package org.siamage.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.infer.FaceModel;
import org.siamage.infer.FacePrediction;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;

/**
 * Scores one partition of (id, path) rows on an executor: the same preprocessing and batched
 * forward passes as {@code siamage predict} ({@link ModelService#predict}), one output row per input
 * row. An image that cannot be read or shows no face gives a row with its {@code error} set; nothing
 * an image does fails the task.
 *
 * <p>Only strings and numbers travel with the function: SameDiff and INDArray are not serialisable,
 * so each executor loads the shipped bundle itself ({@link ExecutorModels}).
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Images decoded, detected and embedded together: the block size of {@code siamage predict}. */
  static final int BLOCK = 256;

  private final ScoringRequest.Mode mode;
  private final String modelFileName;
  private final String modelSha256;
  private final String relativeTo;

  /**
   * @param modelFileName the bundle's file name as shipped with {@code SparkContext.addFile}
   * @param modelSha256 the content the driver checked
   * @param relativeTo the folder relative paths are resolved against, or empty to leave them as they are
   */
  ScorePartition(ScoringRequest.Mode mode, String modelFileName, String modelSha256, String relativeTo) {
    this.mode = mode;
    this.modelFileName = modelFileName;
    this.modelSha256 = modelSha256;
    this.relativeTo = relativeTo;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    FaceModel model = ExecutorModels.get(modelSha256, Path.of(SparkFiles.get(modelFileName)));
    TaskContext task = TaskContext.get();
    int threads = task == null ? 1 : Math.max(1, task.cpus());
    ModelService models = new ModelService(new DatasetService(threads));
    return new Iterator<>() {
      private final List<Row> ready = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < ready.size()) {
          return true;
        }
        ready.clear();
        next = 0;
        List<Row> block = new ArrayList<>(BLOCK);
        while (block.size() < BLOCK && input.hasNext()) {
          block.add(input.next());
        }
        if (!block.isEmpty()) {
          ready.addAll(score(models, model, threads, block));
        }
        return next < ready.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  private List<Row> score(ModelService models, FaceModel model, int threads, List<Row> block) {
    List<Path> images = new ArrayList<>(block.size());
    for (Row row : block) {
      images.add(resolve(row.getString(1)));
    }
    List<ModelService.ImageResult> results;
    try {
      results = models.predict(model, images, threads, ProgressListener.silent(), StopToken.never());
    } catch (RuntimeException blockFailed) {
      // One image broke the whole block (a decoder crash, not a reported failure): score the images
      // one by one so only that image gets an error row.
      results = new ArrayList<>(images.size());
      for (Path image : images) {
        results.add(scoreAlone(models, model, image));
      }
    }
    List<Row> rows = new ArrayList<>(block.size());
    for (int i = 0; i < block.size(); i++) {
      rows.add(toRow(block.get(i).getString(0), block.get(i).getString(1), results.get(i)));
    }
    return rows;
  }

  private static ModelService.ImageResult scoreAlone(ModelService models, FaceModel model, Path image) {
    try {
      return models.predict(model, List.of(image), 1, ProgressListener.silent(), StopToken.never()).get(0);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new ModelService.ImageResult(image, null, image + ": " + reason);
    }
  }

  private Path resolve(String path) {
    Path image = Path.of(path);
    return image.isAbsolute() || relativeTo.isEmpty() ? image : Path.of(relativeTo).resolve(image);
  }

  private Row toRow(String id, String path, ModelService.ImageResult result) {
    FacePrediction p = result.prediction();
    if (p == null) {
      String problem = result.problem() == null || result.problem().isBlank() ? "no result" : result.problem();
      return RowFactory.create(id, path, null, null, null, null, null, null, problem);
    }
    if (mode == ScoringRequest.Mode.EMBED) {
      return RowFactory.create(id, path, p.embedding().clone(), null, null, null, null, null, null);
    }
    return RowFactory.create(id, path, p.embedding().clone(), p.age(), p.uncertainty(), p.genderCode(),
        p.femaleProbability(), p.unusual(), null);
  }
}
