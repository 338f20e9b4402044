package org.siamage.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentItemsTest {
  private final Preferences preferences = Preferences.userRoot().node("org/siamage/test/" + UUID.randomUUID());

  @AfterEach
  void forget() throws BackingStoreException {
    preferences.removeNode();
  }

  @Test
  void keepsTheNewestFirstWithoutDuplicatesUpToItsCapacity() {
    RecentItems recent = new RecentItems(preferences, "recentRuns", 3);
    for (String name : new String[] {"a", "b", "c", "a", "d"}) {
      recent.add(Path.of("/runs", name));
    }
    assertThat(recent.list()).containsExactly(Path.of("/runs/d"), Path.of("/runs/a"), Path.of("/runs/c"));
    assertThat(new RecentItems(preferences, "recentRuns", 3).list()).hasSize(3);
    assertThat(new RecentItems(preferences, "recentDatasets", 3).list()).isEmpty();
    recent.clear();
    assertThat(recent.list()).isEmpty();
  }
}
