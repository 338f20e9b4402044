package org.siamage.ui.common;

import javafx.scene.Node;

/** One perspective of the main window (Data, Train, …): a title and its root node. */
public interface Perspective {
  /** Title shown in the navigation. */
  String title();

  /** Stable id for tests and remembered layout, e.g. "data". */
  String id();

  /** Root node, created once. */
  Node view();
}
