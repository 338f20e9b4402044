package org.siamage.model.bundle;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named float32 tensor of a model bundle: network weights or optimiser state.
 *
 * <p>Values are in row-major (C) order: the last dimension varies fastest, as ND4J's default {@code
 * 'c'} ordering. A rank-0 tensor (empty shape) holds one value.
 *
 * <p>The value array is shared, not copied, because weight tensors can be large: treat it as
 * read-only once it is handed over. {@link #equals} compares names, shapes and values (bit
 * patterns, so NaN equals NaN).
 *
 * @param name path-like name, segments of {@code [A-Za-z0-9_][A-Za-z0-9_.-]*} joined by {@code /}
 *     (for example {@code tower/conv1/W}); at most {@value #MAX_NAME_LENGTH} characters
 * @param shape dimension sizes, each ≥ 0, at most {@value #MAX_RANK} of them
 * @param values {@code product(shape)} float values in row-major order
 */
public record NamedTensor(String name, long[] shape, float[] values) {
  /** Longest accepted name; the bundle entry name adds a folder and an extension to it. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Highest accepted rank; more is certainly a mistake for this network. */
  public static final int MAX_RANK = 8;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

  public NamedTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(values, "values");
    String nameProblem = nameProblem(name);
    if (nameProblem != null) {
      throw new IllegalArgumentException(nameProblem);
    }
    if (shape.length > MAX_RANK) {
      throw new IllegalArgumentException(
          "tensor " + name + " has rank " + shape.length + ", at most " + MAX_RANK + " allowed");
    }
    shape = shape.clone();
    long elements = elementCount(shape);
    if (elements < 0) {
      throw new IllegalArgumentException(
          "tensor " + name + " has an invalid shape " + Arrays.toString(shape));
    }
    if (elements != values.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + " has shape "
              + Arrays.toString(shape)
              + " ("
              + elements
              + " values) but "
              + values.length
              + " values were given");
    }
  }

  /** Convenience for {@code int} shapes as ND4J's {@code shape()} often returns them. */
  public static NamedTensor of(String name, float[] values, int... shape) {
    return new NamedTensor(name, Arrays.stream(shape).asLongStream().toArray(), values);
  }

  /** Number of values, {@code product(shape)}. */
  public int size() {
    return values.length;
  }

  /** A copy of the shape; the record keeps its own. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The product of {@code shape}, or -1 when a size is negative or the product overflows. */
  static long elementCount(long[] shape) {
    long product = 1;
    for (long size : shape) {
      if (size < 0) {
        return -1;
      }
      if (size != 0 && product > Long.MAX_VALUE / size) {
        return -1;
      }
      product *= size;
    }
    return product;
  }

  /** Why {@code name} cannot name a tensor, or {@code null} when it can. */
  static String nameProblem(String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      return "tensor name is longer than " + MAX_NAME_LENGTH + " characters: " + name;
    }
    if (!NAME.matcher(name).matches()) {
      return "tensor name '"
          + name
          + "' must be segments of letters, digits, '_', '.', '-' joined by '/',"
          + " each starting with a letter, digit or '_'";
    }
    return null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NamedTensor that
        && name.equals(that.name)
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
  }
}
