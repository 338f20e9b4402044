package org.siamage.config;

/**
 * Where the faces come from and how they are split.
 *
 * @param dataset dataset folder or index file; relative paths resolve against the working folder
 * @param splitFile saved split to reuse (JSON written by Siamage), or empty to make one
 * @param testFraction share of faces (or subjects) held out for testing, 0 ≤ x &lt; 1
 * @param validationFraction share of all faces held out for validation (taken from the training
 *     part), 0 ≤ x &lt; 1
 * @param splitSeed seed of the random split
 * @param cacheFolder folder of the preprocessed-face cache; never inside the dataset folder
 */
public record DataConfig(
    String dataset,
    String splitFile,
    double testFraction,
    double validationFraction,
    long splitSeed,
    String cacheFolder) {
  /** The same settings for another dataset (a command line's {@code --data}). */
  public DataConfig withDataset(String newDataset) {
    return new DataConfig(newDataset, splitFile, testFraction, validationFraction, splitSeed, cacheFolder);
  }
}
