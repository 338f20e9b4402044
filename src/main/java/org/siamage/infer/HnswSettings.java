package org.siamage.infer;

/**
 * Parameters of the HNSW reference index (ADR 0050). The first two shape the graph and are fixed
 * when it is built; the search beam is chosen per query and may differ between estimators sharing
 * one graph.
 *
 * @param maxConnections M, the neighbours a reference keeps on the upper levels (2·M on the bottom
 *     level), 2..512: more raises recall and costs memory (about 4·2·M bytes per reference) and
 *     build time
 * @param beamWidth candidates weighed while a reference is inserted (Lucene's beamWidth, the
 *     literature's efConstruction), 1..3200: more builds a better graph, more slowly
 * @param searchBeam candidates a query keeps on the bottom level (ef), 1..10,000; the k nearest
 *     are then chosen among them by exact distance, so a beam below k is raised to k
 */
public record HnswSettings(int maxConnections, int beamWidth, int searchBeam) {
  /** Lucene's own limits (Lucene99HnswVectorsFormat), which its builder assumes. */
  private static final int MAX_CONNECTIONS_LIMIT = 512;

  private static final int BEAM_WIDTH_LIMIT = 3200;

  private static final int SEARCH_BEAM_LIMIT = 10_000;

  /**
   * Lucene's default graph (M = 16, beam width 100) and a search beam of 240, chosen with {@code
   * siamage bench --index} on synthetic 128-d references shaped like a learned embedding: at
   * 1,000,000 references on 2 cores, with the exact fallback for lost queries, recall@20 0.994,
   * ages 0.03 years from the exact search's on average (1.2 at most), 1.7 ms a query (median) in
   * the slower of two runs (ADR 0050, docs/benchmarks.md).
   */
  public static final HnswSettings DEFAULT = new HnswSettings(16, 100, 240);

  public HnswSettings {
    if (maxConnections < 2 || maxConnections > MAX_CONNECTIONS_LIMIT) {
      throw new IllegalArgumentException(
          "HNSW maxConnections (M) must be 2.." + MAX_CONNECTIONS_LIMIT + ", was " + maxConnections);
    }
    if (beamWidth < 1 || beamWidth > BEAM_WIDTH_LIMIT) {
      throw new IllegalArgumentException(
          "HNSW beamWidth must be 1.." + BEAM_WIDTH_LIMIT + ", was " + beamWidth);
    }
    if (searchBeam < 1 || searchBeam > SEARCH_BEAM_LIMIT) {
      throw new IllegalArgumentException(
          "HNSW searchBeam (ef) must be 1.." + SEARCH_BEAM_LIMIT + ", was " + searchBeam);
    }
  }

  /** These settings with another search beam (ef); the graph they describe stays the same. */
  public HnswSettings withSearchBeam(int beam) {
    return new HnswSettings(maxConnections, beamWidth, beam);
  }

  /** Whether a graph built with {@code other} is the graph these settings describe. */
  boolean sameGraphAs(HnswSettings other) {
    return maxConnections == other.maxConnections && beamWidth == other.beamWidth;
  }
}
