package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/**
 * Argument checks shared by all ops. Every message starts with the op's name and names the
 * offending shapes or dtypes, so a user sees which call went wrong.
 */
public final class Check {
  /** The largest element count a tensor may hold: one Java array. */
  public static final long MAX_SIZE = Integer.MAX_VALUE - 8;

  private Check() {}

  public static <T> T notNull(String op, String arg, T value) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": argument '" + arg + "' is null");
    }
    return value;
  }

  public static void sameDType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          op
              + ": operands have different dtypes "
              + a.dtype()
              + " and "
              + b.dtype()
              + " (shapes "
              + a.shape()
              + " and "
              + b.shape()
              + "); cast one of them first");
    }
  }

  /** Rejects dtypes an op does not support, naming the op and the dtype. */
  public static void dtypeIn(String op, Tensor t, DType... allowed) {
    for (DType d : allowed) {
      if (t.dtype() == d) {
        return;
      }
    }
    throw new IllegalArgumentException(
        op
            + ": dtype "
            + t.dtype()
            + " (shape "
            + t.shape()
            + ") is not supported; expected one of "
            + java.util.Arrays.toString(allowed));
  }

  /** Normalises a possibly negative axis to [0, rank). */
  public static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op
              + ": axis "
              + axis
              + " is out of range for rank "
              + rank
              + " (valid: "
              + (-rank)
              + " to "
              + (rank - 1)
              + ")");
    }
    return a;
  }

  /** Rejects element counts that no Java array holds, before anything is allocated. */
  public static int size(String op, Shape shape) {
    long n = shape.size();
    if (n > MAX_SIZE) {
      throw new IllegalArgumentException(
          op
              + ": shape "
              + shape
              + " has "
              + (n == Long.MAX_VALUE ? "more than 2^63" : n)
              + " elements, more than the "
              + MAX_SIZE
              + " a tensor can hold");
    }
    return (int) n;
  }
}
