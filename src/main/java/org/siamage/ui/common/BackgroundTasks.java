package org.siamage.ui.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.siamage.process.ThreadNiceness;

/**
 * Runs long work as {@link Task}s on worker threads and keeps the list of running tasks for the
 * status bar. Tests use {@link #synchronous()} so work completes before the call returns.
 */
public class BackgroundTasks implements AutoCloseable {
  private final Executor executor;
  private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
  /** Told what failed (the task's title, "" when it had none) and why. */
  private final BiConsumer<String, Throwable> errorReporter;
  // titles given at submission: a task's own updateTitle in call() only takes effect once a
  // worker runs it, so a task queued behind others would show in the status bar without a name
  private final Map<Task<?>, String> titles = new ConcurrentHashMap<>();

  public BackgroundTasks(Consumer<Throwable> errorReporter) {
    this(workers(), (what, error) -> errorReporter.accept(error));
  }

  /**
   * Worker threads, as {@link #BackgroundTasks(Consumer)}, with a reporter that also learns what
   * failed.
   *
   * @param errorReporter told, on the FX thread, the title of a task that failed ("Loading model
   *     demo"; "" for a task without one) and its exception
   */
  public static BackgroundTasks reportingTitles(BiConsumer<String, Throwable> errorReporter) {
    return new BackgroundTasks(workers(), errorReporter);
  }

  /** Two worker threads that yield the CPU to the window. */
  private static ExecutorService workers() {
    return Executors.newFixedThreadPool(2, runnable -> {
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
    });
  }

  private BackgroundTasks(Executor executor, BiConsumer<String, Throwable> errorReporter) {
    this.executor = executor;
    this.errorReporter = errorReporter;
  }

  /**
   * Runs each task's work on the calling thread (its success and failure handlers still run on the
   * FX thread): for tests, which then wait for the FX queue instead of sleeping.
   */
  public static BackgroundTasks synchronous(Consumer<Throwable> errorReporter) {
    return new BackgroundTasks(Runnable::run, (what, error) -> errorReporter.accept(error));
  }

  /** Tasks that have not finished yet; changes happen on the FX thread. */
  public ObservableList<Task<?>> running() {
    return running;
  }

  /**
   * Starts {@code task}, named {@code title} in the status bar from now on (what it does, e.g.
   * "Loading model demo"), even while it waits for a worker; a title the task sets itself later
   * replaces it. On success {@code onSuccess} runs on the FX thread. Failures (other than a cancel)
   * go to the error reporter, so none is swallowed.
   */
  public <T> Task<T> submit(String title, Task<T> task, Consumer<T> onSuccess) {
    if (title != null && !title.isBlank()) {
      titles.put(task, title);
    }
    return submit(task, onSuccess);
  }

  /**
   * Starts {@code task} with no title of its own until its {@code call()} sets one: prefer {@link
   * #submit(String, Task, Consumer)}, since the status bar cannot name a task that is still waiting.
   */
  public <T> Task<T> submit(Task<T> task, Consumer<T> onSuccess) {
    runOnFx(() -> running.add(task));
    // handlers are added, not set, so a caller's own onFailed/onCancelled (e.g. resetting its
    // "running" state) still runs
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, event -> {
      running.remove(task);
      titles.remove(task);
      onSuccess.accept(task.getValue());
    });
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, event -> {
      running.remove(task);
      // read once, without a binding that would listen to the finished task's title
      String what = titleNow(task, titles.getOrDefault(task, ""));
      titles.remove(task);
      errorReporter.accept(what, task.getException());
    });
    task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, event -> {
      running.remove(task);
      titles.remove(task);
    });
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

  /**
   * What {@code task} does, for the status bar: its own title once it has set one, else the title
   * it was submitted with; empty for a task submitted without one that has not started yet.
   */
  public StringBinding title(Task<?> task) {
    String submitted = titles.getOrDefault(task, "");
    return Bindings.createStringBinding(() -> titleNow(task, submitted), task.titleProperty());
  }

  /** The task's own title once it has set one, else {@code submitted}. */
  private static String titleNow(Task<?> task, String submitted) {
    String own = task.getTitle();
    return own == null || own.isBlank() ? submitted : own;
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
