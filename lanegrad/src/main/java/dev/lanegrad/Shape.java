package dev.lanegrad;

import java.util.Arrays;

/**
 * The dimensions of a tensor, immutable.
 *
 * <p>{@code Shape.of(2, 3)} prints as {@code (2, 3)}, {@code Shape.scalar()} as {@code ()}, {@code
 * Shape.of(3)} as {@code (3,)}: TensorFlow's spelling. {@code size()} is the product of the
 * dimensions (1 for a scalar).
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0], 1);

  private final int[] dims;
  private final long size;

  private Shape(int[] dims, long size) {
    this.dims = dims;
    this.size = size;
  }

  /**
   * A shape of the given dimensions.
   *
   * @param dims the dimensions, each {@code >= 0}; none for a scalar. Not modified.
   * @throws IllegalArgumentException if {@code dims} is null or a dimension is negative
   */
  public static Shape of(int... dims) {
    if (dims == null) {
      throw new IllegalArgumentException("Shape.of: dims is null");
    }
    if (dims.length == 0) {
      return SCALAR;
    }
    long size = 1;
    boolean overflow = false;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "Shape.of: dimension " + d + " is negative in " + Arrays.toString(dims));
      }
      // saturate instead of wrapping: a nonsense size must stay visibly huge, never small
      if (!overflow) {
        long next = size * d;
        if (d != 0 && next / d != size) {
          overflow = true;
          size = Long.MAX_VALUE;
        } else {
          size = next;
        }
      } else if (d == 0) {
        size = 0;
        overflow = false;
      }
    }
    return new Shape(dims.clone(), size);
  }

  /** The shape of a 0-d tensor: rank 0, size 1, printed {@code ()}. */
  public static Shape scalar() {
    return SCALAR;
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /**
   * One dimension.
   *
   * @param axis index of the axis, negative counting from the end ({@code -1} is the last)
   * @throws IllegalArgumentException if the axis is out of range for this rank
   */
  public int dim(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException(
          "Shape.dim: axis "
              + axis
              + " is out of range for shape "
              + this
              + " of rank "
              + dims.length);
    }
    return dims[a];
  }

  /** Element count: the product of the dimensions, 1 for a scalar. */
  public long size() {
    return size;
  }

  /** The dimensions, as a copy. */
  public int[] dims() {
    return dims.clone();
  }

  /** The dimensions without a copy, for the library's own loops; callers must not modify it. */
  int[] dimsNoCopy() {
    return dims;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** TensorFlow's spelling: {@code ()}, {@code (3,)}, {@code (2, 2)}. */
  @Override
  public String toString() {
    if (dims.length == 1) {
      return "(" + dims[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dims[i]);
    }
    return sb.append(')').toString();
  }
}
