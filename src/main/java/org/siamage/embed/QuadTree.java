package org.siamage.embed;

import java.util.Arrays;

/**
 * A Barnes-Hut quadtree over 2-D points, stored in flat arrays (no node objects): each node has a
 * centre of mass, a point count, a cell width and either four consecutive children or a range of
 * points. Rebuilt every t-SNE iteration; building is deterministic for a given point order.
 */
final class QuadTree {
  private static final int MAX_DEPTH = 48;

  private int[] order = new int[0];
  private int[] scratch = new int[0];
  /** Per node, interleaved for cache locality: centre of mass x, y, squared cell width, count. */
  private double[] node = new double[0];
  private int[] count = new int[0];
  private int[] firstChild = new int[0];
  private int[] firstPoint = new int[0];
  private int nodes;

  /** Builds the tree over the {@code n} points {@code [x0, y0, x1, y1, …]}. */
  void build(double[] y, int n) {
    if (order.length < n) {
      order = new int[n];
      scratch = new int[n];
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]);
      maxX = Math.max(maxX, y[2 * i]);
      minY = Math.min(minY, y[2 * i + 1]);
      maxY = Math.max(maxY, y[2 * i + 1]);
    }
    double side = Math.max(maxX - minX, maxY - minY) * (1 + 1e-9) + 1e-12;
    nodes = 0;
    ensureCapacity(Math.max(16, 2 * n));
    int root = nodes++;
    split(root, y, 0, n, minX, minY, side, 0);
  }

  private void split(int cell, double[] y, int lo, int hi, double x0, double y0, double side, int depth) {
    node[4 * cell + 2] = side * side;
    count[cell] = hi - lo;
    node[4 * cell + 3] = hi - lo;
    if (hi - lo <= 1 || depth >= MAX_DEPTH) {
      firstChild[cell] = -1;
      firstPoint[cell] = lo;
      double sx = 0;
      double sy = 0;
      for (int p = lo; p < hi; p++) {
        sx += y[2 * order[p]];
        sy += y[2 * order[p] + 1];
      }
      int c = Math.max(1, hi - lo);
      node[4 * cell] = sx / c;
      node[4 * cell + 1] = sy / c;
      return;
    }
    double half = side / 2;
    double midX = x0 + half;
    double midY = y0 + half;
    int[] quadrantCounts = new int[4];
    for (int p = lo; p < hi; p++) {
      quadrantCounts[quadrant(y, order[p], midX, midY)]++;
    }
    int[] next = new int[4];
    next[0] = lo;
    for (int q = 1; q < 4; q++) {
      next[q] = next[q - 1] + quadrantCounts[q - 1];
    }
    int[] starts = next.clone();
    for (int p = lo; p < hi; p++) {
      int point = order[p];
      scratch[next[quadrant(y, point, midX, midY)]++] = point;
    }
    System.arraycopy(scratch, lo, order, lo, hi - lo);
    ensureCapacity(nodes + 4);
    int children = nodes;
    nodes += 4;
    firstChild[cell] = children;
    firstPoint[cell] = lo;
    double sx = 0;
    double sy = 0;
    for (int q = 0; q < 4; q++) {
      int child = children + q;
      int childLo = starts[q];
      int childHi = childLo + quadrantCounts[q];
      if (childHi == childLo) {
        count[child] = 0;
        node[4 * child + 3] = 0;
        firstChild[child] = -1;
        continue;
      }
      split(child, y, childLo, childHi, (q & 1) == 0 ? x0 : midX, (q & 2) == 0 ? y0 : midY, half, depth + 1);
      sx += node[4 * child] * count[child];
      sy += node[4 * child + 1] * count[child];
    }
    node[4 * cell] = sx / (hi - lo);
    node[4 * cell + 1] = sy / (hi - lo);
  }

  private static int quadrant(double[] y, int point, double midX, double midY) {
    return (y[2 * point] >= midX ? 1 : 0) | (y[2 * point + 1] >= midY ? 2 : 0);
  }

  private void ensureCapacity(int wanted) {
    if (count.length >= wanted) {
      return;
    }
    int capacity = Math.max(wanted, count.length * 2);
    node = Arrays.copyOf(node, 4 * capacity);
    count = Arrays.copyOf(count, capacity);
    firstChild = Arrays.copyOf(firstChild, capacity);
    firstPoint = Arrays.copyOf(firstPoint, capacity);
  }

  /**
   * Repulsive t-SNE force on point {@code i} from all other points, approximated by cell centres
   * of mass where {@code width / distance < theta}.
   *
   * @param out {@code out[0..1]} += unnormalised force {@code Σ q²(yᵢ − yⱼ)}
   * @param stack scratch of at least {@link #stackSize()} ints
   * @return {@code Σⱼ qᵢⱼ} with {@code q = 1 / (1 + |yᵢ − yⱼ|²)} (this point's share of Z)
   */
  double repulsion(double[] y, int i, double theta, double[] out, int[] stack) {
    double px = y[2 * i];
    double py = y[2 * i + 1];
    double thetaSquared = theta * theta;
    double z = 0;
    double fx = 0;
    double fy = 0;
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      int cell = stack[--top];
      int base = 4 * cell;
      double dx = px - node[base];
      double dy = py - node[base + 1];
      double d2 = dx * dx + dy * dy;
      double c = node[base + 3];
      int children = firstChild[cell];
      if (children < 0) {
        for (int p = firstPoint[cell], end = p + count[cell]; p < end; p++) {
          if (order[p] == i) {
            c--;
          }
        }
        if (c == 0) {
          continue;
        }
      } else if (node[base + 2] >= thetaSquared * d2) {
        for (int q = 3; q >= 0; q--) {
          if (count[children + q] > 0) {
            stack[top++] = children + q;
          }
        }
        continue;
      }
      double q = 1 / (1 + d2);
      z += c * q;
      double qq = c * q * q;
      fx += qq * dx;
      fy += qq * dy;
    }
    out[0] += fx;
    out[1] += fy;
    return z;
  }

  /** The {@code p}-th point in tree order (spatially close points are close in this order). */
  int pointInOrder(int p) {
    return order[p];
  }

  static int stackSize() {
    return 4 * MAX_DEPTH + 8;
  }
}
