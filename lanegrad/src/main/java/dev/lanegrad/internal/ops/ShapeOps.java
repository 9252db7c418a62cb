package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that move elements without arithmetic: forwards and gradient rules side by side.
 *
 * <p>Arrays are immutable, so reshape, expandDims and squeeze share the input's array; transpose,
 * broadcastTo, slice, pad, concat and stack materialise through one strided-copy kernel. Rules that
 * need an op's arguments (a permutation, an axis, offsets) read them from the entry's attrs.
 */
public final class ShapeOps {
  private ShapeOps() {}

  // ---------------------------------------------------------------- reshape

  /**
   * {@code x} with new dimensions and the same row-major elements; one dimension may be -1 and is
   * then inferred. Shares the array. Gradient: {@code reshape(g, x.shape)}.
   */
  public static Tensor reshape(Tensor x, int[] dims) {
    Check.notNull("reshape", "x", x);
    Check.notNull("reshape", "dims", dims);
    Shape s = inferShape(x.shape(), dims);
    return Recorder.record("reshape", Layout.view(x, s), RESHAPE_GRAD, x);
  }

  /** The gradient of every op that only relabels dimensions: g with the input's shape. */
  static final GradRule RESHAPE_GRAD =
      (e, g) -> new Tensor[] {e.needs(0) ? reshape(g, Internal.dims(e.in(0).shape())) : null};

  private static Shape inferShape(Shape from, int[] dims) {
    int unknown = -1;
    long known = 1;
    for (int k = 0; k < dims.length; k++) {
      int d = dims[k];
      if (d == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one dimension may be -1, got "
                  + Layout.str(dims)
                  + " for a tensor of shape "
                  + from);
        }
        unknown = k;
      } else if (d < 0) {
        throw new IllegalArgumentException(
            "reshape: dimension "
                + d
                + " in "
                + Layout.str(dims)
                + " is negative (only -1 is allowed), tensor shape "
                + from);
      } else {
        known = Math.min(known * d, Long.MAX_VALUE / Integer.MAX_VALUE);
      }
    }
    long size = from.size();
    int[] out = dims.clone();
    if (unknown >= 0) {
      if (known == 0) {
        throw new IllegalArgumentException(
            "reshape: cannot infer the -1 in "
                + Layout.str(dims)
                + " for a tensor of shape "
                + from
                + " ("
                + size
                + " elements): the other dimensions"
                + " hold 0 elements, so "
                + (size == 0 ? "any size would fit" : "no size fits"));
      }
      if (size % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape a tensor of shape "
                + from
                + " ("
                + size
                + " elements) to "
                + Layout.str(dims)
                + ": "
                + size
                + " is not a multiple of "
                + known);
      }
      out[unknown] = (int) (size / known);
    } else if (known != size) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape a tensor of shape "
              + from
              + " ("
              + size
              + " elements) to "
              + Layout.str(dims)
              + " ("
              + known
              + " elements)");
    }
    return Shape.of(out);
  }

  // ---------------------------------------------------------------- transpose

  /**
   * {@code y[i_perm(0), ..., i_perm(r-1)]}: output axis {@code k} is input axis {@code perm[k]};
   * {@code perm} null reverses the axes. Gradient: {@code transpose(g, inverse(perm))}.
   */
  public static Tensor transpose(Tensor x, int[] perm) {
    Check.notNull("transpose", "x", x);
    int rank = x.rank();
    int[] p;
    if (perm == null) {
      p = new int[rank];
      for (int k = 0; k < rank; k++) {
        p[k] = rank - 1 - k;
      }
    } else {
      p = perm.clone();
      checkPerm(x, p);
    }
    int[] xd = Internal.dims(x.shape());
    int[] xs = Layout.strides(xd);
    int[] yd = new int[rank];
    int[] xsp = new int[rank];
    boolean identity = true;
    for (int k = 0; k < rank; k++) {
      yd[k] = xd[p[k]];
      xsp[k] = xs[p[k]];
      identity &= p[k] == k;
    }
    Shape ys = Shape.of(yd);
    Tensor y;
    if (identity) {
      y = Layout.view(x, ys);
    } else {
      int n = (int) x.size();
      Object out = Layout.alloc("transpose", x.dtype(), n);
      Layout.copy(x.dtype(), Internal.data(x), 0, xsp, out, 0, Layout.strides(yd), yd);
      y = Internal.make(x.dtype(), ys, out);
    }
    return Recorder.recordWith("transpose", y, TRANSPOSE_GRAD, p, x);
  }

  /** {@code transpose(g, inverse(perm))}; attrs: the permutation. */
  static final GradRule TRANSPOSE_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        int[] p = (int[]) e.attrs();
        int[] inv = new int[p.length];
        for (int k = 0; k < p.length; k++) {
          inv[p[k]] = k;
        }
        return new Tensor[] {transpose(g, inv)};
      };

  private static void checkPerm(Tensor x, int[] p) {
    int rank = x.rank();
    boolean ok = p.length == rank;
    boolean[] seen = new boolean[rank];
    for (int k = 0; ok && k < p.length; k++) {
      ok = p[k] >= 0 && p[k] < rank && !seen[p[k]];
      if (ok) {
        seen[p[k]] = true;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "transpose: perm "
              + Layout.str(p)
              + " is not a permutation of 0.."
              + (rank - 1)
              + " for a tensor of shape "
              + x.shape());
    }
  }

  // ---------------------------------------------------------------- expandDims, squeeze

  /**
   * Inserts an axis of size 1 at {@code axis} in {@code [-rank-1, rank]} (negative counts from the
   * end of the result). Shares the array. Gradient: reshape.
   */
  public static Tensor expandDims(Tensor x, int axis) {
    Check.notNull("expandDims", "x", x);
    int rank = x.rank();
    if (axis < -rank - 1 || axis > rank) {
      throw new IllegalArgumentException(
          "expandDims: axis "
              + axis
              + " is out of range for shape "
              + x.shape()
              + " (valid: "
              + (-rank - 1)
              + " to "
              + rank
              + ")");
    }
    int a = axis < 0 ? axis + rank + 1 : axis;
    int[] xd = Internal.dims(x.shape());
    int[] yd = new int[rank + 1];
    for (int k = 0, j = 0; k <= rank; k++) {
      yd[k] = k == a ? 1 : xd[j++];
    }
    return Recorder.record("expandDims", Layout.view(x, Shape.of(yd)), RESHAPE_GRAD, x);
  }

  /** Removes every axis of size 1. Shares the array. Gradient: reshape. */
  public static Tensor squeeze(Tensor x) {
    Check.notNull("squeeze", "x", x);
    int[] xd = Internal.dims(x.shape());
    int n = 0;
    for (int d : xd) {
      n += d == 1 ? 0 : 1;
    }
    int[] yd = new int[n];
    for (int k = 0, j = 0; k < xd.length; k++) {
      if (xd[k] != 1) {
        yd[j++] = xd[k];
      }
    }
    return Recorder.record("squeeze", Layout.view(x, Shape.of(yd)), RESHAPE_GRAD, x);
  }

  // ---------------------------------------------------------------- concat, stack

  /**
   * Joins tensors of one dtype and rank along an existing axis; all other dimensions must agree.
   * Gradient: the slices of {@code g} that each input occupied.
   */
  public static Tensor concat(List<Tensor> xs, int axis) {
    Tensor[] ts = list("concat", xs);
    Tensor x0 = ts[0];
    if (x0.rank() == 0) {
      throw new IllegalArgumentException(
          "concat: cannot concatenate scalars (shape " + x0.shape() + "); use stack");
    }
    int rank = x0.rank();
    int a = Check.axis("concat", axis, rank);
    int[] d0 = Internal.dims(x0.shape());
    long total = 0;
    for (int i = 0; i < ts.length; i++) {
      Tensor t = ts[i];
      if (t.dtype() != x0.dtype()) {
        throw new IllegalArgumentException(
            "concat: tensor "
                + i
                + " has dtype "
                + t.dtype()
                + " (shape "
                + t.shape()
                + ") but tensor 0 has "
                + x0.dtype()
                + " (shape "
                + x0.shape()
                + ")");
      }
      int[] d = Internal.dims(t.shape());
      boolean ok = d.length == rank;
      for (int k = 0; ok && k < rank; k++) {
        ok = k == a || d[k] == d0[k];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "concat: shapes "
                + x0.shape()
                + " (tensor 0) and "
                + t.shape()
                + " (tensor "
                + i
                + ") differ outside axis "
                + axis);
      }
      total += d[a];
    }
    int[] yd = d0.clone();
    yd[a] = (int) Math.min(total, Integer.MAX_VALUE);
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "concat: axis " + axis + " would have " + total + " elements");
    }
    Shape ys = Shape.of(yd);
    int n = Check.size("concat", ys);
    Object out = Layout.alloc("concat", x0.dtype(), n);
    int outer = 1;
    for (int k = 0; k < a; k++) {
      outer *= yd[k];
    }
    int inner = 1;
    for (int k = a + 1; k < rank; k++) {
      inner *= yd[k];
    }
    int off = 0;
    int[] ysStride = {yd[a] * inner, 1};
    for (int i = 0; i < ts.length; i++) {
      int da = Internal.dims(ts[i].shape())[a];
      Layout.copy(
          x0.dtype(),
          Internal.data(ts[i]),
          0,
          new int[] {da * inner, 1},
          out,
          off * inner,
          ysStride,
          new int[] {outer, da * inner});
      off += da;
    }
    Tensor y = Internal.make(x0.dtype(), ys, out);
    return Recorder.recordWith("concat", y, CONCAT_GRAD, new int[] {a}, ts);
  }

  /** Input {@code i} gets the slice of {@code g} that it occupied; attrs: the axis. */
  static final GradRule CONCAT_GRAD =
      (e, g) -> {
        int a = ((int[]) e.attrs())[0];
        Tensor[] r = new Tensor[e.arity()];
        int begin = 0;
        for (int i = 0; i < r.length; i++) {
          int[] d = Internal.dims(e.in(i).shape());
          if (e.needs(i)) {
            int[] b = new int[d.length];
            b[a] = begin;
            r[i] = slice(g, b, d);
          }
          begin += d[a];
        }
        return r;
      };

  /**
   * Joins tensors of one dtype and shape along a new axis in {@code [-(rank+1), rank]}. Gradient:
   * slice {@code i} of {@code g} along the new axis, reshaped to the input's shape.
   */
  public static Tensor stack(List<Tensor> xs, int axis) {
    Tensor[] ts = list("stack", xs);
    Tensor x0 = ts[0];
    int rank = x0.rank();
    if (axis < -rank - 1 || axis > rank) {
      throw new IllegalArgumentException(
          "stack: axis "
              + axis
              + " is out of range for tensors of "
              + "shape "
              + x0.shape()
              + " (valid: "
              + (-rank - 1)
              + " to "
              + rank
              + ")");
    }
    int a = axis < 0 ? axis + rank + 1 : axis;
    for (int i = 1; i < ts.length; i++) {
      Tensor t = ts[i];
      if (t.dtype() != x0.dtype() || !t.shape().equals(x0.shape())) {
        throw new IllegalArgumentException(
            "stack: tensor "
                + i
                + " is "
                + t.dtype()
                + " "
                + t.shape()
                + " but tensor 0 is "
                + x0.dtype()
                + " "
                + x0.shape()
                + "; all must have the same dtype and shape");
      }
    }
    int[] d0 = Internal.dims(x0.shape());
    int[] yd = new int[rank + 1];
    for (int k = 0, j = 0; k <= rank; k++) {
      yd[k] = k == a ? ts.length : d0[j++];
    }
    Shape ys = Shape.of(yd);
    int n = Check.size("stack", ys);
    Object out = Layout.alloc("stack", x0.dtype(), n);
    int outer = 1;
    for (int k = 0; k < a; k++) {
      outer *= d0[k];
    }
    int inner = 1;
    for (int k = a; k < rank; k++) {
      inner *= d0[k];
    }
    for (int i = 0; i < ts.length; i++) {
      Layout.copy(
          x0.dtype(),
          Internal.data(ts[i]),
          0,
          new int[] {inner, 1},
          out,
          i * inner,
          new int[] {ts.length * inner, 1},
          new int[] {outer, inner});
    }
    Tensor y = Internal.make(x0.dtype(), ys, out);
    return Recorder.recordWith("stack", y, STACK_GRAD, new int[] {a}, ts);
  }

  /** Input {@code i} gets slice {@code i} of {@code g} along the new axis; attrs: that axis. */
  static final GradRule STACK_GRAD =
      (e, g) -> {
        int a = ((int[]) e.attrs())[0];
        Tensor[] r = new Tensor[e.arity()];
        int[] size = Internal.dims(g.shape()).clone();
        size[a] = 1;
        for (int i = 0; i < r.length; i++) {
          if (e.needs(i)) {
            int[] b = new int[size.length];
            b[a] = i;
            r[i] = reshape(slice(g, b, size), Internal.dims(e.in(i).shape()));
          }
        }
        return r;
      };

  private static Tensor[] list(String op, List<Tensor> xs) {
    Check.notNull(op, "tensors", xs);
    if (xs.isEmpty()) {
      throw new IllegalArgumentException(op + ": the list of tensors is empty");
    }
    Tensor[] ts = new Tensor[xs.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = xs.get(i);
      if (ts[i] == null) {
        throw new IllegalArgumentException(op + ": argument 'tensors' has a null at index " + i);
      }
    }
    return ts;
  }

  // ---------------------------------------------------------------- broadcastTo

  /**
   * {@code x} repeated along new leading axes and along its size-1 axes to {@code shape} (NumPy
   * rules). Gradient: {@code g} summed over the broadcast axes, reshaped to {@code x}'s shape.
   */
  public static Tensor broadcastTo(Tensor x, Shape shape) {
    Check.notNull("broadcastTo", "x", x);
    Check.notNull("broadcastTo", "shape", shape);
    int[] xd = Internal.dims(x.shape());
    int[] yd = Internal.dims(shape);
    int lead = yd.length - xd.length;
    boolean ok = lead >= 0;
    for (int k = 0; ok && k < xd.length; k++) {
      ok = xd[k] == yd[lead + k] || xd[k] == 1;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "broadcastTo: shape " + x.shape() + " cannot be broadcast to " + shape);
    }
    if (x.shape().equals(shape)) {
      return Recorder.record("broadcastTo", Layout.view(x, shape), RESHAPE_GRAD, x);
    }
    int n = Check.size("broadcastTo", shape);
    int[] xs0 = Layout.strides(xd);
    int[] xs = new int[yd.length];
    for (int k = 0; k < yd.length; k++) {
      int j = k - lead;
      boolean repeated = j < 0 || (xd[j] == 1 && yd[k] != 1);
      xs[k] = repeated ? 0 : xs0[j];
    }
    Object out = Layout.alloc("broadcastTo", x.dtype(), n);
    Layout.copy(x.dtype(), Internal.data(x), 0, xs, out, 0, Layout.strides(yd), yd);
    Tensor y = Internal.make(x.dtype(), shape, out);
    return Recorder.record("broadcastTo", y, BROADCAST_TO_GRAD, x);
  }

  /** {@code g} summed over the axes that broadcasting added or stretched, in {@code x}'s shape. */
  static final GradRule BROADCAST_TO_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        Shape xs = e.in(0).shape();
        int[] axes = Broadcast.expandedAxes(xs, e.out().shape());
        return new Tensor[] {reshape(ReductionOps.sum(g, axes, false), Internal.dims(xs))};
      };

  // ---------------------------------------------------------------- slice, pad

  /**
   * The block of {@code x} starting at {@code begin} with extent {@code size} per axis (no -1).
   * Gradient: {@code pad(g, begin, x.shape - begin - size)}.
   */
  public static Tensor slice(Tensor x, int[] begin, int[] size) {
    Check.notNull("slice", "x", x);
    Check.notNull("slice", "begin", begin);
    Check.notNull("slice", "size", size);
    int[] xd = Internal.dims(x.shape());
    int rank = xd.length;
    boolean ok = begin.length == rank && size.length == rank;
    for (int k = 0; ok && k < rank; k++) {
      ok = begin[k] >= 0 && size[k] >= 0 && (long) begin[k] + size[k] <= xd[k];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "slice: begin "
              + Layout.str(begin)
              + " and size "
              + Layout.str(size)
              + " do not fit in shape "
              + x.shape());
    }
    int[] b = begin.clone();
    return Recorder.recordWith("slice", sliceValue(x, b, size.clone()), SLICE_GRAD, b, x);
  }

  /** {@code pad(g, begin, x.shape - begin - size)}; attrs: begin. */
  static final GradRule SLICE_GRAD =
      (e, g) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        int[] b = (int[]) e.attrs();
        int[] xd = Internal.dims(e.in(0).shape());
        int[] sz = Internal.dims(e.out().shape());
        int[] after = new int[xd.length];
        for (int k = 0; k < xd.length; k++) {
          after[k] = xd[k] - b[k] - sz[k];
        }
        return new Tensor[] {pad(g, b, after)};
      };

  /** The block of a checked slice as a new tensor, not recorded (split records its parts). */
  static Tensor sliceValue(Tensor x, int[] b, int[] sz) {
    int[] xd = Internal.dims(x.shape());
    Shape ys = Shape.of(sz);
    if (ys.equals(x.shape())) {
      return Layout.view(x, ys);
    }
    int n = (int) ys.size();
    int[] xs = Layout.strides(xd);
    int xo = 0;
    for (int k = 0; k < xd.length; k++) {
      xo += b[k] * xs[k];
    }
    Object out = Layout.alloc("slice", x.dtype(), n);
    Layout.copy(x.dtype(), Internal.data(x), xo, xs, out, 0, Layout.strides(sz), sz);
    return Internal.make(x.dtype(), ys, out);
  }

  /**
   * {@code x} surrounded by zeros: {@code before[k]} before and {@code after[k]} after it on each
   * axis. Gradient: {@code slice(g, before, x.shape)}.
   */
  public static Tensor pad(Tensor x, int[] before, int[] after) {
    Check.notNull("pad", "x", x);
    Check.notNull("pad", "before", before);
    Check.notNull("pad", "after", after);
    int[] xd = Internal.dims(x.shape());
    int rank = xd.length;
    boolean ok = before.length == rank && after.length == rank;
    for (int k = 0; ok && k < rank; k++) {
      ok =
          before[k] >= 0
              && after[k] >= 0
              && (long) xd[k] + before[k] + after[k] <= Integer.MAX_VALUE;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "pad: paddings before "
              + Layout.str(before)
              + " and after "
              + Layout.str(after)
              + " do not suit shape "
              + x.shape()
              + " (one non-negative entry per axis)");
    }
    int[] b = before.clone();
    int[] yd = new int[rank];
    for (int k = 0; k < rank; k++) {
      yd[k] = xd[k] + b[k] + after[k];
    }
    Shape ys = Shape.of(yd);
    int n = Check.size("pad", ys);
    Object out = Layout.alloc("pad", x.dtype(), n);
    int[] yst = Layout.strides(yd);
    int yo = 0;
    for (int k = 0; k < rank; k++) {
      yo += b[k] * yst[k];
    }
    Layout.copy(x.dtype(), Internal.data(x), 0, Layout.strides(xd), out, yo, yst, xd);
    Tensor y = Internal.make(x.dtype(), ys, out);
    return Recorder.recordWith("pad", y, PAD_GRAD, b, x);
  }

  /** {@code slice(g, before, x.shape)}; attrs: before. */
  static final GradRule PAD_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? slice(g, (int[]) e.attrs(), Internal.dims(e.in(0).shape())) : null
          };

  // ---------------------------------------------------------------- zerosLike, onesLike

  /** Zeros of {@code x}'s shape and dtype. No gradient flows through it (TF's ZerosLike). */
  public static Tensor zerosLike(Tensor x) {
    Check.notNull("zerosLike", "x", x);
    Object out = Layout.alloc("zerosLike", x.dtype(), Check.size("zerosLike", x.shape()));
    return Recorder.record("zerosLike", Internal.make(x.dtype(), x.shape(), out), NO_GRAD, x);
  }

  /** Ones of {@code x}'s shape and dtype (1 + 0i for complex). No gradient flows through it. */
  public static Tensor onesLike(Tensor x) {
    Check.notNull("onesLike", "x", x);
    DType d = x.dtype();
    int n = Check.size("onesLike", x.shape());
    Object out = Layout.alloc("onesLike", d, n);
    switch (d) {
      case FLOAT32 -> Arrays.fill((float[]) out, 1f);
      case FLOAT64 -> Arrays.fill((double[]) out, 1d);
      case INT32 -> Arrays.fill((int[]) out, 1);
      case INT64 -> Arrays.fill((long[]) out, 1L);
      case BOOL -> Arrays.fill((boolean[]) out, true);
      case COMPLEX64 -> {
        float[] f = (float[]) out;
        for (int i = 0; i < f.length; i += 2) {
          f[i] = 1f;
        }
      }
      case COMPLEX128 -> {
        double[] f = (double[]) out;
        for (int i = 0; i < f.length; i += 2) {
          f[i] = 1d;
        }
      }
    }
    return Recorder.record("onesLike", Internal.make(d, x.shape(), out), NO_GRAD, x);
  }

  /** The rule of an op whose output does not depend on its input's values. */
  static final GradRule NO_GRAD = (e, g) -> new Tensor[e.arity()];
}
