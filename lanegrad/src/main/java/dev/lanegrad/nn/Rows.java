package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;

/** A tensor's rows (slices along axis 0), copied out once, to cut batches from by index. */
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
          case FLOAT32 -> t.toFloatArray();
          case FLOAT64 -> t.toDoubleArray();
          case INT32 -> t.toIntArray();
          case INT64 -> t.toLongArray();
          case BOOL -> t.toBooleanArray();
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
    return Tensor.of(out, dtype, Shape.of(d));
  }
}
