package org.siamage.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.siamage.config.EvaluationConfig;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

/**
 * Estimates age from an embedding by its k nearest references (Euclidean distance) in a {@link
 * ReferenceGallery}: the age is the weighted mean of their ages and the uncertainty the weighted
 * standard deviation.
 *
 * <p><b>Weights.</b> Each neighbour weighs w = 1 / (D + ε) with ε = {@value #DISTANCE_EPSILON},
 * normalised to sum to 1. Inverse distance was chosen over a softmax of −D/T because it has no
 * temperature to tune: only the ratios of distances matter, so it behaves the same whether a
 * network spreads its embeddings widely or tightly, while a softmax temperature that suits one
 * training run flattens or sharpens another. ε only keeps a duplicate of the query (D = 0, e.g. a
 * training face looked up in a gallery that holds it) finite: at 0.01 it lies far above the float
 * rounding of D (about 5·10⁻⁴ near 0, from 2 − 2·q·r in floats) and still lets an exact duplicate
 * outweigh a neighbour at D = 0.3 thirty times.
 *
 * <p><b>Cost.</b> An exact query reads the whole gallery once: n·d multiply-adds and a bounded
 * heap of size k (no full sort). A single query on a large gallery splits the scan over the cores;
 * batches run in parallel over queries instead. Both use the common fork-join pool. Galleries of
 * {@link ReferenceSearch#indexFromReferences()} references or more (by default; {@link
 * ReferenceSearch} can force either way) are searched through an HNSW {@link ReferenceIndex}
 * instead: about ef·M·log n distances per query on one core, after a build of the index that
 * happens once per gallery (ADR 0050). Neighbours it finds get the same distances and weights as
 * in the exact search.
 *
 * <p>Immutable and thread-safe.
 */
public final class AgeEstimator {
  /** k used by the project unless the config says otherwise. */
  public static final int DEFAULT_NEIGHBOURS = 20;

  /** ε of the inverse-distance weights, in embedding-distance units. */
  public static final double DISTANCE_EPSILON = 0.01;

  /**
   * A reference this close to the query is the query's own image (the same pixels give the same
   * embedding; two different photographs are never this close), so {@link #estimateLeavingOut}
   * leaves it out: a face must not estimate itself.
   */
  public static final double SAME_IMAGE_DISTANCE = 2e-3;

  /** Copies of one image a gallery may hold (a dataset with duplicates) that can be left out. */
  private static final int MAX_LEFT_OUT = 4;

  /**
   * Galleries of at least this many floats (n·d; 8,192 references of 128-d) are scanned by all
   * cores for a single query; below it the fork-join overhead outweighs the gain.
   */
  private static final long PARALLEL_SCAN_MIN_VALUES = 1L << 20;

  /** Queries per parallel work item: large enough to amortise scheduling, small to balance. */
  private static final int QUERIES_PER_CHUNK = 16;

  private final ReferenceGallery gallery;
  private final int neighbours;
  private final ReferenceSearch search;
  private final boolean usesIndex;

  /**
   * An estimator searching as {@link ReferenceSearch#defaults()} says (the mode from {@code
   * -Dsiamage.referenceSearch}, automatic when unset).
   *
   * @param gallery the references, at least one
   * @param neighbours k ≥ 1; a gallery smaller than k uses all its references
   */
  public AgeEstimator(ReferenceGallery gallery, int neighbours) {
    this(gallery, neighbours, ReferenceSearch.defaults());
  }

  /**
   * @param gallery the references, at least one
   * @param neighbours k ≥ 1; a gallery smaller than k uses all its references
   * @param search exact scan, HNSW index or automatic by gallery size
   */
  public AgeEstimator(ReferenceGallery gallery, int neighbours, ReferenceSearch search) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.search = Objects.requireNonNull(search, "search");
    if (neighbours < 1) {
      throw new IllegalArgumentException("evaluation.neighbours must be ≥ 1, was " + neighbours);
    }
    if (gallery.size() == 0) {
      throw new IllegalArgumentException("the reference gallery is empty");
    }
    this.neighbours = neighbours;
    this.usesIndex = search.usesIndex(gallery.size());
  }

  public AgeEstimator(ReferenceGallery gallery) {
    this(gallery, DEFAULT_NEIGHBOURS);
  }

  /** An estimator with k from the evaluation config. */
  public static AgeEstimator fromConfig(ReferenceGallery gallery, EvaluationConfig evaluation) {
    return new AgeEstimator(gallery, evaluation.neighbours());
  }

  /** An estimator with k from the evaluation config, searching as {@code search} says. */
  public static AgeEstimator fromConfig(ReferenceGallery gallery, EvaluationConfig evaluation,
      ReferenceSearch search) {
    return new AgeEstimator(gallery, evaluation.neighbours(), search);
  }

  /** This estimator's gallery and k with another search (the gallery's index is shared). */
  public AgeEstimator withSearch(ReferenceSearch newSearch) {
    return new AgeEstimator(gallery, neighbours, newSearch);
  }

  public ReferenceGallery gallery() {
    return gallery;
  }

  public int neighbours() {
    return neighbours;
  }

  public ReferenceSearch search() {
    return search;
  }

  /** Whether queries go through the HNSW index (false: exact scan), as the search mode and gallery size decide. */
  public boolean usesIndex() {
    return usesIndex;
  }

  /**
   * Builds the gallery's HNSW index now, with progress and cancel, unless it is built already:
   * otherwise the first query builds it without either (minutes for a million references). Does
   * nothing and returns {@code null} when this estimator {@link #usesIndex() searches exactly}.
   *
   * @throws org.siamage.core.CancelledException when {@code stop} is requested
   */
  public ReferenceIndex prepareIndex(StopToken stop, ProgressListener progress) {
    return usesIndex ? gallery.index(search, stop, progress) : null;
  }

  /** The k nearest references of the query at {@code offset}, by the index or the exact scan. */
  private NearestReferences nearest(float[] queries, int offset, int k) {
    if (usesIndex) {
      return gallery.index(search, StopToken.never(), ProgressListener.silent())
          .search(queries, offset, k, search.hnsw().searchBeam());
    }
    return NearestReferences.search(gallery, queries, offset, k);
  }

  /**
   * Estimates one face from its embedding ({@link ReferenceGallery#dimension()} floats). Large
   * galleries are scanned in parallel by the common fork-join pool, or searched through the index
   * on this thread.
   */
  public AgeEstimate estimate(float[] query) {
    if (query.length != gallery.dimension()) {
      throw new IllegalArgumentException(
          "query has " + query.length + " values, the gallery " + gallery.dimension());
    }
    int parts = Runtime.getRuntime().availableProcessors();
    long values = (long) gallery.size() * gallery.dimension();
    if (usesIndex || parts < 2 || values < PARALLEL_SCAN_MIN_VALUES) {
      return estimateAt(query, 0);
    }
    // One query, many references: split the scan over the cores and merge the partial k-best.
    int count = gallery.size();
    List<NearestReferences> partial =
        IntStream.range(0, parts)
            .parallel()
            .mapToObj(
                part ->
                    NearestReferences.search(
                        gallery,
                        query,
                        0,
                        neighbours,
                        (int) ((long) count * part / parts),
                        (int) ((long) count * (part + 1) / parts)))
            .toList();
    NearestReferences nearest = NearestReferences.merge(partial, neighbours);
    return combine(gallery, nearest.references, nearest.distances);
  }

  /**
   * As {@link #estimate(float[])}, leaving out references at most {@link #SAME_IMAGE_DISTANCE}
   * from the query: the query's own image when it is one of the model's references (a training
   * face opened in the Pair inspector), which would otherwise be its own nearest neighbour at
   * distance 0 with the largest weight. {@link AgeEstimate#leftOut()} counts them.
   */
  public AgeEstimate estimateLeavingOut(float[] query) {
    if (query.length != gallery.dimension()) {
      throw new IllegalArgumentException(
          "query has " + query.length + " values, the gallery " + gallery.dimension());
    }
    NearestReferences nearest = nearest(query, 0, neighbours + MAX_LEFT_OUT);
    int leftOut = 0;
    while (leftOut < nearest.references.length && leftOut < MAX_LEFT_OUT
        && nearest.distances[leftOut] <= SAME_IMAGE_DISTANCE) {
      leftOut++;
    }
    int kept = Math.min(neighbours, nearest.references.length - leftOut);
    if (kept < 1) {
      return estimate(query);
    }
    AgeEstimate estimate = combine(gallery, Arrays.copyOfRange(nearest.references, leftOut, leftOut + kept),
        Arrays.copyOfRange(nearest.distances, leftOut, leftOut + kept));
    return new AgeEstimate(estimate.age(), estimate.uncertainty(), estimate.neighbours(), leftOut);
  }

  /**
   * Estimates many faces, in parallel over queries (each query scans the gallery, or walks its
   * index, on one core). When the index is not built yet, it is built first, with progress
   * ("indexing references") and cancel.
   *
   * @param queries {@code m × d} floats, row-major, one embedding per face
   * @return m estimates in query order
   * @throws org.siamage.core.CancelledException when {@code stop} is requested
   */
  public List<AgeEstimate> estimateAll(float[] queries, StopToken stop, ProgressListener progress) {
    return estimateAll(queries, false, stop, progress);
  }

  /**
   * As {@link #estimateAll(float[], StopToken, ProgressListener)}, with {@code leaveOutSameImage}
   * each query leaving out its own image as {@link #estimateLeavingOut} does (evaluating faces that
   * may be references of the model).
   */
  public List<AgeEstimate> estimateAll(float[] queries, boolean leaveOutSameImage, StopToken stop,
      ProgressListener progress) {
    int dimension = gallery.dimension();
    if (queries.length % dimension != 0) {
      throw new IllegalArgumentException(
          queries.length + " query values are not a whole number of " + dimension + "-d rows");
    }
    int count = queries.length / dimension;
    if (count > 0) {
      prepareIndex(stop, progress);
    }
    AgeEstimate[] estimates = new AgeEstimate[count];
    AtomicLong done = new AtomicLong();
    int chunks = (count + QUERIES_PER_CHUNK - 1) / QUERIES_PER_CHUNK;
    progress.onProgress(0, count, "estimating ages");
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            chunk -> {
              if (stop.isStopRequested()) {
                return;
              }
              int from = chunk * QUERIES_PER_CHUNK;
              int to = Math.min(count, from + QUERIES_PER_CHUNK);
              for (int query = from; query < to; query++) {
                estimates[query] = leaveOutSameImage
                    ? estimateLeavingOut(Arrays.copyOfRange(queries, query * dimension, (query + 1) * dimension))
                    : estimateAt(queries, query * dimension);
              }
              progress.onProgress(done.addAndGet(to - from), count, "estimating ages");
            });
    stop.throwIfStopped();
    return Arrays.asList(estimates);
  }

  /** {@link #estimateAll(float[], StopToken, ProgressListener)} without cancel or progress. */
  public List<AgeEstimate> estimateAll(float[] queries) {
    return estimateAll(queries, StopToken.never(), ProgressListener.silent());
  }

  private AgeEstimate estimateAt(float[] queries, int offset) {
    NearestReferences nearest = nearest(queries, offset, neighbours);
    return combine(gallery, nearest.references, nearest.distances);
  }

  /** Weighted mean and spread of the given neighbours' ages (closest first). */
  static AgeEstimate combine(ReferenceGallery gallery, int[] references, double[] distances) {
    int count = references.length;
    double[] weights = new double[count];
    double weightSum = 0;
    for (int i = 0; i < count; i++) {
      weights[i] = 1.0 / (distances[i] + DISTANCE_EPSILON);
      weightSum += weights[i];
    }
    double mean = 0;
    for (int i = 0; i < count; i++) {
      weights[i] /= weightSum;
      mean += weights[i] * gallery.age(references[i]);
    }
    double variance = 0;
    for (int i = 0; i < count; i++) {
      double deviation = gallery.age(references[i]) - mean;
      variance += weights[i] * deviation * deviation;
    }
    List<Neighbour> neighbours = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int reference = references[i];
      neighbours.add(
          new Neighbour(
              reference,
              gallery.id(reference),
              gallery.age(reference),
              gallery.gender(reference),
              distances[i],
              weights[i]));
    }
    return new AgeEstimate(mean, Math.sqrt(variance), neighbours, 0);
  }

  @Override
  public String toString() {
    return "AgeEstimator[k=" + neighbours + ", " + gallery + ", " + (usesIndex ? "HNSW" : "exact") + "]";
  }
}
