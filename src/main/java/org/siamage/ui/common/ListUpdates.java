package org.siamage.ui.common;

import java.util.List;
import java.util.Objects;
import javafx.collections.ObservableList;

/**
 * Brings an observable list to new contents with the smallest change: the common head and tail
 * stay, only the differing middle is replaced. A table bound to the list then updates only the
 * rows that changed and keeps its selection, where {@code setAll} replaces every row.
 */
public final class ListUpdates {
  private ListUpdates() {}

  /** Makes {@code target} equal to {@code fresh} (by {@code equals}), firing at most one change per edit. */
  public static <T> void replaceChanged(ObservableList<T> target, List<? extends T> fresh) {
    int start = 0;
    int commonLength = Math.min(target.size(), fresh.size());
    while (start < commonLength && Objects.equals(target.get(start), fresh.get(start))) {
      start++;
    }
    int targetEnd = target.size();
    int freshEnd = fresh.size();
    while (targetEnd > start && freshEnd > start
        && Objects.equals(target.get(targetEnd - 1), fresh.get(freshEnd - 1))) {
      targetEnd--;
      freshEnd--;
    }
    int removed = targetEnd - start;
    int added = freshEnd - start;
    if (removed == 0 && added == 0) {
      return;
    }
    if (removed == added) {
      for (int i = start; i < targetEnd; i++) {
        target.set(i, fresh.get(i));
      }
    } else {
      if (removed > 0) {
        target.remove(start, targetEnd);
      }
      if (added > 0) {
        target.addAll(start, fresh.subList(start, freshEnd));
      }
    }
  }
}
