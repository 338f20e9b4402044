package org.siamage.data.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.siamage.core.UserFacingException;

class SampleFaceSpecTest {

  @Test
  void defaultsAreTheCommittedDemoSet() {
    SampleFaceSpec spec = SampleFaceSpec.defaults();

    assertThat(spec).isEqualTo(new SampleFaceSpec(20181L, 1000, 64, 1, 80));
  }

  @Test
  void invalidFieldsAreNamedWithTheirValue() {
    assertThatThrownBy(() -> SampleFaceSpec.defaults().withCount(0))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("count")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> SampleFaceSpec.defaults().withImageSize(8))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("imageSize")
        .hasMessageContaining("8");
    assertThatThrownBy(() -> SampleFaceSpec.defaults().withAgeRange(-3, 80))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("minAge")
        .hasMessageContaining("-3");
    assertThatThrownBy(() -> SampleFaceSpec.defaults().withAgeRange(1, 130))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("maxAge")
        .hasMessageContaining("130");
    assertThatThrownBy(() -> SampleFaceSpec.defaults().withAgeRange(50, 20))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("minAge 50")
        .hasMessageContaining("maxAge 20");
  }

  @Test
  void withersChangeOnlyTheirField() {
    SampleFaceSpec spec = SampleFaceSpec.defaults().withSeed(7).withCount(12);

    assertThat(spec).isEqualTo(new SampleFaceSpec(7, 12, 64, 1, 80));
  }
}
