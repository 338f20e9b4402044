package org.siamage.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.siamage.ui.UiTestSupport;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
class BackgroundTasksTest {
  @Test
  void aFailingTaskReachesBothTheErrorReporterAndItsOwnFailureHandler() throws TimeoutException {
    FxToolkit.registerPrimaryStage();
    AtomicReference<Throwable> reported = new AtomicReference<>();
    AtomicBoolean ownHandlerRan = new AtomicBoolean();
    BackgroundTasks tasks = new BackgroundTasks(reported::set);
    Task<Void> task = new Task<>() {
      @Override
      protected Void call() {
        throw new IllegalStateException("training diverged");
      }
    };
    task.setOnFailed(event -> ownHandlerRan.set(true));

    WaitForAsyncUtils.asyncFx(() -> tasks.submit(task, ignored -> { }));

    UiTestSupport.waitUntil(10, () -> ownHandlerRan.get() && reported.get() != null);
    assertThat(reported.get()).hasMessage("training diverged");
    UiTestSupport.waitUntil(10, () -> tasks.running().isEmpty());
    tasks.close();
  }

  @Test
  void theErrorReporterLearnsWhatFailedFromTheTaskTitle() throws TimeoutException {
    FxToolkit.registerPrimaryStage();
    AtomicReference<String> what = new AtomicReference<>();
    BackgroundTasks tasks = BackgroundTasks.reportingTitles((title, error) -> what.set(title));
    Task<Void> task = new Task<>() {
      @Override
      protected Void call() {
        throw new IllegalStateException("not a model bundle");
      }
    };

    WaitForAsyncUtils.asyncFx(() -> tasks.submit("Loading model bad", task, ignored -> { }));

    UiTestSupport.waitUntil(10, () -> what.get() != null);
    assertThat(what.get()).isEqualTo("Loading model bad");
    // the dialog's title names it (the window used "Operation failed" for every failure before)
    assertThat(ErrorDialogs.failureTitle(what.get())).isEqualTo("Failed: Loading model bad");
    assertThat(ErrorDialogs.failureTitle("")).isEqualTo("Operation failed");
    tasks.close();
  }
}
