package org.siamage.ui.common;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.siamage.core.ThreadNiceness;

/**
 * Runs long work as {@link Task}s on worker threads and keeps the list of running tasks for the
 * status bar. Tests use {@link #synchronous()} so work completes before the call returns.
 */
public class BackgroundTasks implements AutoCloseable {
  private final Executor executor;
  private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
  private final Consumer<Throwable> errorReporter;

  public BackgroundTasks(Consumer<Throwable> errorReporter) {
    this(Executors.newFixedThreadPool(2, runnable -> {
      // training, evaluation and dataset work yield the CPU to the window (and so do the native
      // worker threads ND4J starts from these threads, which inherit nice value and class);
      // -Dsiamage.idleBackground=true also puts them in Linux's idle class, an experiment whose
      // whole-run stalls varied more than at nice 10 alone (ADR 0042)
      Thread thread = new Thread(() -> {
        ThreadNiceness.lowerCurrentThread(ThreadNiceness.BACKGROUND);
        if (Boolean.getBoolean("siamage.idleBackground")) {
          ThreadNiceness.idleCurrentThread();
        }
        runnable.run();
      }, "siamage-background");
      thread.setDaemon(true);
      return thread;
    }), errorReporter);
  }

  private BackgroundTasks(Executor executor, Consumer<Throwable> errorReporter) {
    this.executor = executor;
    this.errorReporter = errorReporter;
  }

  /**
   * Runs each task's work on the calling thread (its success and failure handlers still run on the
   * FX thread): for tests, which then wait for the FX queue instead of sleeping.
   */
  public static BackgroundTasks synchronous(Consumer<Throwable> errorReporter) {
    return new BackgroundTasks(Runnable::run, errorReporter);
  }

  /** Tasks that have not finished yet; changes happen on the FX thread. */
  public ObservableList<Task<?>> running() {
    return running;
  }

  /**
   * Starts {@code task}; on success {@code onSuccess} runs on the FX thread. Failures (other than a
   * cancel) go to the error reporter, so none is swallowed.
   */
  public <T> Task<T> submit(Task<T> task, Consumer<T> onSuccess) {
    runOnFx(() -> running.add(task));
    // handlers are added, not set, so a caller's own onFailed/onCancelled (e.g. resetting its
    // "running" state) still runs
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, event -> {
      running.remove(task);
      onSuccess.accept(task.getValue());
    });
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, event -> {
      running.remove(task);
      errorReporter.accept(task.getException());
    });
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, event -> running.remove(task));
    if (executor instanceof ExecutorService && !Boolean.getBoolean("siamage.helperThreadsAtNormalPriority")) {
      // the collector and native-free threads that background work keeps busy yield as well, and
      // the JIT compiler yields to the window (ADR 0042); checked per task, as some threads
      // (JavaCPP's, extra compiler threads) start later
      executor.execute(() -> {
        ThreadNiceness.lowerHelperAndCompilerThreads(ThreadNiceness.BACKGROUND);
        task.run();
      });
    } else {
      executor.execute(task);
    }
    return task;
  }

  private static void runOnFx(Runnable action) {
    if (Platform.isFxApplicationThread()) {
      action.run();
    } else {
      Platform.runLater(action);
    }
  }

  /** Cancels running tasks and waits a bounded time for the workers. */
  @Override
  public void close() {
    for (Task<?> task : running.toArray(new Task<?>[0])) {
      task.cancel(true);
    }
    if (executor instanceof ExecutorService service) {
      service.shutdownNow();
      try {
        service.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
