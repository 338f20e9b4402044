package org.siamage.ui.shell;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/** What a control shows on screen, as the UI tests check it (call on the FX thread). */
public final class LayoutChecks {
  private LayoutChecks() {}

  /**
   * The text {@code labeled} draws: its text as shortened to fit ("…") and without a parsed
   * mnemonic's underscore; its text itself before its skin exists.
   */
  public static String displayedText(Labeled labeled) {
    Node text = labeled.lookup(".text");
    return text instanceof Text shown ? shown.getText() : labeled.getText();
  }

  /**
   * Every visible label, button and the like under {@code root} (list and table cells aside) that
   * draws less than its text, as "id or class: text shown".
   */
  public static List<String> truncated(Parent root) {
    List<String> cut = new ArrayList<>();
    collect(root, cut);
    return cut;
  }

  private static void collect(Node node, List<String> cut) {
    if (!node.isVisible() || node instanceof IndexedCell<?>) {
      return;
    }
    if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
      String shown = displayedText(labeled);
      if (!shown.equals(labeled.getText())) {
        cut.add((labeled.getId() != null ? "#" + labeled.getId() : labeled.getClass().getSimpleName())
            + ": \"" + shown + "\" of \"" + labeled.getText() + "\"");
      }
    }
    if (node instanceof Parent parent) {
      for (Node child : parent.getChildrenUnmodifiable()) {
        collect(child, cut);
      }
    }
  }
}
