package dev.lanegrad.internal.ops;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;

/**
 * NaN and infinity checks: {@code checkNumerics(t, message)} (TF's {@code
 * tf.debugging.check_numerics}) and the global switch that makes every op check its output (TF's
 * {@code tf.debugging.enable_check_numerics}), which {@link Recorder} consults after each op.
 */
public final class Numerics {
  /**
   * Read by every op in {@link Recorder#record}: off, that costs one volatile read (a plain load on
   * x86 and ARM).
   */
  static volatile boolean enabled;

  private Numerics() {}

  /** Turns the per-op check on or off for every thread. */
  public static void enable(boolean on) {
    enabled = on;
  }

  public static boolean enabled() {
    return enabled;
  }

  /**
   * {@code t} unchanged (a new tensor over the same values) if every element is finite; the
   * gradient flows through unchanged and is itself checked.
   *
   * @throws IllegalArgumentException if an element is NaN or infinite (the message starts with
   *     {@code message} and counts them), or the dtype is not floating or complex
   */
  public static Tensor checkNumerics(Tensor t, String message) {
    Check.notNull("checkNumerics", "t", t);
    Check.notNull("checkNumerics", "message", message);
    if (!t.dtype().isFloating() && !t.dtype().isComplex()) {
      throw new IllegalArgumentException(
          "checkNumerics: dtype "
              + t.dtype()
              + " (shape "
              + t.shape()
              + ") has no NaN or"
              + " infinity; expected a floating or complex tensor");
    }
    Tensor value = t instanceof Variable v ? Internal.snapshot(v) : t;
    String bad = describe(value);
    if (bad != null) {
      throw new IllegalArgumentException(
          "checkNumerics: "
              + message
              + ": the tensor of shape "
              + t.shape()
              + " and dtype "
              + t.dtype()
              + " "
              + bad);
    }
    Tensor y = Internal.make(value.dtype(), value.shape(), Internal.data(value));
    return Recorder.recordWith("checkNumerics", y, CHECK_NUMERICS_GRAD, message, t);
  }

  /** The gradient passes through, itself checked (TF's _CheckNumericsGrad); attrs: the message. */
  static final GradRule CHECK_NUMERICS_GRAD =
      (e, g) ->
          new Tensor[] {
            e.needs(0)
                ? checkNumerics(
                    g, "NaN or infinity in the gradient of checkNumerics(" + e.attrs() + ")")
                : null
          };

  /** Called by {@link Recorder} after each op while the switch is on. */
  static void afterOp(String op, Tensor y, Tensor[] inputs) {
    if (y == null || (!y.dtype().isFloating() && !y.dtype().isComplex())) {
      return;
    }
    String bad = describe(y);
    if (bad == null) {
      return;
    }
    StringBuilder s =
        new StringBuilder("checkNumerics: op '")
            .append(op)
            .append("' produced a non-finite value: its output of shape ")
            .append(y.shape())
            .append(" and dtype ")
            .append(y.dtype())
            .append(' ')
            .append(bad)
            .append("; inputs:");
    boolean inputsFinite = true;
    for (int i = 0; i < inputs.length; i++) {
      Tensor x = inputs[i];
      if (x == null) {
        continue;
      }
      s.append(i == 0 ? " " : ", ").append(x.shape()).append(' ').append(x.dtype());
      if (x.dtype().isFloating() || x.dtype().isComplex()) {
        String xb = describe(x);
        if (xb != null) {
          inputsFinite = false;
          s.append(" (already non-finite: ").append(xb).append(')');
        }
      }
    }
    if (inputsFinite) {
      s.append(" (all finite: this op made the first NaN or infinity)");
    }
    throw new IllegalArgumentException(s.toString());
  }

  /**
   * Null if every element is finite, else "has N NaN and M infinite elements (first at [i, j])".
   */
  static String describe(Tensor t) {
    Object d = Internal.data(t);
    long nan = 0;
    long inf = 0;
    int first = -1;
    int width = t.dtype().isComplex() ? 2 : 1;
    if (d instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        float v = a[i];
        if (!Float.isFinite(v)) {
          if (Float.isNaN(v)) nan++;
          else inf++;
          if (first < 0) first = i / width;
        }
      }
    } else if (d instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        double v = a[i];
        if (!Double.isFinite(v)) {
          if (Double.isNaN(v)) nan++;
          else inf++;
          if (first < 0) first = i / width;
        }
      }
    } else {
      return null;
    }
    if (first < 0) {
      return null;
    }
    String what = t.dtype().isComplex() ? " parts" : " elements";
    return "has "
        + nan
        + " NaN and "
        + inf
        + " infinite"
        + what
        + " (the first at ["
        + index(t.shape(), first)
        + "])";
  }

  private static String index(Shape shape, int flat) {
    int[] dims = Internal.dims(shape);
    int[] idx = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      idx[a] = flat % dims[a];
      flat /= dims[a];
    }
    StringBuilder s = new StringBuilder();
    for (int a = 0; a < idx.length; a++) {
      s.append(a == 0 ? "" : ", ").append(idx[a]);
    }
    return s.toString();
  }
}
