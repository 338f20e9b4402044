package org.siamage.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the layers of docs/architecture.md: the engine never sees JavaFX, the UI never sees ND4J,
 * DL4J or bytedeco types, and imports only point downwards.
 */
@AnalyzeClasses(packages = "org.siamage", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  private static final String[] ENGINE = {
    "org.siamage.core..", "org.siamage.config..", "org.siamage.data..", "org.siamage.model..",
    "org.siamage.train..", "org.siamage.eval..", "org.siamage.embed..", "org.siamage.infer..",
    "org.siamage.capture.."
  };

  @ArchTest
  static final ArchRule nothingOutsideTheUiImportsJavaFx =
      noClasses()
          .that().resideOutsideOfPackages("org.siamage.ui..", "org.siamage.app..")
          .should().dependOnClassesThat().resideInAPackage("javafx..")
          .because("only the ui layer (and the composition root that starts it) may use JavaFX");

  @ArchTest
  static final ArchRule theUiNeverSeesNativeEngineTypes =
      noClasses()
          .that().resideInAPackage("org.siamage.ui..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..", "org.datavec..")
          .because("the engine hands the UI plain records, never INDArray or Mat");

  @ArchTest
  static final ArchRule theEngineDoesNotCallUpwards =
      noClasses()
          .that().resideInAnyPackage(ENGINE)
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.service..", "org.siamage.cli..", "org.siamage.ui..",
              "org.siamage.app..")
          .because("the engine emits events to listeners instead of calling the layers above");

  @ArchTest
  static final ArchRule servicesAreSharedByCliAndUi =
      noClasses()
          .that().resideInAPackage("org.siamage.service..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.cli..", "org.siamage.ui..", "org.siamage.app..");

  @ArchTest
  static final ArchRule cliAndUiAreSiblings =
      noClasses()
          .that().resideInAPackage("org.siamage.cli..")
          .should().dependOnClassesThat().resideInAnyPackage("org.siamage.ui..", "org.siamage.app..");

  @ArchTest
  static final ArchRule uiDoesNotUseTheCli =
      noClasses()
          .that().resideInAPackage("org.siamage.ui..")
          .should().dependOnClassesThat().resideInAnyPackage("org.siamage.cli..", "org.siamage.app..");

  @ArchTest
  static final ArchRule foundationIsAtTheBottom =
      noClasses()
          .that().resideInAnyPackage("org.siamage.core..", "org.siamage.config..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.data..", "org.siamage.model..", "org.siamage.train..",
              "org.siamage.eval..", "org.siamage.embed..", "org.siamage.infer..",
              "org.siamage.capture..");

  @ArchTest
  static final ArchRule dataAndModelSitBelowTheEngines =
      noClasses()
          .that().resideInAnyPackage("org.siamage.data..", "org.siamage.model..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.train..", "org.siamage.eval..", "org.siamage.embed..",
              "org.siamage.infer..", "org.siamage.capture..");
}
