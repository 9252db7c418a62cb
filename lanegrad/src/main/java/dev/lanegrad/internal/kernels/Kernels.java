package dev.lanegrad.internal.kernels;

/**
 * Loops over primitive arrays, and nothing else: no tensors, shapes or tapes. Arguments are {@code
 * (array, offset)} pairs and a count, inputs never modified, the output array written. Two
 * implementations: {@link ScalarKernels} (plain loops, the reference) and {@code SimdKernels} (the
 * Vector API), chosen once by {@link KernelProvider}.
 */
public interface Kernels {
  /** A short name for logs and benchmarks: "scalar" or "simd". */
  String name();

  // ---- elementwise, casts, fused backprops (ArithmeticOps' kernels) ----

  // Binary kernels: ai and bi are 1 (a contiguous run) or 0 (one value repeated n times: a scalar
  // or a broadcast operand). y[yo + i] = a[ao + i*ai] op b[bo + i*bi] for i < n; inputs not
  // modified, y overwritten. The ops layer plans broadcasting once and hands over long runs.

  /**
   * {@code y = a op b} on floats (see {@link BinaryOp}); POW is C99's {@code pow} in double,
   * rounded.
   */
  void binaryF32(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n);

  /** {@link #binaryF32} for doubles. */
  void binaryF64(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n);

  /**
   * {@link #binaryF32} for ints: wrapping ADD/SUB/MUL/POW; DIV truncates (division by zero throws
   * {@link ArithmeticException}; the ops layer divides integers in FLOAT64 instead); POW with a
   * negative exponent throws {@link ArithmeticException}.
   */
  void binaryI32(
      BinaryOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n);

  /** {@link #binaryI32} for longs. */
  void binaryI64(
      BinaryOp op, long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n);

  /**
   * Complex64 ADD, SUB, MUL, DIV on interleaved (re, im) float arrays. Offsets and {@code n} count
   * complex values, not floats: value {@code j} of {@code a} is {@code a[2j], a[2j+1]}.
   */
  void binaryC64(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n);

  /** {@link #binaryC64} for complex128 (interleaved doubles). */
  void binaryC128(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n);

  /** {@code y = a * b}, but 0 where {@code b == 0} even if a is inf or NaN (TF's mul_no_nan). */
  void mulNoNanF32(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n);

  /** {@link #mulNoNanF32} for doubles. */
  void mulNoNanF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n);

  /** {@code y = a op b} as booleans; NaN compares false except under NE. */
  void compareF32(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n);

  /** {@link #compareF32} for doubles. */
  void compareF64(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n);

  /** {@link #compareF32} for ints. */
  void compareI32(
      CompareOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n);

  /** {@link #compareF32} for longs. */
  void compareI64(
      CompareOp op, long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n);

  /** EQ and NE on booleans (other ops throw {@link IllegalArgumentException}). */
  void compareBool(
      CompareOp op,
      boolean[] a,
      int ao,
      int ai,
      boolean[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n);

  /** EQ and NE on interleaved complex64; offsets and n count complex values. */
  void compareC64(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n);

  /** {@link #compareC64} for complex128. */
  void compareC128(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n);

  /** {@code y = op(x)} on floats (see {@link UnaryOp}); SIGMOID is stable for large |x|. */
  void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n);

  /** {@link #unaryF32} for doubles. */
  void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n);

  /** {@code y = op(x)} on ints, for NEG, ABS, SQUARE, SIGN, RELU (wrapping). */
  void unaryI32(UnaryOp op, int[] x, int xo, int[] y, int yo, int n);

  /** {@link #unaryI32} for longs. */
  void unaryI64(UnaryOp op, long[] x, int xo, long[] y, int yo, int n);

  /** NEG and SQUARE on interleaved complex64; offsets and n count complex values. */
  void unaryC64(UnaryOp op, float[] x, int xo, float[] y, int yo, int n);

  /** {@link #unaryC64} for complex128. */
  void unaryC128(UnaryOp op, double[] x, int xo, double[] y, int yo, int n);

  /** Relu's backprop: {@code y = x > 0 ? dy : 0} (0 for a NaN x). */
  void reluGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n);

  /** {@link #reluGradF32} for doubles. */
  void reluGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n);

  /** Abs's backprop: {@code y = dy * sign(x)}: dy, -dy, or 0 where x is 0 or NaN. */
  void absGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n);

  /** {@link #absGradF32} for doubles. */
  void absGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n);

  // Casts: x is a float[], double[], int[], long[] or boolean[]; xs and ys are strides (1, or 2 to
  // read or write one half of interleaved complex values). y[yo + i*ys] = convert(x[xo + i*xs]).
  // Float to integer truncates toward zero with Java's rules (NaN gives 0, out-of-range values
  // saturate); to bool is "!= 0" (NaN is true); bool to number is 1 or 0.

  /** Converts to float (integers round to nearest). */
  void castToF32(Object x, int xo, int xs, float[] y, int yo, int ys, int n);

  /** Converts to double. */
  void castToF64(Object x, int xo, int xs, double[] y, int yo, int ys, int n);

  /** Converts to int (longs wrap, floats truncate). */
  void castToI32(Object x, int xo, int xs, int[] y, int yo, int ys, int n);

  /** Converts to long. */
  void castToI64(Object x, int xo, int xs, long[] y, int yo, int ys, int n);

  /** Converts to boolean: {@code x != 0}. */
  void castToBool(Object x, int xo, int xs, boolean[] y, int yo, int ys, int n);

  /** Interleaved complex (float[] or double[]) to boolean: {@code re != 0 || im != 0}; n values. */
  void complexToBool(Object x, int xo, boolean[] y, int yo, int n);

  /**
   * {@code y[i] = keep[i] ? x[i] * s : 0} for {@code i < n} (dropout's forward and its gradient:
   * TF's {@code where(keep, x * scale, 0)} in one pass).
   */
  void keepScaledF32(float[] x, boolean[] keep, float s, float[] y, int n);

  /** {@link #keepScaledF32} for doubles. */
  void keepScaledF64(double[] x, boolean[] keep, double s, double[] y, int n);

  /**
   * {@code y = c ? a : b} for arrays of one primitive type (x, y: float[], double[], int[], long[]
   * or boolean[]), each value {@code w} slots wide (1, or 2 for interleaved complex). Offsets and
   * {@code n} count values; ci, ai, bi are 1 (contiguous) or 0 (repeated).
   */
  void select(
      int w,
      boolean[] c,
      int co,
      int ci,
      Object a,
      int ao,
      int ai,
      Object b,
      int bo,
      int bi,
      Object y,
      int yo,
      int n);

  // ---- reductions and data movement (ReductionOps', ShapeOps' and NnOps' kernels) ----

  /**
   * {@code x} viewed as {@code [outer, r, inner]} (row-major); {@code y[yo + o*inner + i] = op over
   * j of x[xo + (o*r + j)*inner + i]}. An empty run ({@code r == 0}) gives the identity: 0 for SUM,
   * -inf (floats) or the type's minimum for MAX, +inf or the maximum for MIN. MAX and MIN propagate
   * NaN ({@code Math.max} semantics, as TF since 2.4 and NumPy). The sum order is fixed by the
   * layout, never by timing. {@code x} not modified; {@code y} (outer*inner) overwritten.
   */
  void reduceF32(ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] y, int yo);

  /** {@link #reduceF32} for doubles. */
  void reduceF64(ReduceOp op, double[] x, int xo, int outer, int r, int inner, double[] y, int yo);

  /** {@link #reduceF32} for ints; SUM wraps. */
  void reduceI32(ReduceOp op, int[] x, int xo, int outer, int r, int inner, int[] y, int yo);

  /** {@link #reduceF32} for longs; SUM wraps. */
  void reduceI64(ReduceOp op, long[] x, int xo, int outer, int r, int inner, long[] y, int yo);

  /** Mean's last step, in place: {@code y[yo + i] /= d} for {@code i < n}. */
  void divideF32(float[] y, int yo, int n, float d);

  /** {@link #divideF32} for doubles. */
  void divideF64(double[] y, int yo, int n, double d);

  /** Truncating {@code y[yo + i] /= d}; {@code d == 0} gives 0 (TF's mean of nothing). */
  void divideI32(int[] y, int yo, int n, int d);

  /** {@link #divideI32} for longs. */
  void divideI64(long[] y, int yo, int n, long d);

  /**
   * Strided copy between two arrays of the same primitive type (any of float[], double[], int[],
   * long[], boolean[]): for every index {@code idx} of {@code dims}, {@code y[yo +
   * sum(idx[k]*ys[k])] = x[xo + sum(idx[k]*xs[k])]}. One kernel serves transpose, broadcast (stride
   * 0), slice, pad and concat; callers collapse contiguous axes first, so that a contiguous last
   * axis becomes one {@code System.arraycopy}. {@code x} and the arrays of strides and dims not
   * modified.
   */
  void copyStrided(Object x, int xo, int[] xs, Object y, int yo, int[] ys, int[] dims);

  /**
   * Softmax over the middle axis of {@code x} viewed as {@code [outer, r, inner]}, stable (the max
   * of each run is subtracted first): {@code y = exp(x - max) / sum(exp(x - max))}, or with {@code
   * log}, {@code y = x - max - log(sum(exp(x - max)))}.
   */
  void softmaxF32(float[] x, int xo, int outer, int r, int inner, float[] y, int yo, boolean log);

  /** {@link #softmaxF32} for doubles. */
  void softmaxF64(double[] x, int xo, int outer, int r, int inner, double[] y, int yo, boolean log);

  // ---- matrix products (LinalgOps' kernels) ----

  /** {@link #matmulF32} for ints (wrapping, as TF's integer matmul). */
  void matmulI32(
      int[] a,
      int ao,
      int[] b,
      int bo,
      int[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB);

  /** {@link #matmulF32} for longs (wrapping). */
  void matmulI64(
      long[] a,
      int ao,
      long[] b,
      int bo,
      long[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB);

  /**
   * {@code C = op(A) op(B)}, row-major, C of m x n overwritten; {@code op(A)} is m x k (A is stored
   * k x m when {@code transA}), {@code op(B)} is k x n (stored n x k when {@code transB}). Each
   * {@code c_ij} is one FMA chain over p = 0..k-1 in order, in both implementations and on every
   * path, so results are bit-identical across implementations, blockings and thread counts ({@code
   * -Dlanegrad.threads=N} caps the threads, the caller included). A, B not modified.
   */
  void matmulF32(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB);

  /** {@link #matmulF32} for doubles. */
  void matmulF64(
      double[] a,
      int ao,
      double[] b,
      int bo,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      boolean transA,
      boolean transB);
}
