package org.siamage.data.split;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.siamage.core.Hashing;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;

/**
 * A division of a dataset's faces into train, validation and test parts, identified by face id. The
 * id lists are kept sorted; no id is in two parts.
 *
 * @param strategy how the parts were drawn
 * @param seed seed of the random draws (unused by the official test part)
 * @param testFraction share of faces asked for test, in [0, 1); for {@link SplitStrategy#OFFICIAL}
 *     the share the official test list gives
 * @param validationFraction share of faces asked for validation, in [0, 1)
 * @param hash SHA-256 (lower-case hex) over the strategy, the seed and the sorted id lists; see
 *     {@link #computeHash}
 */
public record DatasetSplit(
    SplitStrategy strategy,
    long seed,
    double testFraction,
    double validationFraction,
    List<String> trainIds,
    List<String> validationIds,
    List<String> testIds,
    String hash) {

  private static final String HASH_FORMAT = "siamage-split-v1";
  private static final byte SEPARATOR = 0;

  public DatasetSplit {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(hash, "hash");
    trainIds = sortedCopy(trainIds, "trainIds");
    validationIds = sortedCopy(validationIds, "validationIds");
    testIds = sortedCopy(testIds, "testIds");
    Set<String> seen = new HashSet<>();
    for (List<String> part : List.of(trainIds, validationIds, testIds)) {
      for (String id : part) {
        if (!seen.add(id)) {
          throw new IllegalArgumentException("face id '" + id + "' is in two parts of the split");
        }
      }
    }
  }

  /** Builds a split and computes its hash. */
  public static DatasetSplit create(
      SplitStrategy strategy,
      long seed,
      double testFraction,
      double validationFraction,
      List<String> trainIds,
      List<String> validationIds,
      List<String> testIds) {
    return new DatasetSplit(
        strategy,
        seed,
        testFraction,
        validationFraction,
        trainIds,
        validationIds,
        testIds,
        computeHash(strategy, seed, trainIds, validationIds, testIds));
  }

  /**
   * SHA-256 over the strategy, the seed and each part's sorted ids. Fields are separated by NUL
   * bytes, which no file name contains, so different contents cannot produce the same input.
   */
  public static String computeHash(
      SplitStrategy strategy,
      long seed,
      List<String> trainIds,
      List<String> validationIds,
      List<String> testIds) {
    MessageDigest digest = Hashing.newSha256();
    update(digest, HASH_FORMAT);
    update(digest, strategy.name());
    update(digest, Long.toString(seed));
    for (List<String> part : List.of(trainIds, validationIds, testIds)) {
      List<String> sorted = new ArrayList<>(part);
      sorted.sort(null);
      update(digest, Integer.toString(sorted.size()));
      for (String id : sorted) {
        update(digest, id);
      }
    }
    return Hashing.hex(digest.digest());
  }

  /** The hash this split's content should have. */
  public String expectedHash() {
    return computeHash(strategy, seed, trainIds, validationIds, testIds);
  }

  /** True when {@link #hash} matches the content, i.e. nothing was edited since it was made. */
  public boolean verifyHash() {
    return hash.equals(expectedHash());
  }

  public int size() {
    return trainIds.size() + validationIds.size() + testIds.size();
  }

  /** The train faces of {@code dataset}, in id order; ids the dataset lacks are left out. */
  public List<FaceRecord> trainFaces(Dataset dataset) {
    return facesOf(trainIds, dataset);
  }

  public List<FaceRecord> validationFaces(Dataset dataset) {
    return facesOf(validationIds, dataset);
  }

  public List<FaceRecord> testFaces(Dataset dataset) {
    return facesOf(testIds, dataset);
  }

  private static List<FaceRecord> facesOf(List<String> ids, Dataset dataset) {
    Map<String, FaceRecord> byId =
        dataset.faces().stream().collect(Collectors.toMap(FaceRecord::id, Function.identity()));
    return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  private static List<String> sortedCopy(List<String> ids, String name) {
    Objects.requireNonNull(ids, name);
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    return List.copyOf(sorted);
  }

  private static void update(MessageDigest digest, String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update(SEPARATOR);
  }
}
