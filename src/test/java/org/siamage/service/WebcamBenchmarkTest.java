package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebcamBenchmarkTest {
  @Test
  void residentMemoryIsSummarisedPerWindowSoThatATrendShowsThroughTheSawtooth() {
    List<double[]> samples = new ArrayList<>();
    for (int second = 0; second < 30; second++) {
      // a sawtooth between 400 and 700 MB that neither grows nor shrinks, one bad read
      samples.add(new double[] {second + 0.2, second == 5 ? -1 : 400 + 100 * (second % 4)});
    }
    List<Map<String, Object>> windows = WebcamBenchmark.residentWindows(samples, 10);
    assertThat(windows).hasSize(3);
    assertThat(windows.get(0)).containsEntry("fromSeconds", 0.0).containsEntry("toSeconds", 10.0)
        .containsEntry("samples", 9).containsEntry("min", 400.0).containsEntry("max", 700.0);
    assertThat(windows).allSatisfy(window -> assertThat((double) window.get("median")).isBetween(500.0, 600.0));
  }

  @Test
  void growthIsTheLastWindowsMedianMinusTheFirsts() {
    List<Map<String, Object>> windows = List.of(Map.of("median", 810.0), Map.of("median", 790.0),
        Map.of("median", 835.5));
    assertThat(WebcamBenchmark.medianGrowth(windows)).isEqualTo(25.5);
  }

  @Test
  void noSamplesGiveNoWindows() {
    assertThat(WebcamBenchmark.residentWindows(List.of(), 10)).isEmpty();
  }
}
