package org.siamage.data;

/** The dataset layouts Siamage reads; each is detected automatically from a folder or file. */
public enum DatasetFormat {
  /** A folder with {@code labels.csv} ({@code file,age,gender}). */
  LABELS_CSV("labels.csv (file,age,gender)"),
  /** UTKFace file names {@code age_gender_race_date.jpg} (gender 0 = male, 1 = female). */
  UTKFACE("UTKFace file names"),
  /** All-Age-Faces file names {@code %05dA%02d.jpg}: serial and age; serial ranges give gender. */
  ALL_AGE_FACES("All-Age-Faces file names"),
  /** MORPH II CSV index with subject id, age, gender and file. */
  MORPH("MORPH II CSV index"),
  /** MegaAge-Asian official name and age lists. */
  MEGAAGE_ASIAN("MegaAge-Asian official lists"),
  /** FG-NET file names {@code 001A02.JPG}: subject 001, age 2. */
  FGNET("FG-NET file names");

  private final String description;

  DatasetFormat(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
