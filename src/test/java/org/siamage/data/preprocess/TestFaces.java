package org.siamage.data.preprocess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Preprocessed faces made in memory, for tests of what consumes them (no images, no cache). */
public final class TestFaces {
  private TestFaces() {}

  /** {@code count} crops of {@code size} × {@code size} pixels, every byte {@code value}; ids face-0, face-1, … */
  public static PreprocessedFaces uniform(int count, int size, byte value) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("face-" + i);
    }
    byte[] pixels = new byte[count * PreprocessedFaces.bytesPerFace(size)];
    Arrays.fill(pixels, value);
    return new PreprocessedFaces(ids, size, pixels, new int[count], new boolean[count], new float[count], List.of(), 0,
        "", false, List.of());
  }
}
