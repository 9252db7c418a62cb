package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanegrad.nn.Losses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Random programs over the op set, replayed in lanegrad in float64 and compared with PyTorch's
 * values and gradients (first order of a weighted sum of the output, and some second-order
 * gradients through nested tapes). The programs and torch's answers are in {@code
 * src/test/resources/differential/programs.txt}, written by {@code gen.py} beside it (see its
 * docstring for the format); CI only reads the committed file. Inputs avoid kinks and ties, where
 * TF and torch disagree by design, so every answer here is also TF's.
 */
class DifferentialTest {

  static final String FIXTURE = "/differential/programs.txt";

  /**
   * The fixtures read: the base programs, and the math family's (activations, scans, sorting,
   * einsum, more reductions), made by {@code gen.py 200 20261207 - 9 math} with ids from 10000, and
   * the nn family's (convolutions and pools in TF's layouts and padding, translated for torch),
   * made by {@code gen.py 60 20261207 - 9 nn} with ids from 20000, and the index family's (get,
   * tile, pad, reverse, gather, gatherNd, scatterNd, unsortedSegmentSum), made by {@code gen.py 200
   * 20261214 - 9 index} with ids from 30000.
   */
  static final List<String> FIXTURES =
      List.of(
          FIXTURE,
          "/differential/programs-math.txt",
          "/differential/programs-nn.txt",
          "/differential/programs-index.txt");

  /** One parsed program: its lines and the expectations. */
  record Program(int id, String mode, List<String> lines, String text) {}

  static List<Program> load() throws IOException {
    // -Dlanegrad.differential.fixture=/path/programs.txt replays another file made by gen.py
    // (a larger local hunt); the default is the committed fixtures
    String other = System.getProperty("lanegrad.differential.fixture");
    if (other != null) {
      try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(other))) {
        return read(in);
      }
    }
    List<Program> out = new ArrayList<>();
    for (String f : FIXTURES) {
      try (InputStream in = DifferentialTest.class.getResourceAsStream(f)) {
        assertNotNull(in, "missing fixture " + f);
        out.addAll(read(in));
      }
    }
    return out;
  }

  static List<Program> read(InputStream in) throws IOException {
    List<Program> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    List<String> cur = null;
    int id = -1;
    String mode = null;
    StringBuilder text = null;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("prog ")) {
        String[] p = line.split(" ");
        id = Integer.parseInt(p[1]);
        mode = p[2];
        cur = new ArrayList<>();
        text = new StringBuilder(line).append('\n');
        continue;
      }
      if (line.equals("end")) {
        out.add(new Program(id, mode, cur, text.toString()));
        cur = null;
        continue;
      }
      cur.add(line);
      if (line.startsWith("input ")
          || line.startsWith("cond ")
          || line.startsWith("op ")
          || line.startsWith("out ")
          || line.startsWith("const ")
          || line.startsWith("labels ")) {
        text.append(line.length() > 300 ? line.substring(0, 300) + " ..." : line).append('\n');
      }
    }
    return out;
  }

  static Shape shape(String s) {
    if (s.equals("s")) {
      return Shape.scalar();
    }
    return Shape.of(ints(s));
  }

  static int[] ints(String s) {
    if (s.equals("s")) {
      return new int[0];
    }
    return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  static double[] doubles(String[] p, int from, int to) {
    double[] v = new double[to - from];
    for (int i = from; i < to; i++) {
      v[i - from] = Double.parseDouble(p[i]);
    }
    return v;
  }

  /** FLOAT64 unless a local float32 hunt asked otherwise (see {@link #float32Hunt}). */
  static DType dtype = DType.FLOAT64;

  static Tensor f64(Shape s, double[] v) {
    return Tensor.of(v, DType.FLOAT64, s).cast(dtype);
  }

  /** The program's inputs, built fresh for each run. */
  static final class Run {
    final Map<String, Tensor> env = new HashMap<>();
    final LinkedHashMap<String, Tensor> inputs = new LinkedHashMap<>();
    final List<Tensor> toWatch = new ArrayList<>();
    Tensor out;
    Tensor weights;

    Run(Program p) {
      for (String line : p.lines()) {
        String[] t = line.split(" ");
        switch (t[0]) {
          case "input" -> {
            Tensor x = f64(shape(t[3]), doubles(t, 4, t.length));
            if (t[2].equals("var")) {
              x = Variable.of(x);
            } else {
              toWatch.add(x);
            }
            env.put(t[1], x);
            inputs.put(t[1], x);
          }
          case "cond" -> {
            boolean[] b = new boolean[t.length - 3];
            for (int i = 3; i < t.length; i++) {
              b[i - 3] = t[i].equals("1");
            }
            env.put(t[1], Tensor.of(b, DType.BOOL, shape(t[2])));
          }
          case "const" -> env.put(t[1], f64(shape(t[2]), doubles(t, 3, t.length)));
          case "labels" -> {
            int[] v = new int[t.length - 3];
            for (int i = 3; i < t.length; i++) {
              v[i - 3] = Integer.parseInt(t[i]);
            }
            env.put(t[1], Tensor.of(v, DType.INT32, shape(t[2])));
          }
          case "weights" -> weights = f64(shape(t[1]), doubles(t, 2, t.length));
          default -> {}
        }
      }
    }

    void watch(GradientTape tape) {
      for (Tensor x : toWatch) {
        tape.watch(x);
      }
    }

    /** Executes the op lines; returns the output. */
    Tensor execute(Program p) {
      for (String line : p.lines()) {
        String[] t = line.split(" ");
        if (t[0].equals("op")) {
          env.put(t[1], op(t));
        } else if (t[0].equals("out")) {
          out = env.get(t[1]);
        }
      }
      return out;
    }

    Tensor in(String name) {
      Tensor x = env.get(name);
      assertNotNull(x, "unknown tensor " + name);
      return x;
    }

    Map<String, String> kw(String[] t) {
      Map<String, String> m = new HashMap<>();
      for (String s : t) {
        int e = s.indexOf('=');
        if (e > 0) {
          m.put(s.substring(0, e), s.substring(e + 1));
        }
      }
      return m;
    }

    Tensor op(String[] t) {
      String kind = t[2];
      Map<String, String> kw = kw(t);
      switch (kind) {
        case "add":
          return Ops.add(in(t[3]), in(t[4]));
        case "subtract":
          return Ops.subtract(in(t[3]), in(t[4]));
        case "multiply":
          return Ops.multiply(in(t[3]), in(t[4]));
        case "divide":
          return Ops.divide(in(t[3]), in(t[4]));
        case "pow":
          return Ops.pow(in(t[3]), in(t[4]));
        case "maximum":
          return Ops.maximum(in(t[3]), in(t[4]));
        case "minimum":
          return Ops.minimum(in(t[3]), in(t[4]));
        case "negative":
          return Ops.negative(in(t[3]));
        case "abs":
          return Ops.abs(in(t[3]));
        case "square":
          return Ops.square(in(t[3]));
        case "sqrt":
          return Ops.sqrt(in(t[3]));
        case "exp":
          return Ops.exp(in(t[3]));
        case "log":
          return Ops.log(in(t[3]));
        case "sign":
          return Ops.sign(in(t[3]));
        case "relu":
          return Ops.relu(in(t[3]));
        case "sigmoid":
          return Ops.sigmoid(in(t[3]));
        case "tanh":
          return Ops.tanh(in(t[3]));
        case "adds":
          return in(t[3]).add(Double.parseDouble(kw.get("s")));
        case "subs":
          return in(t[3]).sub(Double.parseDouble(kw.get("s")));
        case "rsubs":
          return Ops.subtract(Double.parseDouble(kw.get("s")), in(t[3]));
        case "muls":
          return Ops.multiply(Double.parseDouble(kw.get("s")), in(t[3]));
        case "divs":
          return in(t[3]).div(Double.parseDouble(kw.get("s")));
        case "pows":
          return in(t[3]).pow(Double.parseDouble(kw.get("s")));
        case "maximums":
          return in(t[3]).maximum(Double.parseDouble(kw.get("s")));
        case "reduce_sum", "reduce_mean", "reduce_max", "reduce_min":
          {
            Tensor x = in(t[3]);
            boolean keep = kw.get("keep").equals("1");
            String axes = kw.get("axes");
            if (axes.equals("all")) {
              if (!keep) {
                return switch (kind) {
                  case "reduce_sum" -> Ops.reduceSum(x);
                  case "reduce_mean" -> Ops.reduceMean(x);
                  case "reduce_max" -> Ops.reduceMax(x);
                  default -> Ops.reduceMin(x);
                };
              }
              int[] all = new int[x.rank()];
              for (int i = 0; i < all.length; i++) {
                all[i] = i;
              }
              return reduce(kind, x, all, true);
            }
            return reduce(kind, x, ints(axes), keep);
          }
        case "reshape":
          return Ops.reshape(in(t[3]), ints(kw.get("dims")));
        case "transpose":
          {
            String perm = kw.get("perm");
            return perm.equals("rev")
                ? Ops.transpose(in(t[3]))
                : Ops.transpose(in(t[3]), ints(perm));
          }
        case "expand_dims":
          return Ops.expandDims(in(t[3]), Integer.parseInt(kw.get("axis")));
        case "squeeze":
          return Ops.squeeze(in(t[3]));
        case "concat", "stack":
          {
            List<Tensor> parts = new ArrayList<>();
            for (String n : t[3].split(",")) {
              parts.add(in(n));
            }
            int axis = Integer.parseInt(kw.get("axis"));
            return kind.equals("concat") ? Ops.concat(parts, axis) : Ops.stack(parts, axis);
          }
        case "where":
          return Ops.where(in(t[3]), in(t[4]), in(t[5]));
        case "matmul":
          return Ops.matmul(in(t[3]), in(t[4]), kw.get("ta").equals("1"), kw.get("tb").equals("1"));
        case "cast32":
          return in(t[3]).cast(DType.FLOAT32).cast(dtype);
        case "stop_gradient":
          return Ops.stopGradient(in(t[3]));
        case "where_gt":
          return Ops.where(Ops.greater(in(t[3]), in(t[4])), in(t[5]), in(t[6]));
        case "mse":
          return Losses.meanSquaredError(in(t[3]), in(t[4]));
        case "mae":
          return Losses.meanAbsoluteError(in(t[3]), in(t[4]));
        case "bce_logits":
          return Losses.binaryCrossentropy(in(t[3]), in(t[4]), true);
        case "bce_probs":
          return Losses.binaryCrossentropy(in(t[3]), in(t[4]), false);
        case "cce_logits":
          return Losses.categoricalCrossentropy(in(t[3]), in(t[4]), true);
        case "cce_probs":
          return Losses.categoricalCrossentropy(in(t[3]), in(t[4]), false);
        case "scce_logits":
          return Losses.sparseCategoricalCrossentropy(in(t[3]), in(t[4]), true);
        case "scce_probs":
          return Losses.sparseCategoricalCrossentropy(in(t[3]), in(t[4]), false);
        case "softmax":
          return Ops.softmax(in(t[3]), Integer.parseInt(kw.get("axis")));
        case "log_softmax":
          return Ops.logSoftmax(in(t[3]), Integer.parseInt(kw.get("axis")));
        case "log1p":
          return Ops.log1p(in(t[3]));
        case "expm1":
          return Ops.expm1(in(t[3]));
        case "reciprocal":
          return Ops.reciprocal(in(t[3]));
        case "rsqrt":
          return Ops.rsqrt(in(t[3]));
        case "sin":
          return Ops.sin(in(t[3]));
        case "cos":
          return Ops.cos(in(t[3]));
        case "erf":
          return Ops.erf(in(t[3]));
        case "softplus":
          return Ops.softplus(in(t[3]));
        case "softsign":
          return Ops.softsign(in(t[3]));
        case "elu":
          return Ops.elu(in(t[3]));
        case "selu":
          return Ops.selu(in(t[3]));
        case "relu6":
          return Ops.relu6(in(t[3]));
        case "silu":
          return Ops.silu(in(t[3]));
        case "gelu":
          return Ops.gelu(in(t[3]), false);
        case "gelu_tanh":
          return Ops.gelu(in(t[3]), true);
        case "leaky_relu":
          return Ops.leakyRelu(in(t[3]), 0.2);
        case "squared_difference":
          return Ops.squaredDifference(in(t[3]), in(t[4]));
        case "floor_mod":
          return Ops.floorMod(in(t[3]), in(t[4]));
        case "cumsum":
          return Ops.cumsum(
              in(t[3]),
              Integer.parseInt(kw.get("axis")),
              kw.get("exclusive").equals("1"),
              kw.get("reverse").equals("1"));
        case "sort":
          return Ops.sort(
              in(t[3]), Integer.parseInt(kw.get("axis")), kw.get("descending").equals("1"));
        case "top_k":
          return Ops.topK(in(t[3]), Integer.parseInt(kw.get("k"))).values();
        case "einsum":
          {
            List<Tensor> ops = new ArrayList<>();
            for (int i = 3; i < t.length && !t[i].contains("="); i++) {
              ops.add(in(t[i]));
            }
            return Ops.einsum(kw.get("eq"), ops.toArray(new Tensor[0]));
          }
        case "reduce_logsumexp", "reduce_variance", "reduce_std", "reduce_prod", "norm":
          return mathReduce(kind, in(t[3]), kw.get("axes"), kw.get("keep").equals("1"));
        case "l2_normalize":
          return Ops.l2Normalize(in(t[3]), Integer.parseInt(kw.get("axis")));
        case "clip_by_value":
          return Ops.clipByValue(
              in(t[3]), Double.parseDouble(kw.get("lo")), Double.parseDouble(kw.get("hi")));
        case "conv2d":
          return Ops.conv2d(in(t[3]), in(t[4]), ints(kw.get("s")), pad(kw), ints(kw.get("d")));
        case "conv1d":
          return Ops.conv1d(
              in(t[3]),
              in(t[4]),
              Integer.parseInt(kw.get("s")),
              pad(kw),
              Integer.parseInt(kw.get("d")));
        case "max_pool2d":
          return Ops.maxPool2d(in(t[3]), ints(kw.get("k")), ints(kw.get("s")), pad(kw));
        case "avg_pool2d":
          return Ops.avgPool2d(in(t[3]), ints(kw.get("k")), ints(kw.get("s")), pad(kw));
        case "max_pool1d":
          return Ops.maxPool1d(
              in(t[3]), Integer.parseInt(kw.get("k")), Integer.parseInt(kw.get("s")), pad(kw));
        case "avg_pool1d":
          return Ops.avgPool1d(
              in(t[3]), Integer.parseInt(kw.get("k")), Integer.parseInt(kw.get("s")), pad(kw));
        case "gather":
          return Ops.gather(
              in(t[3]),
              Tensor.of(ints(kw.get("iv")), DType.INT32, shape(kw.get("ishape"))),
              Integer.parseInt(kw.get("axis")),
              Integer.parseInt(kw.get("batch")));
        case "gather_nd":
          return Ops.gatherNd(
              in(t[3]), Tensor.of(ints(kw.get("iv")), DType.INT32, shape(kw.get("ishape"))));
        case "scatter_nd":
          return Ops.scatterNd(
              Tensor.of(ints(kw.get("iv")), DType.INT32, shape(kw.get("ishape"))),
              in(t[3]),
              shape(kw.get("shape")));
        case "unsorted_segment_sum":
          return Ops.unsortedSegmentSum(
              in(t[3]),
              Tensor.of(ints(kw.get("ids"))).cast(DType.INT64),
              Integer.parseInt(kw.get("num")));
        case "get":
          return in(t[3]).get(kw.get("idx"));
        case "tile":
          return Ops.tile(in(t[3]), ints(kw.get("m")));
        case "pad":
          {
            int[] flat = ints(kw.get("p"));
            int[][] p = new int[flat.length / 2][];
            for (int i = 0; i < p.length; i++) {
              p[i] = new int[] {flat[2 * i], flat[2 * i + 1]};
            }
            return Ops.pad(in(t[3]), p, Double.parseDouble(kw.get("c")));
          }
        case "reverse":
          return Ops.reverse(in(t[3]), ints(kw.get("axes")));
        default:
          throw new AssertionError("unknown op " + kind);
      }
    }

    static Tensor mathReduce(String kind, Tensor x, String axes, boolean keep) {
      int[] ax = axes.equals("all") ? null : ints(axes);
      if (ax == null && !keep) {
        return switch (kind) {
          case "reduce_logsumexp" -> Ops.reduceLogSumExp(x);
          case "reduce_variance" -> Ops.reduceVariance(x);
          case "reduce_std" -> Ops.reduceStd(x);
          case "reduce_prod" -> Ops.reduceProd(x);
          default -> Ops.norm(x);
        };
      }
      if (ax == null) {
        ax = new int[x.rank()];
        for (int i = 0; i < ax.length; i++) {
          ax[i] = i;
        }
      }
      return switch (kind) {
        case "reduce_logsumexp" -> Ops.reduceLogSumExp(x, ax, keep);
        case "reduce_variance" -> Ops.reduceVariance(x, ax, keep);
        case "reduce_std" -> Ops.reduceStd(x, ax, keep);
        case "reduce_prod" -> Ops.reduceProd(x, ax, keep);
        default -> Ops.norm(x, ax, keep);
      };
    }

    /** gen.py writes TF's padding as {@code pad=same|valid} (it translates it for torch). */
    static Padding pad(Map<String, String> kw) {
      return kw.get("pad").equals("same") ? Padding.SAME : Padding.VALID;
    }

    static Tensor reduce(String kind, Tensor x, int[] axes, boolean keep) {
      return switch (kind) {
        case "reduce_sum" -> Ops.reduceSum(x, axes, keep);
        case "reduce_mean" -> Ops.reduceMean(x, axes, keep);
        case "reduce_max" -> Ops.reduceMax(x, axes, keep);
        default -> Ops.reduceMin(x, axes, keep);
      };
    }
  }

  static void assertClose(String what, Program p, Shape es, double[] ev, Tensor got, double rtol) {
    String ctx = what + " in program " + p.id() + "\n" + p.text();
    assertNotNull(got, what + " is null; " + ctx);
    assertEquals(DType.FLOAT64, got.dtype(), "dtype of " + ctx);
    assertEquals(es, got.shape(), "shape of " + ctx);
    double[] gv = got.toDoubleArray();
    double scale = 1;
    for (double v : ev) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < ev.length; i++) {
      double err = Math.abs(gv[i] - ev[i]);
      if (!(err <= rtol * scale)) {
        fail(
            what
                + "["
                + i
                + "]: expected (torch float64) "
                + ev[i]
                + " but lanegrad gave "
                + gv[i]
                + "\nexpected "
                + Arrays.toString(ev)
                + "\nactual   "
                + Arrays.toString(gv)
                + "\n"
                + ctx);
      }
    }
  }

  static boolean allZero(double[] v) {
    for (double d : v) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }

  static final double RTOL = 1e-9;

  static void check(Program p) {
    // ---- first order: one tape, the weighted sum as the loss, or outputGradients
    Run run = new Run(p);
    GradientTape tape = new GradientTape();
    Tensor loss = null;
    try (tape) {
      run.watch(tape);
      run.execute(p);
      if (p.mode().equals("sum")) {
        loss = Ops.reduceSum(Ops.multiply(run.out, run.weights));
      }
    }
    List<Tensor> xs = new ArrayList<>(run.inputs.values());
    List<String> names = new ArrayList<>(run.inputs.keySet());
    // intermediate results as sources too, in the same (single) gradient call
    for (String line : p.lines()) {
      if (line.startsWith("igrad ")) {
        String n = line.split(" ")[1];
        names.add(n);
        xs.add(run.in(n));
      }
    }
    List<Tensor> grads =
        p.mode().equals("sum")
            ? tape.gradient(loss, xs)
            : tape.gradient(run.out, xs, run.weights, UnconnectedGradients.NONE);
    for (String line : p.lines()) {
      String[] t = line.split(" ");
      if (t[0].equals("value")) {
        assertClose("value", p, shape(t[1]), doubles(t, 2, t.length), run.out, RTOL);
      } else if (t[0].equals("grad") || t[0].equals("igrad")) {
        Tensor g = grads.get(names.indexOf(t[1]));
        if (t[2].equals("none")) {
          assertNull(
              g,
              "gradient of "
                  + t[1]
                  + " should be None (unconnected) in program "
                  + p.id()
                  + "\n"
                  + p.text());
        } else {
          assertClose("gradient wrt " + t[1], p, shape(t[2]), doubles(t, 3, t.length), g, RTOL);
        }
      }
    }
    // ---- the full Jacobian of the output with respect to the first input
    for (String line : p.lines()) {
      if (line.startsWith("jac ")) {
        String[] t = line.split(" ");
        Run rj = new Run(p);
        GradientTape jt = new GradientTape();
        try (jt) {
          rj.watch(jt);
          rj.execute(p);
        }
        Tensor jac = jt.jacobian(rj.out, rj.inputs.get(t[1]));
        double[] ev = doubles(t, 3, t.length);
        if (jac == null && allZero(ev)) {
          continue;
        }
        assertClose("jacobian of the output wrt " + t[1], p, shape(t[2]), ev, jac, RTOL);
      }
    }
    // ---- second order: nested tapes, d/dx_j sum(r * dloss/dx_i)
    List<String[]> hess = new ArrayList<>();
    for (String line : p.lines()) {
      if (line.startsWith("hess ")) {
        hess.add(line.split(" "));
      }
    }
    if (hess.isEmpty()) {
      return;
    }
    Run r2 = new Run(p);
    String xi = hess.get(0)[1];
    String[] h0 = hess.get(0);
    int semi = Arrays.asList(h0).indexOf(";");
    Tensor rw = f64(shape(h0[3]), doubles(h0, 4, semi));
    GradientTape outer = new GradientTape();
    Tensor s;
    try (outer) {
      r2.watch(outer);
      GradientTape inner = new GradientTape();
      Tensor l2;
      try (inner) {
        r2.watch(inner);
        r2.execute(p);
        l2 = Ops.reduceSum(Ops.multiply(r2.out, r2.weights));
      }
      Tensor g = inner.gradient(l2, r2.inputs.get(xi));
      assertNotNull(g, "first gradient for the second order of " + xi + " in program " + p.id());
      s = Ops.reduceSum(Ops.multiply(g, rw));
    }
    List<Tensor> hs = outer.gradient(s, new ArrayList<>(r2.inputs.values()));
    for (String[] h : hess) {
      int k = Arrays.asList(h).indexOf(";");
      Tensor got = hs.get(names.indexOf(h[2]));
      String what = "second-order d/d" + h[2] + " sum(r * dloss/d" + h[1] + ")";
      if (h[k + 1].equals("none")) {
        // torch's None: TF answers None where the first gradient does not depend on x_j at all and
        // zeros where it depends but is zero, so both are accepted here
        if (got != null) {
          assertTrue(
              allZero(got.toDoubleArray()),
              what
                  + " should be None or zeros, got "
                  + got
                  + " in program "
                  + p.id()
                  + "\n"
                  + p.text());
        }
      } else {
        double[] ev = doubles(h, k + 2, h.length);
        if (got == null && allZero(ev)) {
          continue;
        }
        assertClose(what, p, shape(h[k + 1]), ev, got, 1e-8);
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> programsMatchTorchFloat64() throws IOException {
    return load().stream().map(p -> DynamicTest.dynamicTest("program " + p.id(), () -> check(p)));
  }

  /**
   * A local hunt, not an assertion: with {@code -Dlanegrad.differential.f32=true}, replays the
   * programs in FLOAT32 and prints those whose values or gradients stray past 1e-3 (or {@code
   * -Dlanegrad.differential.f32tol}) of their scale from torch's float64 answers (ill-conditioned
   * chains can do that legitimately; the float32 kernels take other code paths than float64, so a
   * real bug shows up as a large error).
   */
  @Test
  void float32Hunt() throws IOException {
    if (!Boolean.getBoolean("lanegrad.differential.f32")) {
      return;
    }
    dtype = DType.FLOAT32;
    int bad = 0;
    try {
      for (Program p : load()) {
        Run run = new Run(p);
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
          run.watch(tape);
          run.execute(p);
          loss = Ops.reduceSum(Ops.multiply(run.out, run.weights));
        }
        List<String> names = new ArrayList<>(run.inputs.keySet());
        List<Tensor> grads = tape.gradient(loss, new ArrayList<>(run.inputs.values()));
        for (String line : p.lines()) {
          String[] t = line.split(" ");
          Tensor got = null;
          double[] ev = null;
          if (t[0].equals("value")) {
            got = run.out;
            ev = doubles(t, 2, t.length);
          } else if (t[0].equals("grad") && !t[2].equals("none")) {
            got = grads.get(names.indexOf(t[1]));
            ev = doubles(t, 3, t.length);
          }
          if (ev == null) {
            continue;
          }
          double scale = 1;
          for (double v : ev) {
            scale = Math.max(scale, Math.abs(v));
          }
          double[] gv = got.toDoubleArray();
          double worst = 0;
          for (int i = 0; i < ev.length; i++) {
            worst = Math.max(worst, Math.abs(gv[i] - ev[i]) / scale);
          }
          if (!(worst
              <= Double.parseDouble(System.getProperty("lanegrad.differential.f32tol", "1e-3")))) {
            bad++;
            System.err.println(
                "FLOAT32 program "
                    + p.id()
                    + " "
                    + t[0]
                    + " "
                    + t[1]
                    + " rel err "
                    + worst
                    + "\n"
                    + p.text());
          }
        }
      }
    } finally {
      dtype = DType.FLOAT64;
    }
    System.err.println("FLOAT32 hunt: " + bad + " mismatches");
  }

  @Test
  void fixtureHasEnoughPrograms() throws IOException {
    List<Program> ps = load();
    if (System.getProperty("lanegrad.differential.fixture") != null) {
      return;
    }
    assertTrue(ps.size() >= 300, "programs: " + ps.size());
    long hess =
        ps.stream().filter(p -> p.lines().stream().anyMatch(l -> l.startsWith("hess "))).count();
    assertTrue(hess >= 50, "programs with second-order checks: " + hess);
  }

  /** Every op of the nn family appears in its fixture, in both paddings. */
  @Test
  void nnFixtureCoversConvolutionAndPooling() throws IOException {
    if (System.getProperty("lanegrad.differential.fixture") != null) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    int programs = 0;
    for (Program p : load()) {
      if (p.id() < 20000 || p.id() >= 30000) {
        continue;
      }
      programs++;
      for (String l : p.lines()) {
        if (l.startsWith("op ")) {
          seen.merge(
              l.split(" ")[2] + " " + (l.contains("pad=same") ? "same" : "valid"), 1, Integer::sum);
        }
      }
    }
    assertTrue(programs >= 50, "nn programs: " + programs);
    for (String k :
        List.of("conv2d", "conv1d", "max_pool2d", "avg_pool2d", "max_pool1d", "avg_pool1d")) {
      for (String pad : List.of("same", "valid")) {
        assertTrue(seen.getOrDefault(k + " " + pad, 0) >= 3, k + " " + pad + ": " + seen);
      }
    }
  }

  /** Every op of the math family appears in its fixture. */
  @Test
  void mathFixtureCoversTheMathOps() throws IOException {
    if (System.getProperty("lanegrad.differential.fixture") != null) {
      return;
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    int programs = 0;
    for (Program p : load()) {
      if (p.id() < 10000 || p.id() >= 20000) {
        continue;
      }
      programs++;
      for (String l : p.lines()) {
        if (l.startsWith("op ")) {
          seen.add(l.split(" ")[2]);
        }
      }
    }
    assertTrue(programs >= 150, "math programs: " + programs);
    for (String k :
        List.of(
            "log1p",
            "expm1",
            "reciprocal",
            "rsqrt",
            "sin",
            "cos",
            "erf",
            "softplus",
            "softsign",
            "elu",
            "selu",
            "relu6",
            "silu",
            "gelu",
            "gelu_tanh",
            "leaky_relu",
            "squared_difference",
            "floor_mod",
            "cumsum",
            "sort",
            "top_k",
            "einsum",
            "reduce_logsumexp",
            "reduce_variance",
            "reduce_std",
            "reduce_prod",
            "norm",
            "l2_normalize",
            "clip_by_value")) {
      assertTrue(seen.contains(k), "no math program uses " + k);
    }
  }

  /** Every op of the index family appears in its fixture. */
  @Test
  void indexFixtureCoversTheIndexOps() throws IOException {
    if (System.getProperty("lanegrad.differential.fixture") != null) {
      return;
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    int programs = 0;
    for (Program p : load()) {
      if (p.id() < 30000) {
        continue;
      }
      programs++;
      for (String l : p.lines()) {
        if (l.startsWith("op ")) {
          seen.add(l.split(" ")[2]);
        }
      }
    }
    assertTrue(programs >= 150, "index programs: " + programs);
    for (String k :
        List.of(
            "gather",
            "gather_nd",
            "scatter_nd",
            "unsorted_segment_sum",
            "get",
            "tile",
            "pad",
            "reverse")) {
      assertTrue(seen.contains(k), "no index program uses " + k);
    }
  }
}
