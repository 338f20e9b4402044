package org.siamage.service;

import java.util.List;
import org.siamage.data.SkippedItem;

/**
 * Outcome of decoding every image of a dataset.
 *
 * @param checked images decoded or tried
 * @param decodable images that decode into a usable picture
 * @param undecodable images that do not, each with its reason
 */
public record ImageCheck(int checked, int decodable, List<SkippedItem> undecodable) {
  public ImageCheck {
    undecodable = List.copyOf(undecodable);
  }
}
