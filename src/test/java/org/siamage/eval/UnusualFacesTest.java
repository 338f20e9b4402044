package org.siamage.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report line on the unusual-face flag. */
class UnusualFacesTest {
  @Test
  void countsTheFlaggedFacesAndComparesTheirErrorWithTheRest() {
    String line = UnusualFaces.summary(0.62, new boolean[] {true, false, false, false},
        new double[] {40, 21, 30, 38}, new int[] {30, 20, 33, 40});
    assertThat(line).isEqualTo(
        "1 of 4 faces (25.0 %) unusual (nearest reference beyond D = 0.62), MAE 10.00 on them and 2.00 on the rest");
  }

  @Test
  void saysNothingForAModelWithoutTheDistanceAndADashWhereNoFaceIsInAGroup() {
    assertThat(UnusualFaces.summary(0, new boolean[] {true}, new double[] {1}, new int[] {2})).isEmpty();
    assertThat(UnusualFaces.summary(0.5, new boolean[] {false, false}, new double[] {1, 2}, new int[] {2, 2}))
        .contains("0 of 2 faces (0.0 %)").contains("MAE – on them and 0.50 on the rest");
  }
}
