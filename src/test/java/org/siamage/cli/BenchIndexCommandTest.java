package org.siamage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --index} at a tiny size: the report is complete and bad options are named. */
class BenchIndexCommandTest {

  private static CliRun run(String... args) {
    return CliRun.of(List.of(new BenchCommand()), args);
  }

  @Test
  void writesJsonAndMarkdownWithEveryMeasurement(@TempDir Path folder) throws Exception {
    Path json = folder.resolve("index.json");
    CliRun run = run("bench", "--index", "--index-references", "3000", "--index-queries", "40",
        "--index-uniform-references", "1000", "--index-crossover", "1000,2000,5000", "--index-search-beams", "40",
        "--out", json.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    JsonNode learned = report.get("learnedLike");
    assertThat(learned.get("references").asInt()).isEqualTo(3000);
    assertThat(learned.at("/hnsw/recallAtK").asDouble()).isBetween(0.9, 1.0);
    assertThat(learned.at("/hnsw/searchBeam").asInt()).isEqualTo(240);
    assertThat(learned.at("/build/graphBytesPerMillionReferences").asLong()).isPositive();
    assertThat(learned.at("/hnsw/exactFallbacks").isNumber()).as("fallbacks reported").isTrue();
    assertThat(learned.at("/build/codeBytesPerMillionReferences").asLong()).isBetween(128_000_000L, 129_000_000L);
    assertThat(learned.get("searchBeams")).hasSize(2);
    assertThat(report.at("/uniform/references").asInt()).isEqualTo(1000);
    // 1,000 and 2,000 measured apart, the main 3,000 from its own rows; 5,000 is above the gallery
    assertThat(report.get("switchPoint")).hasSize(3);
    assertThat(report.at("/switchPoint/2/references").asInt()).isEqualTo(3000);
    String markdown = Files.readString(folder.resolve("index.md"));
    assertThat(markdown).contains("3,000 references", "1,000 references", "Switch point", "recall@k");
    assertThat(run.out()).contains("wrote");
  }

  @Test
  void namesTheBadOptionAndItsValue() {
    CliRun run = run("bench", "--index", "--index-references", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--index-references", "was 0");
    CliRun beam = run("bench", "--index", "--index-search-beam", "0");
    assertThat(beam.exitCode()).isEqualTo(2);
    assertThat(beam.err()).contains("--index-search-beam", "was 0");
    CliRun connections = run("bench", "--index", "--index-m", "1000");
    assertThat(connections.err()).contains("--index-m", "was 1000");
  }
}
