package org.siamage.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * Works around a SameDiff 1.0.0-M2.1 defect: the default per-session array cache ({@code
 * ArrayCacheMemoryMgr}) hands out arrays that are still in use, so the second and later executions
 * of a graph like conv → dense → rsqrt return wrong values (the first is right). Each execution
 * runs in a fresh session whose memory manager never reuses arrays, frees each released array at
 * once and frees the rest when the execution closes, instead of waiting for the garbage collector.
 */
final class SafeSessions {
  private SafeSessions() {}

  /**
   * Installs a fresh session for the current thread in {@code graph} whose arrays are all closed by
   * {@link Execution#close()}, and returns that scope. Without it, every array SameDiff allocated
   * for an execution (activations, gradients, outputs) waits for the garbage collector: about
   * 200 MB of native memory per reference-cnn training step, which made JavaCPP force a full
   * collection every few steps (and froze the window meanwhile).
   */
  static Execution open(SameDiff... graphs) {
    List<ClosingMemoryMgr> managers = new ArrayList<>();
    long thread = Thread.currentThread().getId();
    for (SameDiff graph : graphs) {
      if (graph == null) {
        continue;
      }
      InferenceSession session = new InferenceSession(graph);
      ClosingMemoryMgr manager = new ClosingMemoryMgr();
      session.setMmgr(manager);
      graph.getSessions().put(thread, session);
      managers.add(manager);
    }
    return new Execution(graphs, managers);
  }

  /**
   * One execution's sessions: closing it drops the sessions and closes every array they allocated
   * that is still open, outputs included, so copy what you need out of the outputs first.
   */
  static final class Execution implements AutoCloseable {
    private final SameDiff[] graphs;
    private final List<ClosingMemoryMgr> managers;

    private Execution(SameDiff[] graphs, List<ClosingMemoryMgr> managers) {
      this.graphs = graphs;
      this.managers = managers;
    }

    @Override
    public void close() {
      for (SameDiff graph : graphs) {
        forget(graph);
      }
      for (ClosingMemoryMgr manager : managers) {
        manager.closeAllocated();
      }
    }
  }

  /**
   * Drops the current thread's session. An M2.1 inference session keeps a little state from every
   * execution (about 200 boxed ids and a dozen native buffers per forward pass of the compact
   * backbone), so a thread that runs the graph for hours (the webcam's estimator) must start each
   * execution with a fresh one.
   */
  private static void forget(SameDiff graph) {
    if (graph != null) {
      graph.getSessions().remove(Thread.currentThread().getId());
    }
  }

  /**
   * Never reuses arrays, frees each released one at once instead of waiting for the GC, and
   * remembers what it allocated so {@link #closeAllocated()} can free the rest (outputs) when the
   * caller is done with them.
   */
  static final class ClosingMemoryMgr extends NoOpMemoryMgr {
    private final List<INDArray> allocated = new ArrayList<>();

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
      return remember(super.allocate(detached, dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
      return remember(super.allocate(detached, descriptor));
    }

    @Override
    public INDArray ulike(INDArray array) {
      return remember(super.ulike(array));
    }

    @Override
    public INDArray dup(INDArray array) {
      return remember(super.dup(array));
    }

    private INDArray remember(INDArray array) {
      synchronized (allocated) {
        allocated.add(array);
      }
      return array;
    }

    @Override
    public void release(INDArray array) {
      if (array != null && !array.wasClosed() && array.closeable()) {
        array.close();
      }
    }

    void closeAllocated() {
      synchronized (allocated) {
        for (INDArray array : allocated) {
          release(array);
        }
        allocated.clear();
      }
    }
  }
}
