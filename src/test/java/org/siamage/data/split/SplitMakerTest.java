package org.siamage.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.siamage.data.split.SplitTestData.dataset;
import static org.siamage.data.split.SplitTestData.face;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;

class SplitMakerTest {
  @Test
  void sameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    Dataset dataset = SplitTestData.unrelatedFaces(300);

    DatasetSplit first = SplitMaker.make(dataset, 0.2, 0.1, 7);
    DatasetSplit again = SplitMaker.make(dataset, 0.2, 0.1, 7);
    DatasetSplit other = SplitMaker.make(dataset, 0.2, 0.1, 8);

    assertThat(again).isEqualTo(first);
    assertThat(other.testIds()).isNotEqualTo(first.testIds());
    assertThat(other.hash()).isNotEqualTo(first.hash());
  }

  @Test
  void randomSplitHasTheRequestedSizesAndCoversEveryFace() {
    Dataset dataset = SplitTestData.unrelatedFaces(1000);

    DatasetSplit split = SplitMaker.make(dataset, 0.2, 0.1, 1);

    assertThat(split.strategy()).isEqualTo(SplitStrategy.RANDOM);
    assertThat(split.testIds()).hasSize(200);
    assertThat(split.validationIds()).hasSize(100);
    assertThat(split.trainIds()).hasSize(700);
    assertThat(allIds(split)).isEqualTo(idsOf(dataset.faces()));
    assertThat(split.verifyHash()).isTrue();
  }

  @Test
  void smallRandomSplitKeepsEveryDecadeInEveryPart() {
    List<FaceRecord> faces = new ArrayList<>();
    int[] ages = {2, 5, 8, 21, 24, 27, 61, 64, 67, 69};
    for (int i = 0; i < ages.length; i++) {
      faces.add(face("f" + i, ages[i], ""));
    }
    Dataset dataset = dataset(faces, Map.of());

    // 10 faces: 3 test, 3 validation, 4 train, over three decades (3, 3 and 4 faces).
    DatasetSplit split = SplitMaker.make(dataset, 0.3, 0.3, 99);

    assertThat(split.testIds()).hasSize(3);
    assertThat(split.validationIds()).hasSize(3);
    for (List<String> part : List.of(split.trainIds(), split.validationIds(), split.testIds())) {
      assertThat(decadesOf(part, dataset)).containsExactlyInAnyOrder(0, 2, 6);
    }
  }

  @Test
  void subjectExclusiveSplitKeepsEachPersonInOnePart() {
    Dataset dataset = SplitTestData.subjects(120);

    DatasetSplit split = SplitMaker.make(dataset, 0.2, 0.1, 5);

    assertThat(split.strategy()).isEqualTo(SplitStrategy.SUBJECT_EXCLUSIVE);
    Map<String, Set<Integer>> partsOfSubject = new HashMap<>();
    List<List<String>> parts = List.of(split.trainIds(), split.validationIds(), split.testIds());
    for (int part = 0; part < parts.size(); part++) {
      for (String id : parts.get(part)) {
        String subject = dataset.find(id).orElseThrow().subjectId();
        partsOfSubject.computeIfAbsent(subject, s -> new HashSet<>()).add(part);
      }
    }
    assertThat(partsOfSubject).hasSize(120).allSatisfy((subject, in) -> assertThat(in).hasSize(1));
    int faces = dataset.size();
    assertThat((double) split.testIds().size() / faces).isBetween(0.17, 0.23);
    assertThat((double) split.validationIds().size() / faces).isBetween(0.07, 0.13);
    assertThat(allIds(split)).isEqualTo(idsOf(dataset.faces()));
  }

  @Test
  void subjectExclusiveGivesEachRequestedPartASubjectEvenWhenSubjectsAreLarge() {
    List<FaceRecord> faces = new ArrayList<>();
    for (int subject = 0; subject < 3; subject++) {
      for (int photo = 0; photo < 10; photo++) {
        faces.add(face("s" + subject + "_" + photo, 20 + photo, "s" + subject));
      }
    }

    DatasetSplit split = SplitMaker.make(dataset(faces, Map.of()), 0.1, 0.1, 3);

    assertThat(split.trainIds()).hasSize(10);
    assertThat(split.validationIds()).hasSize(10);
    assertThat(split.testIds()).hasSize(10);
  }

  @Test
  void officialListsGiveTheTestPartAndValidationComesFromOfficialTrain() {
    List<FaceRecord> faces = new ArrayList<>();
    Map<String, String> official = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      String id = String.format("train/%03d.jpg", i);
      faces.add(face(id, i % 70, ""));
      official.put(id, "train");
    }
    for (int i = 0; i < 10; i++) {
      String id = String.format("test/%03d.jpg", i);
      faces.add(face(id, i * 5, ""));
      official.put(id, "test");
    }
    Dataset dataset = dataset(faces, official);

    DatasetSplit split = SplitMaker.make(dataset, 0.5, 0.1, 11);

    assertThat(split.strategy()).isEqualTo(SplitStrategy.OFFICIAL);
    assertThat(split.testIds()).hasSize(10).allMatch(id -> id.startsWith("test/"));
    assertThat(split.validationIds()).hasSize(11).allMatch(id -> id.startsWith("train/"));
    assertThat(split.trainIds()).hasSize(89).allMatch(id -> id.startsWith("train/"));
    assertThat(split.testFraction()).isEqualTo(10 / 110.0);
    assertThat(SplitMaker.make(dataset, 0.5, 0.1, 11)).isEqualTo(split);
    assertThat(SplitMaker.make(dataset, 0.5, 0.1, 12).validationIds())
        .isNotEqualTo(split.validationIds());
  }

  @Test
  void tinyDatasetsKeepAFaceForTraining() {
    DatasetSplit one = SplitMaker.make(SplitTestData.unrelatedFaces(1), 0.2, 0.1, 0);
    DatasetSplit two = SplitMaker.make(SplitTestData.unrelatedFaces(2), 0.2, 0.1, 0);

    assertThat(one.trainIds()).hasSize(1);
    assertThat(one.testIds()).isEmpty();
    assertThat(two.trainIds()).hasSize(1);
    assertThat(two.testIds()).hasSize(1);
    assertThat(two.validationIds()).isEmpty();
  }

  @Test
  void badFractionsAndEmptyDatasetsAreUserFacingErrors() {
    Dataset dataset = SplitTestData.unrelatedFaces(10);

    assertThatThrownBy(() -> SplitMaker.make(dataset, 1.2, 0.1, 0))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("test fraction 1.2");
    assertThatThrownBy(() -> SplitMaker.make(dataset, 0.2, -0.1, 0))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("validation fraction -0.1");
    assertThatThrownBy(() -> SplitMaker.make(dataset, 0.6, 0.5, 0))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("below 1");
    assertThatThrownBy(() -> SplitMaker.make(dataset, Double.NaN, 0.1, 0))
        .isInstanceOf(UserFacingException.class);
    assertThatThrownBy(() -> SplitMaker.make(dataset(List.of(), Map.of()), 0.2, 0.1, 0))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("no usable faces");
  }

  @Test
  void allocationIsExactAndPrefersBandsWithoutFaces() {
    assertThat(SplitMaker.allocate(new int[] {10, 10, 10}, 6)).containsExactly(2, 2, 2);
    assertThat(SplitMaker.allocate(new int[] {3, 3, 4}, 3)).containsExactly(1, 1, 1);
    assertThat(SplitMaker.allocate(new int[] {1, 5}, 1)).containsExactly(0, 1);
    assertThat(SplitMaker.allocate(new int[] {1, 1}, 1)).containsExactly(1, 0);
    assertThat(SplitMaker.allocate(new int[] {4, 4}, 0)).containsExactly(0, 0);
  }

  private static Set<Integer> decadesOf(List<String> ids, Dataset dataset) {
    return ids.stream()
        .map(id -> dataset.find(id).orElseThrow().age() / 10)
        .collect(Collectors.toSet());
  }

  private static Set<String> allIds(DatasetSplit split) {
    Set<String> ids = new HashSet<>();
    ids.addAll(split.trainIds());
    ids.addAll(split.validationIds());
    ids.addAll(split.testIds());
    assertThat(ids).hasSize(split.size());
    return ids;
  }

  private static Set<String> idsOf(List<FaceRecord> faces) {
    return faces.stream().map(FaceRecord::id).collect(Collectors.toSet());
  }
}
