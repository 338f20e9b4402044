package org.siamage.embed;

import java.util.Locale;

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
   * The method for a configured name: {@code auto} and {@code tsne} pick exact t-SNE up to {@code
   * exactLimit} points and Barnes-Hut above.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static ProjectionMethod resolve(String name, int points, int exactLimit) {
    String key = name == null ? "auto" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "pca" -> PCA;
      case "tsne-exact" -> TSNE_EXACT;
      case "tsne-barnes-hut", "barnes-hut" -> TSNE_BARNES_HUT;
      case "auto", "tsne" -> points <= exactLimit ? TSNE_EXACT : TSNE_BARNES_HUT;
      default -> throw new IllegalArgumentException(
          "Unknown projection \"" + name + "\": use pca, tsne, auto, tsne-exact or tsne-barnes-hut");
    };
  }
}
