package org.siamage.ui.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * A short most-recent-first list of paths (datasets, runs) kept in the user's preferences, for
 * File &gt; Open recent. Paths are stored absolute, one per line, under one key.
 */
public final class RecentItems {
  private final Preferences preferences;
  private final String key;
  private final int capacity;

  /**
   * @param preferences the desktop's preferences node (tests pass their own)
   * @param key the preference key, e.g. "recentDatasets"
   * @param capacity how many paths are kept, ≥ 1
   */
  public RecentItems(Preferences preferences, String key, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be ≥ 1, was " + capacity);
    }
    this.preferences = preferences;
    this.key = key;
    this.capacity = capacity;
  }

  /** The remembered paths, most recent first. */
  public List<Path> list() {
    List<Path> paths = new ArrayList<>();
    for (String line : preferences.get(key, "").split("\n")) {
      if (!line.isBlank()) {
        paths.add(Path.of(line));
      }
    }
    return paths;
  }

  /** Puts {@code path} first; an older entry of the same path goes, and the oldest beyond capacity. */
  public void add(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    List<Path> paths = list();
    paths.remove(absolute);
    paths.add(0, absolute);
    String joined = join(paths);
    while (paths.size() > 1 && (paths.size() > capacity || joined.length() > Preferences.MAX_VALUE_LENGTH)) {
      paths.remove(paths.size() - 1);
      joined = join(paths);
    }
    if (joined.length() <= Preferences.MAX_VALUE_LENGTH) {
      preferences.put(key, joined);
    }
  }

  private static String join(List<Path> paths) {
    return String.join("\n", paths.stream().map(Path::toString).toList());
  }

  public void clear() {
    preferences.remove(key);
  }
}
