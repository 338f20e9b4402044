package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siamage.config.ModelConfig;

class BenchmarkServiceTest {
  @Test
  void eachBenchmarkedBackboneIsTheOneItIsNamedAfter() {
    // the compact-inception row once took the default experiment's model, plain-cnn since ADR 0046
    for (String backbone : new String[] {"plain-cnn", "reference-cnn", "compact-inception", "inception-v3"}) {
      assertThat(BenchmarkService.benchmarkModel(backbone).backbone()).as(backbone).isEqualTo(backbone);
    }
  }

  @Test
  void compactInceptionIsBenchmarkedAtItsDocumentedSize() {
    ModelConfig model = BenchmarkService.benchmarkModel("compact-inception");
    assertThat(model.width()).isEqualTo(16);
    assertThat(model.embeddingSize()).isEqualTo(128);
    assertThat(BenchmarkService.benchmarkInputSize("compact-inception")).isEqualTo(64);
  }
}
