package org.siamage.eval;

/**
 * The error on the test faces of one age band.
 *
 * @param fromAge youngest true age of the band, inclusive
 * @param toAge oldest true age of the band, inclusive
 * @param faces test faces whose true age lies in the band
 * @param mae mean absolute error over those faces in years; null when the band is empty
 */
public record AgeBandError(int fromAge, int toAge, int faces, Double mae) {
  /** "0–9", "10–19", … */
  public String label() {
    return fromAge + "–" + toAge;
  }
}
