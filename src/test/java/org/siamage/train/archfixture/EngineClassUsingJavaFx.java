package org.siamage.train.archfixture;

/** Deliberately breaks the layering (engine → JavaFX) so LayeringRulesBiteTest can see the rule fire. */
public final class EngineClassUsingJavaFx {
  public javafx.scene.paint.Color color() {
    return javafx.scene.paint.Color.RED;
  }
}
