package org.siamage.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;

/**
 * Reference faces of known age and gender with their embeddings, the gallery a query face is
 * compared with. Immutable and thread-safe.
 *
 * <p>Embeddings are stored flat and row-major: reference {@code i} occupies {@code embeddings[i·d,
 * (i+1)·d)} where d is {@link #dimension()}. The network's embeddings are L2-normalised; the
 * gallery keeps each row's squared norm so distances stay exact even for rows that are not.
 */
public final class ReferenceGallery {
  private final float[] embeddings;
  private final float[] squaredNorms;
  private final int dimension;
  private final int[] ages;
  private final Gender[] genders;
  private final List<String> ids;

  /** Guards the build of {@link #index}: one build per gallery, however many threads ask. */
  private final Object indexLock = new Object();

  /** The HNSW index over these embeddings, once built (ADR 0050). */
  private volatile ReferenceIndex index;

  private ReferenceGallery(
      float[] embeddings, int dimension, int[] ages, Gender[] genders, List<String> ids) {
    this.embeddings = embeddings;
    this.dimension = dimension;
    this.ages = ages;
    this.genders = genders;
    this.ids = ids;
    this.squaredNorms = new float[ages.length];
    for (int row = 0; row < ages.length; row++) {
      squaredNorms[row] =
          VectorMath.dot(embeddings, row * dimension, embeddings, row * dimension, dimension);
    }
  }

  /**
   * A gallery of all given references; the arrays are copied.
   *
   * @param embeddings {@code n × dimension} floats, row-major, finite
   * @param dimension embedding size d ≥ 1
   * @param ages n ages in years, 0..{@link FaceRecord#MAX_AGE}
   * @param genders n genders, {@link Gender#UNKNOWN} allowed
   * @param ids n face ids, for display and reports
   */
  public static ReferenceGallery of(
      float[] embeddings, int dimension, int[] ages, Gender[] genders, List<String> ids) {
    Objects.requireNonNull(embeddings, "embeddings");
    Objects.requireNonNull(ages, "ages");
    Objects.requireNonNull(genders, "genders");
    Objects.requireNonNull(ids, "ids");
    if (dimension < 1) {
      throw new IllegalArgumentException("embedding dimension must be ≥ 1, was " + dimension);
    }
    int count = ages.length;
    if (genders.length != count
        || ids.size() != count
        || (long) count * dimension != embeddings.length) {
      throw new IllegalArgumentException(
          "gallery sizes disagree: "
              + count
              + " ages, "
              + genders.length
              + " genders, "
              + ids.size()
              + " ids, "
              + embeddings.length
              + " embedding values for dimension "
              + dimension);
    }
    for (int i = 0; i < count; i++) {
      if (ages[i] < 0 || ages[i] > FaceRecord.MAX_AGE) {
        throw new IllegalArgumentException("reference " + ids.get(i) + " has age " + ages[i]);
      }
      Objects.requireNonNull(genders[i], "gender of reference " + ids.get(i));
    }
    for (int i = 0; i < embeddings.length; i++) {
      if (!Float.isFinite(embeddings[i])) {
        throw new IllegalArgumentException(
            "reference " + ids.get(i / dimension) + " has a non-finite embedding value");
      }
    }
    return new ReferenceGallery(
        embeddings.clone(), dimension, ages.clone(), genders.clone(), List.copyOf(ids));
  }

  /**
   * A balanced subset: at most {@code referencesPerYear} references of each age, chosen at random
   * with {@code seed} (the same seed gives the same subset). References keep their relative order.
   *
   * @param referencesPerYear R ≥ 0; 0 keeps every reference and returns this gallery
   */
  public ReferenceGallery withAtMostPerYear(int referencesPerYear, long seed) {
    if (referencesPerYear < 0) {
      throw new IllegalArgumentException(
          "evaluation.referencesPerYear must be ≥ 0, was " + referencesPerYear);
    }
    if (referencesPerYear == 0) {
      return this;
    }
    List<List<Integer>> byAge = new ArrayList<>();
    for (int age = 0; age <= FaceRecord.MAX_AGE; age++) {
      byAge.add(new ArrayList<>());
    }
    for (int i = 0; i < ages.length; i++) {
      byAge.get(ages[i]).add(i);
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] keep = new boolean[ages.length];
    for (List<Integer> sameAge : byAge) {
      if (sameAge.size() > referencesPerYear) {
        // Partial Fisher–Yates: the first R slots become a uniform random choice.
        for (int slot = 0; slot < referencesPerYear; slot++) {
          int pick = slot + random.nextInt(sameAge.size() - slot);
          Integer swap = sameAge.get(slot);
          sameAge.set(slot, sameAge.get(pick));
          sameAge.set(pick, swap);
        }
      }
      for (int slot = 0; slot < Math.min(referencesPerYear, sameAge.size()); slot++) {
        keep[sameAge.get(slot)] = true;
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    if (kept == ages.length) {
      return this;
    }
    float[] keptEmbeddings = new float[kept * dimension];
    int[] keptAges = new int[kept];
    Gender[] keptGenders = new Gender[kept];
    List<String> keptIds = new ArrayList<>(kept);
    int next = 0;
    for (int i = 0; i < ages.length; i++) {
      if (keep[i]) {
        System.arraycopy(embeddings, i * dimension, keptEmbeddings, next * dimension, dimension);
        keptAges[next] = ages[i];
        keptGenders[next] = genders[i];
        keptIds.add(ids.get(i));
        next++;
      }
    }
    return new ReferenceGallery(
        keptEmbeddings, dimension, keptAges, keptGenders, List.copyOf(keptIds));
  }

  public int size() {
    return ages.length;
  }

  public int dimension() {
    return dimension;
  }

  public int age(int reference) {
    return ages[reference];
  }

  public Gender gender(int reference) {
    return genders[reference];
  }

  public String id(int reference) {
    return ids.get(reference);
  }

  public List<String> ids() {
    return ids;
  }

  /** A copy of all ages, in reference order. */
  public int[] ages() {
    return ages.clone();
  }

  /** A copy of reference {@code reference}'s embedding (d floats). */
  public float[] embedding(int reference) {
    return Arrays.copyOfRange(embeddings, reference * dimension, (reference + 1) * dimension);
  }

  /**
   * The HNSW index over this gallery's embeddings for the graph settings of {@code search}: built
   * on first use (read from {@code search.indexCache()} when that holds it) and kept, so every
   * later query and estimator of this gallery reuses it. Threads asking at once wait for one build.
   * A build cancelled through {@code stop} keeps nothing; the next call starts again.
   *
   * @throws org.siamage.core.CancelledException when {@code stop} is requested during the build
   */
  public ReferenceIndex index(ReferenceSearch search, StopToken stop, ProgressListener progress) {
    ReferenceIndex built = index;
    if (built != null && built.settings().sameGraphAs(search.hnsw())) {
      return built;
    }
    synchronized (indexLock) {
      built = index;
      if (built == null || !built.settings().sameGraphAs(search.hnsw())) {
        int threads = Runtime.getRuntime().availableProcessors();
        built = search.indexCache() == null
            ? ReferenceIndex.build(this, search.hnsw(), threads, stop, progress)
            : ReferenceIndex.buildOrRead(this, search.hnsw(), threads, search.indexCache(), stop, progress);
        index = built;
      }
      return built;
    }
  }

  /** Whether {@link #index} has been built (or read) for this gallery. */
  public boolean hasIndex() {
    return index != null;
  }

  /** The flat embedding block itself, for the search loop; never modified. */
  float[] embeddingBlock() {
    return embeddings;
  }

  float squaredNorm(int reference) {
    return squaredNorms[reference];
  }

  float[] squaredNorms() {
    return squaredNorms;
  }

  @Override
  public String toString() {
    return "ReferenceGallery[" + size() + " references of dimension " + dimension + "]";
  }
}
