package org.siamage.infer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * A finished HNSW graph frozen into plain int arrays: per level the nodes on it (level 0 holds
 * every reference) and their neighbour lists in compressed-row form. Lucene's {@link
 * OnHeapHnswGraph} keeps, per node and level, a growable neighbour array with a float score per
 * slot, sized for the largest degree (about 330 bytes a reference at M = 16); frozen, a reference
 * costs 4 bytes per actual neighbour plus 4 for its row offset. It also makes searching
 * thread-safe: Lucene's graphs hold the search cursor themselves, while {@link #walk} keeps its
 * state in the caller's {@link VisitedMarks} and its own heaps.
 *
 * <p>Immutable and thread-safe.
 */
final class CompactHnswGraph {
  private final int size;
  private final int entryNode;
  /** levelNodes[level]: the nodes on that level, ascending; null for level 0 (every node). */
  private final int[][] levelNodes;
  /** offsets[level][i] .. offsets[level][i + 1]: the neighbours of the level's i-th node. */
  private final int[][] offsets;
  private final int[][] neighbours;
  /** maxDegree[level]: the longest neighbour row on that level. */
  private final int[] maxDegree;

  private CompactHnswGraph(int size, int entryNode, int[][] levelNodes, int[][] offsets, int[][] neighbours) {
    this.size = size;
    this.entryNode = entryNode;
    this.levelNodes = levelNodes;
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.maxDegree = new int[offsets.length];
    for (int level = 0; level < offsets.length; level++) {
      for (int i = 0; i + 1 < offsets[level].length; i++) {
        maxDegree[level] = Math.max(maxDegree[level], offsets[level][i + 1] - offsets[level][i]);
      }
    }
  }

  /** Copies a finished graph of {@code size} nodes (0 .. size − 1 all present). */
  static CompactHnswGraph freeze(OnHeapHnswGraph graph, int size) throws IOException {
    int levels = graph.numLevels();
    int[][] levelNodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int level = 0; level < levels; level++) {
      int[] nodes = level == 0 ? null : HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
      int count = level == 0 ? size : nodes.length;
      int[] rowStarts = new int[count + 1];
      long edges = 0;
      for (int i = 0; i < count; i++) {
        rowStarts[i] = (int) edges;
        edges += graph.getNeighbors(level, level == 0 ? i : nodes[i]).size();
      }
      if (edges > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("HNSW level " + level + " has " + edges + " edges, more than an array holds");
      }
      rowStarts[count] = (int) edges;
      int[] edgeTargets = new int[(int) edges];
      for (int i = 0; i < count; i++) {
        NeighborArray row = graph.getNeighbors(level, level == 0 ? i : nodes[i]);
        System.arraycopy(row.nodes(), 0, edgeTargets, rowStarts[i], row.size());
      }
      levelNodes[level] = nodes;
      offsets[level] = rowStarts;
      neighbours[level] = edgeTargets;
    }
    return new CompactHnswGraph(size, graph.entryNode(), levelNodes, offsets, neighbours);
  }

  int size() {
    return size;
  }

  int levels() {
    return offsets.length;
  }

  /** Edges on the bottom level divided by the references: the mean out-degree a query walks. */
  double meanBottomDegree() {
    return size == 0 ? 0 : (double) neighbours[0].length / size;
  }

  /** Bytes of the arrays (Java object headers included, 16 bytes each). */
  long ramBytesUsed() {
    long bytes = 0;
    for (int level = 0; level < levels(); level++) {
      bytes += arrayBytes(levelNodes[level]) + arrayBytes(offsets[level]) + arrayBytes(neighbours[level]);
    }
    return bytes;
  }

  private static long arrayBytes(int[] array) {
    return array == null ? 0 : 16 + 4L * array.length;
  }

  /** Writes the graph (levels, node lists, offsets, neighbours) as big-endian ints. */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(size);
    out.writeInt(entryNode);
    out.writeInt(levels());
    for (int level = 0; level < levels(); level++) {
      writeInts(out, level == 0 ? new int[0] : levelNodes[level]);
      writeInts(out, offsets[level]);
      writeInts(out, neighbours[level]);
    }
  }

  /**
   * Reads a graph written by {@link #writeTo}.
   *
   * @throws IOException when the data is cut short or its shape is inconsistent
   */
  static CompactHnswGraph readFrom(DataInputStream in, int expectedSize) throws IOException {
    int size = in.readInt();
    int entryNode = in.readInt();
    int levels = in.readInt();
    if (size != expectedSize || levels < 1 || levels > 64 || entryNode < 0 || entryNode >= Math.max(1, size)) {
      throw new IOException("the index has " + size + " references and " + levels + " levels, the gallery "
          + expectedSize + " references");
    }
    int[][] levelNodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int level = 0; level < levels; level++) {
      int[] nodes = readInts(in);
      levelNodes[level] = level == 0 ? null : nodes;
      offsets[level] = readInts(in);
      neighbours[level] = readInts(in);
      int count = level == 0 ? size : nodes.length;
      int[] rows = offsets[level];
      if (rows.length != count + 1 || rows[0] != 0 || rows[count] != neighbours[level].length) {
        throw new IOException("level " + level + " of the index is inconsistent");
      }
      for (int i = 0; i < count; i++) {
        if (rows[i] > rows[i + 1]) {
          throw new IOException("level " + level + " of the index is inconsistent");
        }
      }
      for (int target : neighbours[level]) {
        if (target < 0 || target >= size) {
          throw new IOException("level " + level + " of the index names reference " + target);
        }
      }
    }
    return new CompactHnswGraph(size, entryNode, levelNodes, offsets, neighbours);
  }

  private static final int IO_CHUNK_INTS = 1 << 14;

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buffer = ByteBuffer.allocate(4 * IO_CHUNK_INTS).order(ByteOrder.BIG_ENDIAN);
    for (int from = 0; from < values.length; from += IO_CHUNK_INTS) {
      int count = Math.min(IO_CHUNK_INTS, values.length - from);
      buffer.clear();
      buffer.asIntBuffer().put(values, from, count);
      out.write(buffer.array(), 0, 4 * count);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("negative array length " + length + " in the index");
    }
    int[] values = new int[length];
    byte[] bytes = new byte[4 * IO_CHUNK_INTS];
    for (int from = 0; from < length; from += IO_CHUNK_INTS) {
      int count = Math.min(IO_CHUNK_INTS, length - from);
      in.readFully(bytes, 0, 4 * count);
      ByteBuffer.wrap(bytes, 0, 4 * count).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(values, from, count);
    }
    return values;
  }

  /**
   * The {@code beam} references nearest to a query as the graph walk finds them, by the quantized
   * distances of {@code query}: descends the upper levels keeping {@code upperBeam} candidates,
   * then walks the bottom level (the HNSW paper's search-layer, as Lucene's searcher does it,
   * over these arrays directly and without its per-query allocations).
   *
   * @param visited this thread's scratch marks, sized for this graph
   * @return the nodes found on the bottom level, in no particular order
   */
  int[] walk(QuantizedVectors.Query query, int upperBeam, int beam, VisitedMarks visited) {
    int[] entries = {entryNode};
    for (int level = levels() - 1; level > 0; level--) {
      entries = searchLevel(query, level, entries, upperBeam, visited);
    }
    return searchLevel(query, 0, entries, beam, visited);
  }

  private int[] searchLevel(QuantizedVectors.Query query, int level, int[] entries, int beam, VisitedMarks visited) {
    visited.clear();
    DistanceHeap candidates = new DistanceHeap(Math.max(16, 2 * beam), false);
    DistanceHeap results = new DistanceHeap(beam + 1, true);
    for (int entry : entries) {
      if (visited.mark(entry)) {
        float distance = query.squaredDistance(entry);
        candidates.push(distance, entry);
        results.push(distance, entry);
        if (results.size() > beam) {
          results.pop();
        }
      }
    }
    int[] row = neighbours[level];
    int[] rowStarts = offsets[level];
    int[] nodes = levelNodes[level];
    int[] pending = visited.pending(maxDegree[level]);
    while (candidates.size() > 0) {
      float nearest = candidates.topDistance();
      if (results.size() >= beam && nearest > results.topDistance()) {
        break;
      }
      int node = candidates.pop();
      int index = nodes == null ? node : Arrays.binarySearch(nodes, node);
      // the unvisited neighbours first, their codes requested together: their memory reads then
      // overlap instead of each waiting for the distance before it
      int fresh = 0;
      for (int e = rowStarts[index], end = rowStarts[index + 1]; e < end; e++) {
        int next = row[e];
        if (visited.mark(next)) {
          pending[fresh++] = next;
        }
      }
      query.prefetch(pending, fresh);
      for (int f = 0; f < fresh; f++) {
        int next = pending[f];
        float distance = query.squaredDistance(next);
        if (results.size() < beam || distance < results.topDistance()) {
          candidates.push(distance, next);
          results.push(distance, next);
          if (results.size() > beam) {
            results.pop();
          }
        }
      }
    }
    return results.nodes();
  }

  /** Marks of the nodes one search level has visited, cleared in O(1) by a new generation. */
  static final class VisitedMarks {
    private final int[] generationOf;
    private int generation;

    private int[] pending = new int[0];

    VisitedMarks(int size) {
      generationOf = new int[size];
    }

    /** A scratch row of at least {@code length} ints, reused by the searches of this thread. */
    int[] pending(int length) {
      if (pending.length < length) {
        pending = new int[length];
      }
      return pending;
    }

    int capacity() {
      return generationOf.length;
    }

    void clear() {
      generation++;
      if (generation == Integer.MAX_VALUE) {
        Arrays.fill(generationOf, 0);
        generation = 1;
      }
    }

    /** True the first time a node is marked since the last clear. */
    boolean mark(int node) {
      if (generationOf[node] == generation) {
        return false;
      }
      generationOf[node] = generation;
      return true;
    }
  }

  /** A binary heap of (distance, node): the nearest on top, or with {@code farthestOnTop} the farthest. */
  static final class DistanceHeap {
    private final boolean farthestOnTop;
    private float[] distances;
    private int[] nodes;
    private int size;

    DistanceHeap(int capacity, boolean farthestOnTop) {
      this.farthestOnTop = farthestOnTop;
      distances = new float[capacity];
      this.nodes = new int[capacity];
    }

    int size() {
      return size;
    }

    float topDistance() {
      return distances[0];
    }

    void push(float distance, int node) {
      if (size == distances.length) {
        distances = Arrays.copyOf(distances, 2 * size);
        nodes = Arrays.copyOf(nodes, 2 * size);
      }
      int at = size++;
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (!before(distance, distances[parent])) {
          break;
        }
        distances[at] = distances[parent];
        nodes[at] = nodes[parent];
        at = parent;
      }
      distances[at] = distance;
      nodes[at] = node;
    }

    /** Removes the top; returns its node. */
    int pop() {
      int top = nodes[0];
      size--;
      float distance = distances[size];
      int node = nodes[size];
      int at = 0;
      while (true) {
        int child = 2 * at + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(distances[child + 1], distances[child])) {
          child++;
        }
        if (!before(distances[child], distance)) {
          break;
        }
        distances[at] = distances[child];
        nodes[at] = nodes[child];
        at = child;
      }
      distances[at] = distance;
      nodes[at] = node;
      return top;
    }

    int[] nodes() {
      return Arrays.copyOf(nodes, size);
    }

    private boolean before(float a, float b) {
      return farthestOnTop ? a > b : a < b;
    }
  }
}
