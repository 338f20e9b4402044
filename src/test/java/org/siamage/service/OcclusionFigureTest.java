package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siamage.data.preprocess.FaceCrop;
import org.siamage.infer.explain.OcclusionMap;

/** The occlusion picture the CLI writes: the crop with its map, and a colour bar that says what it means. */
class OcclusionFigureTest {
  private static final int SIZE = 32;
  private static final int SCALE = 8;

  /** A grey crop whose map is negative (red) on the left half and positive (blue) on the right. */
  static FaceCrop crop() {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int i = 0; i < SIZE * SIZE; i++) {
      int shade = 90 + (i % SIZE) * 3;
      rgb[3 * i] = (byte) shade;
      rgb[3 * i + 1] = (byte) (shade - 10);
      rgb[3 * i + 2] = (byte) (shade - 30);
    }
    return new FaceCrop(rgb, SIZE, 1, false, 0, true);
  }

  static OcclusionMap map() {
    float[][] heat = new float[SIZE][SIZE];
    for (int row = 0; row < SIZE; row++) {
      for (int column = 0; column < SIZE; column++) {
        heat[row][column] = 0.02f * (column - SIZE / 2f) / (SIZE / 2f) * (row > 4 && row < 28 ? 1 : 0.2f);
      }
    }
    return new OcclusionMap(heat, new float[1][1], 0.8);
  }

  @Test
  void theFigureAddsAColourBarFromRedToBlueBelowTheMap() throws Exception {
    OcclusionMap map = map();
    double end = map.largestChange();
    BufferedImage overlay = PairInspectionService.overlay(crop(), map, end, SCALE);
    BufferedImage figure = PairInspectionService.occlusionFigure(crop(), map, end, SCALE);
    Path shot = Path.of(System.getProperty("user.dir"), "target", "screenshots", "occlusion-figure.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, PairInspectionService.occlusionFigurePng(crop(), map, end, SCALE));

    // the map itself is unchanged, centred at the top
    int left = (figure.getWidth() - overlay.getWidth()) / 2;
    assertThat(figure.getRGB(left + 40, 12 + 100)).isEqualTo(overlay.getRGB(40, 100));
    // room below the map for the bar and its legend
    assertThat(figure.getHeight()).isGreaterThan(overlay.getHeight() + 80);
    assertThat(figure.getWidth()).isGreaterThanOrEqualTo(overlay.getWidth());

    // the bar: red (D falls when hidden) at the left end, white in the middle, blue at the right
    int barY = 12 + overlay.getHeight() + 12 + 7;
    int[] red = rgb(figure.getRGB(14, barY));
    int[] middle = rgb(figure.getRGB(figure.getWidth() / 2, barY));
    int[] blue = rgb(figure.getRGB(figure.getWidth() - 15, barY));
    assertThat(red[0]).isGreaterThan(red[2] + 80);
    assertThat(blue[2]).isGreaterThan(blue[0] + 80);
    assertThat(java.util.Arrays.stream(middle).min().orElseThrow()).isGreaterThan(240);
    // the bar's red end is the map's strongest red, drawn over white
    int barWidth = figure.getWidth() - 24;
    assertThat(figure.getRGB(13, barY) & 0xFFFFFF).isEqualTo(PairInspectionService.blendOverWhite(
        PairInspectionService.heatArgb(2 * 1.5 / barWidth - 1)));
  }

  @Test
  void theLegendUsesThePairInspectorsWordsAndFitsTheFigure() {
    assertThat(PairInspectionService.OCCLUSION_LEGEND).containsExactly(
        "Red: a region that makes the faces differ (D falls when it is hidden).",
        "Blue: a region that makes them alike (D rises when it is hidden).");
    var metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
        .getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int width = PairInspectionService.OCCLUSION_FIGURE_MIN_WIDTH - 24;
    for (String sentence : PairInspectionService.OCCLUSION_LEGEND) {
      List<String> lines = PairInspectionService.wrap(sentence, metrics, width);
      assertThat(String.join(" ", lines)).isEqualTo(sentence);
      assertThat(lines).allSatisfy(line -> assertThat(metrics.stringWidth(line)).isLessThanOrEqualTo(width));
    }
  }

  private static int[] rgb(int pixel) {
    return new int[] {(pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF};
  }
}
