package org.siamage.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.siamage.train.archfixture.EngineClassUsingJavaFx;
import org.siamage.infer.archfixture.InferClassUsingTraining;
import org.siamage.ui.archfixture.UiClassComputingAProjection;
import org.siamage.ui.archfixture.UiClassUsingNd4j;

/** Proves the layering rules fail on a violation, so a green LayeringTest means something. */
class LayeringRulesBiteTest {
  @Test
  void anEngineClassImportingJavaFxIsReported() {
    JavaClasses classes = new ClassFileImporter().importClasses(EngineClassUsingJavaFx.class);
    assertThat(LayeringTest.nothingOutsideTheUiImportsJavaFx.evaluate(classes).hasViolation())
        .isTrue();
  }

  @Test
  void aUiClassImportingNd4jIsReported() {
    JavaClasses classes = new ClassFileImporter().importClasses(UiClassUsingNd4j.class);
    assertThat(LayeringTest.theUiNeverSeesNativeEngineTypes.evaluate(classes).hasViolation())
        .isTrue();
  }

  @Test
  void aUiClassRunningAnEngineComputationIsReported() {
    JavaClasses classes = new ClassFileImporter().importClasses(UiClassComputingAProjection.class,
        org.siamage.embed.Pca.class);
    assertThat(LayeringTest.theUiAsksServicesForWork.evaluate(classes).hasViolation()).isTrue();
  }

  @Test
  void aCycleBetweenTwoEnginePackagesIsReported() {
    // train already uses infer (the reference gallery); an infer class using train closes a cycle
    JavaClasses classes = new ClassFileImporter().importPackages("org.siamage.train", "org.siamage.infer");
    assertThat(LayeringTest.noPackageCycles.evaluate(classes).hasViolation()).isTrue();
  }
}
