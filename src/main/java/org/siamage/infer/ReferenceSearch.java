package org.siamage.infer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.siamage.core.UserFacingException;

/**
 * How an {@link AgeEstimator} finds the k nearest references (ADR 0050): by an exact scan of the
 * whole gallery, or through an HNSW index over the gallery's own vectors, which is built once per
 * gallery and reused by every query.
 *
 * @param mode exact, HNSW, or automatic by gallery size
 * @param indexFromReferences in {@link Mode#AUTO}, galleries of at least this many references are
 *     searched through the index, smaller ones exactly; ≥ 1
 * @param hnsw the index's graph and search parameters
 * @param indexCache where the built graph is kept between starts (checked against the gallery's
 *     content hash when read back), or {@code null} to keep it in memory only
 */
public record ReferenceSearch(Mode mode, int indexFromReferences, HnswSettings hnsw, Path indexCache) {
  /** The system property that forces a mode: {@code -Dsiamage.referenceSearch=exact|hnsw|auto}. */
  public static final String MODE_PROPERTY = "siamage.referenceSearch";

  /**
   * Galleries from this size on are searched through the index in {@link Mode#AUTO}. Measured with
   * {@code siamage bench --index} on 2 cores with 128-d references (ADR 0050): up to here an exact
   * query stays near the project's 5 ms k-NN budget (about 3 ms on a quiet machine, 4.7–7.5 ms on a
   * loaded one) and is exact by construction, while the index's build (about a minute at 100,000)
   * repays itself only after 9,000–17,000 queries; above it the scan grows linearly and an index
   * query stays near a millisecond.
   */
  public static final int DEFAULT_INDEX_FROM_REFERENCES = 100_000;

  /** Which search runs. */
  public enum Mode {
    /** Every query scans the whole gallery: exact, O(n·d) per query. */
    EXACT,
    /** Every query walks the HNSW graph: approximate, about O(ef·M·d·log n) per query. */
    HNSW,
    /** {@link #HNSW} for galleries of at least {@link #indexFromReferences()}, else {@link #EXACT}. */
    AUTO;

    /**
     * The mode named {@code text} (exact, hnsw, auto; any case).
     *
     * @param source what named it, for the error message (an option or property name)
     */
    public static Mode parse(String text, String source) {
      String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
      for (Mode mode : values()) {
        if (mode.name().equals(name)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(source + " must be exact, hnsw or auto, was '" + text + "'");
    }
  }

  public ReferenceSearch {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(hnsw, "hnsw");
    if (indexFromReferences < 1) {
      throw new IllegalArgumentException(
          "indexFromReferences must be ≥ 1, was " + indexFromReferences);
    }
  }

  /**
   * The project's search: the mode from {@value #MODE_PROPERTY} (auto when unset), the measured
   * switch point, the default HNSW parameters, no cache file.
   *
   * @throws UserFacingException when the property names no mode
   */
  public static ReferenceSearch defaults() {
    String property = System.getProperty(MODE_PROPERTY);
    Mode mode;
    try {
      mode = property == null ? Mode.AUTO : Mode.parse(property, "-D" + MODE_PROPERTY);
    } catch (IllegalArgumentException e) {
      // set by whoever started the JVM: the CLI prints it, the desktop shows it
      throw new UserFacingException(e.getMessage(), e);
    }
    return new ReferenceSearch(mode, DEFAULT_INDEX_FROM_REFERENCES, HnswSettings.DEFAULT, null);
  }

  public ReferenceSearch withMode(Mode newMode) {
    return new ReferenceSearch(newMode, indexFromReferences, hnsw, indexCache);
  }

  public ReferenceSearch withIndexFromReferences(int references) {
    return new ReferenceSearch(mode, references, hnsw, indexCache);
  }

  public ReferenceSearch withHnsw(HnswSettings settings) {
    return new ReferenceSearch(mode, indexFromReferences, settings, indexCache);
  }

  /** This search keeping its built graph in {@code file} ({@code null}: in memory only). */
  public ReferenceSearch withIndexCache(Path file) {
    return new ReferenceSearch(mode, indexFromReferences, hnsw, file);
  }

  /** Whether a gallery of {@code references} is searched through the HNSW index. */
  public boolean usesIndex(int references) {
    return switch (mode) {
      case EXACT -> false;
      case HNSW -> true;
      case AUTO -> references >= indexFromReferences;
    };
  }
}
