package org.siamage.data.pairs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.siamage.config.TrainingConfig;
import org.siamage.core.UserFacingException;
import org.siamage.data.FaceRecord;

/**
 * Draws the training pairs of one epoch.
 *
 * <p>A pair is similar (y = 1) when the two ages differ by at most τ years. For each pair the
 * sampler first decides whether it should be similar, so that exactly {@code round(ρ · pairs)}
 * pairs are meant to be similar, then draws the partner of the left face uniformly among the other
 * faces within τ (similar) or beyond τ (dissimilar). Partners are found in an age-sorted index by
 * binary search, O(log n) per pair. A left face with no partner of the wanted kind gets one of the
 * other kind; {@link PairStatistics} counts these fallbacks. Labels always follow the ages actually
 * drawn, so every label agrees with τ.
 *
 * <p>Left faces: with {@code pairsPerEpoch = 0} every face is the left face of exactly one pair, in
 * shuffled order; otherwise {@code pairsPerEpoch} pairs are made from consecutive shuffled passes
 * over the faces, so each face is a left face ⌊P/n⌋ or ⌈P/n⌉ times.
 *
 * <p><b>Determinism.</b> The pairs of epoch {@code e} are a pure function of the seed, {@code e},
 * the face list (order included) and the settings: every epoch starts its own random stream from a
 * hash of (seed, e) and shares no state with other epochs. A run resumed at epoch {@code e}
 * therefore draws exactly the pairs the uninterrupted run would have drawn, and epochs may be
 * sampled in any order or more than once. With hard-negative mining the candidates are still fixed
 * by (seed, e), but which candidate wins depends on the embeddings passed in.
 *
 * <p><b>Hard negatives.</b> With a {@link PairDistance}, each dissimilar pair draws {@code m}
 * candidates (with replacement) beyond τ and keeps the one the network currently places closest.
 * The default m = {@value #DEFAULT_HARD_NEGATIVE_CANDIDATES} picks on average a partner near the
 * 1/(m + 1) ≈ 11 % quantile of the negative distances: hard, yet not the very hardest, which are
 * often mislabelled ages near the threshold. Similar pairs are not mined.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PairSampler {
  /** Candidates compared per dissimilar pair when hard-negative mining is on. */
  public static final int DEFAULT_HARD_NEGATIVE_CANDIDATES = 8;

  /** Width in years of the histogram bands beyond the similar band. */
  private static final int BAND_WIDTH_YEARS = 5;

  /** Closed bands beyond the similar band; one open band follows. */
  private static final int CLOSED_BANDS_BEYOND_THRESHOLD = 5;

  private final List<TrainingFace> faces;
  private final double ageThreshold;
  private final int thresholdYears;
  private final double positiveShare;
  private final int pairsPerEpoch;
  private final long seed;

  /** Positions into {@link #faces}, sorted by age then position. */
  private final int[] positionsByAge;

  /** Ages in {@link #positionsByAge} order: the sorted index searched for partners. */
  private final int[] sortedAges;

  /** For each position in {@link #faces}: its rank in {@link #positionsByAge}. */
  private final int[] rankOfPosition;

  /**
   * @param faces the training faces, at least two, with distinct indices
   * @param ageThreshold τ in years, ≥ 0: a pair is similar when |Δage| ≤ τ
   * @param positiveShare ρ, share of pairs meant to be similar, 0..1
   * @param pairsPerEpoch pairs per epoch, ≥ 0 (0 = one pair per face)
   * @param seed seed of all random choices
   * @throws UserFacingException when there are fewer than two faces
   * @throws IllegalArgumentException for settings out of range or repeated face indices
   */
  public PairSampler(
      List<TrainingFace> faces,
      double ageThreshold,
      double positiveShare,
      int pairsPerEpoch,
      long seed) {
    Objects.requireNonNull(faces, "faces");
    if (!(ageThreshold >= 0) || Double.isInfinite(ageThreshold)) {
      throw new IllegalArgumentException(
          "training.ageThreshold must be a finite number ≥ 0, was " + ageThreshold);
    }
    if (!(positiveShare >= 0 && positiveShare <= 1)) {
      throw new IllegalArgumentException(
          "training.positiveShare must lie in 0..1, was " + positiveShare);
    }
    if (pairsPerEpoch < 0) {
      throw new IllegalArgumentException(
          "training.pairsPerEpoch must be ≥ 0, was " + pairsPerEpoch);
    }
    if (faces.size() < 2) {
      throw new UserFacingException(
          "Pair sampling needs at least two training faces, the training split has "
              + faces.size());
    }
    this.faces = List.copyOf(faces);
    this.ageThreshold = ageThreshold;
    // Ages are whole years, so |Δage| ≤ τ exactly when |Δage| ≤ ⌊τ⌋.
    this.thresholdYears = (int) Math.min(Math.floor(ageThreshold), Integer.MAX_VALUE / 2);
    this.positiveShare = positiveShare;
    this.pairsPerEpoch = pairsPerEpoch;
    this.seed = seed;
    checkDistinctIndices(this.faces);

    int count = this.faces.size();
    positionsByAge = sortPositionsByAge(this.faces);
    sortedAges = new int[count];
    rankOfPosition = new int[count];
    for (int rank = 0; rank < count; rank++) {
      sortedAges[rank] = this.faces.get(positionsByAge[rank]).age();
      rankOfPosition[positionsByAge[rank]] = rank;
    }
  }

  /** A sampler with τ, ρ, pairs per epoch and seed from the training config. */
  public static PairSampler fromConfig(List<TrainingFace> faces, TrainingConfig training) {
    return new PairSampler(
        faces,
        training.ageThreshold(),
        training.positiveShare(),
        training.pairsPerEpoch(),
        training.seed());
  }

  public int faceCount() {
    return faces.size();
  }

  /** Pairs each epoch: {@code pairsPerEpoch}, or the number of faces when that is 0. */
  public int pairsPerEpoch() {
    return pairsPerEpoch == 0 ? faces.size() : pairsPerEpoch;
  }

  /** The pairs of epoch {@code epoch} with uniformly drawn partners. */
  public PairEpoch sample(int epoch) {
    return draw(epoch, null, 0);
  }

  /**
   * The pairs of epoch {@code epoch} with hard-negative mining over {@link
   * #DEFAULT_HARD_NEGATIVE_CANDIDATES} candidates.
   */
  public PairEpoch sample(int epoch, PairDistance distance) {
    return sample(epoch, distance, DEFAULT_HARD_NEGATIVE_CANDIDATES);
  }

  /**
   * The pairs of epoch {@code epoch}; each dissimilar partner is the closest of {@code candidates}
   * random faces beyond τ under {@code distance}.
   *
   * @param candidates m ≥ 1 (1 = no mining, but the distance is still called)
   */
  public PairEpoch sample(int epoch, PairDistance distance, int candidates) {
    Objects.requireNonNull(distance, "distance");
    if (candidates < 1) {
      throw new IllegalArgumentException("hard-negative candidates must be ≥ 1, was " + candidates);
    }
    return draw(epoch, distance, candidates);
  }

  private PairEpoch draw(int epoch, PairDistance distance, int candidates) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be ≥ 0, was " + epoch);
    }
    SplittableRandom random = new SplittableRandom(epochSeed(seed, epoch));
    int pairCount = pairsPerEpoch();
    int[] leftPositions = leftPositions(pairCount, random);
    boolean[] wantSimilar = wantedLabels(pairCount, random);

    int[] left = new int[pairCount];
    int[] right = new int[pairCount];
    boolean[] similar = new boolean[pairCount];
    int[] ageGaps = new int[pairCount];
    int similarFallbacks = 0;
    int dissimilarFallbacks = 0;
    for (int pair = 0; pair < pairCount; pair++) {
      int position = leftPositions[pair];
      int rank = rankOfPosition[position];
      int age = sortedAges[rank];
      int similarFrom = lowerBound(sortedAges, age - thresholdYears);
      int similarTo = upperBound(sortedAges, age + thresholdYears);
      int similarPartners = similarTo - similarFrom - 1; // the face itself is in its own range
      int dissimilarPartners = sortedAges.length - (similarTo - similarFrom);

      boolean drawSimilar = wantSimilar[pair];
      if (drawSimilar && similarPartners == 0) {
        drawSimilar = false;
        similarFallbacks++;
      } else if (!drawSimilar && dissimilarPartners == 0) {
        drawSimilar = true;
        dissimilarFallbacks++;
      }

      int partnerRank;
      if (drawSimilar) {
        partnerRank = similarFrom + random.nextInt(similarPartners);
        if (partnerRank >= rank) {
          partnerRank++; // skip the face itself
        }
      } else {
        partnerRank = drawDissimilar(random, similarFrom, similarTo, dissimilarPartners);
        if (distance != null) {
          int leftIndex = faces.get(position).index();
          double best = distance.distance(leftIndex, indexAtRank(partnerRank));
          for (int candidate = 1; candidate < candidates; candidate++) {
            int candidateRank = drawDissimilar(random, similarFrom, similarTo, dissimilarPartners);
            double candidateDistance = distance.distance(leftIndex, indexAtRank(candidateRank));
            if (candidateDistance < best) {
              best = candidateDistance;
              partnerRank = candidateRank;
            }
          }
        }
      }
      left[pair] = faces.get(position).index();
      right[pair] = indexAtRank(partnerRank);
      ageGaps[pair] = Math.abs(age - sortedAges[partnerRank]);
      similar[pair] = ageGaps[pair] <= thresholdYears;
    }
    PairStatistics statistics =
        statistics(
            ageGaps,
            similar,
            similarFallbacks,
            dissimilarFallbacks,
            distance == null ? 0 : candidates);
    return new PairEpoch(epoch, left, right, similar, statistics);
  }

  private int indexAtRank(int rank) {
    return faces.get(positionsByAge[rank]).index();
  }

  /** A uniform rank in [0, similarFrom) ∪ [similarTo, n). */
  private static int drawDissimilar(
      SplittableRandom random, int similarFrom, int similarTo, int dissimilarPartners) {
    int draw = random.nextInt(dissimilarPartners);
    return draw < similarFrom ? draw : similarTo + (draw - similarFrom);
  }

  private int[] leftPositions(int pairCount, SplittableRandom random) {
    int count = faces.size();
    int[] positions = new int[pairCount];
    int[] pass = new int[count];
    for (int filled = 0; filled < pairCount; filled += count) {
      for (int i = 0; i < count; i++) {
        pass[i] = i;
      }
      shuffle(pass, random);
      System.arraycopy(pass, 0, positions, filled, Math.min(count, pairCount - filled));
    }
    return positions;
  }

  private boolean[] wantedLabels(int pairCount, SplittableRandom random) {
    int similarCount = (int) Math.round(positiveShare * pairCount);
    boolean[] labels = new boolean[pairCount];
    for (int i = 0; i < similarCount; i++) {
      labels[i] = true;
    }
    for (int i = pairCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      boolean swap = labels[i];
      labels[i] = labels[j];
      labels[j] = swap;
    }
    return labels;
  }

  private PairStatistics statistics(
      int[] ageGaps,
      boolean[] similar,
      int similarFallbacks,
      int dissimilarFallbacks,
      int hardNegativeCandidates) {
    int[] bandCounts = new int[CLOSED_BANDS_BEYOND_THRESHOLD + 2];
    long similarGapSum = 0;
    long dissimilarGapSum = 0;
    int similarCount = 0;
    for (int pair = 0; pair < similar.length; pair++) {
      int gap = ageGaps[pair];
      if (similar[pair]) {
        similarGapSum += gap;
        similarCount++;
      } else {
        dissimilarGapSum += gap;
      }
      bandCounts[bandOf(gap)]++;
    }
    int dissimilarCount = similar.length - similarCount;
    List<AgeGapBand> bands = new ArrayList<>(bandCounts.length);
    bands.add(new AgeGapBand(0, thresholdYears, bandCounts[0]));
    for (int band = 1; band < bandCounts.length; band++) {
      int from = thresholdYears + 1 + (band - 1) * BAND_WIDTH_YEARS;
      int to = band == bandCounts.length - 1 ? Integer.MAX_VALUE : from + BAND_WIDTH_YEARS - 1;
      bands.add(new AgeGapBand(from, to, bandCounts[band]));
    }
    return new PairStatistics(
        similar.length,
        positiveShare,
        similar.length == 0 ? 0 : (double) similarCount / similar.length,
        similarCount == 0 ? Double.NaN : (double) similarGapSum / similarCount,
        dissimilarCount == 0 ? Double.NaN : (double) dissimilarGapSum / dissimilarCount,
        bands,
        similarFallbacks,
        dissimilarFallbacks,
        hardNegativeCandidates);
  }

  private int bandOf(int gap) {
    if (gap <= thresholdYears) {
      return 0;
    }
    int band = 1 + (gap - thresholdYears - 1) / BAND_WIDTH_YEARS;
    return Math.min(band, CLOSED_BANDS_BEYOND_THRESHOLD + 1);
  }

  /** Mixes seed and epoch so that neighbouring seeds or epochs give unrelated streams. */
  static long epochSeed(long seed, int epoch) {
    return mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (epoch + 1L));
  }

  /** The SplitMix64 finaliser. */
  private static long mix64(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** First rank whose age is ≥ {@code age}. */
  private static int lowerBound(int[] sorted, int age) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] < age) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** First rank whose age is > {@code age}. */
  private static int upperBound(int[] sorted, int age) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] <= age) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static int[] sortPositionsByAge(List<TrainingFace> faces) {
    // Counting sort: ages are bounded, and equal ages keep their list order.
    int[] perAge = new int[FaceRecord.MAX_AGE + 2];
    for (TrainingFace face : faces) {
      perAge[face.age() + 1]++;
    }
    for (int age = 1; age < perAge.length; age++) {
      perAge[age] += perAge[age - 1];
    }
    int[] positions = new int[faces.size()];
    for (int position = 0; position < faces.size(); position++) {
      positions[perAge[faces.get(position).age()]++] = position;
    }
    return positions;
  }

  private static void checkDistinctIndices(List<TrainingFace> faces) {
    BitSet seen = new BitSet();
    for (TrainingFace face : faces) {
      if (seen.get(face.index())) {
        throw new IllegalArgumentException("face index " + face.index() + " appears twice");
      }
      seen.set(face.index());
    }
  }

  @Override
  public String toString() {
    return "PairSampler[faces="
        + faces.size()
        + ", τ="
        + ageThreshold
        + ", ρ="
        + positiveShare
        + ", pairsPerEpoch="
        + pairsPerEpoch()
        + "]";
  }
}
