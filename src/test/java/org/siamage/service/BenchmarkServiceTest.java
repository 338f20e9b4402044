package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siamage.config.ModelConfig;

class BenchmarkServiceTest {
  @Test
  void eachBenchmarkedBackboneIsTheOneItIsNamedAfter() {
    // the compact-inception row once took the default experiment's model, plain-cnn since ADR 0046
    for (ModelConfig.Backbone backbone : ModelConfig.Backbone.values()) {
      assertThat(BenchmarkService.benchmarkModel(backbone).backbone()).as(backbone.wireName()).isEqualTo(backbone);
    }
  }

  @Test
  void compactInceptionIsBenchmarkedAtItsDocumentedSize() {
    ModelConfig model = BenchmarkService.benchmarkModel(ModelConfig.Backbone.COMPACT_INCEPTION);
    assertThat(model.width()).isEqualTo(16);
    assertThat(model.embeddingSize()).isEqualTo(128);
    assertThat(BenchmarkService.benchmarkInputSize(ModelConfig.Backbone.COMPACT_INCEPTION)).isEqualTo(64);
  }
}
