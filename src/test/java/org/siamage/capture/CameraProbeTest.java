package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.StopToken;

/**
 * Find cameras on a Linux machine laid out as one with USB cameras: device nodes, and sysfs entries
 * that give each node its driver's index and its device. None of the nodes opens here (there is no
 * camera), which is what a camera's metadata node does on a real machine.
 */
class CameraProbeTest {
  @TempDir Path temp;

  private void node(int index, int driverIndex, String device) throws IOException {
    Files.writeString(Files.createDirectories(temp.resolve("dev")).resolve("video" + index), "");
    Path entry = Files.createDirectories(temp.resolve("sys/video" + index));
    Files.writeString(entry.resolve("index"), driverIndex + "\n");
    Files.createSymbolicLink(entry.resolve("device"), Files.createDirectories(temp.resolve("devices/" + device)));
  }

  @Test
  void aCamerasMetadataNodeIsNotListedAsASecondBusyCamera() throws IOException {
    for (int index : new int[] {5, 6, 7}) {
      assumeTrue(!Files.exists(CameraFrameSource.devicePath(index)), "this machine has a camera " + index);
    }
    node(5, 0, "usb-1");
    node(6, 1, "usb-1"); // the same camera's metadata node
    node(7, 1, "usb-2"); // a second node of a device whose first node is not there: kept

    CameraProbe probe = new CameraProbe(Duration.ofSeconds(2), temp.resolve("dev"), temp.resolve("sys"));
    List<CameraProbe.CameraInfo> found = probe.probe(new StopToken());

    assertThat(found).extracting(CameraProbe.CameraInfo::index).containsExactly(5, 7);
    assertThat(found).allSatisfy(camera -> assertThat(camera.usable()).isFalse());
    assertThat(probe.isCompanionNode(6, List.of(5, 6, 7))).isTrue();
    assertThat(probe.isCompanionNode(6, List.of(6, 7))).as("without its first node").isFalse();
    assertThat(probe.isCompanionNode(5, List.of(5, 6, 7))).as("a first node").isFalse();
  }
}
