package org.siamage.data.read;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.SkippedItem;

/**
 * What a dataset holds: counts, age distribution, genders, subjects and what was skipped. Ages are
 * in whole years; decade bands are keyed by their first year (0 = ages 0–9, 10 = 10–19, …).
 *
 * @param minAge empty for a dataset without faces, like the other age statistics
 * @param subjectCount distinct subject ids; 0 when the dataset records none
 */
public record DatasetSummary(
    String name,
    Path root,
    DatasetFormat format,
    int usableCount,
    int skippedCount,
    List<SkippedItem> skipped,
    SortedMap<Integer, Integer> facesPerAge,
    SortedMap<Integer, Integer> facesPerDecade,
    OptionalInt minAge,
    OptionalInt maxAge,
    OptionalDouble meanAge,
    OptionalDouble medianAge,
    int femaleCount,
    int maleCount,
    int unknownGenderCount,
    int subjectCount) {

  /** Skipped items listed by {@link #renderText()} before "… and N more". */
  public static final int SKIPPED_SHOWN = 50;

  /** Width of the longest histogram bar in characters. */
  static final int BAR_WIDTH = 40;

  public DatasetSummary {
    skipped = List.copyOf(skipped);
    facesPerAge = Collections.unmodifiableSortedMap(new TreeMap<>(facesPerAge));
    facesPerDecade = Collections.unmodifiableSortedMap(new TreeMap<>(facesPerDecade));
  }

  public static DatasetSummary of(Dataset dataset) {
    SortedMap<Integer, Integer> perAge = new TreeMap<>();
    SortedMap<Integer, Integer> perDecade = new TreeMap<>();
    int female = 0;
    int male = 0;
    int unknown = 0;
    int[] ages = new int[dataset.size()];
    int index = 0;
    for (FaceRecord face : dataset.faces()) {
      ages[index++] = face.age();
      perAge.merge(face.age(), 1, Integer::sum);
      perDecade.merge(decadeOf(face.age()), 1, Integer::sum);
      switch (face.gender()) {
        case FEMALE -> female++;
        case MALE -> male++;
        case UNKNOWN -> unknown++;
      }
    }
    Arrays.sort(ages);
    int subjects =
        (int)
            dataset.faces().stream()
                .filter(FaceRecord::hasSubject)
                .map(FaceRecord::subjectId)
                .distinct()
                .count();
    return new DatasetSummary(
        dataset.name(),
        dataset.root(),
        dataset.format(),
        dataset.size(),
        dataset.skipped().size(),
        dataset.skipped(),
        perAge,
        perDecade,
        ages.length == 0 ? OptionalInt.empty() : OptionalInt.of(ages[0]),
        ages.length == 0 ? OptionalInt.empty() : OptionalInt.of(ages[ages.length - 1]),
        Arrays.stream(ages).average(),
        median(ages),
        female,
        male,
        unknown,
        subjects);
  }

  /** The first year of the decade band holding {@code age}. */
  public static int decadeOf(int age) {
    return age / 10 * 10;
  }

  /** "0-9", "10-19", …: the label of the band starting at {@code decadeStart}. */
  public static String decadeLabel(int decadeStart) {
    return decadeStart + "-" + (decadeStart + 9);
  }

  /** Plain-text report for the command line: counts, decade histogram, genders, skipped items. */
  public String renderText() {
    StringBuilder text = new StringBuilder();
    text.append("Dataset ").append(name).append(" (").append(format.description()).append(")\n");
    text.append("  folder:       ").append(root).append('\n');
    text.append("  usable faces: ").append(usableCount).append('\n');
    text.append("  skipped:      ").append(skippedCount).append('\n');
    if (usableCount > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "  ages:         min %d, max %d, mean %.1f, median %.1f%n",
              minAge.getAsInt(),
              maxAge.getAsInt(),
              meanAge.getAsDouble(),
              medianAge.getAsDouble()));
    }
    text.append("  gender:       female ")
        .append(femaleCount)
        .append(", male ")
        .append(maleCount)
        .append(", unknown ")
        .append(unknownGenderCount)
        .append('\n');
    text.append("  subjects:     ")
        .append(subjectCount == 0 ? "none recorded" : Integer.toString(subjectCount))
        .append('\n');
    if (!facesPerDecade.isEmpty()) {
      text.append("\nFaces per age band\n");
      appendHistogram(text);
    }
    if (!skipped.isEmpty()) {
      text.append("\nSkipped (").append(skippedCount).append(")\n");
      skipped.stream()
          .limit(SKIPPED_SHOWN)
          .forEach(item -> text.append("  ").append(item).append('\n'));
      if (skippedCount > SKIPPED_SHOWN) {
        text.append("  … and ").append(skippedCount - SKIPPED_SHOWN).append(" more\n");
      }
    }
    return text.toString();
  }

  private void appendHistogram(StringBuilder text) {
    int largest = Collections.max(facesPerDecade.values());
    int countWidth = Integer.toString(largest).length();
    int labelWidth = decadeLabel(facesPerDecade.lastKey()).length();
    // Empty bands between the youngest and oldest are shown so that gaps are visible.
    for (int band = facesPerDecade.firstKey(); band <= facesPerDecade.lastKey(); band += 10) {
      int count = facesPerDecade.getOrDefault(band, 0);
      int bar = (int) Math.round((double) count * BAR_WIDTH / largest);
      if (count > 0 && bar == 0) {
        bar = 1;
      }
      text.append(
          String.format(
              Locale.ROOT,
              "  %" + labelWidth + "s %" + countWidth + "d %s%n",
              decadeLabel(band),
              count,
              "#".repeat(bar)));
    }
  }

  private static OptionalDouble median(int[] sortedAges) {
    int n = sortedAges.length;
    if (n == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        n % 2 == 1 ? sortedAges[n / 2] : (sortedAges[n / 2 - 1] + sortedAges[n / 2]) / 2.0);
  }
}
