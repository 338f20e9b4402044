package org.siamage.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers shared by the TestFX tests: waiting on conditions and saving screenshots. */
public final class UiTestSupport {
  private UiTestSupport() {}

  /** Waits until {@code condition} holds, checking on the FX thread; fails after {@code seconds}. */
  public static void waitUntil(int seconds, BooleanSupplier condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
      WaitForAsyncUtils.waitForFxEvents();
      return condition.getAsBoolean();
    });
  }

  /** Writes a PNG of {@code scene} to {@code target/screenshots/NAME.png} for people to look at. */
  public static Path screenshot(Scene scene, String name) throws IOException {
    Path folder = Path.of(System.getProperty("user.dir"), "target", "screenshots");
    Files.createDirectories(folder);
    Path file = folder.resolve(name + ".png");
    WritableImage[] image = new WritableImage[1];
    WaitForAsyncUtils.asyncFx(() -> image[0] = scene.snapshot(null));
    WaitForAsyncUtils.waitForFxEvents();
    BufferedImage buffered = SwingFXUtils.fromFXImage(image[0], null);
    ImageIO.write(buffered, "png", file.toFile());
    return file;
  }
}
