package org.siamage.model.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code .tensor} entry format, little-endian throughout:
 *
 * <pre>
 * offset  size      content
 * 0       8         magic "SIAMTNSR" (ASCII)
 * 8       4         int32 rank r, 0 ≤ r ≤ 8
 * 12      8 × r     int64 dimension sizes, each ≥ 0
 * 12+8r   4 × n     float32 values, n = product of the sizes (1 for rank 0), row-major
 * </pre>
 *
 * The entry is exactly {@code 12 + 8r + 4n} bytes long; anything else is refused.
 */
final class TensorCodec {
  static final byte[] MAGIC = "SIAMTNSR".getBytes(StandardCharsets.US_ASCII);
  static final int FIXED_HEADER_BYTES = MAGIC.length + Integer.BYTES;

  /** Values per chunk when streaming: 64 KiB buffers keep memory flat for any tensor size. */
  private static final int CHUNK_VALUES = 1 << 14;

  /** Longest Java array the JVM reliably allocates. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /** A tensor as read from an entry, before it gets its name. */
  record Decoded(long[] shape, float[] values) {}

  private TensorCodec() {}

  /** Bytes {@link #encode} writes for {@code shape}. */
  static long encodedLength(long[] shape) {
    return FIXED_HEADER_BYTES + 8L * shape.length + 4L * NamedTensor.elementCount(shape);
  }

  static void encode(long[] shape, float[] values, OutputStream out) throws IOException {
    ByteBuffer header =
        ByteBuffer.allocate(FIXED_HEADER_BYTES + 8 * shape.length).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).putInt(shape.length);
    for (long size : shape) {
      header.putLong(size);
    }
    out.write(header.array());
    ByteBuffer chunk =
        ByteBuffer.allocate(4 * Math.min(CHUNK_VALUES, values.length))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK_VALUES) {
      int count = Math.min(CHUNK_VALUES, values.length - start);
      chunk.clear();
      chunk.asFloatBuffer().put(values, start, count);
      out.write(chunk.array(), 0, 4 * count);
    }
  }

  /**
   * Reads one tensor of exactly {@code entryLength} bytes.
   *
   * @throws BundleProblem when the header is malformed or disagrees with the length (the message
   *     starts with the entry name)
   * @throws IOException when the stream fails or ends early
   */
  static Decoded decode(InputStream in, long entryLength, String entryName)
      throws IOException, BundleProblem {
    if (entryLength < FIXED_HEADER_BYTES) {
      throw new BundleProblem(
          "tensor entry " + entryName + " holds " + entryLength + " bytes, too short for a header");
    }
    ByteBuffer fixed =
        ByteBuffer.wrap(readFully(in, FIXED_HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    fixed.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BundleProblem("tensor entry " + entryName + " does not start with SIAMTNSR");
    }
    int rank = fixed.getInt();
    if (rank < 0 || rank > NamedTensor.MAX_RANK) {
      throw new BundleProblem(
          "tensor entry "
              + entryName
              + " has rank "
              + rank
              + ", expected 0 to "
              + NamedTensor.MAX_RANK);
    }
    if (entryLength < FIXED_HEADER_BYTES + 8L * rank) {
      throw new BundleProblem(
          "tensor entry "
              + entryName
              + " holds "
              + entryLength
              + " bytes, too short for rank "
              + rank);
    }
    ByteBuffer dims = ByteBuffer.wrap(readFully(in, 8 * rank)).order(ByteOrder.LITTLE_ENDIAN);
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = dims.getLong();
    }
    long elements = NamedTensor.elementCount(shape);
    if (elements < 0 || elements > MAX_VALUES) {
      throw new BundleProblem(
          "tensor entry " + entryName + " has an invalid shape " + Arrays.toString(shape));
    }
    long expectedLength = encodedLength(shape);
    if (expectedLength != entryLength) {
      throw new BundleProblem(
          "tensor entry "
              + entryName
              + " has shape "
              + Arrays.toString(shape)
              + ", which needs "
              + expectedLength
              + " bytes, but the entry holds "
              + entryLength
              + " bytes");
    }
    float[] values = new float[(int) elements];
    byte[] chunk = new byte[4 * (int) Math.min(CHUNK_VALUES, Math.max(1, elements))];
    ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < values.length; start += CHUNK_VALUES) {
      int count = Math.min(CHUNK_VALUES, values.length - start);
      readFully(in, chunk, 4 * count);
      view.clear();
      view.asFloatBuffer().get(values, start, count);
    }
    return new Decoded(shape, values);
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] bytes = new byte[length];
    readFully(in, bytes, length);
    return bytes;
  }

  private static void readFully(InputStream in, byte[] target, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int read = in.read(target, done, length - done);
      if (read < 0) {
        throw new EOFException("entry ended after " + done + " of " + length + " bytes");
      }
      done += read;
    }
  }
}
