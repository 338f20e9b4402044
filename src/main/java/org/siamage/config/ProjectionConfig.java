package org.siamage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * 2-D projection of embeddings for the viewer.
 *
 * @param method {@code auto}, {@code pca}, {@code tsne-exact} or {@code tsne-barnes-hut}
 * @param perplexity t-SNE perplexity, 2..100
 * @param iterations t-SNE iterations, ≥ 250
 * @param exactLimit {@code auto} uses exact t-SNE up to this many points, Barnes-Hut above
 * @param seed seed of the projection
 */
public record ProjectionConfig(
    Method method, double perplexity, int iterations, int exactLimit, long seed) {
  /** {@code projection.method}: how embeddings are laid out in two dimensions. */
  public enum Method implements ConfigEnum {
    /** Exact t-SNE up to {@code exactLimit} points, Barnes-Hut t-SNE above. */
    AUTO("auto"),
    /** Principal components 1 and 2. */
    PCA("pca"),
    /** t-SNE with all-pairs affinities and forces. */
    TSNE_EXACT("tsne-exact"),
    /** t-SNE with sparse affinities and quadtree forces. */
    TSNE_BARNES_HUT("tsne-barnes-hut");

    private final String wireName;

    Method(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code projection.method} and the allowed names. */
    @JsonCreator
    public static Method fromWireName(String name) {
      return ConfigEnum.parse(Method.class, "projection.method", name);
    }
  }
}
