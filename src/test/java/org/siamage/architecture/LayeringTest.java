package org.siamage.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * Keeps the layers of docs/architecture.md: the engine never sees JavaFX, the UI never sees ND4J,
 * DL4J or bytedeco types, and imports only point downwards.
 */
@AnalyzeClasses(packages = "org.siamage", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  private static final String[] ENGINE = {
    "org.siamage.core..", "org.siamage.process..", "org.siamage.config..", "org.siamage.data..", "org.siamage.model..",
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
  static final ArchRule onlyTheSparkJobSeesSpark =
      noClasses()
          .that().resideOutsideOfPackage("org.siamage.spark..")
          .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
          .because("Spark is provided by spark-submit and is not in the desktop's lib/ (ADR 0051)");

  @ArchTest
  static final ArchRule nothingDependsOnTheSparkJob =
      noClasses()
          .that().resideOutsideOfPackage("org.siamage.spark..")
          .should().dependOnClassesThat().resideInAPackage("org.siamage.spark..")
          .because("the Spark job ships in its own jar, beside siamage.jar, and uses the services like the CLI");

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
  static final ArchRule processKnowledgeStandsOnTheFoundationOnly =
      noClasses()
          .that().resideInAPackage("org.siamage.process..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.config..", "org.siamage.data..", "org.siamage.model..",
              "org.siamage.train..", "org.siamage.eval..", "org.siamage.embed..", "org.siamage.infer..",
              "org.siamage.capture..")
          .because("what Siamage reads from and asks of the operating system (thread times, nice values,"
              + " the native heap) serves every layer and knows none of them");

  @ArchTest
  static final ArchRule theFoundationNeedsNoDiagnostics =
      noClasses()
          .that().resideInAnyPackage("org.siamage.core..", "org.siamage.config..")
          .should().dependOnClassesThat().resideInAPackage("org.siamage.process..");

  @ArchTest
  static final ArchRule dataAndModelSitBelowTheEngines =
      noClasses()
          .that().resideInAnyPackage("org.siamage.data..", "org.siamage.model..")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.siamage.train..", "org.siamage.eval..", "org.siamage.embed..",
              "org.siamage.infer..", "org.siamage.capture..");

  /** Engine classes that compute (not records, enums or interfaces that carry or name results). */
  private static final DescribedPredicate<JavaClass> ENGINE_WORK =
      new DescribedPredicate<>("an engine class that does work (not a record, enum or interface)") {
        @Override
        public boolean test(JavaClass owner) {
          return owner.getPackageName().startsWith("org.siamage.")
              && java.util.Arrays.stream(ENGINE).map(p -> p.substring(0, p.length() - 2))
                  .filter(p -> !p.equals("org.siamage.core") && !p.equals("org.siamage.config")
                      && !p.equals("org.siamage.process"))
                  .anyMatch(p -> owner.getPackageName().equals(p) || owner.getPackageName().startsWith(p + "."))
              && !owner.isRecord() && !owner.isEnum() && !owner.isInterface();
        }
      };

  /** A static method of an engine class that does work: a computation the caller starts itself. */
  private static final DescribedPredicate<JavaCall<?>> STATIC_ENGINE_CALL =
      new DescribedPredicate<>("a static method of an engine class that does work") {
        @Override
        public boolean test(JavaCall<?> call) {
          return ENGINE_WORK.test(call.getTargetOwner())
              && call.getTarget().resolveMember().map(m -> m.getModifiers().contains(JavaModifier.STATIC))
                  .orElse(false);
        }
      };

  @ArchTest
  static final ArchRule theUiAsksServicesForWork =
      noClasses()
          .that().resideInAPackage("org.siamage.ui..")
          .should().callMethodWhere(STATIC_ENGINE_CALL)
          .orShould().callConstructorWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(ENGINE_WORK)))
          .because("perspectives hand work to the service layer (shared with the CLI) and use what it returns;"
              + " they neither create engine objects nor call engine functions themselves");

  @ArchTest
  static final ArchRule noPackageCycles =
      SlicesRuleDefinition.slices().matching("org.siamage.(*)..").should().beFreeOfCycles();
}
