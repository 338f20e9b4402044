package org.siamage.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Works around a SameDiff 1.0.0-M2.1 defect: the default per-session array cache ({@code
 * ArrayCacheMemoryMgr}) hands out arrays that are still in use, so the second and later executions
 * of a graph like conv → dense → rsqrt return wrong values (the first is right). A session whose
 * memory manager never reuses arrays (and frees each released array at once, which keeps the
 * off-heap footprint lower than waiting for the garbage collector) is installed for the calling
 * thread before each execution.
 */
final class SafeSessions {
  private SafeSessions() {}

  /** Installs a non-reusing session for the current thread in {@code graph} if it has none yet. */
  static void install(SameDiff graph) {
    if (graph == null) {
      return;
    }
    long thread = Thread.currentThread().getId();
    InferenceSession existing = graph.getSessions().get(thread);
    if (existing == null || !(existing.getMmgr() instanceof NoOpMemoryMgr)) {
      InferenceSession session = new InferenceSession(graph);
      session.setMmgr(new ClosingMemoryMgr());
      graph.getSessions().put(thread, session);
    }
  }

  /**
   * Drops the current thread's session. An M2.1 inference session keeps a little state from every
   * execution (about 200 boxed ids and a dozen native buffers per forward pass of the compact
   * backbone), so a thread that runs the graph for hours (the webcam's estimator) must start each
   * execution with a fresh one.
   */
  static void forget(SameDiff graph) {
    if (graph != null) {
      graph.getSessions().remove(Thread.currentThread().getId());
    }
  }

  /** Never reuses arrays, but frees each released one at once instead of waiting for the GC. */
  static final class ClosingMemoryMgr extends NoOpMemoryMgr {
    @Override
    public void release(INDArray array) {
      if (array != null && !array.wasClosed() && array.closeable()) {
        array.close();
      }
    }
  }
}
