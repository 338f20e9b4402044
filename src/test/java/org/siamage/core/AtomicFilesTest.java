package org.siamage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path temp;

  @Test
  void writtenFilesGetTheSamePermissionsAsFilesWrittenDirectly() throws IOException {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    Path direct = Files.writeString(temp.resolve("direct.txt"), "x");
    Path atomic = temp.resolve("atomic.txt");

    AtomicFiles.writeString(atomic, "x");

    assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(direct));
  }

  @Test
  void aFailedWriteKeepsThePreviousContentAndLeavesNoTempFile() throws IOException {
    Path target = temp.resolve("report.json");
    AtomicFiles.writeString(target, "old");

    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write('n');
      throw new IOException("disk full");
    })).hasMessage("disk full");

    assertThat(Files.readString(target)).isEqualTo("old");
    try (var files = Files.list(temp)) {
      assertThat(files).containsExactly(target);
    }
  }
}
