package org.siamage.embed;

import java.util.Arrays;
import org.siamage.core.StopToken;

/**
 * The joint probabilities P of t-SNE as a sparse symmetric matrix (compressed rows). Each point's
 * conditional distribution is a Gaussian over its nearest neighbours (all other points when exact)
 * whose width matches the perplexity; P is the symmetrised average, summing to 1.
 */
final class Affinities {
  final int n;
  /** Row {@code i} holds entries {@code rowStart[i] .. rowStart[i+1]-1}. */
  final int[] rowStart;
  final int[] columns;
  final double[] values;

  private Affinities(int n, int[] rowStart, int[] columns, double[] values) {
    this.n = n;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  /** Neighbours per point that sparse t-SNE uses for a perplexity (as in van der Maaten 2014). */
  static int neighbourCount(int n, double perplexity, boolean exact) {
    return exact ? n - 1 : Math.min(n - 1, (int) (3 * perplexity + 1));
  }

  /**
   * @param data row-major {@code [n × d]}
   * @param perplexity effective number of neighbours, 1 ≤ perplexity &lt; n
   */
  static Affinities compute(double[] data, int n, int d, double perplexity, boolean exact, Parallel parallel,
      StopToken stop) {
    int k = neighbourCount(n, perplexity, exact);
    int[] neighbours = new int[n * k];
    double[] conditional = new double[n * k];
    double target = Math.log(perplexity);
    parallel.forChunks(n, (chunk, from, to) -> {
      double[] heapDistance = new double[k];
      int[] heapIndex = new int[k];
      for (int i = from; i < to; i++) {
        if ((i & 63) == 0) {
          stop.throwIfStopped();
        }
        int size = 0;
        for (int j = 0; j < n; j++) {
          if (j == i) {
            continue;
          }
          double distance = Matrices.squaredDistance(data, d, i, j);
          if (size < k) {
            heapDistance[size] = distance;
            heapIndex[size] = j;
            siftUp(heapDistance, heapIndex, size++);
          } else if (distance < heapDistance[0]) {
            heapDistance[0] = distance;
            heapIndex[0] = j;
            siftDown(heapDistance, heapIndex, k);
          }
        }
        System.arraycopy(heapIndex, 0, neighbours, i * k, k);
        conditionalRow(heapDistance, k, target, conditional, i * k);
      }
    });
    return symmetrise(n, k, neighbours, conditional);
  }

  /** Gaussian over one row of squared distances with entropy {@code target} (nats), by bisection on β. */
  private static void conditionalRow(double[] distances, int k, double target, double[] out, int offset) {
    double minimum = Double.POSITIVE_INFINITY;
    for (int m = 0; m < k; m++) {
      minimum = Math.min(minimum, distances[m]);
    }
    double beta = 1;
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.POSITIVE_INFINITY;
    double sum = 0;
    for (int step = 0; step < 200; step++) {
      sum = 0;
      double weighted = 0;
      for (int m = 0; m < k; m++) {
        // shifting by the minimum changes nothing after normalising but avoids underflow
        double shifted = distances[m] - minimum;
        double p = Math.exp(-shifted * beta);
        out[offset + m] = p;
        sum += p;
        weighted += shifted * p;
      }
      double entropy = Math.log(sum) + beta * weighted / sum;
      double difference = entropy - target;
      if (Math.abs(difference) < 1e-5) {
        break;
      }
      if (difference > 0) {
        low = beta;
        beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = low == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + low) / 2;
      }
    }
    for (int m = 0; m < k; m++) {
      out[offset + m] /= sum;
    }
  }

  private static Affinities symmetrise(int n, int k, int[] neighbours, double[] conditional) {
    int[] counts = new int[n + 1];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < k; m++) {
        counts[i]++;
        counts[neighbours[i * k + m]]++;
      }
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + counts[i];
    }
    int[] cursor = Arrays.copyOf(start, n);
    int[] columns = new int[start[n]];
    double[] values = new double[start[n]];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < k; m++) {
        int j = neighbours[i * k + m];
        double p = conditional[i * k + m];
        columns[cursor[i]] = j;
        values[cursor[i]++] = p;
        columns[cursor[j]] = i;
        values[cursor[j]++] = p;
      }
    }
    // sort each row by column and merge p(j|i) with p(i|j)
    int[] rowStart = new int[n + 1];
    int written = 0;
    long[] keys = new long[0];
    double total = 0;
    for (int i = 0; i < n; i++) {
      int lo = start[i];
      int length = start[i + 1] - lo;
      if (keys.length < length) {
        keys = new long[Math.max(length, keys.length * 2)];
      }
      for (int e = 0; e < length; e++) {
        keys[e] = ((long) columns[lo + e] << 32) | e;
      }
      Arrays.sort(keys, 0, length);
      double[] rowValues = Arrays.copyOfRange(values, lo, lo + length);
      rowStart[i] = written;
      int previous = -1;
      for (int e = 0; e < length; e++) {
        int column = (int) (keys[e] >>> 32);
        double value = rowValues[(int) keys[e]];
        if (column == previous) {
          values[written - 1] += value;
        } else {
          columns[written] = column;
          values[written++] = value;
          previous = column;
        }
        total += value;
      }
    }
    rowStart[n] = written;
    int[] compactColumns = Arrays.copyOf(columns, written);
    double[] compactValues = Arrays.copyOf(values, written);
    for (int e = 0; e < written; e++) {
      compactValues[e] /= total;
    }
    return new Affinities(n, rowStart, compactColumns, compactValues);
  }

  private static void siftUp(double[] distance, int[] index, int position) {
    while (position > 0) {
      int parent = (position - 1) / 2;
      if (distance[parent] >= distance[position]) {
        return;
      }
      swap(distance, index, parent, position);
      position = parent;
    }
  }

  private static void siftDown(double[] distance, int[] index, int size) {
    int position = 0;
    while (true) {
      int left = 2 * position + 1;
      int largest = position;
      if (left < size && distance[left] > distance[largest]) {
        largest = left;
      }
      if (left + 1 < size && distance[left + 1] > distance[largest]) {
        largest = left + 1;
      }
      if (largest == position) {
        return;
      }
      swap(distance, index, largest, position);
      position = largest;
    }
  }

  private static void swap(double[] distance, int[] index, int a, int b) {
    double t = distance[a];
    distance[a] = distance[b];
    distance[b] = t;
    int s = index[a];
    index[a] = index[b];
    index[b] = s;
  }
}
