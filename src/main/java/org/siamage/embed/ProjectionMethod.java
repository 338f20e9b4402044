package org.siamage.embed;

import java.util.Locale;
import org.siamage.config.ProjectionConfig;

/** How embeddings are projected to two dimensions. */
public enum ProjectionMethod {
  /** Principal components 1 and 2: instant, linear, keeps global spread. */
  PCA("pca"),
  /** t-SNE with all-pairs affinities and forces: O(n²) time and memory, for small sets. */
  TSNE_EXACT("tsne-exact"),
  /** t-SNE with sparse k-NN affinities and quadtree forces: O(n log n) per iteration. */
  TSNE_BARNES_HUT("tsne-barnes-hut");

  private final String configName;

  ProjectionMethod(String configName) {
    this.configName = configName;
  }

  /** The name used in {@code projection.method} and on the command line. */
  public String configName() {
    return configName;
  }

  public boolean isTsne() {
    return this != PCA;
  }

  /**
   * The method for a configured one: {@code auto} picks exact t-SNE up to {@code exactLimit} points
   * and Barnes-Hut above.
   */
  public static ProjectionMethod resolve(ProjectionConfig.Method method, int points, int exactLimit) {
    return switch (method) {
      case PCA -> PCA;
      case TSNE_EXACT -> TSNE_EXACT;
      case TSNE_BARNES_HUT -> TSNE_BARNES_HUT;
      case AUTO -> points <= exactLimit ? TSNE_EXACT : TSNE_BARNES_HUT;
    };
  }

  /**
   * The {@code projection.method} a command line names: the config's names in any case, and also
   * {@code tsne} (as {@code auto}) and {@code barnes-hut}; null is {@code auto}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static ProjectionConfig.Method configMethod(String name) {
    String key = name == null ? "auto" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "pca" -> ProjectionConfig.Method.PCA;
      case "tsne-exact" -> ProjectionConfig.Method.TSNE_EXACT;
      case "tsne-barnes-hut", "barnes-hut" -> ProjectionConfig.Method.TSNE_BARNES_HUT;
      case "auto", "tsne" -> ProjectionConfig.Method.AUTO;
      default -> throw new IllegalArgumentException(
          "Unknown projection \"" + name + "\": use pca, tsne, auto, tsne-exact or tsne-barnes-hut");
    };
  }
}
