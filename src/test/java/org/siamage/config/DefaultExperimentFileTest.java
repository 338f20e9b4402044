package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed default experiment must stay equal to the defaults in code. */
class DefaultExperimentFileTest {
  @Test
  void sampleExperimentFileHoldsTheDefaults() {
    Path file = Path.of(System.getProperty("user.dir"), "sample-data", "experiment.json");
    assertThat(ConfigJson.read(file)).isEqualTo(ConfigDefaults.experiment());
  }
}
