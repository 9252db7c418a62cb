package dev.lanegrad.nn;

import dev.lanegrad.CustomGradient;
import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tf.split(t, n, axis)} for the recurrent layers, written against the face: each piece is
 * copied out once, and its gradient is the upstream gradient padded with zeros along {@code axis}
 * (a concat, so it is differentiable again).
 */
final class Pieces {
  private Pieces() {}

  static List<Tensor> split(Tensor t, int n, int axis) {
    int[] dims = t.shape().dims();
    int len = dims[axis] / n;
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= dims[i];
    }
    long inner = 1;
    for (int i = axis + 1; i < dims.length; i++) {
      inner *= dims[i];
    }
    int[] pieceDims = dims.clone();
    pieceDims[axis] = len;
    Shape pieceShape = Shape.of(pieceDims);
    boolean f64 = t.dtype() == DType.FLOAT64;
    double[] d = f64 ? t.toDoubleArray() : null;
    float[] f = f64 ? null : t.toFloatArray();
    int block = (int) (len * inner);
    int stride = (int) (dims[axis] * inner);
    List<Tensor> out = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      Tensor value;
      if (f64) {
        double[] v = new double[(int) (outer * block)];
        for (int o = 0; o < outer; o++) {
          System.arraycopy(d, o * stride + p * block, v, o * block, block);
        }
        value = Tensor.of(v, pieceShape);
      } else {
        float[] v = new float[(int) (outer * block)];
        for (int o = 0; o < outer; o++) {
          System.arraycopy(f, o * stride + p * block, v, o * block, block);
        }
        value = Tensor.of(v, pieceShape);
      }
      int before = p * len;
      int after = (n - 1 - p) * len;
      out.add(
          Ops.customGradient(
              t, x -> CustomGradient.of(value, g -> pad(g, axis, before, after, pieceDims))));
    }
    return out;
  }

  private static Tensor pad(Tensor g, int axis, int before, int after, int[] dims) {
    List<Tensor> parts = new ArrayList<>(3);
    if (before > 0) {
      int[] b = dims.clone();
      b[axis] = before;
      parts.add(Tensor.zeros(Shape.of(b), g.dtype()));
    }
    parts.add(g);
    if (after > 0) {
      int[] a = dims.clone();
      a[axis] = after;
      parts.add(Tensor.zeros(Shape.of(a), g.dtype()));
    }
    return parts.size() == 1 ? g : Ops.concat(parts, axis);
  }
}
