package org.siamage.infer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * A finished HNSW graph frozen into plain int arrays: per level the nodes on it (level 0 holds
 * every reference) and their neighbour lists in compressed-row form. Lucene's {@link
 * OnHeapHnswGraph} keeps, per node and level, a growable neighbour array with a float score per
 * slot, sized for the largest degree (about 330 bytes a reference at M = 16); frozen, a reference
 * costs 4 bytes per actual neighbour plus 4 for its row offset. It also makes searching
 * thread-safe: Lucene's graphs hold the search cursor themselves, so each search here gets its own
 * {@link #cursor()}.
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

  private CompactHnswGraph(int size, int entryNode, int[][] levelNodes, int[][] offsets, int[][] neighbours) {
    this.size = size;
    this.entryNode = entryNode;
    this.levelNodes = levelNodes;
    this.offsets = offsets;
    this.neighbours = neighbours;
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

  /** A fresh view for one search at a time; cheap (no copying). */
  HnswGraph cursor() {
    return new Cursor();
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

  /** Lucene's searcher walks the graph through this: seek to a node's row, then read it out. */
  private final class Cursor extends HnswGraph {
    private int[] row;
    private int next;
    private int end;

    @Override
    public void seek(int level, int target) {
      int index = level == 0 ? target : Arrays.binarySearch(levelNodes[level], target);
      if (index < 0) {
        throw new IllegalStateException("node " + target + " is not on level " + level);
      }
      row = neighbours[level];
      next = offsets[level][index];
      end = offsets[level][index + 1];
    }

    @Override
    public int nextNeighbor() {
      return next < end ? row[next++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int maxNodeId() {
      return size - 1;
    }

    @Override
    public int numLevels() {
      return levels();
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return level == 0 ? new ArrayNodesIterator(size)
          : new ArrayNodesIterator(levelNodes[level], levelNodes[level].length);
    }
  }
}
