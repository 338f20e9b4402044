package org.siamage.model;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Adds a training loss to a Siamese graph. The network does not know the loss family (it lives in
 * the training layer); it only minimises the variable named {@link #TOTAL}.
 */
@FunctionalInterface
public interface LossDefinition {
  /** Name of the scalar variable that training minimises. */
  String TOTAL = "loss/total";

  /**
   * @return named scalar loss variables (names such as {@code loss/pair}, {@code loss/gender});
   *     must contain {@link #TOTAL}
   */
  Map<String, SDVariable> define(SameDiff sameDiff, SiameseGraph graph);
}
