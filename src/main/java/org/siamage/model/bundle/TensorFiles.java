package org.siamage.model.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;

/**
 * One tensor as a file of its own, in the bundle's {@code .tensor} layout (docs/bundle-format.md):
 * the per-epoch probe embeddings of a run folder use it.
 */
public final class TensorFiles {
  private TensorFiles() {}

  /** A tensor read back: its shape and its float32 values, row-major. */
  public record Tensor(long[] shape, float[] values) {}

  /** Writes atomically. */
  public static void write(Path file, long[] shape, float[] values) throws IOException {
    AtomicFiles.write(file, out -> TensorCodec.encode(shape, values, out));
  }

  /**
   * @throws UserFacingException naming the file when it cannot be read or is not a tensor file
   */
  public static Tensor read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      TensorCodec.Decoded decoded = TensorCodec.decode(in, Files.size(file), file.getFileName().toString());
      return new Tensor(decoded.shape(), decoded.values());
    } catch (IOException | BundleProblem e) {
      throw new UserFacingException("Cannot read tensor file " + file + ": " + e.getMessage(), e);
    }
  }
}
