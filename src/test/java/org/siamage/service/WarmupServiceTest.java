package org.siamage.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupServiceTest {
  private final WarmupService warmup = new WarmupService();

  @Test
  void nd4jStartsOnTheCpuBackend() {
    assertThat(warmup.warmUpNd4j()).startsWith("ND4J CPU");
  }

  @Test
  void openCvLoadsItsNatives() {
    assertThat(warmup.warmUpOpenCv()).startsWith("OpenCV 4.5.5");
  }
}
