package dev.lanegrad.internal.ops;

import dev.lanegrad.Complex;
import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Java values to tensors and back: creation, dtype inference and conversion, readers, and the
 * operands of ops. The rules are TF 2's {@code tf.constant} / {@code convert_to_tensor}; see {@link
 * DTypeConversion} for what converts to what, and {@link JavaArrays} for nested arrays.
 */
public final class JavaValues {
  private JavaValues() {}

  // ---------------------------------------------------------------- creation

  /** Tensor.of: {@code dtype}/{@code shape} null when not given. */
  public static Tensor of(Object value, DType dtype, Shape shape) {
    return of("Tensor.of", value, dtype, shape);
  }

  /**
   * As {@code tf.constant(value, dtype, shape)}, with {@code op} leading every error message. A
   * Tensor comes back as it is (a Variable as a snapshot of its value), but a Tensor of another
   * dtype is an error, as in TF's {@code convert_to_tensor}: {@code cast} it.
   */
  static Tensor of(String op, Object value, DType dtype, Shape shape) {
    Check.notNull(op, "value", value);
    Tensor t;
    if (value instanceof Tensor x) {
      t = x instanceof Variable v ? Internal.snapshot(v) : x;
      if (dtype != null && t.dtype() != dtype) {
        throw new IllegalArgumentException(
            op
                + ": a tensor of dtype "
                + t.dtype()
                + " (shape "
                + t.shape()
                + ") does not convert to "
                + dtype
                + "; use cast("
                + dtype
                + ")");
      }
    } else {
      t = JavaArrays.read(op, value);
      if (dtype != null) {
        t = DTypeConversion.exact(op, t, dtype);
      }
    }
    return shape == null ? t : fitShape(op, t, shape);
  }

  /** tf.constant's shape argument: a same-size value is reshaped, a one-element value fills. */
  private static Tensor fitShape(String op, Tensor t, Shape shape) {
    if (shape.equals(t.shape())) {
      return t;
    }
    if (t.size() == shape.size()) {
      return Internal.make(t.dtype(), shape, Internal.data(t)); // arrays are immutable: share
    }
    if (t.size() == 1) {
      int n = Check.size(op, shape);
      return Internal.make(t.dtype(), shape, repeat(Internal.data(t), t.dtype(), n));
    }
    throw new IllegalArgumentException(
        op
            + ": a value of shape "
            + t.shape()
            + " ("
            + t.size()
            + " elements) does not fit shape "
            + shape
            + " ("
            + shape.size()
            + " elements); only a value of one element fills a shape");
  }

  /** n copies of the single element of {@code one}. */
  private static Object repeat(Object one, DType dtype, int n) {
    Object y = Elementwise.alloc(dtype, n);
    switch (dtype) {
      case FLOAT32 -> Arrays.fill((float[]) y, ((float[]) one)[0]);
      case FLOAT64 -> Arrays.fill((double[]) y, ((double[]) one)[0]);
      case INT32 -> Arrays.fill((int[]) y, ((int[]) one)[0]);
      case INT64 -> Arrays.fill((long[]) y, ((long[]) one)[0]);
      case BOOL -> Arrays.fill((boolean[]) y, ((boolean[]) one)[0]);
      case COMPLEX64 -> {
        float[] c = (float[]) y;
        for (int i = 0; i < n; i++) {
          c[2 * i] = ((float[]) one)[0];
          c[2 * i + 1] = ((float[]) one)[1];
        }
      }
      case COMPLEX128 -> {
        double[] c = (double[]) y;
        for (int i = 0; i < n; i++) {
          c[2 * i] = ((double[]) one)[0];
          c[2 * i + 1] = ((double[]) one)[1];
        }
      }
    }
    return y;
  }

  public static DType requireDType(String op, DType dtype) {
    return Check.notNull(op, "dtype", dtype);
  }

  public static Shape requireShape(String op, Shape shape) {
    return Check.notNull(op, "shape", shape);
  }

  /** A copy of the axes (or permutation), rejecting null. */
  public static int[] requireAxes(String op, int[] axes) {
    return Check.notNull(op, "axes", axes).clone();
  }

  /** A copy of the list, rejecting null and null elements. */
  public static List<Tensor> requireTensors(String op, List<Tensor> tensors) {
    Check.notNull(op, "tensors", tensors);
    List<Tensor> copy = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t == null) {
        throw new IllegalArgumentException(op + ": tensors[" + i + "] is null");
      }
      copy.add(t);
    }
    return copy;
  }

  public static Tensor zeros(Shape shape, DType dtype) {
    requireShape("Tensor.zeros", shape);
    requireDType("Tensor.zeros", dtype);
    return Internal.make(dtype, shape, Elementwise.alloc(dtype, Check.size("Tensor.zeros", shape)));
  }

  /** Ones of every dtype: {@code true} for BOOL, {@code 1+0j} for complex. */
  public static Tensor ones(Shape shape, DType dtype) {
    requireShape("Tensor.ones", shape);
    requireDType("Tensor.ones", dtype);
    int n = Check.size("Tensor.ones", shape);
    Object one =
        switch (dtype) {
          case FLOAT32 -> new float[] {1};
          case FLOAT64 -> new double[] {1};
          case INT32 -> new int[] {1};
          case INT64 -> new long[] {1};
          case BOOL -> new boolean[] {true};
          case COMPLEX64 -> new float[] {1, 0};
          case COMPLEX128 -> new double[] {1, 0};
        };
    return Internal.make(dtype, shape, repeat(one, dtype, n));
  }

  /**
   * Every element {@code scalar}, the dtype from its Java type (a one-element Tensor also works).
   */
  public static Tensor fill(Shape shape, Object scalar) {
    requireShape("Tensor.fill", shape);
    Check.notNull("Tensor.fill", "scalar", scalar);
    Tensor t = of("Tensor.fill", scalar, null, null);
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          "Tensor.fill: the fill value must be one element, got shape " + t.shape());
    }
    return Internal.make(
        t.dtype(), shape, repeat(Internal.data(t), t.dtype(), Check.size("Tensor.fill", shape)));
  }

  /** {@code [0, n)} as INT32; empty for {@code n <= 0}, as {@code tf.range}. */
  public static Tensor range(int n) {
    int m = Math.max(n, 0);
    Shape s = Shape.of(m);
    int[] y = new int[Check.size("Tensor.range", s)];
    for (int i = 0; i < m; i++) {
      y[i] = i;
    }
    return Internal.make(DType.INT32, s, y);
  }

  /** {@code [0, n)} as INT64; empty for {@code n <= 0}. */
  public static Tensor range(long n) {
    if (n > Check.MAX_SIZE) {
      throw new IllegalArgumentException(
          "Tensor.range: "
              + n
              + " elements is more than the "
              + Check.MAX_SIZE
              + " a tensor can hold");
    }
    int m = (int) Math.max(n, 0);
    long[] y = new long[m];
    for (int i = 0; i < m; i++) {
      y[i] = i;
    }
    return Internal.make(DType.INT64, Shape.of(m), y);
  }

  /** Standard normal FLOAT32 samples, reproducible per seed everywhere (see {@link Randoms}). */
  public static Tensor randomNormal(Shape shape, long seed) {
    requireShape("Tensor.randomNormal", shape);
    return Internal.make(
        DType.FLOAT32, shape, Randoms.normal(Check.size("Tensor.randomNormal", shape), seed));
  }

  /** Uniform FLOAT32 samples in {@code [lo, hi)}, reproducible per seed (see {@link Randoms}). */
  public static Tensor randomUniform(Shape shape, double lo, double hi, long seed) {
    String op = "Tensor.randomUniform";
    requireShape(op, shape);
    return Internal.make(
        DType.FLOAT32, shape, Randoms.uniform(op, Check.size(op, shape), lo, hi, seed));
  }

  // ---------------------------------------------------------------- readers

  public static float[] toFloatArray(Tensor t) {
    return DTypeConversion.toFloat("toFloatArray", t);
  }

  public static void copyTo(Tensor t, java.nio.FloatBuffer dst) {
    DTypeConversion.copyTo("copyTo", t, dst);
  }

  public static void copyTo(Tensor t, java.nio.DoubleBuffer dst) {
    DTypeConversion.copyTo("copyTo", t, dst);
  }

  public static double[] toDoubleArray(Tensor t) {
    return DTypeConversion.toDouble("toDoubleArray", t);
  }

  public static int[] toIntArray(Tensor t) {
    return DTypeConversion.toInt("toIntArray", t);
  }

  public static long[] toLongArray(Tensor t) {
    return DTypeConversion.toLong("toLongArray", t);
  }

  public static boolean[] toBooleanArray(Tensor t) {
    return DTypeConversion.toBoolean("toBooleanArray", t);
  }

  public static Complex[] toComplexArray(Tensor t) {
    return DTypeConversion.toComplex(t);
  }

  public static Object toArray(Tensor t) {
    return JavaArrays.nest(t);
  }

  public static Object toArray(Tensor t, Class<?> type) {
    return JavaArrays.nestAs(t, type);
  }

  /**
   * TF's {@code tf.linspace(start, stop, num)} (math_ops.py {@code linspace_nd}) in float32: {@code
   * delta = (stop - start) / max(num - 1, 1)}, {@code y[i] = start + delta * i}, the last element
   * exactly {@code stop}; {@code num == 0} gives an empty vector.
   */
  public static Tensor linspace(float start, float stop, int num) {
    float delta = (stop - start) / (float) Math.max(num - 1, 1);
    float[] y = new float[linspaceCount(start, stop, num, Float.BYTES)];
    for (int i = 0; i < num; i++) {
      // the ends are start and stop themselves, as TF concatenates them (also when delta is inf)
      y[i] = i == 0 ? start : i == num - 1 ? stop : start + delta * (float) i;
    }
    return Internal.make(DType.FLOAT32, Shape.of(num), y);
  }

  /** {@link #linspace(float, float, int)} in float64. */
  public static Tensor linspace(double start, double stop, int num) {
    double delta = (stop - start) / Math.max(num - 1, 1);
    double[] y = new double[linspaceCount(start, stop, num, Double.BYTES)];
    for (int i = 0; i < num; i++) {
      y[i] = i == 0 ? start : i == num - 1 ? stop : start + delta * i;
    }
    return Internal.make(DType.FLOAT64, Shape.of(num), y);
  }

  private static int linspaceCount(double start, double stop, int num, int bytes) {
    String what = "Tensor.linspace(" + start + ", " + stop + ", " + num + ")";
    if (num < 0) {
      throw new IllegalArgumentException(what + ": num must be >= 0");
    }
    // a count that can never fit is the caller's mistake, not an OutOfMemoryError to escape
    long need = (long) num * bytes;
    long max = Runtime.getRuntime().maxMemory();
    if (need > max) {
      throw new IllegalArgumentException(
          what + ": " + need + " bytes exceed the JVM's maximum heap (-Xmx) of " + max + " bytes");
    }
    return num;
  }

  /** Returns t if it has exactly one element, else an IllegalArgumentException naming op. */
  public static Tensor single(String op, Tensor t) {
    if (t.size() != 1) {
      throw new IllegalArgumentException(
          op
              + ": needs a tensor of exactly one element, got shape "
              + t.shape()
              + " ("
              + t.size()
              + " elements, dtype "
              + t.dtype()
              + ")");
    }
    return t;
  }

  // ---------------------------------------------------------------- operands

  /**
   * A 0-d tensor of {@code like}'s dtype holding {@code v} (IAE if the dtype cannot hold it): an
   * integer dtype takes only integral values in range, a complex one takes {@code (v, 0)}, BOOL
   * takes no number (TF: {@code tf.constant([True]) == 1} cannot convert 1 to bool).
   */
  public static Tensor operand(String op, double v, Tensor like) {
    DType d = like.dtype();
    Shape s = Shape.scalar();
    return switch (d) {
      case FLOAT32 -> Internal.make(d, s, new float[] {(float) v});
      case FLOAT64 -> Internal.make(d, s, new double[] {v});
      case COMPLEX64 -> Internal.make(d, s, new float[] {(float) v, 0});
      case COMPLEX128 -> Internal.make(d, s, new double[] {v, 0});
      case INT32 -> {
        if (!(v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)) {
          throw notHeld(op, v, like);
        }
        yield Internal.make(d, s, new int[] {(int) v});
      }
      case INT64 -> {
        if (!(v == Math.rint(v) && v >= -0x1p63 && v < 0x1p63)) {
          throw notHeld(op, v, like);
        }
        yield Internal.make(d, s, new long[] {(long) v});
      }
      case BOOL -> throw notHeld(op, v, like);
    };
  }

  private static IllegalArgumentException notHeld(String op, double v, Tensor like) {
    String why =
        like.dtype() == DType.BOOL
            ? "a number never converts to bool"
            : !Double.isFinite(v)
                ? "it is not finite"
                : v == Math.rint(v) ? "it is out of range" : "it is not an integer";
    return new IllegalArgumentException(
        op
            + ": the number "
            + v
            + " cannot take the dtype "
            + like.dtype()
            + " of the tensor operand"
            + " (shape "
            + like.shape()
            + "): "
            + why);
  }

  /** One operand of a unary op: a Tensor as is, a Java value converted by Tensor.of rules. */
  public static Tensor operand(String op, Object x) {
    Check.notNull(op, "x", x);
    return x instanceof Tensor t ? t : of(op, x, null, null);
  }

  /**
   * Two operands of a binary op. A Java value takes the dtype of the Tensor operand, whichever side
   * it is on; two Tensors come back as they are (the op checks their dtypes). With no Tensor, the
   * Java types decide: a Java scalar takes the dtype of a Java array operand; two arrays must have
   * the same element type; of two scalars the wider type wins (complex > double > float > long >
   * int > boolean), so {@code Ops.add(1, 2.5f)} is FLOAT32.
   */
  public static Tensor[] operands(String op, Object a, Object b) {
    Check.notNull(op, "a", a);
    Check.notNull(op, "b", b);
    String opA = op + ": argument 'a'";
    String opB = op + ": argument 'b'";
    if (a instanceof Tensor ta) {
      return new Tensor[] {ta, b instanceof Tensor tb ? tb : of(opB, b, ta.dtype(), null)};
    }
    if (b instanceof Tensor tb) {
      return new Tensor[] {of(opA, a, tb.dtype(), null), tb};
    }
    Tensor x = JavaArrays.read(opA, a);
    Tensor y = JavaArrays.read(opB, b);
    if (x.dtype() == y.dtype()) {
      return new Tensor[] {x, y};
    }
    boolean sa = JavaArrays.isScalar(a);
    boolean sb = JavaArrays.isScalar(b);
    DType d;
    if (sa == sb) {
      if (!sa) {
        throw new IllegalArgumentException(
            op
                + ": the arrays have different dtypes "
                + x.dtype()
                + " ("
                + a.getClass().getTypeName()
                + ", shape "
                + x.shape()
                + ") and "
                + y.dtype()
                + " ("
                + b.getClass().getTypeName()
                + ", shape "
                + y.shape()
                + "); convert one of them, or pass a Tensor");
      }
      d = rank(x.dtype()) >= rank(y.dtype()) ? x.dtype() : y.dtype();
    } else {
      d = sa ? y.dtype() : x.dtype();
    }
    return new Tensor[] {DTypeConversion.exact(opA, x, d), DTypeConversion.exact(opB, y, d)};
  }

  /** The widening order of Java scalar types. */
  private static int rank(DType d) {
    return switch (d) {
      case BOOL -> 0;
      case INT32 -> 1;
      case INT64 -> 2;
      case FLOAT32 -> 3;
      case FLOAT64 -> 4;
      case COMPLEX64 -> 5;
      case COMPLEX128 -> 6;
    };
  }

  // ---------------------------------------------------------------- variables

  /** The initial value of a Variable converted to dtype (null: inferred). */
  public static Tensor variableInitial(Object value, DType dtype) {
    Check.notNull("Variable", "initialValue", value);
    return of("Variable", value, dtype, null);
  }

  /**
   * A value for assign/assignAdd/assignSub: the variable's dtype and shape, else IAE. A Java value
   * is converted to the variable's dtype; a Tensor must already have it; a Variable comes back as a
   * snapshot, so its array may be shared safely.
   */
  public static Tensor assignOperand(String op, Object value, Variable v) {
    Check.notNull(op, "value", value);
    Tensor t;
    if (value instanceof Tensor x) {
      t = x instanceof Variable w ? Internal.snapshot(w) : x;
      if (t.dtype() != v.dtype()) {
        throw new IllegalArgumentException(
            op
                + ": cannot assign a value of dtype "
                + t.dtype()
                + " (shape "
                + t.shape()
                + ") to variable '"
                + v.name()
                + "' of dtype "
                + v.dtype()
                + " (shape "
                + v.shape()
                + "); cast it first");
      }
    } else {
      t = of(op, value, v.dtype(), null);
    }
    if (!t.shape().equals(v.shape())) {
      throw new IllegalArgumentException(
          op
              + ": cannot assign a value of shape "
              + t.shape()
              + " to variable '"
              + v.name()
              + "' of shape "
              + v.shape()
              + " (dtype "
              + v.dtype()
              + "): the shapes must be equal");
    }
    return t;
  }
}
