package org.siamage.data.preprocess;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.siamage.data.SkippedItem;

/**
 * The preprocessed faces of a dataset: one RGB crop per usable face, in dataset order, plus what
 * was skipped and why. Immutable; accessors copy.
 *
 * <p>Pixels lie in one contiguous block of {@code size() × inputSize × inputSize × 3} bytes: face
 * {@code i} occupies bytes {@code [i·S·S·3, (i+1)·S·S·3)}, each crop row-major HWC in R, G, B order
 * (0..255). One Java array holds at most 2 GiB, so for example 10,786 faces fit up to about 250 px
 * and 7,480 faces at 299 px; larger sets are refused with a message.
 */
public final class PreprocessedFaces {
  private final List<String> ids;
  private final int inputSize;
  private final byte[] pixels;
  private final int[] facesFound;
  private final boolean[] eyesAligned;
  private final float[] rotationDegrees;
  private final List<SkippedItem> skipped;
  private final int noFaceSkippedCount;
  private final String cacheKey;
  private final boolean loadedFromCache;
  private final List<String> warnings;
  private volatile Map<String, Integer> indexById;

  /**
   * @param ids face ids in dataset order, one per crop
   * @param inputSize side S of every crop in pixels
   * @param pixels {@code ids.size() × S × S × 3} bytes, owned by this object from now on
   * @param facesFound per face: faces the detector found (1 in pre-aligned mode)
   * @param eyesAligned per face: rotated to level the eyes
   * @param rotationDegrees per face: applied rotation in degrees
   * @param skipped faces left out, with reasons
   * @param noFaceSkippedCount how many of {@code skipped} were left out because no face was found
   * @param cacheKey the SHA-256 key of the dataset contents and settings (empty when not computed)
   * @param loadedFromCache true when read from the cache instead of computed
   * @param warnings problems that did not stop preprocessing (e.g. "cache disabled: …")
   */
  PreprocessedFaces(
      List<String> ids,
      int inputSize,
      byte[] pixels,
      int[] facesFound,
      boolean[] eyesAligned,
      float[] rotationDegrees,
      List<SkippedItem> skipped,
      int noFaceSkippedCount,
      String cacheKey,
      boolean loadedFromCache,
      List<String> warnings) {
    this.ids = List.copyOf(ids);
    this.inputSize = inputSize;
    int count = this.ids.size();
    long expected = (long) count * bytesPerFace(inputSize);
    if (pixels.length != expected
        || facesFound.length != count
        || eyesAligned.length != count
        || rotationDegrees.length != count) {
      throw new IllegalArgumentException(
          "inconsistent sizes: "
              + count
              + " ids, "
              + pixels.length
              + " pixel bytes (expected "
              + expected
              + ")");
    }
    this.pixels = pixels;
    this.facesFound = facesFound;
    this.eyesAligned = eyesAligned;
    this.rotationDegrees = rotationDegrees;
    this.skipped = List.copyOf(skipped);
    this.noFaceSkippedCount = noFaceSkippedCount;
    this.cacheKey = Objects.requireNonNull(cacheKey);
    this.loadedFromCache = loadedFromCache;
    this.warnings = List.copyOf(warnings);
  }

  /** Bytes of one {@code size × size} RGB crop. */
  public static int bytesPerFace(int size) {
    return size * size * 3;
  }

  /** The same faces with another cache status and warnings (pixels are shared, never mutated). */
  PreprocessedFaces withCacheStatus(boolean fromCache, List<String> newWarnings) {
    return new PreprocessedFaces(
        ids,
        inputSize,
        pixels,
        facesFound,
        eyesAligned,
        rotationDegrees,
        skipped,
        noFaceSkippedCount,
        cacheKey,
        fromCache,
        newWarnings);
  }

  /** Number of usable faces (crops). */
  public int size() {
    return ids.size();
  }

  /** Face ids in dataset order; {@code ids().get(i)} is the id of crop {@code i}. */
  public List<String> ids() {
    return ids;
  }

  /** Index of the face with this id, or -1. */
  public int indexOf(String id) {
    Map<String, Integer> index = indexById;
    if (index == null) {
      index = new HashMap<>(ids.size() * 2);
      for (int i = 0; i < ids.size(); i++) {
        index.put(ids.get(i), i);
      }
      indexById = index;
    }
    return index.getOrDefault(id, -1);
  }

  /** Side S of every crop in pixels. */
  public int inputSize() {
    return inputSize;
  }

  /** A copy of crop {@code i}: S × S × 3 bytes, HWC, RGB, 0..255. */
  public byte[] crop(int i) {
    int length = bytesPerFace(inputSize);
    int offset = checkedOffset(i);
    return Arrays.copyOfRange(pixels, offset, offset + length);
  }

  /** Crop {@code i} as network input: CHW floats in [-1, 1], shape [3, S, S]. */
  public float[] networkInput(int i) {
    float[] input = new float[3 * inputSize * inputSize];
    FacePreprocessor.writeNetworkInput(pixels, checkedOffset(i), inputSize, input, 0);
    return input;
  }

  /** Writes {@link #networkInput(int)} into {@code target} at {@code targetOffset}. */
  public void writeNetworkInput(int i, float[] target, int targetOffset) {
    FacePreprocessor.writeNetworkInput(pixels, checkedOffset(i), inputSize, target, targetOffset);
  }

  /** Faces the detector found in image {@code i} (1 in pre-aligned mode). */
  public int facesFound(int i) {
    return facesFound[i];
  }

  /** Whether crop {@code i} was rotated to level the eyes. */
  public boolean eyesAligned(int i) {
    return eyesAligned[i];
  }

  /** Rotation applied to crop {@code i}, in degrees (positive = counter-clockwise on screen). */
  public double rotationDegrees(int i) {
    return rotationDegrees[i];
  }

  /** Faces left out (unreadable, too small, no face found …), with reasons naming the file. */
  public List<SkippedItem> skipped() {
    return skipped;
  }

  /** Images where no face was found (all skipped, since datasets do not centre-crop). */
  public int noFaceCount() {
    return noFaceSkippedCount;
  }

  /** SHA-256 (hex) of the dataset contents and settings; names the cache file. */
  public String cacheKey() {
    return cacheKey;
  }

  /** True when this result was read from the cache rather than computed. */
  public boolean loadedFromCache() {
    return loadedFromCache;
  }

  /** Problems that did not stop preprocessing, e.g. "cache disabled: cannot write …". */
  public List<String> warnings() {
    return warnings;
  }

  // package-private raw access for the cache writer (no copies of a block that may be 1 GiB)
  byte[] pixelBlock() {
    return pixels;
  }

  int[] facesFoundArray() {
    return facesFound;
  }

  boolean[] eyesAlignedArray() {
    return eyesAligned;
  }

  float[] rotationArray() {
    return rotationDegrees;
  }

  private int checkedOffset(int i) {
    Objects.checkIndex(i, ids.size());
    return i * bytesPerFace(inputSize);
  }
}
