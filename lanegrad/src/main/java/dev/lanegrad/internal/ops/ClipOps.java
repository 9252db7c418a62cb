package dev.lanegrad.internal.ops;

import static dev.lanegrad.internal.ops.ArithmeticOps.mul;
import static dev.lanegrad.internal.ops.Elementwise.FLOATING;
import static dev.lanegrad.internal.ops.Elementwise.scalar;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * TF's clip_ops.py, composed of ops as TF composes them, so the gradients are TF's: clipByValue's
 * is 1 inside {@code [lo, hi]} with both bounds included (minimum then maximum, each passing ties
 * to x), clipByNorm's and clipByGlobalNorm's flow through the norm too.
 */
public final class ClipOps {
  private ClipOps() {}

  /**
   * {@code max(min(t, hi), lo)}, as tf.clip_by_value; lo and hi broadcast into t's shape (never
   * beyond it). Gradient: g where {@code lo <= t <= hi}, 0 outside; the bounds get the rest.
   */
  public static Tensor clipByValue(Tensor t, Tensor lo, Tensor hi) {
    Check.notNull("clipByValue", "t", t);
    Check.notNull("clipByValue", "lo", lo);
    Check.notNull("clipByValue", "hi", hi);
    Check.dtypeIn("clipByValue", t, Elementwise.REAL);
    Check.sameDType("clipByValue", t, lo);
    Check.sameDType("clipByValue", t, hi);
    Shape s =
        Broadcast.shape(
            "clipByValue", t.shape(), Broadcast.shape("clipByValue", lo.shape(), hi.shape()));
    if (!s.equals(t.shape())) {
      throw new IllegalArgumentException(
          "clipByValue: the bounds of shapes "
              + lo.shape()
              + " and "
              + hi.shape()
              + " would broadcast t of shape "
              + t.shape()
              + " to "
              + s);
    }
    return ArithmeticOps.maximum(ArithmeticOps.minimum(t, hi), lo);
  }

  /**
   * {@code t * clipNorm / max(norm(t), clipNorm)}, as tf.clip_by_norm over all axes (with TF's
   * two-step where, so an all-zero t has a finite gradient); floats.
   */
  public static Tensor clipByNorm(Tensor t, double clipNorm) {
    Check.notNull("clipByNorm", "t", t);
    Check.dtypeIn("clipByNorm", t, FLOATING);
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException(
          "clipByNorm: clipNorm must be positive, got "
              + clipNorm
              + " (t shape "
              + t.shape()
              + ")");
    }
    Tensor c = scalar(t.dtype(), clipNorm);
    int[] all = new int[t.rank()];
    for (int k = 0; k < all.length; k++) {
      all[k] = k;
    }
    Tensor l2sum = ReductionOps.sum(mul(t, t), all, true);
    Tensor pred = CompareOps.greater(l2sum, scalar(t.dtype(), 0));
    Tensor safe = CompareOps.where(pred, l2sum, scalar(t.dtype(), 1));
    Tensor l2norm = CompareOps.where(pred, UnaryOps.sqrt(safe), l2sum);
    return ArithmeticOps.div(mul(t, c), ArithmeticOps.maximum(l2norm, c));
  }

  /**
   * {@code [t_i * clipNorm / max(globalNorm, clipNorm)]} and the global norm {@code sqrt(sum_i
   * sum(t_i^2))}, as tf.clip_by_global_norm (null entries stay null; a non-finite norm makes every
   * value NaN, as TF's). Returns the clipped tensors followed by the norm.
   */
  public static List<Tensor> clipByGlobalNorm(List<Tensor> ts, double clipNorm) {
    Check.notNull("clipByGlobalNorm", "ts", ts);
    if (!(clipNorm > 0)) {
      throw new IllegalArgumentException(
          "clipByGlobalNorm: clipNorm must be positive, got " + clipNorm);
    }
    Tensor first = null;
    for (Tensor t : ts) {
      if (t == null) {
        continue;
      }
      Check.dtypeIn("clipByGlobalNorm", t, FLOATING);
      if (first == null) {
        first = t;
      } else {
        Check.sameDType("clipByGlobalNorm", first, t);
      }
    }
    if (first == null) {
      throw new IllegalArgumentException(
          "clipByGlobalNorm: needs at least one tensor, got " + ts.size() + " nulls");
    }
    Tensor half = scalar(first.dtype(), 0.5);
    List<Tensor> halves = new ArrayList<>();
    for (Tensor t : ts) {
      if (t != null) {
        // TF's l2_loss: sum(t^2 * 0.5)
        halves.add(ReductionOps.sum(mul(UnaryOps.square(t), half), null, false));
      }
    }
    Tensor halfSquared = ReductionOps.sum(ShapeOps.stack(halves, 0), null, false);
    Tensor norm = UnaryOps.sqrt(mul(halfSquared, scalar(first.dtype(), 2)));
    Tensor c = scalar(first.dtype(), clipNorm);
    Tensor one = scalar(first.dtype(), 1);
    Tensor finite =
        mul(c, ArithmeticOps.minimum(ArithmeticOps.div(one, norm), ArithmeticOps.div(one, c)));
    Tensor scale = ArithmeticOps.add(finite, ArithmeticOps.sub(norm, norm));
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : ts) {
      out.add(t == null ? null : mul(t, scale));
    }
    out.add(norm);
    return out;
  }
}
