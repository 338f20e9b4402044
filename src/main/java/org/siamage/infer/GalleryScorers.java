package org.siamage.infer;

import java.util.function.BooleanSupplier;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.siamage.core.CancelledException;

/**
 * Lucene's view of a gallery's vectors, read in place from its flat embedding block (nothing is
 * copied). A score is 1 / (1 + D²) with D² the squared Euclidean distance computed as {@link
 * NearestReferences} computes it, so higher scores are nearer references and the graph orders
 * neighbours exactly as the exact search does.
 *
 * <p>Stateless and thread-safe: {@link #copy()} returns this supplier.
 */
final class GalleryScorers implements RandomVectorScorerSupplier {
  private final ReferenceGallery gallery;
  private final BooleanSupplier stopped;

  /**
   * @param stopped asked once per scorer the graph builder requests (a few per inserted
   *     reference); when it answers true, the build ends with a {@link CancelledException}
   */
  GalleryScorers(ReferenceGallery gallery, BooleanSupplier stopped) {
    this.gallery = gallery;
    this.stopped = stopped;
  }

  /** Scores every reference against reference {@code ord}, as the graph builder needs. */
  @Override
  public RandomVectorScorer scorer(int ord) {
    if (stopped.getAsBoolean()) {
      throw new CancelledException();
    }
    return new Scorer(gallery, gallery.embeddingBlock(), ord * gallery.dimension(), gallery.squaredNorm(ord));
  }

  @Override
  public RandomVectorScorerSupplier copy() {
    return this;
  }

  /** Scores of all references against one vector. */
  static final class Scorer implements RandomVectorScorer {
    private final float[] block;
    private final float[] norms;
    private final int dimension;
    private final int references;
    private final float[] vector;
    private final int offset;
    private final float vectorNorm;

    private Scorer(ReferenceGallery gallery, float[] vector, int offset, float vectorNorm) {
      this.block = gallery.embeddingBlock();
      this.norms = gallery.squaredNorms();
      this.dimension = gallery.dimension();
      this.references = gallery.size();
      this.vector = vector;
      this.offset = offset;
      this.vectorNorm = vectorNorm;
    }

    @Override
    public float score(int reference) {
      float dot = VectorMath.dot(vector, offset, block, reference * dimension, dimension);
      float squared = Math.max(0f, vectorNorm + norms[reference] - 2f * dot);
      return 1f / (1f + squared);
    }

    @Override
    public int maxOrd() {
      return references;
    }
  }
}
