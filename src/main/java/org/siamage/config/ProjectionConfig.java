package org.siamage.config;

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
    String method, double perplexity, int iterations, int exactLimit, long seed) {}
