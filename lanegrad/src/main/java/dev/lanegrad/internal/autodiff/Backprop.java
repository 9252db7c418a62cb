package dev.lanegrad.internal.autodiff;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.Check;
import dev.lanegrad.internal.ops.GradRule;
import dev.lanegrad.internal.ops.ReductionOps;
import dev.lanegrad.internal.ops.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reverse-mode sweeps over a {@link Tape}: {@code gradient}, {@code jacobian} and {@code
 * batchJacobian}. Every step of the backward pass is an op (the rules, the accumulation, the
 * unbroadcast), so a tape that records meanwhile records the backward pass: higher orders.
 * Arguments are checked by the face before anything here runs.
 */
public final class Backprop {
  private Backprop() {}

  /** Whether gradients flow through values of this dtype (TF's "trainable" dtypes). */
  static boolean differentiable(DType d) {
    return d.isFloating() || d.isComplex();
  }

  /**
   * {@code sum_k d targets[k] / d sources[j]} with upstream gradients {@code seeds[k]} (null:
   * ones), one entry per source: null where unconnected unless {@code zeros}.
   */
  public static List<Tensor> gradient(
      Tape tape,
      List<? extends Tensor> targets,
      Tensor[] seeds,
      List<? extends Tensor> sources,
      boolean zeros) {
    tape.checkUsable("gradient");
    tape.stopIfNotPersistent();
    Sweep sw = new Sweep(tape, targets, sources);
    Tensor[] s = new Tensor[targets.size()];
    for (int k = 0; k < s.length; k++) {
      Tensor t = targets.get(k);
      if (differentiable(t.dtype())) {
        s[k] = seeds != null && seeds[k] != null ? seeds[k] : constant(t.dtype(), t.shape(), 1);
      }
    }
    Tensor[] g = sw.run(s);
    tape.consume(g);
    List<Tensor> out = new ArrayList<>(g.length);
    for (int j = 0; j < g.length; j++) {
      Tensor src = sources.get(j);
      out.add(g[j] == null && zeros ? constant(src.dtype(), src.shape(), 0) : g[j]);
    }
    return out;
  }

  /**
   * {@code J[t..., s...] = d target[t...] / d source[s...]}, of shape target.shape + source.shape;
   * null when the source is not connected (TF's default).
   */
  public static Tensor jacobian(Tape tape, Tensor target, Tensor source) {
    tape.checkUsable("jacobian");
    int[] shape = concat(Internal.dims(target.shape()), Internal.dims(source.shape()));
    Check.size("GradientTape.jacobian", Shape.of(shape)); // before anything changes
    tape.stopIfNotPersistent();
    Sweep sw = new Sweep(tape, List.of(target), List.of(source));
    int m = (int) target.size();
    Tensor[] rows = new Tensor[m];
    boolean any = false;
    // an unconnected source answers at once: m backward sweeps that all find nothing are slow
    if (differentiable(target.dtype()) && sw.connected()) {
      for (int j = 0; j < m; j++) {
        rows[j] = sw.run(new Tensor[] {oneHot(target.dtype(), target.shape(), j)})[0];
        any |= rows[j] != null;
      }
    }
    tape.consume(rows);
    if (m == 0) {
      return constant(source.dtype(), Shape.of(shape), 0);
    }
    if (!any) {
      return null;
    }
    return assemble(rows, source, 0, shape);
  }

  /**
   * {@code J[b, t..., s...] = d target[b, t...] / d source[b, s...]} for a target whose examples
   * depend only on the same example of the source; zeros when the source is not connected (TF).
   */
  public static Tensor batchJacobian(Tape tape, Tensor target, Tensor source) {
    tape.checkUsable("batchJacobian");
    int[] sd = Internal.dims(source.shape());
    int[] shape = concat(Internal.dims(target.shape()), Arrays.copyOfRange(sd, 1, sd.length));
    Check.size("GradientTape.batchJacobian", Shape.of(shape)); // before anything changes
    tape.stopIfNotPersistent();
    Sweep sw = new Sweep(tape, List.of(target), List.of(source));
    int b = target.shape().dim(0);
    int m = b == 0 ? 0 : (int) (target.size() / b);
    Tensor[] rows = new Tensor[m];
    boolean any = false;
    if (differentiable(target.dtype()) && sw.connected()) {
      for (int j = 0; j < m; j++) {
        rows[j] = sw.run(new Tensor[] {oneHotColumns(target.dtype(), target.shape(), b, m, j)})[0];
        any |= rows[j] != null;
      }
    }
    tape.consume(rows);
    if (m == 0 || !any) {
      return constant(source.dtype(), Shape.of(shape), 0);
    }
    return assemble(rows, source, 1, shape);
  }

  /** Stacks per-element gradients (zeros where one is missing) along axis, then reshapes. */
  private static Tensor assemble(Tensor[] rows, Tensor source, int axis, int[] shape) {
    List<Tensor> list = new ArrayList<>(rows.length);
    Tensor zero = null;
    for (Tensor r : rows) {
      if (r == null) {
        if (zero == null) {
          zero = constant(source.dtype(), source.shape(), 0);
        }
        r = zero;
      }
      list.add(r);
    }
    // one row (a scalar target, one column per example) needs no stack, only the final shape
    Tensor st = rows.length == 1 ? list.get(0) : ShapeOps.stack(list, axis);
    return st.shape().equals(Shape.of(shape)) ? st : ShapeOps.reshape(st, shape);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ---------------------------------------------------------------- the sweep

  /** One gradient question on a tape, answerable for several seeds (jacobian rows). */
  private static final class Sweep {
    private final List<Tape.Entry> entries;
    private final int n;
    private final int nodeCount;
    private final int[] targetIds;
    private final int[] sourceIds;

    /** dep[id]: the node depends on a source, so the gradient with respect to it is needed. */
    private final boolean[] dep;

    private final boolean[] isSource;

    Sweep(Tape tape, List<? extends Tensor> targets, List<? extends Tensor> sources) {
      // snapshot the extent: a persistent tape that records its own backward pass appends to it
      entries = tape.entries;
      n = entries.size();
      int count = tape.nodeCount;
      targetIds = new int[targets.size()];
      int extra = 0;
      for (int k = 0; k < targetIds.length; k++) {
        int id = tape.idOf(targets.get(k));
        if (id < 0) {
          // a target the tape never saw still answers for itself: gradient(x, x) is ones
          int same = -1;
          for (int q = 0; q < k; q++) {
            if (targets.get(q) == targets.get(k)) {
              same = targetIds[q];
            }
          }
          id = same >= 0 ? same : count + extra++;
        }
        targetIds[k] = id;
      }
      nodeCount = count + extra;
      sourceIds = new int[sources.size()];
      dep = new boolean[nodeCount];
      isSource = new boolean[nodeCount];
      for (int j = 0; j < sourceIds.length; j++) {
        Tensor s = sources.get(j);
        int id = -1;
        if (differentiable(s.dtype())) {
          id = tape.idOf(s);
          if (id < 0) {
            for (int k = 0; k < targetIds.length; k++) {
              if (targets.get(k) == s) {
                id = targetIds[k];
              }
            }
          }
        }
        sourceIds[j] = id;
        if (id >= 0) {
          dep[id] = true;
          isSource[id] = true;
        }
      }
      for (int e = 0; e < n; e++) {
        Tape.Entry en = entries.get(e);
        for (int id : en.inIds) {
          if (id >= 0 && dep[id]) {
            dep[en.id] = true;
            if (en.outIds != null) {
              for (int o : en.outIds) {
                dep[o] = true;
              }
            }
            break;
          }
        }
      }
    }

    /** Whether some target depends on some source at all. */
    boolean connected() {
      for (int id : targetIds) {
        if (dep[id]) {
          return true;
        }
      }
      return false;
    }

    /** The gradients of the sources for upstream gradients {@code seeds} of the targets. */
    Tensor[] run(Tensor[] seeds) {
      Tensor[] grads = new Tensor[nodeCount];
      for (int k = 0; k < targetIds.length; k++) {
        if (seeds[k] != null) {
          int id = targetIds[k];
          grads[id] = accumulate(grads[id], seeds[k]);
        }
      }
      for (int e = n - 1; e >= 0; e--) {
        Tape.Entry en = entries.get(e);
        if (!dep[en.id]) {
          continue;
        }
        Tensor g = grads[en.id];
        Tensor[] gs = null;
        if (en.outIds != null) {
          gs = new Tensor[en.outIds.length];
          boolean some = false;
          for (int j = 0; j < gs.length; j++) {
            int o = en.outIds[j];
            gs[j] = grads[o];
            some |= gs[j] != null;
            if (!isSource[o]) {
              grads[o] = null;
            }
          }
          if (!some) {
            continue;
          }
        } else if (g == null) {
          continue;
        } else if (!isSource[en.id]) {
          grads[en.id] = null; // every consumer is done: free it early
        }
        int a = en.in.length;
        boolean[] needs = new boolean[a];
        boolean any = false;
        for (int i = 0; i < a; i++) {
          int id = en.inIds[i];
          needs[i] = id >= 0 && dep[id] && differentiable(en.in[i].dtype());
          any |= needs[i];
        }
        if (!any) {
          continue;
        }
        View view = new View(en, needs);
        Tensor[] r = gs != null ? en.multi.grads(view, gs) : en.rule.grads(view, g);
        if (r == null || r.length != a) {
          throw new IllegalStateException(
              "gradient: the rule of op '"
                  + en.op
                  + "' returned "
                  + (r == null ? "null" : r.length + " gradients")
                  + " for "
                  + a
                  + " inputs");
        }
        for (int i = 0; i < a; i++) {
          if (needs[i] && r[i] != null) {
            Tensor gi = unbroadcast(en.op, r[i], en.in[i]);
            int id = en.inIds[i];
            grads[id] = accumulate(grads[id], gi);
          }
        }
      }
      Tensor[] out = new Tensor[sourceIds.length];
      for (int j = 0; j < out.length; j++) {
        out[j] = sourceIds[j] >= 0 ? grads[sourceIds[j]] : null;
      }
      return out;
    }
  }

  private static Tensor accumulate(Tensor sum, Tensor g) {
    return sum == null ? g : ArithmeticOps.add(sum, g);
  }

  /** What a rule sees of its entry during one sweep. */
  private static final class View implements GradRule.Entry {
    private final Tape.Entry e;
    private final boolean[] needs;

    View(Tape.Entry e, boolean[] needs) {
      this.e = e;
      this.needs = needs;
    }

    @Override
    public Tensor in(int i) {
      return e.in[i];
    }

    @Override
    public Tensor out() {
      return e.out;
    }

    @Override
    public boolean needs(int i) {
      return needs[i];
    }

    @Override
    public Tensor out(int j) {
      if (e.outs == null) {
        return GradRule.Entry.super.out(j);
      }
      return e.outs[j];
    }

    @Override
    public int outputs() {
      return e.outs == null ? 1 : e.outs.length;
    }

    @Override
    public int arity() {
      return e.in.length;
    }

    @Override
    public Object attrs() {
      return e.attrs;
    }
  }

  // ---------------------------------------------------------------- unbroadcast

  /**
   * The one place that sums a gradient in the broadcast (output) shape back to its input's shape:
   * the leading axes the input lacks, and the axes where the input had 1, are summed; written with
   * ops so that a recording tape records it.
   *
   * @throws IllegalArgumentException if {@code g} cannot have come from broadcasting the input (a
   *     custom gradient of the wrong shape or dtype)
   */
  static Tensor unbroadcast(String op, Tensor g, Tensor input) {
    Shape to = input.shape();
    if (g.dtype() != input.dtype()) {
      throw new IllegalArgumentException(
          "gradient: the gradient of op '"
              + op
              + "' for an input of dtype "
              + input.dtype()
              + " and shape "
              + to
              + " has dtype "
              + g.dtype());
    }
    Shape from = g.shape();
    if (from.equals(to)) {
      return g;
    }
    int[] fd = Internal.dims(from);
    int[] td = Internal.dims(to);
    int lead = fd.length - td.length;
    boolean ok = lead >= 0;
    int[] axes = new int[fd.length];
    int na = 0;
    for (int i = 0; ok && i < fd.length; i++) {
      int j = i - lead;
      if (j < 0 || (td[j] == 1 && fd[i] != 1)) {
        axes[na++] = i;
      } else if (td[j] != fd[i]) {
        ok = false;
      }
    }
    if (!ok) {
      if (from.size() == to.size()) {
        return ShapeOps.reshape(g, td.clone()); // a rule that dropped or added size-1 axes
      }
      throw new IllegalArgumentException(
          "gradient: the gradient of op '"
              + op
              + "' has shape "
              + from
              + ", which does not broadcast from its input's shape "
              + to);
    }
    Tensor s = na == 0 ? g : ReductionOps.sum(g, Arrays.copyOf(axes, na), true);
    return s.shape().equals(to) ? s : ShapeOps.reshape(s, td.clone());
  }

  // ---------------------------------------------------------------- constants

  /** A tensor of {@code shape} filled with {@code v} (real part for complex dtypes). */
  static Tensor constant(DType d, Shape shape, int v) {
    int n = Check.size("GradientTape", shape); // a jacobian's shape can outgrow an array

    Object a =
        switch (d) {
          case FLOAT32 -> filled(new float[n], v);
          case FLOAT64 -> filled(new double[n], v);
          case INT32 -> {
            int[] x = new int[n];
            Arrays.fill(x, v);
            yield x;
          }
          case INT64 -> {
            long[] x = new long[n];
            Arrays.fill(x, v);
            yield x;
          }
          case BOOL -> {
            boolean[] x = new boolean[n];
            Arrays.fill(x, v != 0);
            yield x;
          }
          case COMPLEX64 -> {
            float[] x = new float[2 * n];
            for (int i = 0; i < n; i++) {
              x[2 * i] = v;
            }
            yield x;
          }
          case COMPLEX128 -> {
            double[] x = new double[2 * n];
            for (int i = 0; i < n; i++) {
              x[2 * i] = v;
            }
            yield x;
          }
        };
    return Internal.make(d, shape, a);
  }

  private static float[] filled(float[] a, int v) {
    Arrays.fill(a, v);
    return a;
  }

  private static double[] filled(double[] a, int v) {
    Arrays.fill(a, v);
    return a;
  }

  /** Zeros of {@code shape} with a 1 at flat index {@code j}. */
  private static Tensor oneHot(DType d, Shape shape, int j) {
    Tensor t = constant(d, shape, 0);
    set1(d, Internal.data(t), j);
    return t;
  }

  /**
   * Zeros of {@code shape} = [b, ...] (m elements per example) with a 1 at column j of each row.
   */
  private static Tensor oneHotColumns(DType d, Shape shape, int b, int m, int j) {
    Tensor t = constant(d, shape, 0);
    Object a = Internal.data(t);
    for (int i = 0; i < b; i++) {
      set1(d, a, i * m + j);
    }
    return t;
  }

  private static void set1(DType d, Object a, int j) {
    switch (d) {
      case FLOAT32 -> ((float[]) a)[j] = 1;
      case FLOAT64 -> ((double[]) a)[j] = 1;
      case COMPLEX64 -> ((float[]) a)[2 * j] = 1;
      case COMPLEX128 -> ((double[]) a)[2 * j] = 1;
      default -> throw new IllegalStateException("jacobian: no seed for dtype " + d);
    }
  }
}
