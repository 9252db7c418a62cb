package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;

/**
 * A tensor's rows (slices along axis 0), to cut batches from by index. A tensor's array is read in
 * place (tensors never change); a variable's, which its next assignment may recycle, is copied.
 * Each batch is one copy of its rows, handed to its tensor without the face's defensive copy: fit
 * cuts a batch, then its micro-batches, on the step's serial path.
 */
final class Rows {
  final Tensor source;
  final int count;
  private final DType dtype;
  private final int width;
  private final int[] dims;
  private final Object flat;

  Rows(String what, String argName, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(what + ": " + argName + " is null");
    }
    if (t.rank() < 1) {
      throw new IllegalArgumentException(
          what + ": " + argName + " must have a batch axis, got shape " + t.shape());
    }
    this.source = t;
    this.dtype = t.dtype();
    this.dims = t.shape().dims();
    this.count = dims[0];
    if (count > 0 && t.size() == 0) {
      // samples of no elements: nothing bounds their count, and batching them would index each one
      throw new IllegalArgumentException(
          what
              + ": "
              + argName
              + " holds "
              + count
              + " samples of no elements (shape "
              + t.shape()
              + "); a sample needs at least one element");
    }
    this.width = count == 0 ? 0 : (int) (t.size() / count);
    this.flat =
        switch (dtype) {
          case FLOAT32, FLOAT64, INT32, INT64, BOOL ->
              t instanceof Variable ? copy(Internal.data(t)) : Internal.data(t);
          default ->
              throw new IllegalArgumentException(
                  what
                      + ": "
                      + argName
                      + " of dtype "
                      + dtype
                      + " is not supported (shape "
                      + t.shape()
                      + ")");
        };
  }

  /** Rows {@code index[from..to)} as one tensor of this dtype. */
  Tensor take(int[] index, int from, int to) {
    int b = to - from;
    Object out = java.lang.reflect.Array.newInstance(flat.getClass().getComponentType(), b * width);
    for (int i = 0; i < b; i++) {
      System.arraycopy(flat, index[from + i] * width, out, i * width, width);
    }
    int[] d = dims.clone();
    d[0] = b;
    return Internal.make(dtype, Shape.of(d), out);
  }

  private static Object copy(Object array) {
    int n = java.lang.reflect.Array.getLength(array);
    Object c = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), n);
    System.arraycopy(array, 0, c, 0, n);
    return c;
  }
}
