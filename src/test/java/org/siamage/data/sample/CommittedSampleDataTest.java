package org.siamage.data.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;

/**
 * The committed demo set must be exactly what the generator makes from the default spec, so the
 * repository never holds images that the code cannot reproduce.
 */
class CommittedSampleDataTest {
  private static final Path COMMITTED =
      Path.of(System.getProperty("user.dir"), "sample-data", "faces");

  @Test
  void committedSampleFacesEqualARegeneration(@TempDir Path temp) throws IOException {
    Assumptions.assumeTrue(
        Files.isDirectory(COMMITTED), "committed sample set " + COMMITTED + " is absent");
    Path regenerated = temp.resolve("faces");

    new SampleFaceGenerator()
        .generate(
            regenerated, SampleFaceSpec.defaults(), ProgressListener.silent(), StopToken.never());

    List<Path> files = SampleFaceGeneratorTest.relativeFiles(regenerated);
    assertThat(SampleFaceGeneratorTest.relativeFiles(COMMITTED)).isEqualTo(files);
    for (Path file : files) {
      assertThat(Files.readAllBytes(COMMITTED.resolve(file)))
          .as("committed %s differs from a regeneration; run `siamage sample-data generate`", file)
          .isEqualTo(Files.readAllBytes(regenerated.resolve(file)));
    }
  }
}
