package org.siamage.data.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siamage.core.UserFacingException;
import org.siamage.data.Gender;

class PairSamplerTest {
  private static final double TAU = 3.0;

  /** Faces with random ages 0..80; index = 1000 + position so that indices are not positions. */
  private static List<TrainingFace> randomFaces(int count, long seed) {
    Random random = new Random(seed);
    List<TrainingFace> faces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Gender gender = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
      faces.add(new TrainingFace(1000 + i, random.nextInt(81), gender));
    }
    return faces;
  }

  private static List<TrainingFace> facesWithAges(int... ages) {
    List<TrainingFace> faces = new ArrayList<>();
    for (int i = 0; i < ages.length; i++) {
      faces.add(new TrainingFace(i, ages[i], Gender.UNKNOWN));
    }
    return faces;
  }

  private static Map<Integer, Integer> ageByIndex(List<TrainingFace> faces) {
    Map<Integer, Integer> ages = new HashMap<>();
    faces.forEach(face -> ages.put(face.index(), face.age()));
    return ages;
  }

  @Test
  void theSameSeedAndEpochGiveTheSamePairsInAnyOrder() {
    List<TrainingFace> faces = randomFaces(500, 1);
    PairSampler sampler = new PairSampler(faces, TAU, 0.5, 0, 42L);
    PairEpoch epochThree = sampler.sample(3);

    PairSampler resumed = new PairSampler(faces, TAU, 0.5, 0, 42L);
    resumed.sample(7); // a resumed run starts elsewhere; no state carries over
    assertThat(resumed.sample(3)).isEqualTo(epochThree);
    assertThat(sampler.sample(3)).isEqualTo(epochThree);

    assertThat(sampler.sample(4).left()).isNotEqualTo(epochThree.left());
    assertThat(new PairSampler(faces, TAU, 0.5, 0, 43L).sample(3).left())
        .isNotEqualTo(epochThree.left());
  }

  @Test
  void positiveShareIsMetOnTenThousandPairs() {
    List<TrainingFace> faces = randomFaces(2000, 2);
    for (double share : new double[] {0.5, 0.3, 0.8}) {
      PairEpoch epoch = new PairSampler(faces, TAU, share, 10_000, 7L).sample(0);
      assertThat(epoch.size()).isEqualTo(10_000);
      assertThat(epoch.statistics().positiveShare()).isCloseTo(share, within(0.03));
      assertThat(epoch.statistics().fallbacks()).isZero();
    }
  }

  @Test
  void everyLabelAgreesWithTheThresholdAndNoFacePairsWithItself() {
    List<TrainingFace> faces = randomFaces(1000, 3);
    Map<Integer, Integer> ages = ageByIndex(faces);
    for (double tau : new double[] {0, 2.5, 3, 10}) {
      PairEpoch epoch = new PairSampler(faces, tau, 0.5, 5000, 11L).sample(2);
      for (int pair = 0; pair < epoch.size(); pair++) {
        int gap = Math.abs(ages.get(epoch.leftIndex(pair)) - ages.get(epoch.rightIndex(pair)));
        assertThat(epoch.isSimilar(pair))
            .as("pair %d, gap %d, τ %s", pair, gap, tau)
            .isEqualTo(gap <= tau);
        assertThat(epoch.rightIndex(pair)).isNotEqualTo(epoch.leftIndex(pair));
      }
    }
  }

  @Test
  void withoutAPairCountEveryFaceIsALeftFaceOnce() {
    List<TrainingFace> faces = randomFaces(777, 4);
    PairEpoch epoch = new PairSampler(faces, TAU, 0.5, 0, 5L).sample(1);
    int[] left = epoch.left();
    int[] sorted = left.clone();
    Arrays.sort(sorted);
    int[] expected = faces.stream().mapToInt(TrainingFace::index).toArray();
    assertThat(sorted).isEqualTo(expected);
    assertThat(left).isNotEqualTo(expected); // shuffled
  }

  @Test
  void withAPairCountLeftFacesAreBalanced() {
    List<TrainingFace> faces = randomFaces(100, 5);
    PairEpoch epoch = new PairSampler(faces, TAU, 0.5, 250, 5L).sample(0);
    Map<Integer, Integer> uses = new HashMap<>();
    for (int index : epoch.left()) {
      uses.merge(index, 1, Integer::sum);
    }
    assertThat(uses.values()).allSatisfy(count -> assertThat(count).isBetween(2, 3));
  }

  @Test
  void facesWithoutAPartnerOfTheWantedKindFallBackAndAreCounted() {
    // Age 10 has no partner within 3 years; with ρ = 1 its pair must fall back to dissimilar.
    PairEpoch allSimilar =
        new PairSampler(facesWithAges(10, 50, 51, 52), TAU, 1.0, 0, 1L).sample(0);
    assertThat(allSimilar.statistics().similarFallbacks()).isEqualTo(1);
    assertThat(allSimilar.statistics().dissimilarFallbacks()).isZero();
    assertThat(allSimilar.statistics().positiveShare()).isEqualTo(0.75);

    // All ages within τ: no dissimilar partner exists for anyone.
    PairEpoch allDissimilar = new PairSampler(facesWithAges(30, 31, 33), TAU, 0.0, 0, 1L).sample(0);
    assertThat(allDissimilar.statistics().dissimilarFallbacks()).isEqualTo(3);
    assertThat(allDissimilar.similar()).containsOnly(true);
    assertThat(allDissimilar.statistics().describe())
        .contains("3 pairs", "0 similar→dissimilar / 3 dissimilar→similar");
  }

  @Test
  void hardNegativesAreCloserThanRandomOnes() {
    List<TrainingFace> faces = randomFaces(1000, 6);
    // A toy embedding: a random scalar per face; distance = the gap between the scalars.
    Random random = new Random(9);
    Map<Integer, Double> coordinate = new HashMap<>();
    faces.forEach(face -> coordinate.put(face.index(), random.nextDouble()));
    PairDistance distance = (a, b) -> Math.abs(coordinate.get(a) - coordinate.get(b));
    PairSampler sampler = new PairSampler(faces, TAU, 0.5, 4000, 13L);

    double randomMean = meanNegativeDistance(sampler.sample(0), distance);
    PairEpoch mined = sampler.sample(0, distance);
    double minedMean = meanNegativeDistance(mined, distance);

    assertThat(minedMean).isLessThan(randomMean * 0.5);
    assertThat(mined.statistics().hardNegativeCandidates())
        .isEqualTo(PairSampler.DEFAULT_HARD_NEGATIVE_CANDIDATES);
    assertThat(mined.statistics().positiveShare()).isCloseTo(0.5, within(0.03));
    assertThat(sampler.sample(0, distance)).isEqualTo(mined);
    Map<Integer, Integer> ages = ageByIndex(faces);
    for (int pair = 0; pair < mined.size(); pair++) {
      int gap = Math.abs(ages.get(mined.leftIndex(pair)) - ages.get(mined.rightIndex(pair)));
      assertThat(mined.isSimilar(pair)).isEqualTo(gap <= TAU);
    }
  }

  private static double meanNegativeDistance(PairEpoch epoch, PairDistance distance) {
    double sum = 0;
    int count = 0;
    for (int pair = 0; pair < epoch.size(); pair++) {
      if (!epoch.isSimilar(pair)) {
        sum += distance.distance(epoch.leftIndex(pair), epoch.rightIndex(pair));
        count++;
      }
    }
    return sum / count;
  }

  @Test
  void statisticsDescribeTheAgeGaps() {
    List<TrainingFace> faces = randomFaces(3000, 8);
    PairEpoch epoch = new PairSampler(faces, TAU, 0.5, 0, 3L).sample(0);
    PairStatistics statistics = epoch.statistics();
    assertThat(statistics.pairs()).isEqualTo(3000);
    assertThat(statistics.meanSimilarAgeGap()).isBetween(0.0, TAU);
    assertThat(statistics.meanDissimilarAgeGap()).isGreaterThan(TAU + 1);
    assertThat(statistics.ageGapBands().stream().mapToInt(AgeGapBand::pairs).sum()).isEqualTo(3000);
    AgeGapBand similarBand = statistics.ageGapBands().get(0);
    assertThat(similarBand.label()).isEqualTo("0–3");
    assertThat(similarBand.pairs()).isEqualTo(Math.round(statistics.positiveShare() * 3000));
    assertThat(statistics.ageGapBands().get(1).label()).isEqualTo("4–8");
    assertThat(statistics.ageGapBands().get(statistics.ageGapBands().size() - 1).label())
        .isEqualTo("29+");
    assertThat(statistics.describe())
        .startsWith("3000 pairs, 50.0% similar (target 50.0%)")
        .doesNotContain("\n");
  }

  @Test
  void refusesTooFewFacesAndBadSettings() {
    assertThatThrownBy(() -> new PairSampler(facesWithAges(20), TAU, 0.5, 0, 1L))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("at least two");
    assertThatThrownBy(() -> new PairSampler(facesWithAges(20, 30), -1, 0.5, 0, 1L))
        .hasMessageContaining("ageThreshold");
    assertThatThrownBy(() -> new PairSampler(facesWithAges(20, 30), TAU, 1.5, 0, 1L))
        .hasMessageContaining("positiveShare");
    assertThatThrownBy(
            () ->
                new PairSampler(
                    List.of(
                        new TrainingFace(4, 20, Gender.MALE), new TrainingFace(4, 30, Gender.MALE)),
                    TAU,
                    0.5,
                    0,
                    1L))
        .hasMessageContaining("index 4");
  }
}
