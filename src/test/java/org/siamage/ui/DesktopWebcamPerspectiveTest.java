package org.siamage.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.capture.CaptureFixtures;
import org.siamage.capture.FrameSources;
import org.siamage.capture.LiveEvent;
import org.siamage.capture.SampleVideo;
import org.siamage.capture.SourceSpec;
import org.siamage.config.ConfigDefaults;
import org.siamage.infer.FaceModel;
import org.siamage.service.DatasetService;
import org.siamage.service.ModelService;
import org.siamage.service.TrainingService;
import org.siamage.service.WarmupService;
import org.siamage.service.WebcamService;
import org.siamage.ui.common.BackgroundTasks;
import org.siamage.ui.webcam.WebcamPerspective;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Webcam perspective playing a real sample-face video (FFmpeg) through real detection and a
 * tiny real network; a source that fails mid-run stands in for an unplugged camera.
 */
@Tag("ui")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class DesktopWebcamPerspectiveTest {
  /** A video whose name contains this fails after a few frames, like an unplugged camera. */
  static final String UNPLUGGED = "unplugged";

  @TempDir static Path temp;
  static FaceModel model;
  static SampleVideo.Written video;
  static final List<CaptureFixtures.TestSource> opened = new CopyOnWriteArrayList<>();

  private final Preferences preferences = Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());
  private SiamageDesktop desktop;
  private WebcamPerspective webcam;

  @BeforeAll
  static void makeModelAndVideo() throws IOException {
    model = CaptureFixtures.tinyModel(temp);
    video = CaptureFixtures.video(temp, 3);
  }

  @Start
  void start(Stage stage) {
    WebcamService service = new WebcamService(spec -> {
      boolean unplug = spec instanceof SourceSpec.VideoFile file && file.file().toString().contains(UNPLUGGED);
      SourceSpec real = unplug ? new SourceSpec.VideoFile(video.file(), true, true,
          ((SourceSpec.VideoFile) spec).resolution()) : spec;
      CaptureFixtures.TestSource source = new CaptureFixtures.TestSource(FrameSources.create(real), unplug ? 8 : -1);
      opened.add(source);
      return source;
    });
    DatasetService datasets = new DatasetService(2);
    DesktopServices services = new DesktopServices(new WarmupService(), datasets, new TrainingService(datasets, "test"),
        new ModelService(datasets), ConfigDefaults.experiment(), temp.resolve("runs"), Optional.empty()).withWebcamService(service);
    desktop = new SiamageDesktop(services, BackgroundTasks.synchronous(error -> {
      throw new AssertionError("background task failed", error);
    }), preferences);
    desktop.buildWindow(stage);
    stage.setWidth(1180);
    stage.setHeight(760);
    stage.show();
    webcam = desktop.webcamPerspective();
  }

  @AfterEach
  void stopAndForget(FxRobot robot) throws BackingStoreException {
    robot.interact(() -> webcam.viewModel().shutdown());
    preferences.removeNode();
  }

  @Test
  void withoutAModelTheBannerOffersOneAndBoxesStillShow(FxRobot robot) throws TimeoutException {
    robot.clickOn("#nav-webcam");
    assertThat(robot.lookup("#webcam-model-banner").query().isVisible()).isTrue();
    // no camera on these machines: the real "no camera" path
    assertThat(messageText(robot)).contains("No camera found");
    robot.interact(() -> webcam.chooseVideo(video.file(), true));
    robot.clickOn("#webcam-start");
    UiTestSupport.waitUntil(30, () -> webcam.viewModel().framesShown() > 5 && !webcam.shownLabels().isEmpty());
    assertThat(webcam.shownLabels()).allMatch("estimating…"::equals);
  }

  @Test
  void aVideoPlaysWithLabelledFacesAndStopReleasesIt(FxRobot robot) throws TimeoutException, IOException {
    robot.interact(() -> desktop.workbench().useModel(model));
    robot.clickOn("#nav-webcam");
    assertThat(robot.lookup("#webcam-model-banner").query().isVisible()).isFalse();
    robot.interact(() -> webcam.chooseVideo(video.file(), true));
    int before = opened.size();
    robot.clickOn("#webcam-start");
    UiTestSupport.waitUntil(40, () -> webcam.viewModel().framesShown() > 10
        && webcam.shownLabels().stream().anyMatch(label -> label.contains("±")));
    UiTestSupport.waitUntil(10, () -> robot.lookup("#webcam-stats").queryAs(Label.class).getText().contains("frames/s"));
    assertThat(robot.lookup("#webcam-faces").queryAs(Label.class).getText()).matches("[1-3] faces?");
    Path shot = UiTestSupport.screenshot(robot.lookup("#webcam").query().getScene(), "webcam-playing");
    assertThat(shot).isRegularFile();

    robot.clickOn("#webcam-snapshot");
    assertThat(desktop.workbench().pairRequestProperty().get()).isNotNull();
    assertThat(desktop.workbench().pairRequestProperty().get().first().encodedImage()).isNotEmpty();
    robot.clickOn("#nav-webcam");

    robot.clickOn("#webcam-stop");
    UiTestSupport.waitUntil(15, () -> !webcam.viewModel().runningProperty().get());
    assertThat(webcam.viewModel().lastEventProperty().get()).isEqualTo(LiveEvent.Kind.STOPPED);
    CaptureFixtures.TestSource source = opened.get(before);
    assertThat(source.closes.get()).isEqualTo(1);
  }

  @Test
  void aSourceFailingMidRunShowsItsMessageAndIsReleased(FxRobot robot) throws TimeoutException {
    robot.interact(() -> desktop.workbench().useModel(model));
    robot.clickOn("#nav-webcam");
    robot.interact(() -> webcam.chooseVideo(temp.resolve(UNPLUGGED + ".mp4"), false));
    robot.clickOn("#webcam-start");
    UiTestSupport.waitUntil(30, () -> messageText(robot).contains(CaptureFixtures.UNPLUGGED));
    UiTestSupport.waitUntil(15, () -> !webcam.viewModel().runningProperty().get());
    assertThat(opened.get(opened.size() - 1).closes.get()).isEqualTo(1);
  }

  @Test
  void kioskModeShowsTheNoticeAndEscapeLeaves(FxRobot robot) throws TimeoutException, IOException {
    robot.interact(() -> desktop.workbench().useModel(model));
    robot.clickOn("#nav-webcam");
    robot.interact(() -> webcam.chooseVideo(video.file(), true));
    robot.clickOn("#webcam-start");
    robot.clickOn("#webcam-kiosk");
    UiTestSupport.waitUntil(10, webcam::kioskOpen);
    // a kiosk is private: privacy is on while it is open, and the buttons that move pictures are off
    assertThat(webcam.viewModel().privacyProperty().get()).isTrue();
    robot.interact(() -> webcam.viewModel().privacyProperty().set(false));
    assertThat(webcam.viewModel().privacyProperty().get()).as("privacy cannot be turned off in kiosk mode").isTrue();
    assertThat(robot.lookup("#webcam-save").queryButton().isDisabled()).isTrue();
    assertThat(robot.lookup("#webcam-snapshot").queryButton().isDisabled()).isTrue();
    UiTestSupport.waitUntil(40, () -> webcam.shownLabels().stream().anyMatch(label -> label.contains("±")));
    Label notice = robot.lookup("#webcam-kiosk-notice").queryAs(Label.class);
    assertThat(notice.getText()).contains("can be wrong").contains("children");
    UiTestSupport.screenshot(notice.getScene(), "webcam-kiosk");
    robot.interact(() -> notice.getScene().getWindow().requestFocus());
    robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    UiTestSupport.waitUntil(10, () -> !webcam.kioskOpen());
    assertThat(webcam.viewModel().privacyProperty().get()).as("the operator's setting comes back").isFalse();
  }

  @Test
  void inPrivacyModeNothingIsWrittenAndNoPictureLeavesTheView(FxRobot robot) throws Exception {
    Path home = Files.createDirectories(temp.resolve("privacy-home"));
    String realHome = System.getProperty("user.home");
    Path workingFolder = Path.of("").toAbsolutePath();
    System.setProperty("user.home", home.toString());
    try {
      Map<Path, String> homeBefore = files(home);
      Map<Path, String> tempBefore = files(temp);
      Map<Path, String> workingBefore = files(workingFolder);
      robot.interact(() -> desktop.workbench().useModel(model));
      robot.clickOn("#nav-webcam");
      robot.clickOn("#webcam-privacy");
      assertThat(webcam.viewModel().privacyProperty().get()).isTrue();
      robot.interact(() -> webcam.chooseVideo(video.file(), true));
      robot.clickOn("#webcam-start");
      UiTestSupport.waitUntil(40, () -> webcam.viewModel().framesShown() > 10
          && webcam.shownLabels().stream().anyMatch(label -> label.contains("±")));
      assertThat(robot.lookup("#webcam-save").queryButton().isDisabled()).isTrue();
      assertThat(robot.lookup("#webcam-snapshot").queryButton().isDisabled()).isTrue();
      robot.clickOn("#webcam-snapshot"); // disabled: the click must not send the face anywhere
      assertThat(desktop.workbench().pairRequestProperty().get()).as("no face sent to the Pair inspector").isNull();
      robot.clickOn("#webcam-stop");
      UiTestSupport.waitUntil(15, () -> !webcam.viewModel().runningProperty().get());
      UiTestSupport.waitUntil(10, () -> webcam.shownLabels().isEmpty());
      assertThat(files(home)).as("home folder").isEqualTo(homeBefore);
      assertThat(files(temp)).as("the run's temporary folder").isEqualTo(tempBefore);
      assertThat(files(workingFolder)).as("working folder").isEqualTo(workingBefore);
    } finally {
      System.setProperty("user.home", realHome);
    }
  }

  /** Every file under {@code root} (the build's own target/ and .git/ aside) with its size and time. */
  private static Map<Path, String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> !root.relativize(file).startsWith("target") && !root.relativize(file).startsWith(".git"))
          .collect(Collectors.toMap(file -> file, file -> {
            try {
              return Files.size(file) + " " + Files.getLastModifiedTime(file);
            } catch (IOException e) {
              return "unreadable";
            }
          }));
    }
  }

  private static String messageText(FxRobot robot) {
    return robot.lookup("#webcam-message").queryAs(Label.class).getText();
  }
}
