package org.siamage.data;

/**
 * An input that was left out of a dataset, with the reason, for the dataset summary.
 *
 * @param location the file, or "file:line" for a row of an index file
 * @param reason what is wrong, naming the bad value
 */
public record SkippedItem(String location, String reason) {
  @Override
  public String toString() {
    return location + ": " + reason;
  }
}
