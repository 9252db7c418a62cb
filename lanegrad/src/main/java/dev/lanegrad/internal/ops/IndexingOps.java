package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy basic indexing ({@code t[1:3, ..., ::-1]}) as TF's strided slice, and the ops that cut,
 * repeat, pad or mirror a tensor: slice, split, tile, pad, reverse. Forwards and gradient rules
 * side by side; every output is one strided copy ({@link Layout#copy}).
 */
public final class IndexingOps {
  private IndexingOps() {}

  // ---------------------------------------------------------------- the plan of a strided slice

  /**
   * A strided slice resolved against an input shape: for every input axis the first index, the step
   * and the number of elements taken (an integer index takes one and drops the axis), and the
   * output dimensions ({@code newaxis} adds a 1, an integer index removes its axis). The output's
   * row-major order is that of the {@code count} block, so one strided copy makes it.
   */
  record Plan(int[] inDims, int[] begin, int[] step, int[] count, int[] outDims) {
    boolean identity() {
      for (int k = 0; k < inDims.length; k++) {
        if (begin[k] != 0 || step[k] != 1 || count[k] != inDims[k]) {
          return false;
        }
      }
      return true;
    }

    /** Offset of the first element and the step of each axis in the input array. */
    int offset() {
      int[] s = Layout.strides(inDims);
      int o = 0;
      for (int k = 0; k < s.length; k++) {
        o += count[k] == 0 ? 0 : begin[k] * s[k];
      }
      return o;
    }

    int[] inSteps() {
      int[] s = Layout.strides(inDims);
      for (int k = 0; k < s.length; k++) {
        s[k] *= step[k];
      }
      return s;
    }
  }

  private static final int ELLIPSIS = 0;
  private static final int NEWAXIS = 1;
  private static final int INDEX = 2;
  private static final int SLICE = 3;

  /** One parsed item of an index string; {@code null} bounds of a slice mean "omitted". */
  private record Item(int kind, long index, Long start, Long stop, long step) {}

  /**
   * Parses NumPy's basic index syntax: comma-separated integers, {@code start:stop:step} slices
   * (any part omitted), at most one {@code ...}, and {@code newaxis} (also spelled {@code None} or
   * {@code tf.newaxis}). Resolves it against {@code shape} as TF's {@code t[...]} does.
   */
  static Plan parse(String op, String index, Shape shape) {
    Check.notNull(op, "index", index);
    String[] parts = index.split(",", -1);
    List<Item> items = new ArrayList<>();
    boolean ellipsis = false;
    int consuming = 0;
    for (String raw : parts) {
      String p = raw.strip();
      if (p.isEmpty()) {
        throw bad(op, index, shape, "an empty item (write ':' for a whole axis)");
      }
      if (p.equals("...")) {
        if (ellipsis) {
          throw bad(op, index, shape, "more than one '...' (TF: multiple ellipses not allowed)");
        }
        ellipsis = true;
        items.add(new Item(ELLIPSIS, 0, null, null, 1));
      } else if (p.equals("newaxis") || p.equals("None") || p.equals("tf.newaxis")) {
        items.add(new Item(NEWAXIS, 0, null, null, 1));
      } else if (p.indexOf(':') >= 0) {
        String[] b = p.split(":", -1);
        if (b.length > 3) {
          throw bad(op, index, shape, "'" + p + "' has more than two ':'");
        }
        Long start = bound(op, index, shape, b[0]);
        Long stop = bound(op, index, shape, b[1]);
        Long step = b.length == 3 ? bound(op, index, shape, b[2]) : null;
        if (step != null && step == 0) {
          throw bad(op, index, shape, "a step of 0 in '" + p + "' (TF: strides must be non-zero)");
        }
        items.add(new Item(SLICE, 0, start, stop, step == null ? 1 : step));
        consuming++;
      } else {
        Long v = bound(op, index, shape, p);
        items.add(new Item(INDEX, v, null, null, 1));
        consuming++;
      }
    }
    int rank = shape.rank();
    if (consuming > rank) {
      throw bad(op, index, shape, consuming + " indices for " + rank + " axes (too many indices)");
    }
    int[] in = Internal.dims(shape);
    int[] begin = new int[rank];
    int[] step = new int[rank];
    int[] count = new int[rank];
    List<Integer> out = new ArrayList<>();
    int axis = 0;
    for (Item it : items) {
      switch (it.kind) {
        case ELLIPSIS -> {
          for (int f = rank - consuming; f > 0; f--, axis++) {
            step[axis] = 1;
            count[axis] = in[axis];
            out.add(in[axis]);
          }
        }
        case NEWAXIS -> out.add(1);
        case INDEX -> {
          long d = in[axis];
          long i = it.index < 0 ? it.index + d : it.index;
          if (i < 0 || i >= d) {
            throw bad(
                op,
                index,
                shape,
                "index "
                    + it.index
                    + " is out of bounds for axis "
                    + axis
                    + " of size "
                    + d
                    + " (valid: "
                    + -d
                    + " to "
                    + (d - 1)
                    + ")");
          }
          begin[axis] = (int) i;
          step[axis] = 1;
          count[axis] = 1;
          axis++;
        }
        default -> {
          resolveSlice(in[axis], it, axis, begin, step, count);
          out.add(count[axis]);
          axis++;
        }
      }
    }
    for (; axis < rank; axis++) {
      step[axis] = 1;
      count[axis] = in[axis];
      out.add(in[axis]);
    }
    int[] od = new int[out.size()];
    for (int k = 0; k < od.length; k++) {
      od[k] = out.get(k);
    }
    return new Plan(in, begin, step, count, od);
  }

  /** Python's {@code slice.indices(d)}: clamps as NumPy does, never an error. */
  private static void resolveSlice(int dim, Item it, int k, int[] begin, int[] step, int[] count) {
    long d = dim;
    long s = it.step;
    long lo = s > 0 ? 0 : -1;
    long hi = s > 0 ? d : d - 1;
    long start = it.start == null ? (s > 0 ? 0 : d - 1) : clamp(it.start, d, lo, hi);
    long stop = it.stop == null ? (s > 0 ? d : -1) : clamp(it.stop, d, lo, hi);
    long n = s > 0 ? (stop - start + s - 1) / s : (start - stop - s - 1) / -s;
    n = Math.max(0, n);
    begin[k] = n == 0 ? 0 : (int) start;
    step[k] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, s));
    count[k] = (int) n;
  }

  private static long clamp(long v, long d, long lo, long hi) {
    long w = v < 0 ? v + d : v;
    return Math.max(lo, Math.min(hi, w));
  }

  private static Long bound(String op, String index, Shape shape, String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      // a number past the range of long still clamps like a huge one
      if (t.matches("[+-]?\\d+")) {
        return t.startsWith("-") ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
      }
      throw bad(op, index, shape, "cannot read '" + t + "' as an integer");
    }
  }

  private static IllegalArgumentException bad(String op, String index, Shape shape, String why) {
    return new IllegalArgumentException(
        op + ": index \"" + index + "\" on a tensor of shape " + shape + ": " + why);
  }

  // ---------------------------------------------------------------- get (strided slice)

  /**
   * {@code x[index]} with NumPy's basic indexing, as TF's {@code t[...]} (a strided slice).
   * Gradient: {@code g} written into zeros of {@code x}'s shape at the selected places.
   */
  public static Tensor get(Tensor x, String index) {
    Check.notNull("get", "x", x);
    return stridedSlice("get", x, parse("get", index, x.shape()));
  }

  static Tensor stridedSlice(String op, Tensor x, Plan p) {
    Shape ys = Shape.of(p.outDims());
    Tensor y;
    if (p.identity()) {
      y = Layout.view(x, ys);
    } else {
      int n = Check.size(op, Shape.of(p.count()));
      Object out = Layout.alloc(op, x.dtype(), n);
      Layout.copy(
          x.dtype(),
          Internal.data(x),
          p.offset(),
          p.inSteps(),
          out,
          0,
          Layout.strides(p.count()),
          p.count());
      y = Internal.make(x.dtype(), ys, out);
    }
    return Recorder.recordWith(op, y, STRIDED_SLICE_GRAD, p, x);
  }

  /** {@code stridedSliceGrad(g, plan)}; attrs: the plan. */
  static final GradRule STRIDED_SLICE_GRAD =
      (e, g) -> new Tensor[] {e.needs(0) ? stridedSliceGrad(g, (Plan) e.attrs()) : null};

  /**
   * TF's StridedSliceGrad: zeros of the sliced tensor's shape with {@code g} written where the
   * slice read. Linear in {@code g}; its gradient is the slice again.
   */
  static Tensor stridedSliceGrad(Tensor g, Plan p) {
    int n = Check.size("stridedSliceGrad", Shape.of(p.inDims()));
    if (g.size() != Shape.of(p.count()).size()) {
      throw new IllegalStateException(
          "stridedSliceGrad: gradient of shape "
              + g.shape()
              + " for a slice of shape "
              + Shape.of(p.outDims()));
    }
    Object out = Layout.alloc("stridedSliceGrad", g.dtype(), n);
    Layout.copy(
        g.dtype(),
        Internal.data(g),
        0,
        Layout.strides(p.count()),
        out,
        p.offset(),
        p.inSteps(),
        p.count());
    Tensor y = Internal.make(g.dtype(), Shape.of(p.inDims()), out);
    return Recorder.recordWith("stridedSliceGrad", y, STRIDED_SLICE_GRAD_GRAD, p, g);
  }

  /** The slice again, shaped as {@code g} was; attrs: the plan. */
  static final GradRule STRIDED_SLICE_GRAD_GRAD =
      (e, gg) ->
          new Tensor[] {
            e.needs(0)
                ? ShapeOps.reshape(
                    stridedSlice("stridedSlice", gg, (Plan) e.attrs()),
                    Internal.dims(e.in(0).shape()))
                : null
          };

  // ---------------------------------------------------------------- reverse

  /**
   * {@code x} with the order of its elements reversed along each of {@code axes} (TF's {@code
   * reverse}, each axis at most once). Gradient: {@code reverse(g, axes)}.
   */
  public static Tensor reverse(Tensor x, int[] axes) {
    Check.notNull("reverse", "x", x);
    Check.notNull("reverse", "axes", axes);
    int rank = x.rank();
    int[] in = Internal.dims(x.shape());
    int[] begin = new int[rank];
    int[] step = new int[rank];
    Arrays.fill(step, 1);
    for (int a : axes) {
      int k = Check.axis("reverse", a, rank);
      if (step[k] == -1) {
        throw new IllegalArgumentException(
            "reverse: axis "
                + a
                + " is given more than once in "
                + Layout.str(axes)
                + " (shape "
                + x.shape()
                + ")");
      }
      step[k] = -1;
      begin[k] = Math.max(0, in[k] - 1);
    }
    return stridedSlice("reverse", x, new Plan(in, begin, step, in.clone(), in.clone()));
  }

  // ---------------------------------------------------------------- slice, split

  /**
   * TF's {@code slice}: the block starting at {@code begin} with {@code size[k]} elements on axis
   * k, where a size of -1 takes everything to the end. Gradient: pad (ShapeOps.slice's rule).
   */
  public static Tensor slice(Tensor x, int[] begin, int[] size) {
    Check.notNull("slice", "x", x);
    Check.notNull("slice", "begin", begin);
    Check.notNull("slice", "size", size);
    int rank = x.rank();
    if (begin.length != rank || size.length != rank) {
      throw new IllegalArgumentException(
          "slice: begin "
              + Layout.str(begin)
              + " and size "
              + Layout.str(size)
              + " must have one entry per axis of shape "
              + x.shape());
    }
    int[] in = Internal.dims(x.shape());
    int[] sz = size.clone();
    for (int k = 0; k < rank; k++) {
      if (begin[k] < 0 || begin[k] > in[k] || sz[k] < -1) {
        throw new IllegalArgumentException(
            "slice: begin "
                + Layout.str(begin)
                + " and size "
                + Layout.str(size)
                + " do not fit in shape "
                + x.shape()
                + " (axis "
                + k
                + ": begin must be in [0, "
                + in[k]
                + "], size >= -1)");
      }
      if (sz[k] == -1) {
        sz[k] = in[k] - begin[k];
      }
    }
    return ShapeOps.slice(x, begin, sz);
  }

  /**
   * {@code x} cut into {@code numSplits} equal parts along {@code axis} (the axis must divide).
   * Each part is a slice, so the gradient of part i lands in its place.
   */
  public static List<Tensor> split(Tensor x, int numSplits, int axis) {
    Check.notNull("split", "x", x);
    int a = splitAxis(x, axis);
    int d = Internal.dims(x.shape())[a];
    if (d == 0 && numSplits > MAX_EMPTY_PARTS) {
      // any count divides 0 (TF makes that many empty tensors), but a list must fit in memory
      throw new IllegalArgumentException(
          "split: "
              + numSplits
              + " empty parts of axis "
              + axis
              + " of shape "
              + x.shape()
              + " is more than the "
              + MAX_EMPTY_PARTS
              + " this op makes");
    }
    if (numSplits <= 0 || d % numSplits != 0) {
      throw new IllegalArgumentException(
          "split: cannot split axis "
              + axis
              + " of shape "
              + x.shape()
              + " into "
              + numSplits
              + " equal parts"
              + (numSplits <= 0 ? " (numSplits must be positive)" : ""));
    }
    int[] sizes = new int[numSplits];
    Arrays.fill(sizes, d / numSplits);
    return pieces(x, a, sizes);
  }

  /**
   * {@code x} cut along {@code axis} into parts of the given sizes, which add up to the axis; one
   * size may be -1 and takes the rest (TF's {@code split} with a list).
   */
  public static List<Tensor> split(Tensor x, int[] sizes, int axis) {
    Check.notNull("split", "x", x);
    Check.notNull("split", "sizes", sizes);
    int a = splitAxis(x, axis);
    int d = Internal.dims(x.shape())[a];
    int[] s = sizes.clone();
    int unknown = -1;
    long known = 0;
    boolean ok = s.length > 0;
    for (int i = 0; ok && i < s.length; i++) {
      if (s[i] == -1 && unknown < 0) {
        unknown = i;
      } else {
        ok = s[i] >= 0;
        known += s[i];
      }
    }
    if (ok && unknown >= 0) {
      ok = known <= d;
      s[unknown] = (int) (d - known);
    } else if (ok) {
      ok = known == d;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "split: sizes "
              + Layout.str(sizes)
              + " do not split axis "
              + axis
              + " of shape "
              + x.shape()
              + " (they must be >= 0, add up to "
              + d
              + ", and at most one may be -1)");
    }
    return pieces(x, a, s);
  }

  /** The most parts {@link #split(Tensor, int, int)} makes of an empty axis. */
  static final int MAX_EMPTY_PARTS = 1 << 16;

  private static int splitAxis(Tensor x, int axis) {
    if (x.rank() == 0) {
      throw new IllegalArgumentException("split: cannot split a scalar (shape " + x.shape() + ")");
    }
    return Check.axis("split", axis, x.rank());
  }

  /**
   * The parts as one op with several outputs (TF's Split), so that the backward pass is one concat
   * of the parts' gradients, linear in the size of {@code x} however many parts there are.
   */
  private static List<Tensor> pieces(Tensor x, int a, int[] sizes) {
    int[] in = Internal.dims(x.shape());
    if (sizes.length == 1) {
      return List.of(ShapeOps.slice(x, new int[in.length], in)); // a copy of x, recorded as such
    }
    Tensor[] out = new Tensor[sizes.length];
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      int[] b = new int[in.length];
      int[] sz = in.clone();
      b[a] = at;
      sz[a] = sizes[i];
      out[i] = ShapeOps.sliceValue(x, b, sz);
      at += sizes[i];
    }
    return Arrays.asList(Recorder.recordMulti("split", out, SPLIT_GRAD, new int[] {a}, x));
  }

  /**
   * TF's SplitGrad: the parts' gradients concatenated along the split axis, zeros for a part with
   * none; attrs: the axis.
   */
  static final MultiGradRule SPLIT_GRAD =
      (e, gs) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        return new Tensor[] {ShapeOps.concat(orZeros(e, gs), ((int[]) e.attrs())[0])};
      };

  // ---------------------------------------------------------------- unstack

  /**
   * {@code x} cut into its {@code x.shape[axis]} slices along {@code axis}, each without that axis
   * (TF's {@code unstack}). One op with several outputs: the gradient is TF's UnpackGrad, the
   * slices' gradients stacked (zeros for a slice with none), one pass over {@code x}.
   */
  public static List<Tensor> unstack(Tensor x, int axis) {
    Check.notNull("unstack", "x", x);
    if (x.rank() == 0) {
      throw new IllegalArgumentException(
          "unstack: cannot unstack a scalar (shape " + x.shape() + ")");
    }
    int a = Check.axis("unstack", axis, x.rank());
    int[] in = Internal.dims(x.shape());
    int n = in[a];
    if (n > MAX_EMPTY_PARTS && x.size() == 0) {
      throw new IllegalArgumentException(
          "unstack: "
              + n
              + " empty parts of axis "
              + axis
              + " of shape "
              + x.shape()
              + " is more than the "
              + MAX_EMPTY_PARTS
              + " this op makes");
    }
    int[] partDims = new int[in.length - 1];
    for (int k = 0, j = 0; k < in.length; k++) {
      if (k != a) {
        partDims[j++] = in[k];
      }
    }
    if (n == 0) {
      return new ArrayList<>();
    }
    if (n == 1) {
      return List.of(ShapeOps.reshape(x, partDims));
    }
    Tensor[] out = new Tensor[n];
    Shape ps = Shape.of(partDims);
    for (int i = 0; i < n; i++) {
      int[] b = new int[in.length];
      int[] sz = in.clone();
      b[a] = i;
      sz[a] = 1;
      Tensor part = ShapeOps.sliceValue(x, b, sz);
      out[i] = Internal.make(part.dtype(), ps, Internal.data(part));
    }
    return Arrays.asList(Recorder.recordMulti("unstack", out, UNSTACK_GRAD, new int[] {a}, x));
  }

  /** TF's UnpackGrad: the slices' gradients stacked along the axis; attrs: the axis. */
  static final MultiGradRule UNSTACK_GRAD =
      (e, gs) -> {
        if (!e.needs(0)) {
          return new Tensor[1];
        }
        return new Tensor[] {ShapeOps.stack(orZeros(e, gs), ((int[]) e.attrs())[0])};
      };

  /** The outputs' gradients, zeros for an output that has none (TF's aggregation of None). */
  private static List<Tensor> orZeros(GradRule.Entry e, Tensor[] gs) {
    List<Tensor> parts = new ArrayList<>(gs.length);
    for (int j = 0; j < gs.length; j++) {
      parts.add(gs[j] != null ? gs[j] : Elementwise.zerosLike(e.out(j)));
    }
    return parts;
  }

  // ---------------------------------------------------------------- tile

  /**
   * {@code x} repeated {@code multiples[k]} times along axis k: {@code y[i] = x[i mod x.shape]}.
   * Made of reshape and broadcastTo (x as {@code [1, d0, 1, d1, ...]} broadcast to {@code [m0, d0,
   * m1, d1, ...]}), so the gradient is theirs: g summed over the copies, as TF's _TileGrad.
   */
  public static Tensor tile(Tensor x, int[] multiples) {
    Check.notNull("tile", "x", x);
    Check.notNull("tile", "multiples", multiples);
    int rank = x.rank();
    boolean ok = multiples.length == rank;
    for (int k = 0; ok && k < rank; k++) {
      ok = multiples[k] >= 0;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "tile: multiples "
              + Layout.str(multiples)
              + " must have one non-negative entry per axis of shape "
              + x.shape());
    }
    int[] in = Internal.dims(x.shape());
    int[] split = new int[2 * rank];
    int[] wide = new int[2 * rank];
    int[] out = new int[rank];
    long size = 1;
    for (int k = 0; k < rank; k++) {
      split[2 * k] = 1;
      split[2 * k + 1] = in[k];
      wide[2 * k] = multiples[k];
      wide[2 * k + 1] = in[k];
      long o = (long) in[k] * multiples[k];
      size *= o;
      if (o > Integer.MAX_VALUE || size > Check.MAX_SIZE) {
        throw new IllegalArgumentException(
            "tile: multiples " + Layout.str(multiples) + " make shape " + x.shape() + " too large");
      }
      out[k] = (int) o;
    }
    Tensor w = ShapeOps.broadcastTo(ShapeOps.reshape(x, split), Shape.of(wide));
    return ShapeOps.reshape(w, out);
  }

  // ---------------------------------------------------------------- pad

  /**
   * {@code x} with {@code paddings[k][0]} elements before and {@code paddings[k][1]} after it on
   * axis k, all equal to the scalar {@code c} (of x's dtype). Gradient: the slice of {@code g}
   * where x sits (none for c, as TF's PadV2).
   */
  public static Tensor pad(Tensor x, int[][] paddings, Tensor c) {
    Check.notNull("pad", "x", x);
    Check.notNull("pad", "paddings", paddings);
    Check.notNull("pad", "constantValue", c);
    int rank = x.rank();
    boolean ok = paddings.length == rank;
    for (int k = 0; ok && k < rank; k++) {
      ok = paddings[k] != null && paddings[k].length == 2;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "pad: paddings "
              + Arrays.deepToString(paddings)
              + " must be "
              + rank
              + " pairs [before, after], one per axis of shape "
              + x.shape());
    }
    if (c.rank() != 0 || c.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          "pad: the constant value must be a scalar of the tensor's dtype "
              + x.dtype()
              + ", got "
              + c.dtype()
              + " of shape "
              + c.shape()
              + " (tensor shape "
              + x.shape()
              + ")");
    }
    int[] before = new int[rank];
    int[] after = new int[rank];
    for (int k = 0; k < rank; k++) {
      before[k] = paddings[k][0];
      after[k] = paddings[k][1];
    }
    Tensor y = ShapeOps.pad(x, before, after);
    if (isZero(c)) {
      return y;
    }
    // the constant where the zeros were: a where over a mask of x's place (pad of all-true)
    boolean[] ones = new boolean[(int) x.size()];
    Arrays.fill(ones, true);
    Tensor inside = ShapeOps.pad(Internal.make(DType.BOOL, x.shape(), ones), before, after);
    return CompareOps.where(inside, y, c);
  }

  private static boolean isZero(Tensor c) {
    Object d = Internal.data(c);
    return switch (c.dtype()) {
      case FLOAT32 -> Float.floatToRawIntBits(((float[]) d)[0]) == 0;
      case FLOAT64 -> Double.doubleToRawLongBits(((double[]) d)[0]) == 0;
      case INT32 -> ((int[]) d)[0] == 0;
      case INT64 -> ((long[]) d)[0] == 0;
      case BOOL -> !((boolean[]) d)[0];
      case COMPLEX64 -> ((float[]) d)[0] == 0 && ((float[]) d)[1] == 0;
      case COMPLEX128 -> ((double[]) d)[0] == 0 && ((double[]) d)[1] == 0;
    };
  }
}
