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

  @Test
  void aBackendThatCannotLoadIsExplainedWithoutItsStackTrace() {
    // what ND4J throws when no backend loads: the first use fails in a static initialiser, later ones
    // with NoClassDefFoundError
    Throwable firstUse = new ExceptionInInitializerError(new RuntimeException(
        new org.nd4j.linalg.factory.Nd4jBackend.NoAvailableBackendException("Please ensure that you have an nd4j backend")));
    Throwable laterUse = new NoClassDefFoundError("Could not initialize class org.nd4j.linalg.factory.Nd4j");
    assertThat(WarmupService.isCudaBuild()).as("tests run on the CPU build").isFalse();
    assertThat(WarmupService.backendProblem(firstUse)).startsWith("ND4J could not load a native backend.")
        .contains("GPU section");
    assertThat(WarmupService.backendProblem(laterUse)).startsWith("ND4J could not load a native backend.");
    assertThat(WarmupService.backendProblem(new ExceptionInInitializerError(new IllegalStateException("other"))))
        .isNull();
  }
}
