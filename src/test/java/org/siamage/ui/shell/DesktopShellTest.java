package org.siamage.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.infer.TinyFaceModels;
import org.siamage.model.bundle.BundleSignatures;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.SigningService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.ui.DesktopServices;
import org.siamage.ui.SiamageDesktop;
import org.siamage.ui.UiTestSupport;
import org.siamage.ui.common.BackgroundTasks;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window around the perspectives: Help menu, status bar tasks, the model's name. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DesktopShellTest {
  private static final List<String> PERSPECTIVES = List.of("data", "train", "embeddings", "pairs", "webcam", "results");

  @TempDir static Path temp;
  static TinyFaceModels.Written written;

  private final Preferences preferences = Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private SiamageDesktop desktop;
  private BackgroundTasks tasks;
  private Stage stage;

  @BeforeAll
  static void writeTinyModel() throws Exception {
    written = TinyFaceModels.write(temp.resolve("model"), 12);
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    // worker threads, as in the application: a task waits in their queue while others run
    tasks = new BackgroundTasks(failures::add);
    DatasetService datasets = new DatasetService(1);
    ModelService models = new ModelService(datasets, new SigningService(temp.resolve("trusted-keys")));
    DesktopServices services = new DesktopServices(new WarmupService(), datasets, new TrainingService(datasets, "test"),
        models, org.siamage.config.ConfigDefaults.experiment(), temp.resolve("runs"), Optional.of(written.dataset()));
    desktop = new SiamageDesktop(services, tasks, preferences);
    desktop.buildWindow(stage);
    stage.show();
  }

  @AfterEach
  void closeAndForget() throws BackingStoreException {
    tasks.close();
    WaitForAsyncUtils.waitForFxEvents();
    preferences.removeNode();
  }

  @Test
  void theFileMenuOpensADatasetFolderFromAnyPerspective(FxRobot robot) throws Exception {
    List<Window> owners = new CopyOnWriteArrayList<>();
    robot.interact(() -> {
      desktop.dataPerspective().useDialogs((chooser, owner) -> {
        owners.add(owner);
        return written.dataset().toFile();
      }, (chooser, owner) -> null);
      desktop.workbench().show("pairs");
    });
    // Ctrl+O while the Pair inspector shows: the chooser once failed there (no scene to own it)
    robot.push(new javafx.scene.input.KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(owners).as("the chooser ran, owned by the main window").containsExactly(stage);
    assertThat(robot.lookup("#perspective-data").query().isVisible()).as("the Data perspective shows").isTrue();
    UiTestSupport.waitUntil(60, () -> desktop.workbench().datasetProperty().get() != null);
    assertThat(desktop.workbench().datasetProperty().get()).isEqualTo(written.dataset());
    assertThat(failures).isEmpty();
  }

  @Test
  void everyTaskInTheStatusBarSaysWhatItDoesAndTheLoadedModelIsNamedEverywhere(FxRobot robot) throws Exception {
    UiTestSupport.waitUntil(120, () -> robot.lookup("#engine-status").queryAs(Label.class).getText().contains("ready")
        && tasks.running().isEmpty());
    assertThat(stage.getTitle()).isEqualTo("Siamage");
    assertThat(robot.lookup("#model-status").queryAs(Label.class).getText()).isEqualTo("No model");

    // both workers busy: the model waits in the queue, and must be named there too
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(2);
    robot.interact(() -> {
      for (int i = 1; i <= 2; i++) {
        tasks.submit("Holding worker " + i, blocker(holding, release), ignored -> { });
      }
    });
    assertThat(holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("both workers busy").isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    List<String> titles = new CopyOnWriteArrayList<>();
    ListChangeListener<Task<?>> recorder = change -> {
      while (change.next()) {
        change.getAddedSubList().forEach(task -> titles.add(tasks.title(task).get()));
      }
    };
    robot.interact(() -> {
      tasks.running().addListener(recorder);
      desktop.workbench().loadModel(written.bundle(), null);
    });
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> {
      Label row = robot.lookup("#task-title").queryAs(Label.class);
      assertThat(LayoutChecks.displayedText(row)).isEqualTo(row.getText()).startsWith("Holding worker");
      MenuButton more = robot.lookup("#more-tasks").queryAs(MenuButton.class);
      assertThat(more.getText()).isEqualTo("+2 more");
      assertThat(more.getItems()).extracting(MenuItem::getText)
          .contains("Cancel: Loading model tiny (waiting)");
      assertThat(LayoutChecks.truncated(robot.lookup("#status-bar").queryAs(Parent.class))).isEmpty();
    });
    UiTestSupport.screenshot(stage.getScene(), "status-bar-waiting-task");

    release.countDown();
    try {
      UiTestSupport.waitUntil(60, () -> desktop.workbench().modelProperty().get() != null && tasks.running().isEmpty());
    } catch (java.util.concurrent.TimeoutException e) {
      StringBuilder left = new StringBuilder();
      robot.interact(() -> tasks.running().forEach(task ->
          left.append(tasks.title(task).get()).append(" (").append(task.getState()).append("); ")));
      throw new AssertionError("model " + desktop.workbench().modelProperty().get() + ", still running: " + left
          + " failures " + failures, e);
    }
    robot.interact(() -> tasks.running().removeListener(recorder));
    assertThat(failures).isEmpty();
    assertThat(titles).as("titles of the tasks loading a model started")
        .contains("Loading model tiny", "Pair distances of the reference gallery")
        .allSatisfy(title -> assertThat(title).isNotBlank().isNotEqualTo("…"));

    for (String id : PERSPECTIVES) {
      robot.clickOn("#nav-" + id);
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(stage.getTitle()).as("title in " + id).isEqualTo("Siamage — model tiny");
      Label model = robot.lookup("#model-status").queryAs(Label.class);
      assertThat(model.isVisible()).isTrue();
      robot.interact(() -> assertThat(LayoutChecks.displayedText(model)).as("status bar in " + id)
          .isEqualTo("Model tiny · unsigned"));
    }
    robot.clickOn("#nav-embeddings");
    UiTestSupport.screenshot(stage.getScene(), "status-bar-model");
  }

  @Test
  void theStatusBarSaysWhetherTheModelIsSignedByATrustedKey(FxRobot robot) throws Exception {
    Path folder = Files.createDirectories(temp.resolve("signing"));
    Path signed = Files.copy(written.bundle(), folder.resolve("signed.siamage"));
    SigningService signing = new SigningService(temp.resolve("trusted-keys"));
    BundleSignatures.KeyFiles keys = signing.generateKeyPair(folder.resolve("lab"));
    signing.sign(signed, keys.privateKey(), "Face lab");
    signing.trust(keys.publicKey(), "lab");
    Label model = robot.lookup("#model-status").queryAs(Label.class);

    loadAndWait(robot, signed);
    robot.interact(() -> {
      assertThat(LayoutChecks.displayedText(model)).isEqualTo("Model signed · signed by lab");
      assertThat(model.getTooltip().getText()).contains("Signed by Face lab", "trusted key 'lab'");
      assertThat(model.getStyleClass()).doesNotContain("warning-text");
    });

    // a signature file edited after signing: the model still loads (it is intact), flagged
    Path edited = Files.copy(written.bundle(), folder.resolve("edited.siamage"));
    Files.writeString(BundleSignatures.signatureFile(edited),
        Files.readString(BundleSignatures.signatureFile(signed)).replace("Face lab", "Famous lab"));
    loadAndWait(robot, edited);
    robot.interact(() -> {
      assertThat(LayoutChecks.displayedText(model)).isEqualTo("Model edited · signature does not match");
      assertThat(model.getStyleClass()).contains("warning-text");
      assertThat(robot.lookup("#status-message").queryAs(Label.class).getText())
          .contains("edited.siamage.sig does not match its own content");
    });
    UiTestSupport.screenshot(stage.getScene(), "status-bar-signature-broken");
  }

  private void loadAndWait(FxRobot robot, Path bundle) throws Exception {
    robot.interact(() -> desktop.workbench().loadModel(bundle, null));
    UiTestSupport.waitUntil(60, () -> desktop.workbench().modelProperty().get() != null
        && bundle.equals(desktop.workbench().modelProperty().get().source()) && tasks.running().isEmpty());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(failures).isEmpty();
  }

  @Test
  void helpMenuOpensShortcutsGuideAndAbout(FxRobot robot) throws Exception {
    // each perspective puts its shortcuts on the scene when first shown
    for (String id : PERSPECTIVES) {
      robot.clickOn("#nav-" + id);
    }
    robot.clickOn("#nav-data");
    MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
    Menu help = bar.getMenus().stream().filter(menu -> "menu-help".equals(menu.getId())).findFirst().orElseThrow();
    assertThat(help.getItems()).extracting(MenuItem::getText)
        .contains("_Keyboard shortcuts", "_Guide", "_About Siamage");

    // F1 opens the guide
    robot.push(KeyCode.F1);
    UiTestSupport.waitUntil(10, () -> robot.lookup("#help-guide").tryQuery().isPresent());
    Parent guide = robot.lookup("#help-guide").queryAs(Parent.class);
    for (String id : PERSPECTIVES) {
      assertThat(guide.lookup("#guide-" + id)).as("guide section " + id).isNotNull();
    }
    assertThat(HelpWindows.text(guide)).contains("Pair inspector").contains("README.md");
    UiTestSupport.screenshot(guide.getScene(), "help-guide");
    close(robot, "help-guide");

    robot.interact(() -> item(help, "help-shortcuts-item").fire());
    Parent shortcuts = robot.lookup("#help-shortcuts").queryAs(Parent.class);
    Set<KeyCombination> accelerators = new LinkedHashSet<>(stage.getScene().getAccelerators().keySet());
    for (Menu menu : bar.getMenus()) {
      menu.getItems().stream().filter(item -> item.getAccelerator() != null)
          .forEach(item -> accelerators.add(item.getAccelerator()));
    }
    String listed = HelpWindows.text(shortcuts);
    assertThat(accelerators).hasSizeGreaterThan(10);
    for (KeyCombination keys : accelerators) {
      assertThat(listed).as("shortcut list names " + keys.getDisplayText()).contains(keys.getDisplayText());
    }
    assertThat(listed).contains("F1").contains("F11").contains("Esc").contains("Help > Guide");
    UiTestSupport.screenshot(shortcuts.getScene(), "help-shortcuts");
    close(robot, "help-shortcuts");

    robot.interact(() -> item(help, "help-about-item").fire());
    Parent about = robot.lookup("#help-about").queryAs(Parent.class);
    assertThat(HelpWindows.text(about)).contains("Siamage " + HelpWindows.version())
        .contains("GPL-3.0-or-later").contains("README.md").contains("docs/");
    UiTestSupport.screenshot(about.getScene(), "help-about");
    close(robot, "help-about");
  }

  private static void close(FxRobot robot, String id) throws Exception {
    Window window = robot.lookup("#" + id).queryAs(Parent.class).getScene().getWindow();
    robot.clickOn("#" + id + "-close");
    UiTestSupport.waitUntil(10, () -> !window.isShowing());
  }

  private static MenuItem item(Menu menu, String id) {
    return menu.getItems().stream().filter(item -> id.equals(item.getId())).findFirst().orElseThrow();
  }

  private static Task<Void> blocker(CountDownLatch holding, CountDownLatch release) {
    return new Task<>() {
      @Override
      protected Void call() throws InterruptedException {
        holding.countDown();
        release.await();
        return null;
      }
    };
  }
}
