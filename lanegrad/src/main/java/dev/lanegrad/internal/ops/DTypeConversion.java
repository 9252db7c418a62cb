package dev.lanegrad.internal.ops;

import dev.lanegrad.Complex;
import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;

/**
 * The dtype conversions of values crossing between Java and tensors (the op {@code cast} on tensors
 * is {@link CastOps}), two kinds:
 *
 * <ul>
 *   <li>{@link #exact}: a Java value becoming a tensor of a requested dtype, as TF's {@code
 *       tf.constant(value, dtype)} converts a Python value. A float target rounds to nearest (TF
 *       casts, so a finite value beyond float32's range becomes infinity); an integer target takes
 *       only values it holds exactly (1.5, 1e10 or NaN into INT32 are errors); {@code true/false}
 *       become 1/0 in any numeric dtype (Python's {@code True} is an int); no number becomes BOOL;
 *       a complex value becomes real only when its imaginary part is 0.
 *   <li>the readers ({@code toFloatArray} ...): numeric conversion as {@code tf.cast} does it:
 *       floats to integers truncate toward zero, INT64 to INT32 wraps, BOOL reads as 1/0 and a
 *       number as a boolean is {@code != 0}; complex values only read as complex.
 * </ul>
 */
final class DTypeConversion {
  private static final double TWO_63 = 0x1.0p63;

  private DTypeConversion() {}

  // ---------------------------------------------------------------- exact conversion on creation

  /** {@code t}'s elements in dtype {@code to}; {@code t} itself when it already has it. */
  static Tensor exact(String op, Tensor t, DType to) {
    DType from = t.dtype();
    if (from == to) {
      return t;
    }
    Object src = Internal.data(t);
    Shape shape = t.shape();
    int n = (int) shape.size();
    Object y = Elementwise.alloc(to, n);
    for (int i = 0; i < n; i++) {
      if (from.isComplex()) {
        double re = complexPart(src, 2 * i);
        double im = complexPart(src, 2 * i + 1);
        if (to.isComplex()) {
          storeComplex(y, to, i, re, im);
          continue;
        }
        if (!(im == 0)) {
          throw inexact(op, t, i, to, "its imaginary part is not 0");
        }
        storeDouble(op, t, i, y, to, re);
      } else if (from == DType.FLOAT32 || from == DType.FLOAT64) {
        storeDouble(
            op, t, i, y, to, from == DType.FLOAT32 ? ((float[]) src)[i] : ((double[]) src)[i]);
      } else {
        storeLong(op, t, i, y, to, integral(src, from, i));
      }
    }
    return Internal.make(to, shape, y);
  }

  private static long integral(Object src, DType from, int i) {
    return switch (from) {
      case INT32 -> ((int[]) src)[i];
      case INT64 -> ((long[]) src)[i];
      case BOOL -> ((boolean[]) src)[i] ? 1 : 0;
      default -> throw new IllegalStateException("not an integral dtype: " + from);
    };
  }

  private static double complexPart(Object src, int j) {
    return src instanceof float[] f ? f[j] : ((double[]) src)[j];
  }

  private static void storeComplex(Object y, DType to, int i, double re, double im) {
    if (to == DType.COMPLEX64) {
      ((float[]) y)[2 * i] = (float) re;
      ((float[]) y)[2 * i + 1] = (float) im;
    } else {
      ((double[]) y)[2 * i] = re;
      ((double[]) y)[2 * i + 1] = im;
    }
  }

  private static void storeDouble(String op, Tensor t, int i, Object y, DType to, double v) {
    switch (to) {
      case FLOAT32 -> ((float[]) y)[i] = (float) v;
      case FLOAT64 -> ((double[]) y)[i] = v;
      case INT32 -> {
        if (!(v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)) {
          throw inexact(
              op,
              t,
              i,
              to,
              Double.isNaN(v) || Double.isInfinite(v)
                  ? "it is not finite"
                  : v == Math.rint(v) ? "it is out of range" : "it is not an integer");
        }
        ((int[]) y)[i] = (int) v;
      }
      case INT64 -> {
        if (!(v == Math.rint(v) && v >= -TWO_63 && v < TWO_63)) {
          throw inexact(
              op,
              t,
              i,
              to,
              Double.isNaN(v) || Double.isInfinite(v)
                  ? "it is not finite"
                  : v == Math.rint(v) ? "it is out of range" : "it is not an integer");
        }
        ((long[]) y)[i] = (long) v;
      }
      case BOOL -> throw inexact(op, t, i, to, "a number never converts to bool");
      case COMPLEX64, COMPLEX128 -> storeComplex(y, to, i, v, 0);
    }
  }

  private static void storeLong(String op, Tensor t, int i, Object y, DType to, long v) {
    switch (to) {
      case FLOAT32 -> ((float[]) y)[i] = (float) v; // JLS: long to float rounds to nearest
      case FLOAT64 -> ((double[]) y)[i] = (double) v;
      case INT32 -> {
        if ((int) v != v) {
          throw inexact(op, t, i, to, "it is out of range");
        }
        ((int[]) y)[i] = (int) v;
      }
      case INT64 -> ((long[]) y)[i] = v;
      case BOOL -> throw inexact(op, t, i, to, "a number never converts to bool");
      case COMPLEX64 -> storeComplex(y, to, i, (float) v, 0);
      case COMPLEX128 -> storeComplex(y, to, i, (double) v, 0);
    }
  }

  private static IllegalArgumentException inexact(
      String op, Tensor t, int i, DType to, String why) {
    String where =
        t.rank() == 0 ? "" : " at " + index(t.shape(), i) + " of a value of shape " + t.shape();
    return new IllegalArgumentException(
        op
            + ": cannot convert the "
            + t.dtype()
            + " value "
            + show(t, i)
            + where
            + " to "
            + to
            + ": "
            + why);
  }

  /** {@code [1][0]}: the position of flat index {@code i} in {@code shape}. */
  static String index(Shape shape, int i) {
    int[] dims = Internal.dims(shape);
    int[] idx = new int[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      idx[d] = i % dims[d];
      i /= dims[d];
    }
    StringBuilder sb = new StringBuilder();
    for (int x : idx) {
      sb.append('[').append(x).append(']');
    }
    return sb.toString();
  }

  private static String show(Tensor t, int i) {
    Object src = Internal.data(t);
    return switch (t.dtype()) {
      case FLOAT32 -> Float.toString(((float[]) src)[i]);
      case FLOAT64 -> Double.toString(((double[]) src)[i]);
      case INT32 -> Integer.toString(((int[]) src)[i]);
      case INT64 -> Long.toString(((long[]) src)[i]);
      case BOOL -> Boolean.toString(((boolean[]) src)[i]);
      case COMPLEX64, COMPLEX128 ->
          "("
              + complexPart(src, 2 * i)
              + (complexPart(src, 2 * i + 1) < 0 ? "" : "+")
              + complexPart(src, 2 * i + 1)
              + "j)";
    };
  }

  // ---------------------------------------------------------------- readers (tf.cast semantics)

  private static void requireReal(String op, Tensor t, String target) {
    if (t.dtype().isComplex()) {
      throw new IllegalArgumentException(
          op
              + ": cannot read a "
              + t.dtype()
              + " tensor of shape "
              + t.shape()
              + " as "
              + target
              + "; use toComplexArray(), or cast to a real dtype first");
    }
  }

  static float[] toFloat(String op, Tensor t) {
    requireReal(op, t, "float");
    Object src = Internal.data(t);
    if (src instanceof float[] f) {
      return f.clone();
    }
    int n = (int) t.size();
    float[] y = new float[n];
    switch (t.dtype()) {
      case FLOAT64 -> {
        double[] s = (double[]) src;
        for (int i = 0; i < n; i++) y[i] = (float) s[i];
      }
      case INT32 -> {
        int[] s = (int[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      case INT64 -> {
        long[] s = (long[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      default -> {
        boolean[] s = (boolean[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] ? 1 : 0;
      }
    }
    return y;
  }

  /** {@link #toFloat} written into {@code dst} at its position, without the array. */
  static void copyTo(String op, Tensor t, java.nio.FloatBuffer dst) {
    requireRoom(op, t, dst, "FloatBuffer");
    requireReal(op, t, "float");
    Object src = Internal.data(t);
    if (src instanceof float[] f) {
      dst.put(f);
    } else {
      dst.put(toFloat(op, t));
    }
  }

  /** {@link #toDouble} written into {@code dst} at its position, without the array. */
  static void copyTo(String op, Tensor t, java.nio.DoubleBuffer dst) {
    requireRoom(op, t, dst, "DoubleBuffer");
    requireReal(op, t, "double");
    Object src = Internal.data(t);
    if (src instanceof double[] d) {
      dst.put(d);
    } else {
      dst.put(toDouble(op, t));
    }
  }

  // checked before anything is written: a refused call leaves the buffer as it was
  private static void requireRoom(String op, Tensor t, java.nio.Buffer dst, String type) {
    if (dst == null) {
      throw new IllegalArgumentException(op + ": the destination " + type + " is null");
    }
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException(op + ": the destination " + type + " is read-only");
    }
    if (dst.remaining() < t.size()) {
      throw new IllegalArgumentException(
          op
              + ": the destination "
              + type
              + " has "
              + dst.remaining()
              + " elements remaining, the tensor of shape "
              + t.shape()
              + " has "
              + t.size());
    }
  }

  static double[] toDouble(String op, Tensor t) {
    requireReal(op, t, "double");
    Object src = Internal.data(t);
    int n = (int) t.size();
    double[] y = new double[n];
    switch (t.dtype()) {
      case FLOAT32 -> {
        float[] s = (float[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      case FLOAT64 -> System.arraycopy(src, 0, y, 0, n);
      case INT32 -> {
        int[] s = (int[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      case INT64 -> {
        long[] s = (long[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      default -> {
        boolean[] s = (boolean[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] ? 1 : 0;
      }
    }
    return y;
  }

  static int[] toInt(String op, Tensor t) {
    requireReal(op, t, "int");
    Object src = Internal.data(t);
    int n = (int) t.size();
    int[] y = new int[n];
    switch (t.dtype()) {
      case FLOAT32 -> {
        float[] s = (float[]) src;
        for (int i = 0; i < n; i++) y[i] = (int) s[i];
      }
      case FLOAT64 -> {
        double[] s = (double[]) src;
        for (int i = 0; i < n; i++) y[i] = (int) s[i];
      }
      case INT32 -> System.arraycopy(src, 0, y, 0, n);
      case INT64 -> {
        long[] s = (long[]) src;
        for (int i = 0; i < n; i++) y[i] = (int) s[i];
      }
      default -> {
        boolean[] s = (boolean[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] ? 1 : 0;
      }
    }
    return y;
  }

  static long[] toLong(String op, Tensor t) {
    requireReal(op, t, "long");
    Object src = Internal.data(t);
    int n = (int) t.size();
    long[] y = new long[n];
    switch (t.dtype()) {
      case FLOAT32 -> {
        float[] s = (float[]) src;
        for (int i = 0; i < n; i++) y[i] = (long) s[i];
      }
      case FLOAT64 -> {
        double[] s = (double[]) src;
        for (int i = 0; i < n; i++) y[i] = (long) s[i];
      }
      case INT32 -> {
        int[] s = (int[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i];
      }
      case INT64 -> System.arraycopy(src, 0, y, 0, n);
      default -> {
        boolean[] s = (boolean[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] ? 1 : 0;
      }
    }
    return y;
  }

  static boolean[] toBoolean(String op, Tensor t) {
    requireReal(op, t, "boolean");
    Object src = Internal.data(t);
    int n = (int) t.size();
    boolean[] y = new boolean[n];
    switch (t.dtype()) {
      // NaN != 0, so NaN reads as true, as tf.cast(nan, tf.bool) gives
      case FLOAT32 -> {
        float[] s = (float[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] != 0;
      }
      case FLOAT64 -> {
        double[] s = (double[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] != 0;
      }
      case INT32 -> {
        int[] s = (int[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] != 0;
      }
      case INT64 -> {
        long[] s = (long[]) src;
        for (int i = 0; i < n; i++) y[i] = s[i] != 0;
      }
      default -> System.arraycopy(src, 0, y, 0, n);
    }
    return y;
  }

  static Complex[] toComplex(Tensor t) {
    Object src = Internal.data(t);
    int n = (int) t.size();
    Complex[] y = new Complex[n];
    if (t.dtype().isComplex()) {
      for (int i = 0; i < n; i++) {
        y[i] = new Complex(complexPart(src, 2 * i), complexPart(src, 2 * i + 1));
      }
      return y;
    }
    // int64 beyond 2^53 rounds here, as tf.cast(int64, complex128) does
    double[] re = toDouble("toComplexArray", t);
    for (int i = 0; i < n; i++) {
      y[i] = new Complex(re[i], 0);
    }
    return y;
  }
}
