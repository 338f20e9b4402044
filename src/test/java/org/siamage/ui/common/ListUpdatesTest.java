package org.siamage.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class ListUpdatesTest {
  private final ObservableList<String> list = FXCollections.observableArrayList("c", "b", "a");
  private final List<String> changes = new ArrayList<>();

  ListUpdatesTest() {
    list.addListener((ListChangeListener<String>) change -> {
      while (change.next()) {
        changes.add((change.wasReplaced() ? "replace " : change.wasAdded() ? "add " : "remove ")
            + change.getFrom() + ".." + change.getTo());
      }
    });
  }

  @Test
  void theSameContentsChangeNothing() {
    ListUpdates.replaceChanged(list, List.of("c", "b", "a"));
    assertThat(changes).isEmpty();
  }

  @Test
  void aNewFirstItemIsOneAddition() {
    ListUpdates.replaceChanged(list, List.of("d", "c", "b", "a"));
    assertThat(list).containsExactly("d", "c", "b", "a");
    assertThat(changes).containsExactly("add 0..1");
  }

  @Test
  void oneChangedItemIsOneReplacementInPlace() {
    ListUpdates.replaceChanged(list, List.of("c", "B", "a"));
    assertThat(list).containsExactly("c", "B", "a");
    assertThat(changes).containsExactly("replace 1..2");
  }

  @Test
  void removalsAndArbitraryEditsEndEqual() {
    ListUpdates.replaceChanged(list, List.of("c", "a"));
    assertThat(list).containsExactly("c", "a");
    ListUpdates.replaceChanged(list, List.of("x", "y", "z", "a"));
    assertThat(list).containsExactly("x", "y", "z", "a");
    ListUpdates.replaceChanged(list, List.of());
    assertThat(list).isEmpty();
  }
}
