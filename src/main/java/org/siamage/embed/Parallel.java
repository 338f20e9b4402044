package org.siamage.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work over a fixed number of contiguous chunks on a few threads. Results must be written per
 * chunk and combined in chunk order by the caller, so they do not depend on the thread count or
 * on scheduling (determinism).
 */
final class Parallel implements AutoCloseable {
  /** Chunks per pass, independent of the thread count. */
  static final int CHUNKS = 32;

  /** Work on rows {@code [from, to)} of chunk {@code chunk}. */
  @FunctionalInterface
  interface ChunkBody {
    void run(int chunk, int from, int to);
  }

  private final ExecutorService executor;

  Parallel(int threads) {
    this.executor = threads <= 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "siamage-projection");
      thread.setDaemon(true);
      return thread;
    });
  }

  static int from(int n, int chunk) {
    return (int) ((long) n * chunk / CHUNKS);
  }

  void forChunks(int n, ChunkBody body) {
    if (executor == null) {
      for (int chunk = 0; chunk < CHUNKS; chunk++) {
        body.run(chunk, from(n, chunk), from(n, chunk + 1));
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(CHUNKS);
    for (int chunk = 0; chunk < CHUNKS; chunk++) {
      int c = chunk;
      futures.add(executor.submit(() -> body.run(c, from(n, c), from(n, c + 1))));
    }
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(future -> future.cancel(true));
      throw new org.siamage.core.CancelledException();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
