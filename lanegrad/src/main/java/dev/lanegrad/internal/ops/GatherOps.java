package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.RowKernels;

/**
 * Ops that pick or add rows by integer index: gather (with batch dims), gatherNd, booleanMask,
 * scatterNd, unsortedSegmentSum. All of them reduce to two linear ops on the layout {@code [outer,
 * rows, inner]}, each the other's gradient: {@link #takeRows} (a gather) and {@link #putRows} (a
 * scatter that adds duplicates). So gather's gradient is a dense tensor (TF's IndexedSlices,
 * densified by the same sum TF's unsorted_segment_sum does), and every order of gradient follows.
 */
public final class GatherOps {
  private GatherOps() {}

  /**
   * Row indices resolved for the kernels: the big side is {@code [outer, n, inner]}, the indexed
   * side {@code [outer, k, inner]}; batch {@code o / perBatch} uses {@code idx[batch * k ..]}; -1
   * means no row (zeros taken, nothing added). Inner counts tensor elements.
   */
  record Rows(int[] idx, int outer, int perBatch, int n, int k, int inner) {}

  // ---------------------------------------------------------------- the two linear ops

  /** {@code y[o, j, :] = x[o, idx[j], :]}, shaped {@code yShape}. Gradient: {@link #putRows}. */
  static Tensor takeRows(String op, Tensor x, Rows r, Shape yShape) {
    int n = Check.size(op, yShape);
    int w = Layout.width(x.dtype());
    Object out = Layout.alloc(op, x.dtype(), n);
    RowKernels.get()
        .gather(Internal.data(x), r.idx, r.outer, r.perBatch, r.n, r.k, r.inner * w, out);
    Tensor y = Internal.make(x.dtype(), yShape, out);
    return Recorder.recordWith(op, y, TAKE_ROWS_GRAD, r, x);
  }

  /** {@code putRows(g)} back into the input's shape; attrs: the rows. */
  static final GradRule TAKE_ROWS_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0) ? putRows("gatherGrad", g, (Rows) e.attrs(), e.in(0).shape()) : null
          };

  /**
   * Zeros of {@code yShape} ({@code [outer, n, inner]}) with {@code g[o, j, :]} added to row {@code
   * idx[j]}, in order. Gradient: {@link #takeRows}.
   */
  static Tensor putRows(String op, Tensor g, Rows r, Shape yShape) {
    int n = Check.size(op, yShape);
    DType d = g.dtype();
    int w = Layout.width(d);
    Object out = Layout.alloc(op, d, n);
    Object gd = Internal.data(g);
    RowKernels k = RowKernels.get();
    int in = r.inner * w;
    switch (d) {
      case FLOAT32, COMPLEX64 ->
          k.scatterAddF32((float[]) gd, r.idx, r.outer, r.perBatch, r.n, r.k, in, (float[]) out);
      case FLOAT64, COMPLEX128 ->
          k.scatterAddF64((double[]) gd, r.idx, r.outer, r.perBatch, r.n, r.k, in, (double[]) out);
      case INT32 ->
          k.scatterAddI32((int[]) gd, r.idx, r.outer, r.perBatch, r.n, r.k, in, (int[]) out);
      case INT64 ->
          k.scatterAddI64((long[]) gd, r.idx, r.outer, r.perBatch, r.n, r.k, in, (long[]) out);
      case BOOL -> throw new IllegalArgumentException(op + ": bool values cannot be added");
    }
    Tensor y = Internal.make(d, yShape, out);
    return Recorder.recordWith(op, y, PUT_ROWS_GRAD, r, g);
  }

  /** {@code takeRows(gg)} in the shape of the rows that were added; attrs: the rows. */
  static final GradRule PUT_ROWS_GRAD =
      (e, gg) ->
          new Tensor[] {
            e.needs(0) ? takeRows("gatherRows", gg, (Rows) e.attrs(), e.in(0).shape()) : null
          };

  // ---------------------------------------------------------------- index checks

  static final DType[] INDEX_TYPES = {DType.INT32, DType.INT64};
  static final DType[] ADDABLE = {
    DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.COMPLEX64, DType.COMPLEX128
  };

  /**
   * The indices as ints, each checked to lie in {@code [0, n)} (or {@code < n} when negatives
   * drop).
   */
  private static int[] indices(
      String op, Tensor indices, long n, boolean dropNegative, String what, Shape other) {
    Check.dtypeIn(op, indices, INDEX_TYPES);
    int len = (int) indices.size();
    int[] out = new int[len];
    Object d = Internal.data(indices);
    for (int i = 0; i < len; i++) {
      long v = d instanceof int[] a ? a[i] : ((long[]) d)[i];
      if (v < 0 && dropNegative) {
        out[i] = -1;
      } else if (v < 0 || v >= n) {
        throw new IllegalArgumentException(
            op
                + ": "
                + "indices"
                + at(Internal.dims(indices.shape()), indices.rank(), i)
                + " = "
                + v
                + " is not in [0, "
                + n
                + ") ("
                + what
                + " "
                + other
                + ", indices "
                + indices.shape()
                + ")");
      } else {
        out[i] = (int) v;
      }
    }
    return out;
  }

  /** TF's {@code [1, 0]}: the position of flat index {@code i} in the first {@code rank} dims. */
  private static String at(int[] dims, int rank, int i) {
    int[] pos = new int[rank];
    for (int k = rank - 1; k >= 0; k--) {
      pos[k] = i % dims[k];
      i /= dims[k];
    }
    return Layout.str(pos);
  }

  private static int prod(int[] d, int from, int to) {
    long p = 1;
    for (int k = from; k < to; k++) {
      p *= d[k];
    }
    return (int) Math.min(p, Integer.MAX_VALUE);
  }

  private static int[] concat(int[] a, int aFrom, int aTo, int[] b, int bFrom, int bTo) {
    int[] out = new int[(aTo - aFrom) + (bTo - bFrom)];
    System.arraycopy(a, aFrom, out, 0, aTo - aFrom);
    System.arraycopy(b, bFrom, out, aTo - aFrom, bTo - bFrom);
    return out;
  }

  // ---------------------------------------------------------------- gather

  /**
   * TF's {@code gather(params, indices, axis, batch_dims)}: {@code y[p..., i..., q...] =
   * params[p..., indices[b..., i...], q...]} where the first {@code batchDims} axes of params and
   * indices are shared. Output shape {@code params.shape[:axis] + indices.shape[batchDims:] +
   * params.shape[axis+1:]}. Negative axis and batchDims count from the end (batchDims from the
   * indices' rank). Gradient for params: the rows of {@code g} added back where they were read.
   */
  public static Tensor gather(Tensor params, Tensor indices, int axis, int batchDims) {
    String op = "gather";
    Check.notNull(op, "params", params);
    Check.notNull(op, "indices", indices);
    Check.dtypeIn(op, indices, INDEX_TYPES);
    int pr = params.rank();
    int ir = indices.rank();
    int b = batchDims < 0 ? batchDims + ir : batchDims;
    if (b < 0 || b > ir) {
      throw new IllegalArgumentException(
          op
              + ": batchDims "
              + batchDims
              + " is out of range for indices of shape "
              + indices.shape()
              + " (valid: "
              + -ir
              + " to "
              + ir
              + ")");
    }
    if (pr == 0) {
      throw new IllegalArgumentException(
          op + ": params must have rank >= 1, got shape " + params.shape());
    }
    int a = Check.axis(op, axis, pr);
    if (a < b) {
      throw new IllegalArgumentException(
          op
              + ": axis "
              + axis
              + " must be >= batchDims "
              + batchDims
              + " (params "
              + params.shape()
              + ", indices "
              + indices.shape()
              + ")");
    }
    int[] pd = Internal.dims(params.shape());
    int[] id = Internal.dims(indices.shape());
    for (int k = 0; k < b; k++) {
      if (pd[k] != id[k]) {
        throw new IllegalArgumentException(
            op
                + ": the first "
                + b
                + " (batchDims) dimensions of params "
                + params.shape()
                + " and indices "
                + indices.shape()
                + " must be equal");
      }
    }
    int[] idx = indices(op, indices, pd[a], false, "params", params.shape());
    int[] yd = concat(concat(pd, 0, a, id, b, ir), 0, a + ir - b, pd, a + 1, pr);
    Shape ys = Shape.of(yd);
    Check.size(op, ys);
    int batch = prod(pd, 0, b);
    int outer = prod(pd, 0, a);
    Rows r =
        new Rows(
            idx,
            outer,
            batch == 0 ? 1 : outer / batch,
            pd[a],
            prod(id, b, ir),
            prod(pd, a + 1, pr));
    return takeRows(op, params, r, ys);
  }

  // ---------------------------------------------------------------- gatherNd, scatterNd

  /** Flattens {@code [..., q]} index tuples into row numbers of {@code shape[:q]}. */
  private static int[] tuples(String op, Tensor indices, int[] dims, String what, Shape shape) {
    int q = Internal.dims(indices.shape())[indices.rank() - 1];
    if (q > dims.length) {
      throw new IllegalArgumentException(
          op
              + ": index tuples of length "
              + q
              + " (indices "
              + indices.shape()
              + ") are longer than the rank of "
              + what
              + " "
              + shape);
    }
    int rows = q == 0 ? 0 : (int) (indices.size() / q);
    int[] out =
        new int[q == 0 ? prod(Internal.dims(indices.shape()), 0, indices.rank() - 1) : rows];
    Object d = Internal.data(indices);
    int[] strides = Layout.strides(java.util.Arrays.copyOf(dims, q));
    for (int i = 0; i < rows; i++) {
      long flat = 0;
      for (int j = 0; j < q; j++) {
        long v = d instanceof int[] a ? a[i * q + j] : ((long[]) d)[i * q + j];
        if (v < 0 || v >= dims[j]) {
          StringBuilder t = new StringBuilder("[");
          for (int m = 0; m < q; m++) {
            t.append(m == 0 ? "" : ", ")
                .append(d instanceof int[] a ? a[i * q + m] : ((long[]) d)[i * q + m]);
          }
          throw new IllegalArgumentException(
              op
                  + ": indices"
                  + at(Internal.dims(indices.shape()), indices.rank() - 1, i)
                  + " = "
                  + t.append(']')
                  + " does not index into "
                  + what
                  + " shape "
                  + shape
                  + " (indices "
                  + indices.shape()
                  + ")");
        }
        flat += v * strides[j];
      }
      out[i] = (int) flat;
    }
    return out;
  }

  private static void ndIndices(String op, Tensor indices) {
    Check.notNull(op, "indices", indices);
    Check.dtypeIn(op, indices, INDEX_TYPES);
    if (indices.rank() == 0) {
      throw new IllegalArgumentException(
          op + ": indices must have rank >= 1 (the last axis holds index tuples), got a scalar");
    }
  }

  /**
   * TF's {@code gather_nd}: the last axis of {@code indices} holds tuples of length q that index
   * the first q axes of params; {@code y[i...] = params[indices[i..., :]]}, shaped {@code
   * indices.shape[:-1] + params.shape[q:]}. Gradient for params: {@code scatterNd(indices, g,
   * params.shape)}.
   */
  public static Tensor gatherNd(Tensor params, Tensor indices) {
    String op = "gatherNd";
    Check.notNull(op, "params", params);
    ndIndices(op, indices);
    int[] pd = Internal.dims(params.shape());
    int[] id = Internal.dims(indices.shape());
    int q = id[id.length - 1];
    int[] rows = tuples(op, indices, pd, "params", params.shape());
    Shape ys = Shape.of(concat(id, 0, id.length - 1, pd, Math.min(q, pd.length), pd.length));
    Check.size(op, ys);
    return takeRows(
        op, params, new Rows(rows, 1, 1, prod(pd, 0, q), rows.length, prod(pd, q, pd.length)), ys);
  }

  /**
   * TF's {@code scatter_nd}: zeros of {@code shape} with each {@code updates[i...]} added at {@code
   * indices[i..., :]} (duplicates add up). {@code updates} has shape {@code indices.shape[:-1] +
   * shape[q:]}. Gradient for updates: {@code gatherNd(g, indices)}.
   */
  public static Tensor scatterNd(Tensor indices, Tensor updates, Shape shape) {
    String op = "scatterNd";
    ndIndices(op, indices);
    Check.notNull(op, "updates", updates);
    Check.notNull(op, "shape", shape);
    Check.dtypeIn(op, updates, ADDABLE);
    int[] sd = Internal.dims(shape);
    int[] id = Internal.dims(indices.shape());
    int q = id[id.length - 1];
    Shape want = Shape.of(concat(id, 0, id.length - 1, sd, Math.min(q, sd.length), sd.length));
    if (q > sd.length || !updates.shape().equals(want)) {
      throw new IllegalArgumentException(
          op
              + ": updates of shape "
              + updates.shape()
              + " do not fit indices "
              + indices.shape()
              + " and shape "
              + shape
              + (q > sd.length
                  ? " (index tuples longer than the rank)"
                  : " (expected " + want + ")"));
    }
    Check.size(op, shape);
    int[] rows = tuples(op, indices, sd, "output", shape);
    return putRows(
        op,
        updates,
        new Rows(rows, 1, 1, prod(sd, 0, q), rows.length, prod(sd, q, sd.length)),
        shape);
  }

  // ---------------------------------------------------------------- unsortedSegmentSum,
  // booleanMask

  /**
   * TF's {@code unsorted_segment_sum}: {@code y[s, ...] = sum over i with ids[i] = s of data[i,
   * ...]}, shaped {@code [numSegments] + data.shape[ids.rank:]}; a negative id drops its row (TF's
   * CPU kernel skips it), an id {@code >= numSegments} is an error. Gradient for data: {@code g}
   * gathered at the ids, zeros where an id was negative (TF's _GatherDropNegatives).
   */
  public static Tensor unsortedSegmentSum(Tensor data, Tensor segmentIds, int numSegments) {
    String op = "unsortedSegmentSum";
    Check.notNull(op, "data", data);
    Check.notNull(op, "segmentIds", segmentIds);
    Check.dtypeIn(op, segmentIds, INDEX_TYPES);
    Check.dtypeIn(op, data, ADDABLE);
    int[] dd = Internal.dims(data.shape());
    int[] sd = Internal.dims(segmentIds.shape());
    boolean ok = numSegments >= 0 && sd.length <= dd.length;
    for (int k = 0; ok && k < sd.length; k++) {
      ok = sd[k] == dd[k];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          op
              + ": "
              + (numSegments < 0
                  ? "numSegments " + numSegments + " is negative"
                  : "the shape of segmentIds " + segmentIds.shape() + " must be a prefix of")
              + " data shape "
              + data.shape());
    }
    int[] idx = indices(op, segmentIds, numSegments, true, "numSegments", Shape.of(numSegments));
    int[] yd = concat(new int[] {numSegments}, 0, 1, dd, sd.length, dd.length);
    Shape ys = Shape.of(yd);
    Check.size(op, ys);
    return putRows(
        op, data, new Rows(idx, 1, 1, numSegments, idx.length, prod(dd, sd.length, dd.length)), ys);
  }

  /**
   * TF's {@code boolean_mask(tensor, mask)}: the elements (or sub-tensors) of {@code x} where the
   * BOOL {@code mask} is true, in row-major order; mask's shape must equal the first {@code
   * mask.rank} dims of x, and the result is {@code [count] + x.shape[mask.rank:]}. Gradient: the
   * rows of g put back in place, zeros elsewhere.
   */
  public static Tensor booleanMask(Tensor x, Tensor mask) {
    String op = "booleanMask";
    Check.notNull(op, "tensor", x);
    Check.notNull(op, "mask", mask);
    Check.dtypeIn(op, mask, DType.BOOL);
    int[] xd = Internal.dims(x.shape());
    int[] md = Internal.dims(mask.shape());
    boolean ok = md.length >= 1 && md.length <= xd.length;
    for (int k = 0; ok && k < md.length; k++) {
      ok = md[k] == xd[k];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          op
              + ": mask of shape "
              + mask.shape()
              + (md.length == 0
                  ? " is a scalar (it needs rank >= 1)"
                  : " does not match the first dimensions of tensor shape " + x.shape()));
    }
    boolean[] m = Internal.bool(mask);
    int count = 0;
    for (boolean v : m) {
      count += v ? 1 : 0;
    }
    int[] idx = new int[count];
    for (int i = 0, c = 0; i < m.length; i++) {
      if (m[i]) {
        idx[c++] = i;
      }
    }
    int[] yd = concat(new int[] {count}, 0, 1, xd, md.length, xd.length);
    return takeRows(
        op, x, new Rows(idx, 1, 1, m.length, count, prod(xd, md.length, xd.length)), Shape.of(yd));
  }
}
