package org.siamage.embed;

import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

/**
 * t-distributed stochastic neighbour embedding to two dimensions, written for speed and
 * reproducibility: flat arrays, a quadtree in arrays, and forces computed over fixed chunks on a few
 * threads and summed in chunk order, so the same input, options and seed give bit-identical
 * coordinates with any thread count.
 *
 * <p>Exact mode uses all-pairs affinities and forces (O(n²) per iteration). Barnes-Hut mode uses
 * the {@code 3·perplexity} nearest neighbours for P and a quadtree for the repulsion
 * (O(n log n) per iteration). Optimisation follows the usual schedule: early exaggeration 12 with
 * momentum 0.5 for the first 250 iterations, then momentum 0.8; learning rate {@code max(n / 48,
 * 50)}; per-coordinate gains (min 0.01); initial layout rescaled to a standard deviation of 1e-4.
 */
public final class Tsne {
  private static final double EXAGGERATION = 12;
  private static final int EXAGGERATION_ITERATIONS = 250;

  private Tsne() {}

  /**
   * @param perplexity effective neighbour count, 2..100 (lowered to {@code (n − 1) / 3} for tiny
   *     sets)
   * @param iterations gradient steps, ≥ 1
   * @param exact all-pairs (true) or Barnes-Hut (false)
   * @param theta Barnes-Hut accuracy, 0..1 (0.5 usual; smaller is slower and more exact)
   * @param threads worker threads, ≥ 1; the result does not depend on it
   * @param seed seeds the PCA start vector of the initial layout
   * @param layoutEvery stream a layout to the listener every this many iterations (0: never)
   */
  public record Options(double perplexity, int iterations, boolean exact, double theta, int threads, long seed,
      int layoutEvery) {
    public Options {
      if (!(perplexity >= 1 && perplexity <= 1000)) {
        throw new IllegalArgumentException("perplexity must be 1..1000, was " + perplexity);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be ≥ 1, was " + iterations);
      }
      if (!(theta >= 0 && theta <= 1)) {
        throw new IllegalArgumentException("theta must be 0..1, was " + theta);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be ≥ 1, was " + threads);
      }
    }
  }

  /**
   * @param coordinates {@code [x0, y0, x1, y1, …]}, length 2n
   * @param klDivergence KL(P‖Q) of the final layout in nats (Barnes-Hut: with approximated Z)
   */
  public record Result(double[] coordinates, double klDivergence) {}

  /**
   * @param data row-major {@code [n × d]}, n ≥ 2
   * @param initial start layout {@code [2n]} (e.g. the previous checkpoint's map, used as it is and
   *     without early exaggeration), or {@code null} for PCA of {@code data} rescaled to a standard
   *     deviation of 1e-4
   * @throws org.siamage.core.CancelledException when {@code stop} is requested
   */
  public static Result run(double[] data, int n, int d, Options options, double[] initial, LayoutListener layouts,
      ProgressListener progress, StopToken stop) {
    if (n < 2) {
      throw new IllegalArgumentException("t-SNE needs at least 2 points, got " + n);
    }
    if (initial != null && initial.length != 2 * n) {
      throw new IllegalArgumentException("initial layout has " + initial.length + " values, expected " + 2 * n);
    }
    double perplexity = Math.max(1, Math.min(options.perplexity(), (n - 1) / 3.0));
    int iterations = options.iterations();
    try (Parallel parallel = new Parallel(options.threads())) {
      progress.onProgress(0, iterations, "t-SNE: nearest neighbours and affinities");
      Affinities p = Affinities.compute(data, n, d, perplexity, options.exact(), parallel, stop);
      double[] y;
      int exaggerationIterations;
      if (initial != null) {
        // continuing from an organised map: no rescaling and no exaggeration, which would reshuffle
        // the clusters; the map then only adapts to what changed (keeps drift views aligned)
        y = initial.clone();
        exaggerationIterations = 0;
      } else {
        y = Pca.project(data, n, d, options.seed());
        rescale(y, n);
        exaggerationIterations = EXAGGERATION_ITERATIONS;
      }
      Gradient gradient = new Gradient(p, options.exact(), options.theta(), parallel);
      double[] grad = new double[2 * n];
      double[] update = new double[2 * n];
      double[] gains = new double[2 * n];
      java.util.Arrays.fill(gains, 1);
      double learningRate = Math.max(n / EXAGGERATION / 4, 50);
      double kl = Double.NaN;
      for (int iteration = 0; iteration < iterations; iteration++) {
        stop.throwIfStopped();
        boolean exploring = iteration < exaggerationIterations;
        boolean last = iteration == iterations - 1;
        double klNow = gradient.compute(y, exploring ? EXAGGERATION : 1, grad, last);
        if (last) {
          kl = klNow;
        }
        double momentum = exploring ? 0.5 : 0.8;
        for (int c = 0; c < 2 * n; c++) {
          gains[c] = (update[c] * grad[c] < 0) ? gains[c] + 0.2 : Math.max(gains[c] * 0.8, 0.01);
          update[c] = momentum * update[c] - learningRate * gains[c] * grad[c];
          y[c] += update[c];
        }
        int done = iteration + 1;
        if (options.layoutEvery() > 0 && (done % options.layoutEvery() == 0 || done == iterations)) {
          layouts.onLayout(done, iterations, y.clone());
        }
        if ((done & 7) == 0 || done == iterations) {
          progress.onProgress(done, iterations, "t-SNE iteration " + done + " of " + iterations);
        }
      }
      return new Result(y, kl);
    }
  }

  /** Centres {@code y} and scales it to a standard deviation of 1e-4 along x (as in PCA init). */
  private static void rescale(double[] y, int n) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += y[2 * i];
      my += y[2 * i + 1];
    }
    mx /= n;
    my /= n;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      y[2 * i] -= mx;
      y[2 * i + 1] -= my;
      variance += y[2 * i] * y[2 * i];
    }
    double std = Math.sqrt(variance / n);
    if (!(std > 0)) {
      // no spread (identical points): a deterministic spiral keeps them apart
      for (int i = 0; i < n; i++) {
        y[2 * i] = 1e-4 * Math.cos(i) * (1 + i / (double) n);
        y[2 * i + 1] = 1e-4 * Math.sin(i) * (1 + i / (double) n);
      }
      return;
    }
    double scale = 1e-4 / std;
    for (int c = 0; c < 2 * n; c++) {
      y[c] *= scale;
    }
  }

  /** The KL gradient: attraction over sparse P, repulsion exact or by quadtree. */
  private static final class Gradient {
    private final Affinities p;
    private final boolean exact;
    private final double theta;
    private final Parallel parallel;
    private final QuadTree tree = new QuadTree();
    private final double[] attraction;
    private final double[] repulsion;
    private final double[] zParts = new double[Parallel.CHUNKS];
    private final double[] klParts = new double[Parallel.CHUNKS];
    private final int[][] stacks = new int[Parallel.CHUNKS][];

    Gradient(Affinities p, boolean exact, double theta, Parallel parallel) {
      this.p = p;
      this.exact = exact;
      this.theta = theta;
      this.parallel = parallel;
      this.attraction = new double[2 * p.n];
      this.repulsion = new double[2 * p.n];
      for (int c = 0; c < stacks.length; c++) {
        stacks[c] = new int[QuadTree.stackSize()];
      }
    }

    /** Fills {@code grad}; returns KL(P‖Q) when {@code withKl}, else NaN. */
    double compute(double[] y, double exaggeration, double[] grad, boolean withKl) {
      int n = p.n;
      if (!exact) {
        tree.build(y, n);
      }
      parallel.forChunks(n, (chunk, from, to) -> {
        double[] force = new double[2];
        int[] stack = stacks[chunk];
        double z = 0;
        double kl = 0;
        for (int position = from; position < to; position++) {
          // tree order: neighbouring points walk the same cells, which keeps them in cache
          int i = exact ? position : tree.pointInOrder(position);
          force[0] = 0;
          force[1] = 0;
          z += exact ? exactRepulsion(y, n, i, force) : tree.repulsion(y, i, theta, force, stack);
          repulsion[2 * i] = force[0];
          repulsion[2 * i + 1] = force[1];
          double yx = y[2 * i];
          double yy = y[2 * i + 1];
          double ax = 0;
          double ay = 0;
          for (int e = p.rowStart[i], end = p.rowStart[i + 1]; e < end; e++) {
            int j = p.columns[e];
            double dx = yx - y[2 * j];
            double dy = yy - y[2 * j + 1];
            double q = 1 / (1 + dx * dx + dy * dy);
            double w = p.values[e] * q;
            ax += w * dx;
            ay += w * dy;
            if (withKl && p.values[e] > 0) {
              kl += p.values[e] * (Math.log(p.values[e]) - Math.log(q));
            }
          }
          attraction[2 * i] = ax;
          attraction[2 * i + 1] = ay;
        }
        zParts[chunk] = z;
        klParts[chunk] = kl;
      });
      double z = 0;
      double kl = 0;
      for (int c = 0; c < Parallel.CHUNKS; c++) {
        z += zParts[c];
        kl += klParts[c];
      }
      double inverseZ = 1 / Math.max(z, Double.MIN_NORMAL);
      for (int c = 0; c < 2 * n; c++) {
        grad[c] = 4 * (exaggeration * attraction[c] - repulsion[c] * inverseZ);
      }
      return withKl ? kl + Math.log(z) : Double.NaN;
    }

    private static double exactRepulsion(double[] y, int n, int i, double[] force) {
      double px = y[2 * i];
      double py = y[2 * i + 1];
      double z = 0;
      double fx = 0;
      double fy = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double dx = px - y[2 * j];
        double dy = py - y[2 * j + 1];
        double q = 1 / (1 + dx * dx + dy * dy);
        z += q;
        double qq = q * q;
        fx += qq * dx;
        fy += qq * dy;
      }
      force[0] = fx;
      force[1] = fy;
      return z;
    }
  }
}
