package org.siamage.ui.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the Embeddings perspective tells faces asked for, embedded and in the dataset apart. */
class EmbeddingsCountTest {
  @Test
  void theCountLineSaysWhatWasEmbeddedAndWhatTheDatasetHas() {
    assertThat(EmbeddingsViewModel.countText(40, 48, 48, -1, true)).isEqualTo("40 of 48 faces shown · the dataset has 48");
    assertThat(EmbeddingsViewModel.countText(500, 500, 1000, -1, true))
        .isEqualTo("500 of 500 faces shown · the dataset has 1000");
    assertThat(EmbeddingsViewModel.countText(500, 500, -1, 3, true))
        .isEqualTo("500 of 500 faces shown · the dataset has more · 3 match the search");
    // a run's drift shows its probe faces: nothing said about the dataset
    assertThat(EmbeddingsViewModel.countText(12, 12, 48, -1, false)).isEqualTo("12 of 12 faces shown");
  }
}
