package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.UnaryOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One table of rows (op, input generator, input shapes = the broadcast pattern, function), each
 * checked against central finite differences in FLOAT64 on seeded random inputs through the public
 * {@link GradientCheck}: at first order the Jacobian of f and the gradient of {@code L = sum(f(x) *
 * W)} (W random, so every output element counts), then the second order through nested tapes, the
 * function {@code x -> sum_i sum(inner.gradient(L, x_i) * V_i)} under GradientCheck's tape, then
 * the first order again in FLOAT32 against the FLOAT64 answer (dtype and shape of every gradient
 * checked). A failure shows the row's seed and GradientCheck's report. A guard at the end asserts
 * that every differentiable public op had rows that ran.
 */
class GradientCheckTest {
  private static final long SEED = 0x5EEDL;
  private static final double H = 1e-5;

  interface Fn {
    Tensor apply(Tensor[] x);
  }

  interface Gen {
    /** A value for input {@code i}, kept away from the op's kinks and poles. */
    double next(SplittableRandom r, int i);
  }

  /** Any sign, magnitude in [0.2, 2]: away from the kinks at 0 (abs, relu, sign, division). */
  static final Gen AWAY = (r, i) -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.2, 2);

  /** Positive, for log, sqrt and the base of pow. */
  static final Gen POS = (r, i) -> r.nextDouble(0.5, 2);

  /** pow: a positive base and an exponent of any sign. */
  static final Gen POW = (r, i) -> i == 0 ? r.nextDouble(0.5, 2) : r.nextDouble(-2, 2);

  record Row(String op, String pattern, Gen gen, int[][] shapes, Fn f, double tol, double h) {
    @Override
    public String toString() {
      return op + " " + pattern;
    }
  }

  static final List<Row> ROWS = new ArrayList<>();

  static void row(String op, Gen gen, Fn f, int[]... shapes) {
    row(op, 1e-6, H, gen, f, shapes);
  }

  /**
   * A row with its own tolerance and finite-difference step ({@link GradientCheck}'s relative step:
   * each input element moves by {@code h * max(1, |x|)}).
   */
  static void row(String op, double tol, double h, Gen gen, Fn f, int[]... shapes) {
    StringBuilder p = new StringBuilder();
    for (int[] s : shapes) {
      p.append(Arrays.toString(s));
    }
    ROWS.add(new Row(op, p.toString(), gen, shapes, f, tol, h));
  }

  static int[] s(int... d) {
    return d;
  }

  /** NumPy broadcast patterns for binary ops. */
  static final int[][][] BROADCAST = {
    {s(3, 4), s(3, 4)}, {s(3, 4), s(4)}, {s(4), s(3, 4)}, {s(3, 1), s(1, 4)},
    {s(2, 3, 4), s(3, 1)}, {s(), s(3, 4)}, {s(3, 4), s()}, {s(2, 1, 4), s(2, 3, 1)}
  };

  static void binary(String op, Gen gen, Fn f) {
    for (int[][] pattern : BROADCAST) {
      row(op, gen, f, pattern);
    }
  }

  static void unary(String op, Gen gen, Fn f) {
    row(op, gen, f, s(3, 4));
    row(op, gen, f, s());
  }

  static {
    binary("add", AWAY, x -> Ops.add(x[0], x[1]));
    binary("subtract", AWAY, x -> Ops.subtract(x[0], x[1]));
    binary("multiply", AWAY, x -> Ops.multiply(x[0], x[1]));
    binary("divide", AWAY, x -> Ops.divide(x[0], x[1]));
    binary("pow", POW, x -> Ops.pow(x[0], x[1]));
    binary("maximum", AWAY, x -> Ops.maximum(x[0], x[1]));
    binary("minimum", AWAY, x -> Ops.minimum(x[0], x[1]));
    unary("negative", AWAY, x -> Ops.negative(x[0]));
    unary("abs", AWAY, x -> Ops.abs(x[0]));
    unary("square", AWAY, x -> Ops.square(x[0]));
    unary("sqrt", POS, x -> Ops.sqrt(x[0]));
    unary("exp", AWAY, x -> Ops.exp(x[0]));
    unary("log", POS, x -> Ops.log(x[0]));
    unary("sign", AWAY, x -> Ops.sign(x[0]));
    unary("relu", AWAY, x -> Ops.relu(x[0]));
    unary("sigmoid", AWAY, x -> Ops.sigmoid(x[0]));
    unary("tanh", AWAY, x -> Ops.tanh(x[0]));
    // the fused backward ops: reluGrad(dy, x) = dy * (x > 0), absGrad(dy, x) = dy * sign(x)
    row("reluGrad", AWAY, x -> UnaryOps.reluGrad(x[0], x[1]), s(3, 4), s(3, 4));
    row("absGrad", AWAY, x -> UnaryOps.absGrad(x[0], x[1]), s(3, 4), s(3, 4));

    for (String op : List.of("reduceSum", "reduceMean", "reduceMax", "reduceMin")) {
      row(op, AWAY, x -> reduce(op, x[0], null, false), s(3, 4));
      row(op, AWAY, x -> reduce(op, x[0], null, false), s(2, 3, 2));
      row(op, AWAY, x -> reduce(op, x[0], null, false), s(5));
      for (int[] axes : new int[][] {{0}, {1}, {-1}, {0, 1}}) {
        for (boolean keep : new boolean[] {false, true}) {
          row(
              op + Arrays.toString(axes) + (keep ? " keepDims" : ""),
              AWAY,
              x -> reduce(op, x[0], axes, keep),
              s(3, 4));
        }
      }
      row(op + "[0, 2]", AWAY, x -> reduce(op, x[0], new int[] {0, 2}, true), s(2, 3, 2));
    }

    row("reshape", AWAY, x -> Ops.reshape(x[0], 4, 3), s(3, 4));
    row("reshape", AWAY, x -> Ops.reshape(x[0], -1), s(2, 3, 2));
    row("reshape", AWAY, x -> Ops.reshape(x[0], 2, -1, 1), s(3, 4));
    row("transpose", AWAY, x -> Ops.transpose(x[0]), s(3, 4));
    row("transpose", AWAY, x -> Ops.transpose(x[0]), s(2, 3, 4));
    row("transpose", AWAY, x -> Ops.transpose(x[0], 1, 2, 0), s(2, 3, 4));
    // float64 -> float32 -> float64: both directions of a float cast. The function is linear, so a
    // large step costs no truncation error and keeps float32 rounding (1e-7) small against it
    row(
        "cast",
        1e-4,
        1e-2,
        AWAY,
        x -> Ops.cast(Ops.cast(x[0], DType.FLOAT32), DType.FLOAT64),
        s(3, 4));
    row("expandDims", AWAY, x -> Ops.expandDims(x[0], 0), s(3, 4));
    row("expandDims", AWAY, x -> Ops.expandDims(x[0], -1), s(3, 4));
    row("expandDims", AWAY, x -> Ops.expandDims(x[0], 1), s(3));
    row("squeeze", AWAY, x -> Ops.squeeze(x[0]), s(3, 1, 4));
    row("squeeze", AWAY, x -> Ops.squeeze(x[0]), s(1, 1));
    row("concat", AWAY, x -> Ops.concat(List.of(x[0], x[1]), 0), s(2, 4), s(3, 4));
    row("concat", AWAY, x -> Ops.concat(List.of(x[0], x[1], x[2]), 1), s(2, 1), s(2, 3), s(2, 2));
    row("concat", AWAY, x -> Ops.concat(List.of(x[0], x[1]), -1), s(2, 2, 3), s(2, 2, 1));
    row("stack", AWAY, x -> Ops.stack(List.of(x[0], x[1]), 0), s(3, 4), s(3, 4));
    row("stack", AWAY, x -> Ops.stack(List.of(x[0], x[1], x[2]), 1), s(3), s(3), s(3));
    row("stack", AWAY, x -> Ops.stack(List.of(x[0], x[1]), -1), s(2, 3), s(2, 3));

    // indexing, gather and scatter: linear ops, so each also has a squared row, whose second
    // order goes through the gradient op's own rule (stridedSliceGrad <-> get, putRows <->
    // takeRows)
    row("get", AWAY, x -> x[0].get("1:3, ::-1"), s(3, 4));
    row("get", AWAY, x -> x[0].get("..., 0"), s(2, 3, 4));
    row("get", AWAY, x -> x[0].get("newaxis, -1, ::2"), s(3, 4));
    row("get", AWAY, x -> x[0].get("::-2").square(), s(5));
    row("get", AWAY, x -> x[0].get("2:0:-1, 1").square(), s(3, 4));
    row("get", AWAY, x -> x[0].get("1"), s(3));
    row("slice", AWAY, x -> Ops.slice(x[0], new int[] {1, 0}, new int[] {-1, 2}), s(3, 4));
    row(
        "slice",
        AWAY,
        x -> Ops.slice(x[0], new int[] {0, 1, 1}, new int[] {2, 1, -1}).square(),
        s(2, 3, 4));
    row("split", AWAY, x -> Ops.split(x[0], 2, 1).get(1), s(3, 4));
    row(
        "split",
        AWAY,
        x -> {
          List<Tensor> p = Ops.split(x[0], new int[] {1, -1}, 0);
          return Ops.multiply(p.get(0), p.get(1));
        },
        s(3, 4));
    row("tile", AWAY, x -> Ops.tile(x[0], 2, 1), s(2, 3));
    row("tile", AWAY, x -> Ops.tile(x[0], 1, 3).square(), s(2, 2));
    row("tile", AWAY, x -> Ops.tile(x[0], 2), s(3));
    row("pad", AWAY, x -> Ops.pad(x[0], new int[][] {{1, 0}, {2, 1}}), s(2, 3));
    row("pad", AWAY, x -> Ops.pad(x[0], new int[][] {{2, 1}}, 0.5).square(), s(3));
    row("broadcastTo", AWAY, x -> Ops.broadcastTo(x[0], 2, 3), s(3));
    row("broadcastTo", AWAY, x -> Ops.broadcastTo(x[0], 2, 3, 4).square(), s(3, 1));
    row("reverse", AWAY, x -> Ops.reverse(x[0], 0), s(3, 4));
    row("reverse", AWAY, x -> Ops.reverse(x[0], 0, 1), s(3, 4));
    row("reverse", AWAY, x -> Ops.reverse(x[0], -1).square(), s(2, 3, 4));
    row(
        "booleanMask",
        AWAY,
        x -> Ops.booleanMask(x[0], new boolean[] {true, false, true}),
        s(3, 4));
    row(
        "booleanMask",
        AWAY,
        x -> Ops.booleanMask(x[0], new boolean[][] {{true, false}, {true, true}}).square(),
        s(2, 2, 3));
    row("gather", AWAY, x -> Ops.gather(x[0], new int[] {4, 0, 4, 2}, 0), s(5));
    row("gather", AWAY, x -> Ops.gather(x[0], new long[][] {{3, 0}, {1, 1}}, 1), s(3, 4));
    row(
        "gather",
        AWAY,
        x -> Ops.gather(x[0], new int[][] {{1, 0}, {3, 3}}, 2, 1).square(),
        s(2, 3, 4));
    row("gather", AWAY, x -> Ops.gather(x[0], new int[] {2, 2, 0}, 0).square(), s(3, 2));
    row("gatherNd", AWAY, x -> Ops.gatherNd(x[0], new int[][] {{0, 1}, {2, 3}, {0, 1}}), s(3, 4));
    row("gatherNd", AWAY, x -> Ops.gatherNd(x[0], new int[][] {{2}, {0}, {2}}).square(), s(3, 4));
    row(
        "scatterNd",
        AWAY,
        x -> Ops.scatterNd(new int[][] {{1}, {3}, {1}}, x[0], Shape.of(4)),
        s(3));
    row(
        "scatterNd",
        AWAY,
        x -> Ops.scatterNd(new int[][] {{2}, {0}, {2}}, x[0], Shape.of(3, 4)).square(),
        s(3, 4));
    row(
        "unsortedSegmentSum",
        AWAY,
        x -> Ops.unsortedSegmentSum(x[0], new int[] {1, -1, 0, 1}, 3),
        s(4, 3));
    row(
        "unsortedSegmentSum",
        AWAY,
        x -> Ops.unsortedSegmentSum(x[0], new int[][] {{0, 1, 0}, {1, 1, 2}}, 3).square(),
        s(2, 3));
    row("where", AWAY, x -> Ops.where(cond(3, 4), x[0], x[1]), s(3, 4), s(3, 4));
    row("where", AWAY, x -> Ops.where(cond(3, 4), x[0], x[1]), s(4), s(3, 1));
    row("where", AWAY, x -> Ops.where(cond(1, 4), x[0], x[1]), s(3, 4), s());

    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1]), s(2, 3), s(3, 4));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1], true, false), s(3, 2), s(3, 4));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1], false, true), s(2, 3), s(4, 3));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1], true, true), s(3, 2), s(4, 3));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1]), s(2, 2, 3), s(2, 3, 4));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1]), s(2, 2, 3), s(3, 4));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1]), s(2, 3), s(2, 3, 4));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1], true, true), s(2, 1, 3, 2), s(3, 4, 3));
    row("matmul", AWAY, x -> Ops.matmul(x[0], x[1], false, true), s(1, 2, 3), s(2, 4, 3));

    row("softmax", AWAY, x -> Ops.softmax(x[0], -1), s(3, 4));
    row("softmax", AWAY, x -> Ops.softmax(x[0], 0), s(3, 4));
    row("softmax", AWAY, x -> Ops.softmax(x[0], 1), s(2, 3, 2));
    row("logSoftmax", AWAY, x -> Ops.logSoftmax(x[0], -1), s(3, 4));
    row("logSoftmax", AWAY, x -> Ops.logSoftmax(x[0], 0), s(3, 4));
    MathGradientRows.register();
    NnGradientRows.register();
  }

  /** Every differentiable public op, plus the fused backward ops. */
  static final Set<String> EXPECTED =
      new TreeSet<>(
          List.of(
              "add",
              "subtract",
              "multiply",
              "divide",
              "pow",
              "maximum",
              "minimum",
              "negative",
              "abs",
              "square",
              "sqrt",
              "exp",
              "log",
              "sign",
              "relu",
              "sigmoid",
              "tanh",
              "reduceSum",
              "reduceMean",
              "reduceMax",
              "reduceMin",
              "reshape",
              "transpose",
              "cast",
              "expandDims",
              "squeeze",
              "concat",
              "stack",
              "get",
              "slice",
              "split",
              "tile",
              "pad",
              "broadcastTo",
              "reverse",
              "booleanMask",
              "gather",
              "gatherNd",
              "scatterNd",
              "unsortedSegmentSum",
              "where",
              "matmul",
              "softmax",
              "logSoftmax",
              "reluGrad",
              "absGrad"));

  static {
    EXPECTED.addAll(MathGradientRows.OPS);
    EXPECTED.addAll(NnGradientRows.OPS);
  }

  static final Set<String> CHECKED = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
  static final Set<String> CHECKED_ORDER2 =
      java.util.Collections.synchronizedSet(new LinkedHashSet<>());

  static Tensor reduce(String op, Tensor x, int[] axes, boolean keep) {
    if (axes == null) {
      return switch (op) {
        case "reduceSum" -> Ops.reduceSum(x);
        case "reduceMean" -> Ops.reduceMean(x);
        case "reduceMax" -> Ops.reduceMax(x);
        default -> Ops.reduceMin(x);
      };
    }
    return switch (op) {
      case "reduceSum" -> Ops.reduceSum(x, axes, keep);
      case "reduceMean" -> Ops.reduceMean(x, axes, keep);
      case "reduceMax" -> Ops.reduceMax(x, axes, keep);
      default -> Ops.reduceMin(x, axes, keep);
    };
  }

  /** A fixed checkerboard condition. */
  static Tensor cond(int r, int c) {
    boolean[] b = new boolean[r * c];
    for (int i = 0; i < b.length; i++) {
      b[i] = (i * 7 + i / c) % 3 != 0;
    }
    return Internal.make(DType.BOOL, Shape.of(r, c), b);
  }

  static String base(String op) {
    int i = op.indexOf('[');
    int j = op.indexOf(' ');
    int k = Math.min(i < 0 ? op.length() : i, j < 0 ? op.length() : j);
    return op.substring(0, k);
  }

  static long seedOf(Row row) {
    return SEED ^ (ROWS.indexOf(row) * 0x9E3779B97F4A7C15L);
  }

  static Tensor f64(double[] v, int[] shape) {
    return Internal.make(DType.FLOAT64, Shape.of(shape), v);
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The inputs, the weights W of L = sum(f(x) W) and V of the second-order scalar. */
  record Problem(double[][] xs, double[] w, double[][] v) {}

  static Problem problem(Row row, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] xs = new double[row.shapes.length][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = new double[size(row.shapes[i])];
      for (int k = 0; k < xs[i].length; k++) {
        xs[i][k] = row.gen.next(r, i);
      }
    }
    Tensor y = row.f.apply(tensors(row, xs));
    double[] w = new double[(int) y.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = r.nextDouble(-1.5, 1.5);
    }
    double[][] v = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      v[i] = new double[xs[i].length];
      for (int k = 0; k < v[i].length; k++) {
        v[i][k] = r.nextDouble(-1.5, 1.5);
      }
    }
    return new Problem(xs, w, v);
  }

  static Tensor[] tensors(Row row, double[][] xs) {
    Tensor[] t = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      t[i] = f64(xs[i].clone(), row.shapes[i]);
    }
    return t;
  }

  /** L = sum(f(x) * W) in FLOAT64. */
  static Tensor loss(Row row, Tensor[] x, double[] w) {
    Tensor y = row.f.apply(x);
    return Ops.reduceSum(y.mul(f64(w.clone(), Internal.dims(y.shape()).clone())));
  }

  /** S = sum_i sum(dL/dx_i * V_i), the first gradient taken with its own tape. */
  static Tensor firstGradientDotV(Row row, Tensor[] x, Problem p) {
    GradientTape inner = new GradientTape();
    Tensor l;
    try (inner) {
      inner.watch(x);
      l = loss(row, x, p.w);
    }
    List<Tensor> g = inner.gradient(l, List.of(x));
    Tensor s = null;
    for (int i = 0; i < x.length; i++) {
      if (g.get(i) != null) {
        Tensor term = Ops.reduceSum(g.get(i).mul(f64(p.v[i].clone(), row.shapes[i])));
        s = s == null ? term : s.add(term);
      }
    }
    return s;
  }

  static void compare(
      String what, Row row, long seed, int i, double[] expected, Tensor got, double tol) {
    double[] g = got == null ? new double[expected.length] : got.toDoubleArray();
    assertEquals(expected.length, g.length, what + " size, input " + i);
    for (int k = 0; k < g.length; k++) {
      if (!(Math.abs(g[k] - expected[k]) <= tol * (1 + Math.abs(expected[k])))) {
        fail(
            what
                + " of "
                + row
                + " (seed "
                + seed
                + "), input "
                + i
                + " element "
                + k
                + ": tape "
                + g[k]
                + ", finite differences "
                + expected[k]
                + "\n tape: "
                + Arrays.toString(g)
                + "\n  fd:  "
                + Arrays.toString(expected));
      }
    }
  }

  /**
   * Every row at first order, second order and in FLOAT32, then the guard, which runs last and
   * asserts that every op of {@link #EXPECTED} passed rows at both orders and that every row ran.
   */
  @TestFactory
  Stream<DynamicNode> gradientChecks() {
    CHECKED.clear();
    CHECKED_ORDER2.clear();
    RUN.set(0);
    return Stream.of(
        dynamicContainer(
            "first order", ROWS.stream().map(r -> dynamicTest(r.toString(), () -> firstOrder(r)))),
        dynamicContainer(
            "second order",
            ROWS.stream().map(r -> dynamicTest(r.toString(), () -> secondOrder(r)))),
        dynamicContainer(
            "float32",
            ROWS.stream().map(r -> dynamicTest(r.toString(), () -> float32MatchesFloat64(r)))),
        dynamicTest("guard: every op checked", GradientCheckTest::guard));
  }

  static final java.util.concurrent.atomic.AtomicInteger RUN =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The row's function as {@link GradientCheck} takes it. */
  static Tensor[] array(List<Tensor> xs) {
    return xs.toArray(new Tensor[0]);
  }

  /**
   * The tolerance of a row at orders 1 and 2: GradientCheck's error {@code |tape - fd| / max(1,
   * |tape|, |fd|)} at most this is at least as tight as the former {@code |tape - fd| <= tol (1 +
   * |fd|)} for every value this table produces (the two differ only when an error exceeds 1).
   */
  static double tolerance(Row row) {
    return 1e-5 + row.tol;
  }

  /** Runs {@link GradientCheck} and fails with its report (and the row's seed) unless it passed. */
  static void assertGradientCheck(
      String what,
      Row row,
      long seed,
      java.util.function.Function<List<Tensor>, Tensor> f,
      Problem p) {
    double tol = tolerance(row);
    GradientCheck.Result r = GradientCheck.check(f, List.of(tensors(row, p.xs)), row.h);
    assertTrue(r.passed(tol), () -> what + " of " + row + " (seed " + seed + ")\n" + r.report(tol));
  }

  /**
   * First order through {@link GradientCheck}: the whole Jacobian of f entry by entry (every output
   * element seeded alone), then the gradient of {@code L = sum(f(x) W)}, the scalar the second
   * order differentiates again. GradientCheck also fails a gradient of the wrong shape or dtype,
   * and counts a null (unconnected) gradient as zeros, as this table always did.
   */
  void firstOrder(Row row) {
    long seed = seedOf(row);
    Problem p = problem(row, seed);
    assertGradientCheck("first order (Jacobian of f)", row, seed, xs -> row.f.apply(array(xs)), p);
    assertGradientCheck(
        "first order (L = sum(f W))", row, seed, xs -> loss(row, array(xs), p.w), p);
    CHECKED.add(base(row.op));
    RUN.incrementAndGet();
  }

  /**
   * Second order through {@link GradientCheck}: the function checked is {@code x -> sum_i
   * sum(inner.gradient(L, x_i) * V_i)}; GradientCheck's own tape is the outer one. Where the first
   * gradient does not depend on x (linear ops) the outer gradient is null, checked as zeros.
   */
  void secondOrder(Row row) {
    long seed = seedOf(row);
    Problem p = problem(row, seed);
    assertGradientCheck(
        "second order",
        row,
        seed,
        xs -> {
          Tensor s = firstGradientDotV(row, array(xs), p);
          return s == null ? f64(new double[] {0}, new int[0]) : s;
        },
        p);
    CHECKED_ORDER2.add(base(row.op));
    RUN.incrementAndGet();
  }

  void float32MatchesFloat64(Row row) {
    if (base(row.op).equals("cast")) {
      return; // its float64 row already goes through float32
    }
    long seed = seedOf(row);
    Problem p = problem(row, seed);
    Tensor[] x64 = tensors(row, p.xs);
    Tensor[] x32 = new Tensor[x64.length];
    for (int i = 0; i < x64.length; i++) {
      x32[i] = Ops.cast(x64[i], DType.FLOAT32);
    }
    GradientTape t64 = new GradientTape();
    Tensor l64;
    try (t64) {
      t64.watch(x64);
      l64 = loss(row, x64, p.w);
    }
    List<Tensor> g64 = t64.gradient(l64, List.of(x64));
    GradientTape t32 = new GradientTape();
    Tensor l32;
    try (t32) {
      t32.watch(x32);
      Tensor y = row.f.apply(x32);
      l32 =
          Ops.reduceSum(
              y.mul(Ops.cast(f64(p.w.clone(), Internal.dims(y.shape()).clone()), DType.FLOAT32)));
    }
    List<Tensor> g32 = t32.gradient(l32, List.of(x32));
    for (int i = 0; i < x64.length; i++) {
      if (g64.get(i) == null) {
        continue;
      }
      assertNotNull(
          g32.get(i), row + " float32 gradient is null where float64's is not, input " + i);
      assertEquals(DType.FLOAT32, g32.get(i).dtype(), row + " float32 gradient dtype");
      assertEquals(x32[i].shape(), g32.get(i).shape(), row + " float32 gradient shape");
      compare("float32 vs float64", row, seed, i, g64.get(i).toDoubleArray(), g32.get(i), 1e-4);
    }
  }

  /** The table itself names every differentiable op. */
  @Test
  void everyOpHasRows() {
    Set<String> inTable = new TreeSet<>();
    for (Row r : ROWS) {
      inTable.add(base(r.op));
    }
    assertEquals(EXPECTED, inTable, "ops in the table");
    // 34 ops of the first round, 12 of indexing and gather, the math and the nn rows
    assertEquals(
        34 + 12 + MathGradientRows.OPS.size() + NnGradientRows.OPS.size(), EXPECTED.size());
  }

  static void guard() {
    assertEquals(EXPECTED, new TreeSet<>(CHECKED), "ops whose rows all passed at first order");
    assertEquals(EXPECTED, new TreeSet<>(CHECKED_ORDER2), "ops whose rows passed at second order");
    assertEquals(2 * ROWS.size(), RUN.get(), "rows checked at orders 1 and 2");
    assertTrue(ROWS.size() > 100, "rows in the table: " + ROWS.size());
  }
}
