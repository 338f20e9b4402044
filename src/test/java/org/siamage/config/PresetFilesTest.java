package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The experiment presets that docs/RESULTS.md runs stay readable, valid and on the fixed protocol. */
class PresetFilesTest {
  private static final Path PRESETS = Path.of(System.getProperty("user.dir"), "docs", "presets");

  @Test
  void everyPresetIsValidAndUsesAProtocolSplitThatExists() throws IOException {
    List<Path> presets;
    try (Stream<Path> files = Files.list(PRESETS)) {
      presets = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(presets).extracting(file -> file.getFileName().toString())
        .contains("aaf-cpu.json", "utkface-cpu.json", "aaf-loss-table.json", "utkface-loss-table.json",
            "transfer-inception-v3.json");
    for (Path preset : presets) {
      ExperimentConfig config = ConfigJson.read(preset);
      ConfigValidator.requireValid(config, preset.getFileName().toString());
      assertThat(config.data().splitFile()).as(preset.getFileName().toString()).startsWith("docs/protocol/");
      assertThat(Path.of(System.getProperty("user.dir")).resolve(config.data().splitFile())).isRegularFile();
    }
  }

  /** Enumerations are enums in code (ADR 0053): each value still reads and writes as the file's string. */
  @Test
  void everyPresetWritesBackTheValuesItHolds() throws IOException {
    List<Path> files;
    try (Stream<Path> presets = Files.list(PRESETS)) {
      files = Stream.concat(presets.filter(file -> file.toString().endsWith(".json")),
          Stream.of(Path.of(System.getProperty("user.dir"), "sample-data", "experiment.json"))).sorted().toList();
    }
    ObjectMapper json = new ObjectMapper();
    for (Path file : files) {
      JsonNode given = json.readTree(file.toFile());
      JsonNode written = json.readTree(ConfigJson.write(ConfigJson.read(file)));
      given.fields().forEachRemaining(section -> {
        if (section.getValue().isObject()) {
          section.getValue().fields().forEachRemaining(field -> assertThat(
              written.path(section.getKey()).path(field.getKey()))
              .as(file.getFileName() + ": " + section.getKey() + "." + field.getKey()).isEqualTo(field.getValue()));
        }
      });
    }
  }

  @Test
  void theCpuPresetsTrainThePapersMethod() {
    for (String name : List.of("aaf-cpu.json", "utkface-cpu.json")) {
      ExperimentConfig config = ConfigJson.read(PRESETS.resolve(name));
      assertThat(config.training().loss()).as(name).isEqualTo(TrainingConfig.Loss.REVISED_CONTRASTIVE);
      assertThat(config.model().genderHead()).as(name).isTrue();
      assertThat(config.model().backbone()).as(name).isEqualTo(ModelConfig.Backbone.PLAIN_CNN);
      assertThat(config.training().balancePairTerms()).as(name).isTrue();
      assertThat(config.evaluation().tuneOnValidation()).as(name).isTrue();
    }
  }
}
