package org.siamage.data.read;

import java.nio.file.Path;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;

/**
 * Reads one dataset layout into a {@link Dataset}. Readers never write into the dataset folder and
 * never decode images: they check that each image is a non-empty regular file.
 *
 * <p>Bad rows and files never fail a read: each becomes a {@link org.siamage.data.SkippedItem}
 * naming the location and the bad value. A dataset without a usable face is returned as such (0
 * faces), so that the caller decides what to do.
 */
public interface DatasetReader {
  DatasetFormat format();

  /**
   * Cheap check whether {@code path} looks like this reader's layout (reads at most a header or a
   * sample of file names); never throws.
   */
  boolean canRead(Path path);

  /**
   * Reads the dataset. Faces come sorted by id (root-relative path with '/').
   *
   * @param path the dataset folder, or the index file for formats that have one
   * @param progress receives "files checked so far" out of the total
   * @param stop checked between chunks of files; a stop throws {@link
   *     org.siamage.core.CancelledException}
   * @throws org.siamage.core.UserFacingException when the path does not exist or cannot be read, or
   *     when the layout's required parts (such as the header of an index file) are missing
   */
  Dataset read(Path path, ProgressListener progress, StopToken stop);
}
