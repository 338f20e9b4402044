package org.siamage.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.siamage.config.DataConfig;

class PaperTablesServiceTest {
  @Test
  void tablesNameTheProtocolSplitFileWhenOneIsUsed() {
    DataConfig protocol = new DataConfig("faces", "docs/protocol/aaf-split.json", 0.15, 0.15, 42L, "cache");
    assertEquals("docs/protocol/aaf-split.json (test part)", PaperTablesService.splitDescription(protocol));
  }

  @Test
  void tablesNameTheFractionAndSeedOfASplitMadeOnTheFly() {
    DataConfig seeded = new DataConfig("faces", "", 0.2, 0.15, 7L, "cache");
    assertEquals("20 % test, seed 7", PaperTablesService.splitDescription(seeded));
  }
}
