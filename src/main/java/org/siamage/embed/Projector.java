package org.siamage.embed;

import org.siamage.config.ProjectionConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

/** Projects embeddings to 2-D with the method a {@link ProjectionConfig} asks for. */
public final class Projector {
  /** Barnes-Hut accuracy used everywhere (the usual 0.5). */
  public static final double THETA = 0.5;

  private Projector() {}

  /**
   * @param method the method actually used ({@code auto} resolved)
   * @param coordinates {@code [x0, y0, x1, y1, …]}, length 2n
   * @param klDivergence final KL(P‖Q) for t-SNE, NaN for PCA
   * @param millis wall time
   */
  public record Projection(ProjectionMethod method, double[] coordinates, double klDivergence, long millis) {
    public int size() {
      return coordinates.length / 2;
    }
  }

  /**
   * @param data row-major {@code [n × d]} embeddings
   * @param method {@code null} to use {@code config.method()}, else this method
   * @param initial start layout {@code [2n]} for t-SNE (the previous map, to stay aligned) or
   *     {@code null} for PCA initialisation
   * @param threads worker threads (the coordinates do not depend on it)
   * @param layouts receives intermediate t-SNE layouts every {@code layoutEvery} iterations
   */
  public static Projection project(double[] data, int n, int d, ProjectionConfig config, ProjectionMethod method,
      double[] initial, int threads, int layoutEvery, LayoutListener layouts, ProgressListener progress,
      StopToken stop) {
    long start = System.nanoTime();
    ProjectionMethod chosen = method != null ? method : ProjectionMethod.resolve(config.method(), n,
        config.exactLimit());
    if (chosen.isTsne() && n < 4) {
      chosen = ProjectionMethod.PCA;
    }
    if (chosen == ProjectionMethod.PCA) {
      double[] coordinates = Pca.project(data, n, d, config.seed());
      progress.onProgress(1, 1, "PCA done");
      layouts.onLayout(1, 1, coordinates.clone());
      return new Projection(chosen, coordinates, Double.NaN, (System.nanoTime() - start) / 1_000_000);
    }
    Tsne.Options options = new Tsne.Options(config.perplexity(), config.iterations(),
        chosen == ProjectionMethod.TSNE_EXACT, THETA, threads, config.seed(), layoutEvery);
    Tsne.Result result = Tsne.run(data, n, d, options, initial, layouts, progress, stop);
    return new Projection(chosen, result.coordinates(), result.klDivergence(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Convenience for {@code float[]} rows (as a model hands out embeddings). */
  public static double[] flatten(float[][] rows) {
    return Matrices.flatten(rows);
  }
}
