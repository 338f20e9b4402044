package org.siamage.infer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.hnsw.HnswBuilder;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.siamage.core.AtomicFiles;
import org.siamage.core.CancelledException;
import org.siamage.core.Hashing;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HNSW graph (hierarchical navigable small world, Malkov and Yashunin 2018) over a gallery's own
 * embeddings, built with Lucene's in-memory graph builder (ADR 0050). The vectors stay in the
 * gallery; the index holds the graph, about 4·(2·M + 1) bytes a reference, and a byte code per
 * vector component for the walk ({@link QuantizedVectors}, d bytes a reference). A query walks the
 * graph by the coded distances to {@link HnswSettings#searchBeam()} candidates and keeps the k
 * nearest of them by exact distance, computed as the exact scan computes it: where the candidates
 * hold the true k nearest, the result equals the exact search's.
 *
 * <p>Built once per gallery and graph settings ({@link ReferenceGallery#index}); immutable and
 * thread-safe afterwards, any number of queries may search it at once.
 */
public final class ReferenceIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceIndex.class);

  /** Seed of the levels drawn for each reference (Lucene's default), so single-threaded builds repeat. */
  private static final long LEVEL_SEED = 42;

  /** Lucene's concurrent builder hands out references in batches of this many. */
  private static final int REFERENCES_PER_BUILD_BATCH = 2048;

  /** How often the build reports progress and looks at the stop token, milliseconds. */
  private static final long PROGRESS_INTERVAL_MILLIS = 250;

  /**
   * Candidates kept on each level above the bottom while a query descends to its entry points
   * (Lucene's searcher and the HNSW paper keep 1). With 1, a query at the sparse end of the age
   * range could settle in a region decades away and stay there whatever the bottom-level beam
   * (1 of 1,000 queries at 50,000 learned-like references: 33 years off at ef = 320); 4 entry
   * points removed that for about 50 more distances per query (ADR 0050).
   */
  private static final int UPPER_LEVEL_BEAM = 4;

  /** Identifies a cache file and its layout; bump the version when the layout changes. */
  private static final String CACHE_MAGIC = "siamage-hnsw";

  private static final int CACHE_VERSION = 1;

  private final ReferenceGallery gallery;
  private final HnswSettings settings;
  private final CompactHnswGraph graph;
  private final double buildSeconds;
  private final int buildThreads;
  private final boolean readFromCache;
  private final long buildGraphBytes;
  private final LongAdder searches = new LongAdder();
  private final LongAdder distancesComputed = new LongAdder();
  private final LongAdder exactFallbacks = new LongAdder();
  /**
   * A query whose k-th nearest found reference lies farther than this is searched exactly: the
   * walk has most likely lost its way (a region the graph reaches badly). Set from the gallery's
   * own neighbourhoods when the index is made; infinite for tiny galleries.
   */
  private final double fallbackDistance;
  /** Byte codes of the vectors, for the walk; made once with the index (a quarter of the vectors' size). */
  private final QuantizedVectors codes;
  /** Each searching thread's visited marks (4 bytes a reference), reused across its searches. */
  private final ThreadLocal<CompactHnswGraph.VisitedMarks> marks;

  private ReferenceIndex(ReferenceGallery gallery, HnswSettings settings, CompactHnswGraph graph,
      double buildSeconds, int buildThreads, boolean readFromCache, long buildGraphBytes) {
    this.gallery = gallery;
    this.settings = settings;
    this.graph = graph;
    this.buildSeconds = buildSeconds;
    this.buildThreads = buildThreads;
    this.readFromCache = readFromCache;
    this.buildGraphBytes = buildGraphBytes;
    this.codes = QuantizedVectors.of(gallery);
    this.marks = ThreadLocal.withInitial(() -> new CompactHnswGraph.VisitedMarks(graph.size()));
    this.fallbackDistance = calibrateFallback();
  }

  /** References sampled to learn how far a gallery's k-th neighbours lie. */
  private static final int FALLBACK_SAMPLE = 300;

  /** Neighbours whose distance the calibration reads (k of the estimates). */
  private static final int FALLBACK_NEIGHBOURS = 20;

  /**
   * How much farther than the farthest sampled neighbourhood a query's k-th found reference may
   * lie before the query is searched exactly. At a million learned-like references the one lost
   * query of 1,000 lay 1.40 times as far as the sample's largest k-th distance, the next query
   * 1.10 times (and it was found whole); 1.25 falls between them (ADR 0050).
   */
  static final double FALLBACK_FACTOR = 1.25;

  /**
   * {@link #FALLBACK_FACTOR} times the largest distance to the k-th nearest other reference over
   * a seeded sample of references, each searched through the graph as a query.
   */
  private double calibrateFallback() {
    int size = gallery.size();
    if (size <= FALLBACK_NEIGHBOURS + 1) {
      return Double.POSITIVE_INFINITY;
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(LEVEL_SEED);
    double largest = 0;
    int beam = Math.max(settings.searchBeam(), FALLBACK_NEIGHBOURS + 1);
    for (int i = 0; i < Math.min(FALLBACK_SAMPLE, size); i++) {
      float[] reference = gallery.embedding(random.nextInt(size));
      NearestReferences found = walk(reference, 0, FALLBACK_NEIGHBOURS + 1, beam, null);
      // the first is the reference itself (distance 0): the k-th other one is the last
      largest = Math.max(largest, found.distances[found.distances.length - 1]);
    }
    return FALLBACK_FACTOR * largest;
  }

  /**
   * Builds the graph over every reference of {@code gallery}, with {@code threads} workers
   * (Lucene's {@code HnswConcurrentMergeBuilder}) or, for one thread or a small gallery, its
   * single-threaded builder (repeatable: the same gallery gives the same graph). Several workers
   * insert references in an order that depends on timing, so their graphs differ slightly from
   * build to build (the recall does not).
   *
   * <p>Takes minutes for a million references: progress is reported about four times a second
   * (done = references inserted, of {@code gallery.size()}), and {@code stop} ends the build
   * within one insertion per worker.
   *
   * @param gallery at least one reference
   * @param threads workers, ≥ 1 (usually the available processors)
   * @throws CancelledException when {@code stop} is requested
   */
  public static ReferenceIndex build(ReferenceGallery gallery, HnswSettings settings, int threads, StopToken stop,
      ProgressListener progress) {
    if (gallery.size() == 0) {
      throw new IllegalArgumentException("the reference gallery is empty");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("index build threads must be ≥ 1, was " + threads);
    }
    int references = gallery.size();
    // a worker takes references in batches: more workers than batches would idle
    int workers = Math.max(1, Math.min(threads, references / REFERENCES_PER_BUILD_BATCH));
    AtomicBoolean abandoned = new AtomicBoolean();
    GalleryScorers scorers = new GalleryScorers(gallery, () -> abandoned.get() || stop.isStopRequested());
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
    try {
      HnswGraphBuilder single = HnswGraphBuilder.create(scorers, settings.maxConnections(), settings.beamWidth(),
          LEVEL_SEED, references);
      OnHeapHnswGraph growing = single.getGraph();
      HnswBuilder builder = workers == 1 ? single
          : new HnswConcurrentMergeBuilder(new TaskExecutor(pool), workers, scorers, settings.maxConnections(),
              settings.beamWidth(), growing, null);
      // the calling thread only watches: the build runs on the pool (whose first thread also
      // takes a share of the work, as Lucene's TaskExecutor runs tasks on its caller)
      Future<OnHeapHnswGraph> built = pool.submit(() -> builder.build(references));
      progress.onProgress(0, references, "indexing references");
      OnHeapHnswGraph finished = awaitBuild(built, growing, references, abandoned, progress);
      progress.onProgress(references, references, "indexing references");
      CompactHnswGraph frozen = CompactHnswGraph.freeze(finished, references);
      return new ReferenceIndex(gallery, settings, frozen, (System.nanoTime() - start) / 1e9, workers, false,
          finished.ramBytesUsed());
    } catch (IOException e) {
      // the gallery's vectors are in memory: Lucene declares IOException for its on-disk readers
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static OnHeapHnswGraph awaitBuild(Future<OnHeapHnswGraph> built, OnHeapHnswGraph growing, int references,
      AtomicBoolean abandoned, ProgressListener progress) throws IOException {
    try {
      while (true) {
        try {
          return built.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          progress.onProgress(Math.min(growing.size(), references), references, "indexing references");
        }
      }
    } catch (InterruptedException e) {
      abandoned.set(true);
      Thread.currentThread().interrupt();
      throw new CancelledException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("the index build failed", cause);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "siamage-index-build-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * The index of {@code gallery} from {@code cacheFile} when that file holds a graph built with the
   * same graph settings over the same vectors (compared by content hash); otherwise built as
   * {@link #build} does and written to {@code cacheFile} (atomically: a temporary file moved into
   * place). A cache that cannot be read or written is logged and ignored: the index then lives in
   * memory only.
   */
  public static ReferenceIndex buildOrRead(ReferenceGallery gallery, HnswSettings settings, int threads,
      Path cacheFile, StopToken stop, ProgressListener progress) {
    String key = cacheKey(gallery, settings);
    try {
      CompactHnswGraph cached = readCache(cacheFile, key, gallery.size());
      if (cached != null) {
        return new ReferenceIndex(gallery, settings, cached, 0, 0, true, 0);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the reference index cache {}: {}", cacheFile, e.toString());
    }
    ReferenceIndex index = build(gallery, settings, threads, stop, progress);
    try {
      AtomicFiles.write(cacheFile, stream -> {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.writeUTF(CACHE_MAGIC);
        out.writeInt(CACHE_VERSION);
        out.writeUTF(key);
        index.graph.writeTo(out);
        out.flush();
      });
    } catch (IOException e) {
      LOG.warn("Could not keep the reference index in {}: {}", cacheFile, e.toString());
    }
    return index;
  }

  /** The graph in {@code file} when it was built for {@code key}; null when absent or stale. */
  private static CompactHnswGraph readCache(Path file, String key, int references) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (!CACHE_MAGIC.equals(in.readUTF()) || in.readInt() != CACHE_VERSION || !key.equals(in.readUTF())) {
        return null;
      }
      return CompactHnswGraph.readFrom(in, references);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * SHA-256 of what the graph depends on: the vectors (as float bits), their dimension and the
   * graph settings. The search beam is left out: it does not change the graph.
   */
  static String cacheKey(ReferenceGallery gallery, HnswSettings settings) {
    MessageDigest digest = Hashing.newSha256();
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(gallery.size()).putInt(gallery.dimension()).putInt(settings.maxConnections())
        .putInt(settings.beamWidth());
    digest.update(header.array());
    float[] block = gallery.embeddingBlock();
    ByteBuffer chunk = ByteBuffer.allocate(4 << 14).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < block.length; from += 1 << 14) {
      int count = Math.min(1 << 14, block.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(block, from, count);
      digest.update(chunk.array(), 0, 4 * count);
    }
    return Hashing.hex(digest.digest());
  }

  /**
   * The k nearest references to a query, closest first, as {@link NearestReferences#search} would
   * give them when the graph walk finds them: descends the upper levels keeping {@value
   * #UPPER_LEVEL_BEAM} candidates each, walks the bottom level keeping {@code searchBeam} (at
   * least k), both by the byte-coded distances of {@link QuantizedVectors}, then ranks those
   * candidates by exact float distance. When the k-th of them lies beyond {@link
   * #fallbackDistance()}, the walk is taken to be lost and the query is searched exactly.
   *
   * @param query d floats from {@code offset}
   */
  NearestReferences search(float[] query, int offset, int neighbours, int searchBeam) {
    int beam = Math.max(searchBeam, neighbours);
    searches.increment();
    NearestReferences found = walk(query, offset, neighbours, beam, distancesComputed);
    int kth = Math.min(neighbours, FALLBACK_NEIGHBOURS) - 1;
    if (kth >= 0 && kth < found.distances.length && found.distances[kth] > fallbackDistance) {
      exactFallbacks.increment();
      distancesComputed.add(gallery.size());
      return NearestReferences.search(gallery, query, offset, neighbours);
    }
    return found;
  }

  /**
   * The graph walk to {@code beam} candidates by coded distance, then the k nearest of them by
   * exact distance; adds the distances it computed to {@code work} when given.
   */
  private NearestReferences walk(float[] query, int offset, int neighbours, int beam, LongAdder work) {
    QuantizedVectors.Query coded = codes.query(query, offset);
    int[] candidates = graph.walk(coded, UPPER_LEVEL_BEAM, beam, marks.get());
    if (work != null) {
      work.add(coded.computed());
    }
    return NearestReferences.searchAmong(gallery, query, offset, neighbours, candidates);
  }

  /** Queries that were searched exactly because their walk found only far references. */
  public long exactFallbacks() {
    return exactFallbacks.sum();
  }

  /** The k-th found distance above which a query is searched exactly (infinite for tiny galleries). */
  public double fallbackDistance() {
    return fallbackDistance;
  }

  /** The gallery the graph indexes. */
  public ReferenceGallery gallery() {
    return gallery;
  }

  public HnswSettings settings() {
    return settings;
  }

  /** Queries answered through this index so far (all threads). */
  public long searches() {
    return searches.sum();
  }

  /** Distances computed by all queries so far (the graph walks' work). */
  public long distancesComputed() {
    return distancesComputed.sum();
  }

  /** Mean distances computed per query so far (the graph walk's work; an exact scan computes n). */
  public double meanDistancesPerSearch() {
    long count = searches.sum();
    return count == 0 ? 0 : (double) distancesComputed.sum() / count;
  }

  /** Heap bytes of the graph (the vectors stay in the gallery and are not counted). */
  public long ramBytesUsed() {
    return graph.ramBytesUsed();
  }

  /** Heap bytes of the vectors' byte codes the walk reads (one byte per component). */
  public long codeBytes() {
    return codes.ramBytesUsed();
  }

  /**
   * Heap bytes of Lucene's own graph at the end of the build, as it reports them: held only until
   * the graph is frozen into {@link #ramBytesUsed()}, so the build's peak is about their sum. 0
   * when read from a cache file.
   */
  public long buildGraphBytes() {
    return buildGraphBytes;
  }

  /** Levels of the hierarchy, ≥ 1. */
  public int levels() {
    return graph.levels();
  }

  /** Mean neighbours per reference on the bottom level. */
  public double meanBottomDegree() {
    return graph.meanBottomDegree();
  }

  /** Wall seconds the build took (0 when read from a cache file). */
  public double buildSeconds() {
    return buildSeconds;
  }

  /** Worker threads the build used (0 when read from a cache file). */
  public int buildThreads() {
    return buildThreads;
  }

  /** Whether the graph came from a cache file instead of a build. */
  public boolean readFromCache() {
    return readFromCache;
  }

  @Override
  public String toString() {
    return "ReferenceIndex[" + graph.size() + " references, M=" + settings.maxConnections() + ", beamWidth="
        + settings.beamWidth() + ", " + graph.levels() + " levels, " + ramBytesUsed() + " bytes]";
  }
}
