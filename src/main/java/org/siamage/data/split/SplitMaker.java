package org.siamage.data.split;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Divides a dataset into train, validation and test parts, deterministically for a seed:
 *
 * <ul>
 *   <li>{@link SplitStrategy#OFFICIAL} when the dataset has official lists: the official test part
 *       is the test part, validation is carved from the official train part;
 *   <li>{@link SplitStrategy#SUBJECT_EXCLUSIVE} when every face has a subject id: subjects are
 *       shuffled and each goes whole into one part;
 *   <li>{@link SplitStrategy#RANDOM} otherwise, stratified by age decade so that every decade with
 *       enough faces appears in every part, even in small datasets.
 * </ul>
 *
 * <p>Part sizes are {@code round(fraction × faces)}, at least one face for a fraction above 0, and
 * train always keeps at least one face. Subject-exclusive parts are as close to that as whole
 * subjects allow.
 */
public final class SplitMaker {
  private static final Logger LOG = LoggerFactory.getLogger(SplitMaker.class);
  private static final String OFFICIAL_TRAIN = "train";
  private static final String OFFICIAL_TEST = "test";

  private SplitMaker() {}

  /**
   * @param testFraction share of faces for test, 0 ≤ f < 1 (ignored for official lists)
   * @param validationFraction share of faces for validation, 0 ≤ f < 1, with the test share < 1
   * @throws UserFacingException for fractions out of range or a dataset without faces
   */
  public static DatasetSplit make(
      Dataset dataset, double testFraction, double validationFraction, long seed) {
    checkFraction("test fraction", testFraction);
    checkFraction("validation fraction", validationFraction);
    if (testFraction + validationFraction >= 1) {
      throw new UserFacingException(
          "test fraction "
              + testFraction
              + " plus validation fraction "
              + validationFraction
              + " must be below 1 so that faces remain for training");
    }
    if (dataset.size() == 0) {
      throw new UserFacingException(
          "Dataset '" + dataset.name() + "' has no usable faces to split");
    }
    Random random = new Random(seed);
    List<FaceRecord> faces = new ArrayList<>(dataset.faces());
    faces.sort(Comparator.comparing(FaceRecord::id));
    DatasetSplit split;
    if (!dataset.officialSplit().isEmpty()) {
      split = official(dataset, faces, validationFraction, seed, random);
    } else if (dataset.hasSubjects()) {
      int[] targets = targets(testFraction, validationFraction, faces.size());
      Parts parts = subjectExclusive(faces, targets[0], targets[1], random);
      split =
          parts.toSplit(SplitStrategy.SUBJECT_EXCLUSIVE, seed, testFraction, validationFraction);
    } else {
      int[] targets = targets(testFraction, validationFraction, faces.size());
      Parts parts = stratified(faces, targets[0], targets[1], random);
      split = parts.toSplit(SplitStrategy.RANDOM, seed, testFraction, validationFraction);
    }
    LOG.info(
        "Split {} ({}, seed {}): train {}, validation {}, test {}",
        dataset.name(),
        split.strategy(),
        seed,
        split.trainIds().size(),
        split.validationIds().size(),
        split.testIds().size());
    return split;
  }

  private static DatasetSplit official(
      Dataset dataset,
      List<FaceRecord> faces,
      double validationFraction,
      long seed,
      Random random) {
    List<FaceRecord> trainPool = new ArrayList<>();
    List<FaceRecord> test = new ArrayList<>();
    int unlisted = 0;
    for (FaceRecord face : faces) {
      String part = dataset.officialSplit().getOrDefault(face.id(), "");
      if (part.toLowerCase(Locale.ROOT).equals(OFFICIAL_TEST)) {
        test.add(face);
      } else {
        if (!part.toLowerCase(Locale.ROOT).equals(OFFICIAL_TRAIN)) {
          unlisted++;
        }
        trainPool.add(face);
      }
    }
    if (unlisted > 0) {
      LOG.warn(
          "{} faces of {} are in no official list; they join the train part",
          unlisted,
          dataset.name());
    }
    int validationTarget =
        Math.min(target(validationFraction, faces.size()), Math.max(0, trainPool.size() - 1));
    Parts carved =
        dataset.hasSubjects()
            ? subjectExclusive(trainPool, 0, validationTarget, random)
            : stratified(trainPool, 0, validationTarget, random);
    Parts parts = new Parts(carved.train(), carved.validation(), test);
    double testShare = (double) test.size() / faces.size();
    return parts.toSplit(SplitStrategy.OFFICIAL, seed, testShare, validationFraction);
  }

  /**
   * Seeded random partition stratified by age decade. Each decade band is shuffled and gets a share
   * of each part proportional to its size; the rounding left-overs go first to bands that have none
   * of that part yet, so that small datasets keep every age in every part.
   */
  static Parts stratified(
      List<FaceRecord> faces, int testTarget, int validationTarget, Random random) {
    Map<Integer, List<FaceRecord>> bands = new TreeMap<>();
    for (FaceRecord face : faces) {
      bands.computeIfAbsent(face.age() / 10, band -> new ArrayList<>()).add(face);
    }
    List<List<FaceRecord>> bandFaces = new ArrayList<>(bands.values());
    int[] sizes = new int[bandFaces.size()];
    for (int band = 0; band < bandFaces.size(); band++) {
      shuffle(bandFaces.get(band), random);
      sizes[band] = bandFaces.get(band).size();
    }
    int[] testCounts = allocate(sizes, testTarget);
    int[] remaining = new int[sizes.length];
    for (int band = 0; band < sizes.length; band++) {
      remaining[band] = sizes[band] - testCounts[band];
    }
    int[] validationCounts = allocate(remaining, validationTarget);
    Parts parts = new Parts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int band = 0; band < bandFaces.size(); band++) {
      List<FaceRecord> shuffled = bandFaces.get(band);
      int testEnd = testCounts[band];
      int validationEnd = testEnd + validationCounts[band];
      parts.test().addAll(shuffled.subList(0, testEnd));
      parts.validation().addAll(shuffled.subList(testEnd, validationEnd));
      parts.train().addAll(shuffled.subList(validationEnd, shuffled.size()));
    }
    return parts;
  }

  /**
   * Spreads {@code target} faces over bands in proportion to {@code available}. First each band
   * gets the floor of its share; each left-over face goes to the band without any yet, then the one
   * with the largest remainder, while keeping one face per band for training where possible.
   */
  static int[] allocate(int[] available, int target) {
    int bands = available.length;
    int[] taken = new int[bands];
    long total = 0;
    for (int size : available) {
      total += size;
    }
    if (target <= 0 || total == 0) {
      return taken;
    }
    double[] ideal = new double[bands];
    int left = target;
    for (int band = 0; band < bands; band++) {
      ideal[band] = (double) target * available[band] / total;
      taken[band] = Math.min((int) Math.floor(ideal[band]), Math.max(0, available[band] - 1));
      left -= taken[band];
    }
    for (int keptForTraining : new int[] {1, 0}) {
      while (left > 0) {
        int best = -1;
        for (int band = 0; band < bands; band++) {
          if (available[band] - taken[band] - keptForTraining <= 0) {
            continue;
          }
          if (best < 0 || isBetterBand(band, best, taken, ideal)) {
            best = band;
          }
        }
        if (best < 0) {
          break;
        }
        taken[best]++;
        left--;
      }
    }
    return taken;
  }

  private static boolean isBetterBand(int band, int best, int[] taken, double[] ideal) {
    boolean bandEmpty = taken[band] == 0;
    boolean bestEmpty = taken[best] == 0;
    if (bandEmpty != bestEmpty) {
      return bandEmpty;
    }
    // Earlier band wins ties, so the result depends only on the inputs.
    return ideal[band] - taken[band] > ideal[best] - taken[best];
  }

  /**
   * Shuffles subjects and assigns each whole to test, then validation, while that brings the part
   * closer to its target; the rest go to train.
   */
  static Parts subjectExclusive(
      List<FaceRecord> faces, int testTarget, int validationTarget, Random random) {
    Map<String, List<FaceRecord>> bySubject = new TreeMap<>();
    for (FaceRecord face : faces) {
      bySubject.computeIfAbsent(face.subjectId(), subject -> new ArrayList<>()).add(face);
    }
    List<List<FaceRecord>> subjects = new ArrayList<>(bySubject.values());
    shuffle(subjects, random);
    List<List<FaceRecord>> train = new ArrayList<>();
    List<List<FaceRecord>> validation = new ArrayList<>();
    List<List<FaceRecord>> test = new ArrayList<>();
    int testCount = 0;
    int validationCount = 0;
    for (List<FaceRecord> subject : subjects) {
      int size = subject.size();
      if (testCount + size / 2.0 <= testTarget && testCount < testTarget) {
        test.add(subject);
        testCount += size;
      } else if (validationCount + size / 2.0 <= validationTarget
          && validationCount < validationTarget) {
        validation.add(subject);
        validationCount += size;
      } else {
        train.add(subject);
      }
    }
    // Subjects larger than twice a target fit nowhere above; a requested part still gets one.
    moveSmallestIfEmpty(train, test, testTarget);
    moveSmallestIfEmpty(train, validation, validationTarget);
    if (train.isEmpty()) {
      List<List<FaceRecord>> donor = validation.size() > 0 ? validation : test;
      train.add(donor.remove(donor.size() - 1));
    }
    return new Parts(flatten(train), flatten(validation), flatten(test));
  }

  private static void moveSmallestIfEmpty(
      List<List<FaceRecord>> train, List<List<FaceRecord>> part, int target) {
    if (target > 0 && part.isEmpty() && train.size() > 1) {
      List<FaceRecord> smallest = train.stream().min(Comparator.comparingInt(List::size)).get();
      train.remove(smallest);
      part.add(smallest);
    }
  }

  private static List<FaceRecord> flatten(List<List<FaceRecord>> subjects) {
    List<FaceRecord> faces = new ArrayList<>();
    subjects.forEach(faces::addAll);
    return faces;
  }

  /** Test and validation sizes, leaving at least one face for training. */
  static int[] targets(double testFraction, double validationFraction, int faceCount) {
    int test = target(testFraction, faceCount);
    int validation = target(validationFraction, faceCount);
    while (test + validation > faceCount - 1 && validation > 0) {
      validation--;
    }
    while (test + validation > faceCount - 1 && test > 0) {
      test--;
    }
    return new int[] {test, validation};
  }

  static int target(double fraction, int faceCount) {
    if (fraction <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.round(fraction * faceCount));
  }

  /** Fisher–Yates with {@link Random}: the order depends on the seed alone, on any JDK. */
  private static <T> void shuffle(List<T> list, Random random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T swap = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swap);
    }
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new UserFacingException(name + " " + value + " must be at least 0 and below 1");
    }
  }

  record Parts(List<FaceRecord> train, List<FaceRecord> validation, List<FaceRecord> test) {
    DatasetSplit toSplit(
        SplitStrategy strategy, long seed, double testFraction, double validationFraction) {
      return DatasetSplit.create(
          strategy, seed, testFraction, validationFraction, ids(train), ids(validation), ids(test));
    }

    private static List<String> ids(List<FaceRecord> faces) {
      return faces.stream().map(FaceRecord::id).toList();
    }
  }
}
