package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.siamage.data.Gender;

/** The map figure the CLI and the Export button write: one-line titles, colour-bar ticks apart. */
class EmbeddingFigureTest {
  private static final String LONG_TITLE =
      "Embedding of sweep-revised-contrastive-lr3e-3-batch64-seed7.siamage on UTKFace-aligned-cropped";
  private static final String SUBTITLE = "1000 faces · tsne-exact, perplexity 20, 1000 iterations, seed 42 · k-NN"
      + " age MAE (k = 10): 8.93 years on the map, 8.83 in the full embedding; trustworthiness 0.985 (1000 faces)";

  static ProjectionService.EmbeddedFaces faces(int n) {
    SplittableRandom random = new SplittableRandom(3);
    List<String> ids = new ArrayList<>();
    List<Path> images = new ArrayList<>();
    int[] ages = new int[n];
    Gender[] genders = new Gender[n];
    String[] splits = new String[n];
    for (int i = 0; i < n; i++) {
      ids.add("face_" + i);
      images.add(Path.of("images", "face_" + i + ".jpg"));
      ages[i] = 2 + i % 79;
      genders[i] = i % 2 == 0 ? Gender.FEMALE : Gender.MALE;
      splits[i] = "";
    }
    return new ProjectionService.EmbeddedFaces(ids, images, ages, genders, splits, new double[n], new double[n * 2],
        2, n);
  }

  static double[] coordinates(ProjectionService.EmbeddedFaces faces) {
    double[] xy = new double[2 * faces.size()];
    for (int i = 0; i < faces.size(); i++) {
      // age along a curve, so the figure looks like a map
      double t = faces.ages()[i] / 80.0;
      xy[2 * i] = 60 * Math.cos(3 * t) + (i % 7);
      xy[2 * i + 1] = 50 * Math.sin(3 * t) + (i % 5);
    }
    return xy;
  }

  @Test
  void aLongTitleAndSubtitleEachStayOnOneLine() throws Exception {
    var faces = faces(400);
    EmbeddingFigure figure = new EmbeddingFigure(faces, coordinates(faces), LONG_TITLE, SUBTITLE);
    byte[] png = figure.png(1000, 800);
    Path shot = Path.of(System.getProperty("user.dir"), "target", "screenshots", "embedding-figure.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, png);

    Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    Font title = figure.title().getFont();
    Font subtitle = figure.subtitle().getFont();
    assertThat(title.getSize2D()).isLessThanOrEqualTo(18).isGreaterThanOrEqualTo(EmbeddingFigure.MIN_TITLE_SIZE);
    assertThat(measure.getFontMetrics(title).stringWidth(LONG_TITLE)).isLessThanOrEqualTo(980);
    // the subtitle used to wrap onto a second line at 12 pt
    assertThat(measure.getFontMetrics(SUBTITLE_AT_12).stringWidth(SUBTITLE)).isGreaterThan(980);
    assertThat(measure.getFontMetrics(subtitle).stringWidth(SUBTITLE)).isLessThanOrEqualTo(980);
    assertThat(figure.title().getMaximumLinesToDisplay()).isEqualTo(1);

    // a short title keeps its size
    EmbeddingFigure plain = new EmbeddingFigure(faces, coordinates(faces), "Toy example", "48 faces · PCA");
    plain.png(1000, 800);
    assertThat(plain.title().getFont().getSize2D()).isEqualTo(18f);
    // the colour bar of ages 2..80 on 800 px: a label every 5 years, not every 2
    assertThat(figure.scaleAxis().getTickUnit().getSize()).isEqualTo(5.0);
    measure.dispose();
  }

  private static final Font SUBTITLE_AT_12 = EmbeddingFigure.SUBTITLE_FONT;

  @Test
  void colourBarLabelsNeverOverlap() {
    double labelHeight = 13;
    for (double range = 1; range <= 120; range += 1) {
      for (double length = 100; length <= 1200; length += 50) {
        double step = EmbeddingFigure.tickStep(range, length, labelHeight);
        double spacing = length * step / range;
        // consecutive labels' boxes (labelHeight high, centred on their ticks) keep a gap
        assertThat(spacing).as("range %s on %s px", range, length)
            .isGreaterThanOrEqualTo(EmbeddingFigure.TICK_GAP * labelHeight - 1e-9);
        assertThat(step).isGreaterThanOrEqualTo(1);
      }
    }
    // and no sparser than needed: ages 2..80 on 640 px get a tick every 5 years
    assertThat(EmbeddingFigure.tickStep(78, 640, labelHeight)).isEqualTo(5);
    assertThat(EmbeddingFigure.tickStep(10, 640, labelHeight)).isEqualTo(1);
  }

  @Test
  void fittingSizeShrinksOnlyAsFarAsNeeded() {
    Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    Font font = EmbeddingFigure.TITLE_FONT;
    assertThat(EmbeddingFigure.fittingSize(measure, "Short", font, 900, 11)).isEqualTo(18f);
    float size = EmbeddingFigure.fittingSize(measure, LONG_TITLE, font, 800, 11);
    assertThat(measure.getFontMetrics(font.deriveFont(size)).stringWidth(LONG_TITLE)).isLessThanOrEqualTo(800);
    assertThat(measure.getFontMetrics(font.deriveFont(size + 0.5f)).stringWidth(LONG_TITLE)).isGreaterThan(800);
    // never below the smallest legible size
    assertThat(EmbeddingFigure.fittingSize(measure, LONG_TITLE.repeat(5), font, 300, 11)).isEqualTo(11f);
    measure.dispose();
  }
}
