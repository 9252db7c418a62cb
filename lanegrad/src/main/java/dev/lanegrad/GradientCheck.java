package dev.lanegrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Checks a function's tape gradients against central finite differences computed in FLOAT64, and
 * says where they differ (richer than PyTorch's {@code gradcheck}, which only passes or raises).
 *
 * <p>The function is evaluated at FLOAT64 copies of the inputs. The analytic Jacobian {@code J[k,
 * j] = d y[k] / d x_i[j]} comes from a {@link GradientTape} (one vector-Jacobian product per output
 * element {@code k}); the numeric one from central differences {@code (f(x + h e_j)[k] - f(x - h
 * e_j)[k]) / 2h} with {@code h = step * max(1, |x_j|)}. Each entry's error is {@code |analytic -
 * numeric| / max(1, |analytic|, |numeric|)}: relative for large entries, absolute below 1, so that
 * an entry that should be 0 is not judged by the noise around it.
 *
 * <pre>{@code
 * GradientCheck.Result r = GradientCheck.check(
 *     xs -> xs.get(0).mul(xs.get(1)).tanh(),           // any function of FLOAT64 tensors
 *     Tensor.of(new double[] {0.5, 1.5}), Tensor.of(2.0));
 * assert r.passed(1e-6) : r;                            // the report names the worst entries
 * System.out.println(r.worstRelativeError(1));          // e.g. 3.1e-11
 * }</pre>
 *
 * <p>A wrong gradient is reported entry by entry ({@code x^2} with a custom gradient of {@code g *
 * x}):
 *
 * <pre>
 * GradientCheck: FAILED at tolerance 1.0e-06 (1 input, 1 output element of shape (), step 1.0e-06)
 *   input 0 shape=(2,): worst relative error 0.5000000000693889 at x[0] for y[] (analytic 0.5, numeric 1.0000000001387779)
 *     x[0] for y[]: analytic 0.5, numeric 1.0000000001387779, error 0.5000000000693889
 *     x[1] for y[]: analytic 1.5, numeric 3.0, error 0.5
 * </pre>
 *
 * Inputs must be real floating tensors (FLOAT32 inputs are checked at their FLOAT64 value); the
 * output must be a real floating tensor. An input whose gradient the tape does not give ({@code
 * null}: not connected) counts as zeros and is marked in the report.
 */
public final class GradientCheck {
  /** The default finite-difference step, about the cube root of FLOAT64's epsilon. */
  public static final double DEFAULT_STEP = 1e-6;

  /** The tolerance {@link Result#passed()} and {@link Result#toString()} use. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /** The largest Jacobian checked: each entry costs a backward pass share and two evaluations. */
  public static final long MAX_ENTRIES = 4_000_000;

  /** The most input elements checked at once (each costs two evaluations of the function). */
  public static final long MAX_INPUT_ELEMENTS = 20_000;

  /** Entries listed per input in a report. */
  private static final int LISTED = 10;

  private GradientCheck() {}

  /** {@link #check(Function, List, double)} of a one-input function. */
  public static Result check(UnaryOperator<Tensor> f, Tensor x) {
    if (f == null) {
      throw new IllegalArgumentException("GradientCheck.check: argument 'f' is null");
    }
    return check(xs -> f.apply(xs.get(0)), List.of(nonNull(x, "x")), DEFAULT_STEP);
  }

  /** {@link #check(Function, List, double)} with the default step. */
  public static Result check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("GradientCheck.check: argument 'inputs' is null");
    }
    return check(f, Arrays.asList(inputs), DEFAULT_STEP);
  }

  /**
   * Compares the tape's Jacobian of {@code f} at {@code inputs} with central differences.
   *
   * @param f a function of FLOAT64 tensors (one per input, in order) to a real floating tensor; it
   *     is called {@code 1 + 2 * (total input elements)} times
   * @param inputs the point to check at: real floating tensors (variables are read now)
   * @param step the relative finite-difference step, in (0, 1)
   * @throws IllegalArgumentException for null arguments, integer, bool or complex inputs or output,
   *     no inputs, or a step out of range
   */
  public static Result check(
      Function<List<Tensor>, Tensor> f, List<? extends Tensor> inputs, double step) {
    if (f == null) {
      throw new IllegalArgumentException("GradientCheck.check: argument 'f' is null");
    }
    if (inputs == null) {
      throw new IllegalArgumentException("GradientCheck.check: argument 'inputs' is null");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("GradientCheck.check: no inputs to check");
    }
    if (!(step > 0 && step < 1)) {
      throw new IllegalArgumentException("GradientCheck.check: step " + step + " is not in (0, 1)");
    }
    int n = inputs.size();
    Shape[] shapes = new Shape[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      Tensor t = inputs.get(i);
      if (t == null) {
        throw new IllegalArgumentException("GradientCheck.check: inputs[" + i + "] is null");
      }
      if (!t.dtype().isFloating() || t.dtype().isComplex()) {
        throw new IllegalArgumentException(
            "GradientCheck.check: inputs["
                + i
                + "] has dtype "
                + t.dtype()
                + " (shape "
                + t.shape()
                + "); only real floating inputs have gradients to check");
      }
      shapes[i] = t.shape();
      x[i] = t.toDoubleArray();
    }

    long totalIn = 0;
    for (double[] xi : x) {
      totalIn += xi.length;
    }

    if (totalIn > MAX_INPUT_ELEMENTS) {
      throw new IllegalArgumentException(
          "GradientCheck.check: "
              + totalIn
              + " input elements need "
              + (2 * totalIn + 1)
              + " evaluations; at most "
              + MAX_INPUT_ELEMENTS
              + " are checked at once");
    }

    // analytic: one vector-Jacobian product per output element, on one persistent tape
    List<Tensor> sources = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sources.add(new Tensor(DType.FLOAT64, shapes[i], x[i].clone()));
    }
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      tape.watch(sources.toArray(new Tensor[0]));
      y = f.apply(List.copyOf(sources));
    }
    checkOutput(y);
    if (y.size() * totalIn > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "GradientCheck.check: the Jacobian of an output of shape "
              + y.shape()
              + " with respect to "
              + totalIn
              + " input elements has "
              + y.size() * totalIn
              + " entries, more than the "
              + MAX_ENTRIES
              + " checked at once; check a smaller problem or reduce the output");
    }
    int m = Math.toIntExact(y.size());
    double[] y0 = y.toDoubleArray();
    double[][][] analytic = new double[n][m][];
    boolean[] connected = new boolean[n];
    String[] problems = new String[n];
    for (int k = 0; k < m; k++) {
      Tensor seed = oneHot(y, k);
      List<Tensor> g = tape.gradient(y, sources, seed, UnconnectedGradients.NONE);
      for (int i = 0; i < n; i++) {
        Tensor gi = g.get(i);
        int size = x[i].length;
        if (gi == null) {
          analytic[i][k] = new double[size];
          continue;
        }
        connected[i] = true;
        if (!gi.shape().equals(shapes[i]) || gi.dtype() != DType.FLOAT64) {
          if (problems[i] == null) {
            problems[i] =
                "the tape's gradient has shape "
                    + gi.shape()
                    + " and dtype "
                    + gi.dtype()
                    + ", expected shape "
                    + shapes[i]
                    + " and dtype float64";
          }
          analytic[i][k] = new double[size];
          Arrays.fill(analytic[i][k], Double.NaN);
          continue;
        }
        analytic[i][k] = gi.toDoubleArray();
      }
    }

    // numeric: central differences, one input element at a time
    double[][][] numeric = new double[n][m][];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < m; k++) {
        numeric[i][k] = new double[x[i].length];
      }
      for (int j = 0; j < x[i].length; j++) {
        double xj = x[i][j];
        double h = step * Math.max(1, Math.abs(xj));
        double[] plus = evaluate(f, shapes, x, i, j, xj + h, y);
        double[] minus = evaluate(f, shapes, x, i, j, xj - h, y);
        double width = (xj + h) - (xj - h); // the step as the doubles really moved
        for (int k = 0; k < m; k++) {
          numeric[i][k][j] = (plus[k] - minus[k]) / width;
        }
      }
    }
    return new Result(shapes, y.shape(), y0, analytic, numeric, connected, problems, step);
  }

  private static Tensor nonNull(Tensor t, String name) {
    if (t == null) {
      throw new IllegalArgumentException("GradientCheck.check: argument '" + name + "' is null");
    }
    return t;
  }

  private static void checkOutput(Tensor y) {
    if (y == null) {
      throw new IllegalArgumentException("GradientCheck.check: the function returned null");
    }
    if (!y.dtype().isFloating() || y.dtype().isComplex()) {
      throw new IllegalArgumentException(
          "GradientCheck.check: the function returned dtype "
              + y.dtype()
              + " (shape "
              + y.shape()
              + "); only a real floating output has gradients");
    }
  }

  private static Tensor oneHot(Tensor y, int k) {
    double[] e = new double[Math.toIntExact(y.size())];
    e[k] = 1;
    Tensor t = new Tensor(DType.FLOAT64, y.shape(), e);
    return y.dtype() == DType.FLOAT64 ? t : t.cast(y.dtype());
  }

  private static double[] evaluate(
      Function<List<Tensor>, Tensor> f,
      Shape[] shapes,
      double[][] x,
      int i,
      int j,
      double v,
      Tensor like) {
    List<Tensor> args = new ArrayList<>(x.length);
    for (int a = 0; a < x.length; a++) {
      double[] d = x[a].clone(); // the function may keep what it is given: fresh arrays each time
      if (a == i) {
        d[j] = v;
      }
      args.add(new Tensor(DType.FLOAT64, shapes[a], d));
    }
    Tensor y = f.apply(List.copyOf(args));
    checkOutput(y);
    if (!y.shape().equals(like.shape())) {
      throw new IllegalArgumentException(
          "GradientCheck.check: the function returned shape "
              + y.shape()
              + " at a perturbed input"
              + " but "
              + like.shape()
              + " at the original one");
    }
    return y.toDoubleArray();
  }

  /**
   * The outcome of a check: per input, the worst error over its Jacobian entries, and every entry
   * for a report. Immutable.
   */
  public static final class Result {
    private final Shape[] shapes;
    private final Shape outShape;
    private final double[] value;

    /** [input][output element][input element]. */
    private final double[][][] analytic;

    private final double[][][] numeric;
    private final boolean[] connected;
    private final String[] problems;
    private final double step;
    private final double[] worstRel;
    private final double[] worstAbs;
    private final int[] worstK;
    private final int[] worstJ;

    Result(
        Shape[] shapes,
        Shape outShape,
        double[] value,
        double[][][] analytic,
        double[][][] numeric,
        boolean[] connected,
        String[] problems,
        double step) {
      this.shapes = shapes;
      this.outShape = outShape;
      this.value = value;
      this.analytic = analytic;
      this.numeric = numeric;
      this.connected = connected;
      this.problems = problems;
      this.step = step;
      int n = shapes.length;
      worstRel = new double[n];
      worstAbs = new double[n];
      worstK = new int[n];
      worstJ = new int[n];
      for (int i = 0; i < n; i++) {
        worstK[i] = -1;
        worstJ[i] = -1;
        for (int k = 0; k < analytic[i].length; k++) {
          for (int j = 0; j < analytic[i][k].length; j++) {
            double a = analytic[i][k][j];
            double u = numeric[i][k][j];
            double abs = Math.abs(a - u);
            double rel = error(a, u);
            if (worstK[i] < 0
                || (!Double.isNaN(worstRel[i]) && (Double.isNaN(rel) || rel > worstRel[i]))) {
              worstRel[i] = rel;
              worstK[i] = k;
              worstJ[i] = j;
            }
            if (!Double.isNaN(worstAbs[i]) && (Double.isNaN(abs) || abs > worstAbs[i])) {
              worstAbs[i] = abs;
            }
          }
        }
        if (problems[i] != null) {
          worstRel[i] = Double.POSITIVE_INFINITY;
        }
      }
    }

    private static double error(double a, double u) {
      if (a == u) {
        return 0; // equal infinities too
      }
      return Math.abs(a - u) / Math.max(1, Math.max(Math.abs(a), Math.abs(u)));
    }

    /** The number of inputs checked. */
    public int inputs() {
      return shapes.length;
    }

    /**
     * The worst {@code |analytic - numeric| / max(1, |analytic|, |numeric|)} over the Jacobian
     * entries of input {@code i}; NaN if an entry is NaN, infinite if the tape's gradient had the
     * wrong shape or dtype.
     */
    public double worstRelativeError(int i) {
      return worstRel[index(i)];
    }

    /** The worst {@code |analytic - numeric|} over the Jacobian entries of input {@code i}. */
    public double worstAbsoluteError(int i) {
      return worstAbs[index(i)];
    }

    /** The worst relative error over all inputs. */
    public double worstRelativeError() {
      double w = 0;
      for (double e : worstRel) {
        if (Double.isNaN(e) || e > w) {
          w = e;
          if (Double.isNaN(e)) {
            break;
          }
        }
      }
      return w;
    }

    /** Whether the tape gave input {@code i} a gradient (false: not connected, taken as zeros). */
    public boolean connected(int i) {
      return connected[index(i)];
    }

    /** The tape's Jacobian of input {@code i}: {@code [outputElement][inputElement]}, a copy. */
    public double[][] analytic(int i) {
      return copy(analytic[index(i)]);
    }

    /** The central-difference Jacobian of input {@code i}, laid out as {@link #analytic(int)}. */
    public double[][] numeric(int i) {
      return copy(numeric[index(i)]);
    }

    /** The function's value at the inputs, flat. */
    public double[] value() {
      return value.clone();
    }

    /** Every input's worst relative error is at most {@code tolerance} (and none is NaN). */
    public boolean passed(double tolerance) {
      for (double e : worstRel) {
        if (!(e <= tolerance)) {
          return false;
        }
      }
      return true;
    }

    /** {@link #passed(double)} at {@link GradientCheck#DEFAULT_TOLERANCE}. */
    public boolean passed() {
      return passed(DEFAULT_TOLERANCE);
    }

    /** {@link #report(double)} at {@link GradientCheck#DEFAULT_TOLERANCE}. */
    @Override
    public String toString() {
      return report(DEFAULT_TOLERANCE);
    }

    /**
     * A readable report: the verdict, then per input its worst error with the analytic and numeric
     * values there, and up to ten entries whose error exceeds {@code tolerance}.
     */
    public String report(double tolerance) {
      StringBuilder s = new StringBuilder();
      int m = value.length;
      s.append("GradientCheck: ")
          .append(passed(tolerance) ? "passed" : "FAILED")
          .append(" at tolerance ")
          .append(String.format("%.1e", tolerance))
          .append(" (")
          .append(shapes.length)
          .append(shapes.length == 1 ? " input, " : " inputs, ")
          .append(m)
          .append(m == 1 ? " output element" : " output elements")
          .append(" of shape ")
          .append(outShape)
          .append(", step ")
          .append(String.format("%.1e", step))
          .append(")\n");
      for (int i = 0; i < shapes.length; i++) {
        s.append("  input ").append(i).append(" shape=").append(shapes[i]).append(": ");
        if (problems[i] != null) {
          s.append(problems[i]).append('\n');
          continue;
        }
        if (!connected[i]) {
          s.append("(no gradient from the tape: not connected, taken as zeros) ");
        }
        if (worstK[i] < 0) {
          s.append("no elements\n");
          continue;
        }
        int k0 = worstK[i];
        int j0 = worstJ[i];
        s.append("worst relative error ")
            .append(worstRel[i])
            .append(" at ")
            .append(entry(i, k0, j0))
            .append(" (analytic ")
            .append(analytic[i][k0][j0])
            .append(", numeric ")
            .append(numeric[i][k0][j0])
            .append(")\n");
        int listed = 0;
        int more = 0;
        for (int k = 0; k < analytic[i].length; k++) {
          for (int j = 0; j < analytic[i][k].length; j++) {
            double a = analytic[i][k][j];
            double u = numeric[i][k][j];
            double e = error(a, u);
            if (!(e <= tolerance)) {
              if (listed < LISTED) {
                s.append("    ")
                    .append(entry(i, k, j))
                    .append(": analytic ")
                    .append(a)
                    .append(", numeric ")
                    .append(u)
                    .append(", error ")
                    .append(e)
                    .append('\n');
                listed++;
              } else {
                more++;
              }
            }
          }
        }
        if (more > 0) {
          s.append("    ... and ").append(more).append(" more entries over the tolerance\n");
        }
      }
      return s.toString();
    }

    private String entry(int i, int k, int j) {
      return "x[" + multiIndex(shapes[i], j) + "] for y[" + multiIndex(outShape, k) + "]";
    }

    private static String multiIndex(Shape shape, int flat) {
      int r = shape.rank();
      int[] idx = new int[r];
      for (int a = r - 1; a >= 0; a--) {
        int d = shape.dim(a);
        idx[a] = flat % d;
        flat /= d;
      }
      StringBuilder s = new StringBuilder();
      for (int a = 0; a < r; a++) {
        if (a > 0) {
          s.append(", ");
        }
        s.append(idx[a]);
      }
      return s.toString();
    }

    private int index(int i) {
      if (i < 0 || i >= shapes.length) {
        throw new IllegalArgumentException(
            "GradientCheck.Result: input " + i + " is out of range; " + shapes.length + " inputs");
      }
      return i;
    }

    private static double[][] copy(double[][] a) {
      double[][] c = new double[a.length][];
      for (int k = 0; k < a.length; k++) {
        c[k] = a[k].clone();
      }
      return c;
    }
  }
}
