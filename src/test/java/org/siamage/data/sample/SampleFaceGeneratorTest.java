package org.siamage.data.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;

class SampleFaceGeneratorTest {
  private final SampleFaceGenerator generator = new SampleFaceGenerator();

  @TempDir Path temp;

  @Test
  void sameSpecGivesIdenticalBytes() throws IOException {
    SampleFaceSpec spec = SampleFaceSpec.defaults().withCount(20);
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");

    generate(first, spec);
    generate(second, spec);

    List<Path> firstFiles = relativeFiles(first);
    assertThat(firstFiles).hasSize(22).isEqualTo(relativeFiles(second));
    for (Path file : firstFiles) {
      assertThat(Files.readAllBytes(first.resolve(file)))
          .as(file.toString())
          .isEqualTo(Files.readAllBytes(second.resolve(file)));
    }
  }

  @Test
  void anotherSeedGivesOtherFaces() throws IOException {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");

    generate(first, SampleFaceSpec.defaults().withCount(3));
    generate(second, SampleFaceSpec.defaults().withCount(3).withSeed(1));

    assertThat(Files.readAllBytes(first.resolve("images/face_0000.jpg")))
        .isNotEqualTo(Files.readAllBytes(second.resolve("images/face_0000.jpg")));
  }

  @Test
  void labelsListEveryImageWithAgeInRangeAndBalancedGender() throws IOException {
    SampleFaceSpec spec = SampleFaceSpec.defaults().withCount(200).withImageSize(32);
    Path folder = temp.resolve("faces");

    generate(folder, spec);

    String content = Files.readString(folder.resolve("labels.csv"), StandardCharsets.UTF_8);
    assertThat(content).doesNotContain("\r").endsWith("\n");
    List<String> lines = content.lines().toList();
    assertThat(lines.get(0)).isEqualTo("file,age,gender");
    assertThat(lines).hasSize(spec.count() + 1);
    int females = 0;
    int youngest = Integer.MAX_VALUE;
    int oldest = Integer.MIN_VALUE;
    for (int index = 0; index < spec.count(); index++) {
      String[] fields = lines.get(index + 1).split(",", -1);
      assertThat(fields).hasSize(3);
      assertThat(fields[0]).isEqualTo(String.format("images/face_%04d.jpg", index));
      assertThat(folder.resolve(fields[0])).isRegularFile();
      int age = Integer.parseInt(fields[1]);
      youngest = Math.min(youngest, age);
      oldest = Math.max(oldest, age);
      assertThat(fields[2]).isIn("F", "M");
      females += fields[2].equals("F") ? 1 : 0;
    }
    assertThat(youngest).isGreaterThanOrEqualTo(spec.minAge()).isLessThanOrEqualTo(10);
    assertThat(oldest).isLessThanOrEqualTo(spec.maxAge()).isGreaterThanOrEqualTo(70);
    assertThat(females).isBetween(80, 120);
    try (Stream<Path> images = Files.list(folder.resolve("images"))) {
      assertThat(images.count()).isEqualTo(spec.count());
    }
    assertThat(Files.readString(folder.resolve("README.md")))
        .startsWith(SampleFaceGenerator.README_TITLE)
        .contains("no real person")
        .contains("siamage sample-data generate");
  }

  @Test
  void imagesHaveTheRequestedSizeAndAreRgb() throws IOException {
    Path folder = temp.resolve("faces");

    generate(folder, SampleFaceSpec.defaults().withCount(5).withImageSize(48));

    BufferedImage image = ImageIO.read(folder.resolve("images/face_0004.jpg").toFile());
    assertThat(image.getWidth()).isEqualTo(48);
    assertThat(image.getHeight()).isEqualTo(48);
    assertThat(image.getColorModel().getNumComponents()).isEqualTo(3);
  }

  @Test
  void progressIsReportedOncePerImage() throws IOException {
    List<Long> done = new ArrayList<>();
    generator.generate(
        temp.resolve("faces"),
        SampleFaceSpec.defaults().withCount(4).withImageSize(16),
        (finished, total, message) -> {
          assertThat(total).isEqualTo(4);
          done.add(finished);
        },
        StopToken.never());

    assertThat(done).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void stopLeavesThePreviousDatasetAndNoTemporaryFolder() throws IOException {
    Path folder = temp.resolve("faces");
    generate(folder, SampleFaceSpec.defaults().withCount(2).withImageSize(16));
    byte[] labelsBefore = Files.readAllBytes(folder.resolve("labels.csv"));
    StopToken stop = new StopToken();

    assertThatThrownBy(
            () ->
                generator.generate(
                    folder,
                    SampleFaceSpec.defaults().withCount(10).withImageSize(16),
                    (finished, total, message) -> {
                      if (finished == 3) {
                        stop.requestStop();
                      }
                    },
                    stop))
        .isInstanceOf(CancelledException.class);

    assertThat(Files.readAllBytes(folder.resolve("labels.csv"))).isEqualTo(labelsBefore);
    try (Stream<Path> siblings = Files.list(temp)) {
      assertThat(siblings.map(path -> path.getFileName().toString())).containsExactly("faces");
    }
  }

  @Test
  void regeneratingReplacesAnEarlierSampleSet() throws IOException {
    Path folder = temp.resolve("faces");
    generate(folder, SampleFaceSpec.defaults().withCount(6).withImageSize(16));

    generate(folder, SampleFaceSpec.defaults().withCount(2).withImageSize(16));

    assertThat(relativeFiles(folder)).hasSize(4);
    try (Stream<Path> siblings = Files.list(temp)) {
      assertThat(siblings.map(path -> path.getFileName().toString())).containsExactly("faces");
    }
  }

  @Test
  void refusesToReplaceAFolderWithOtherData() throws IOException {
    Path folder = temp.resolve("photos");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("holiday.jpg"), "not a sample face");

    assertThatThrownBy(
            () -> generate(folder, SampleFaceSpec.defaults().withCount(1).withImageSize(16)))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(folder.toString());
    assertThat(folder.resolve("holiday.jpg")).hasContent("not a sample face");
  }

  @Test
  void drawFaceMatchesTheLabelOfTheWrittenFace() {
    SampleFace face = generator.drawFace(SampleFaceSpec.defaults(), 0);

    assertThat(face.file()).isEqualTo("images/face_0000.jpg");
    assertThat(face.age()).isBetween(1, 80);
    assertThat(face.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(face.image().getWidth()).isEqualTo(64);
  }

  private void generate(Path folder, SampleFaceSpec spec) throws IOException {
    generator.generate(folder, spec, ProgressListener.silent(), StopToken.never());
  }

  static List<Path> relativeFiles(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(folder::relativize).sorted().toList();
    }
  }
}
