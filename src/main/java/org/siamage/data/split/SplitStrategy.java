package org.siamage.data.split;

/** How a dataset was divided into train, validation and test faces. */
public enum SplitStrategy {
  /** All faces of a subject fall into one part, so no person is seen in training and test. */
  SUBJECT_EXCLUSIVE,
  /** The dataset's official train/test lists; validation is carved from the official train part. */
  OFFICIAL,
  /** Seeded random, stratified by age decade. */
  RANDOM
}
