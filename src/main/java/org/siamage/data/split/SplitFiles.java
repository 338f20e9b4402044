package org.siamage.data.split;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.FaceRecord;

/**
 * Saves and loads {@link DatasetSplit}s as JSON. Loading checks the stored hash, so a split that
 * was edited by hand or damaged is refused rather than silently changing which faces are tested.
 */
public final class SplitFiles {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int EXAMPLE_IDS = 5;

  private SplitFiles() {}

  /** Writes the split as JSON, atomically: a crash never leaves a half-written file. */
  public static void save(DatasetSplit split, Path file) throws IOException {
    AtomicFiles.writeString(file, MAPPER.writeValueAsString(split) + "\n");
  }

  /**
   * Reads a split and checks its hash.
   *
   * @throws UserFacingException when the file is missing, unreadable, not a split, or its hash does
   *     not match its content
   */
  public static DatasetSplit load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserFacingException("Split file not found: " + file);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read split file " + file + ": " + e.getMessage(), e);
    }
    DatasetSplit split;
    try {
      split = MAPPER.readValue(json, DatasetSplit.class);
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          "Split file " + file + " is not a valid split: " + rootMessage(e), e);
    }
    if (split == null) {
      throw new UserFacingException("Split file " + file + " is empty");
    }
    String expected = split.expectedHash();
    if (!split.hash().equals(expected)) {
      throw new UserFacingException(
          "Split file "
              + file
              + " was edited or corrupted: hash "
              + split.hash()
              + " expected "
              + expected
              + " for its content; make a new split instead of editing one");
    }
    return split;
  }

  /**
   * Reads a split and checks that every id names a face of {@code dataset}.
   *
   * @throws UserFacingException as {@link #load(Path)}, or naming the ids the dataset lacks
   */
  public static DatasetSplit load(Path file, Dataset dataset) {
    DatasetSplit split = load(file);
    Set<String> known = dataset.faces().stream().map(FaceRecord::id).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    Stream.of(split.trainIds(), split.validationIds(), split.testIds())
        .flatMap(List::stream)
        .filter(id -> !known.contains(id))
        .forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new UserFacingException(
          "Split file "
              + file
              + " names "
              + unknown.size()
              + " face ids that dataset '"
              + dataset.name()
              + "' does not have, e.g. "
              + unknown.stream()
                  .limit(EXAMPLE_IDS)
                  .map(id -> "'" + id + "'")
                  .collect(Collectors.joining(", "))
              + " (was the split made for another dataset, or were faces removed?)");
    }
    return split;
  }

  private static String rootMessage(JsonProcessingException e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == e ? e.getOriginalMessage() : cause.getMessage();
  }
}
