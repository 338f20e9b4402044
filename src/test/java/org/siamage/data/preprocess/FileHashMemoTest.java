package org.siamage.data.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.Hashing;

class FileHashMemoTest {
  @TempDir Path folder;

  @Test
  void rememberedHashesSurviveAReloadAndChangedFilesAreHashedAgain() throws Exception {
    Path cache = Files.createDirectories(folder.resolve("cache"));
    Path image = Files.writeString(folder.resolve("a.jpg"), "first content");
    FileHashMemo memo = new FileHashMemo(cache);
    String first = memo.hash(image);
    assertThat(first).isEqualTo("13:" + Hashing.sha256(image));
    memo.saveIfChanged();
    assertThat(cache.resolve(FileHashMemo.FILE_NAME)).isRegularFile();

    assertThat(new FileHashMemo(cache).hash(image)).isEqualTo(first);

    Files.writeString(image, "other content");
    Files.setLastModifiedTime(image, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(new FileHashMemo(cache).hash(image)).isEqualTo("13:" + Hashing.sha256(image))
        .isNotEqualTo(first);
  }

  @Test
  void aDamagedMemoIsIgnored() throws Exception {
    Path cache = Files.createDirectories(folder.resolve("cache"));
    Files.writeString(cache.resolve(FileHashMemo.FILE_NAME), "garbage\tnot-a-number\tx\ty\n");
    Path image = Files.writeString(folder.resolve("b.jpg"), "content");
    assertThat(new FileHashMemo(cache).hash(image)).isEqualTo("7:" + Hashing.sha256(image));
  }
}
