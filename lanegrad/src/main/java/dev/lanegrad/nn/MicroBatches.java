package dev.lanegrad.nn;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.autodiff.Tape;
import dev.lanegrad.internal.kernels.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The arithmetic that makes data-parallel training independent of where it ran: micro-batch
 * gradients are added in one fixed pairwise tree, and layer state updates made while a micro-batch
 * runs are applied afterwards in micro-batch order. {@link Model#fit} uses it with {@link
 * FitOptions.Builder#microBatch}; a distributed trainer uses the same {@link #combine} so that its
 * steps equal those of one JVM bit for bit.
 *
 * <pre>{@code
 * // g0, g1, g2: the gradients of micro-batches 0, 1, 2 (one tensor per variable)
 * List<Tensor> sum = MicroBatches.combine(List.of(g0, g1, g2)); // g0 + (g1 + g2)
 * }</pre>
 */
public final class MicroBatches {
  private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

  private MicroBatches() {}

  /**
   * The element-wise sum of per-micro-batch gradient lists, in the fixed tree {@code combine(lo,
   * hi) = combine(lo, mid) + combine(mid, hi)} with {@code mid = (lo + hi) / 2}, in micro-batch
   * order. A null gradient (a variable the micro-batch's loss does not reach) counts as absent; a
   * variable no micro-batch reaches stays null.
   *
   * @throws IllegalArgumentException for no lists, a null list, or lists of different lengths
   */
  public static List<Tensor> combine(List<List<Tensor>> gradients) {
    String what = "MicroBatches.combine";
    List<List<Tensor>> checked = checked(what, gradients);
    List<int[]> leaves = new ArrayList<>(checked.size());
    for (int i = 0; i < checked.size(); i++) {
      leaves.add(new int[] {i, i + 1});
    }
    return sum(what, checked.size(), leaves, checked);
  }

  /**
   * {@link #combine}'s tree over {@code m} micro-batches when whole nodes of it are already summed:
   * {@code nodes.get(k) = {lo, hi, ...}} are nodes of the tree (reached from {@code [0, m)} by
   * splitting at {@code mid = (lo + hi) / 2}) that cover {@code 0..m} in order, and {@code
   * sums.get(k)} is {@code combine} of micro-batches {@code lo..hi-1}. The result equals {@code
   * combine} of all {@code m} micro-batches bit for bit: a distributed trainer whose workers each
   * sum the nodes they computed sends one sum per node instead of every micro-batch.
   *
   * <pre>{@code
   * // worker A computed micro-batches 0..3, worker B 4..7: the tree's nodes [0, 4) and [4, 8)
   * List<Tensor> all = MicroBatches.combineNodes(8,
   *     List.of(new int[] {0, 4}, new int[] {4, 8}),
   *     List.of(MicroBatches.combine(gradientsOfA), MicroBatches.combine(gradientsOfB)));
   * }</pre>
   *
   * @throws IllegalArgumentException for nodes that are not nodes of the tree covering {@code 0..m}
   *     in order, as many sums as nodes, or sums as {@link #combine} rejects lists
   */
  public static List<Tensor> combineNodes(int m, List<int[]> nodes, List<List<Tensor>> sums) {
    String what = "MicroBatches.combineNodes";
    List<List<Tensor>> checked = checked(what, sums);
    if (m < 1 || nodes == null || nodes.size() != checked.size()) {
      throw new IllegalArgumentException(
          what
              + ": m="
              + m
              + " and "
              + (nodes == null ? "no" : nodes.size())
              + " nodes for "
              + checked.size()
              + " sums; m >= 1 and one node per sum are required");
    }
    for (int[] n : nodes) {
      if (n == null || n.length < 2) {
        throw new IllegalArgumentException(what + ": a node must be {lo, hi}, got " + n);
      }
    }
    return sum(what, m, nodes, checked);
  }

  // copied and checked element by element: a raw or mistyped list must fail here, not in a cast
  private static List<List<Tensor>> checked(String what, List<List<Tensor>> gradients) {
    if (gradients == null || gradients.isEmpty()) {
      throw new IllegalArgumentException(what + ": no gradients to combine");
    }
    List<List<Tensor>> checked = new ArrayList<>(gradients.size());
    int width = -1;
    for (int i = 0; i < gradients.size(); i++) {
      Object g = gradients.get(i);
      if (!(g instanceof List<?> list)) {
        throw new IllegalArgumentException(
            what
                + ": gradient list "
                + i
                + " is "
                + (g == null ? "null" : "a " + g.getClass().getSimpleName() + ", not a List"));
      }
      if (width >= 0 && list.size() != width) {
        throw new IllegalArgumentException(
            what
                + ": gradient list "
                + i
                + " has "
                + list.size()
                + " tensors, list 0 has "
                + width);
      }
      width = list.size();
      List<Tensor> tensors = new ArrayList<>(width);
      for (int v = 0; v < width; v++) {
        Object t = list.get(v);
        if (t != null && !(t instanceof Tensor)) {
          throw new IllegalArgumentException(
              what
                  + ": element "
                  + v
                  + " of gradient list "
                  + i
                  + " is a "
                  + t.getClass().getSimpleName()
                  + ", not a Tensor");
        }
        tensors.add((Tensor) t);
      }
      checked.add(tensors);
    }
    return checked;
  }

  private static List<Tensor> sum(String what, int m, List<int[]> nodes, List<List<Tensor>> g) {
    int width = g.get(0).size();
    List<Tensor> out = new ArrayList<>(width);
    int[] next = new int[1];
    for (int v = 0; v < width; v++) {
      next[0] = 0;
      out.add(tree(what, nodes, g, v, 0, m, next));
      if (next[0] != nodes.size()) {
        throw new IllegalArgumentException(
            what + ": the nodes end at " + nodes.get(next[0] - 1)[1] + " before more nodes");
      }
    }
    return out;
  }

  /** The tree above {@code nodes}, the next of which is {@code nodes.get(next[0])}. */
  private static Tensor tree(
      String what, List<int[]> nodes, List<List<Tensor>> g, int v, int lo, int hi, int[] next) {
    int[] n = next[0] < nodes.size() ? nodes.get(next[0]) : null;
    if (n != null && n[0] == lo && n[1] == hi) {
      next[0]++;
      return g.get(next[0] - 1).get(v);
    }
    if (hi - lo <= 1) {
      throw new IllegalArgumentException(
          what
              + ": the nodes are not nodes of the tree over 0.."
              + (nodes.isEmpty() ? 0 : nodes.get(nodes.size() - 1)[1])
              + " in order: expected one at ["
              + lo
              + ", "
              + hi
              + "), got "
              + (n == null ? "none" : "[" + n[0] + ", " + n[1] + ")"));
    }
    int mid = (lo + hi) >>> 1;
    Tensor a = tree(what, nodes, g, v, lo, mid, next);
    Tensor b = tree(what, nodes, g, v, mid, hi, next);
    return pair(what, v, a, b);
  }

  /** One node of the tree: its two children's sums of variable {@code v} added. */
  private static Tensor pair(String what, int v, Tensor a, Tensor b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          what
              + ": gradients of variable "
              + v
              + " differ: "
              + a.dtype()
              + a.shape()
              + " and "
              + b.dtype()
              + b.shape());
    }
    return a.add(b);
  }

  /**
   * One micro-batch's part of a training step, as {@link Model#fit} with {@link
   * FitOptions.Builder#microBatch} computes it: the model runs in training mode on {@code x} at
   * position ({@code step}, {@code index}) (see {@link #position()}), and the gradient is taken of
   * the loss <b>summed</b> over the micro-batch's rows plus the model's regularization losses
   * weighted by its rows. A distributed trainer computes the parts of a step wherever it likes,
   * adds them with {@link #combine} in micro-batch order, divides once by the batch's rows and
   * applies the optimizer; then its step equals {@code fit}'s bit for bit.
   *
   * <pre>{@code
   * long step = optimizer.iterations();
   * Part p0 = MicroBatches.gradient(model, loss, x0, y0, step, 0);
   * Part p1 = MicroBatches.gradient(model, loss, x1, y1, step, 1);
   * List<Tensor> sum = MicroBatches.combine(List.of(p0.gradients(), p1.gradients()));
   * // divide each by the rows of x0 and x1 together, then optimizer.applyGradients(...)
   * }</pre>
   *
   * @param step the optimizer's {@code iterations()} before the step
   * @param index the micro-batch's index in its batch (0, 1, ...)
   * @return the gradients (one per {@link Layer#trainableVariables()}, read after the forward pass
   *     so that a model built by this call has them), the predictions, and the state updates the
   *     layers asked for (moving statistics), to be run after the step in micro-batch order
   * @throws IllegalArgumentException for a null argument, x of rank 0 or with no rows, y with
   *     another number of rows, a negative step or index, or a loss that is not float32/float64
   */
  public static Part gradient(Model model, Loss loss, Tensor x, Tensor y, long step, int index) {
    if (model == null || loss == null || x == null || y == null) {
      throw new IllegalArgumentException(
          "MicroBatches.gradient: the model, loss, x and y are required, got "
              + (model == null ? "model=null " : "")
              + (loss == null ? "loss=null " : "")
              + (x == null ? "x=null " : "")
              + (y == null ? "y=null" : ""));
    }
    if (x.rank() == 0
        || y.rank() == 0
        || x.shape().dim(0) != y.shape().dim(0)
        || x.shape().dim(0) == 0) {
      throw new IllegalArgumentException(
          "MicroBatches.gradient: x and y need the same number (> 0) of rows along axis 0, got x"
              + x.shape()
              + " and y"
              + y.shape());
    }
    if (step < 0 || index < 0) {
      throw new IllegalArgumentException(
          "MicroBatches.gradient: step and index must be >= 0, got step="
              + step
              + ", index="
              + index);
    }
    int rows = x.shape().dim(0);
    List<Runnable> deferred = new ArrayList<>();
    Context previous = enter(step, index, deferred);
    try {
      GradientTape tape = new GradientTape();
      Tensor p;
      Tensor total;
      try (tape) {
        p = model.apply(x, true);
        total = summedLoss(model, loss, y, p, rows);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("MicroBatches.gradient: " + e.getMessage(), e);
      } catch (IllegalStateException e) {
        throw new IllegalStateException("MicroBatches.gradient: " + e.getMessage(), e);
      }
      List<Variable> vars = model.trainableVariables();
      List<Tensor> grads = vars.isEmpty() ? List.of() : tape.gradient(total, vars);
      return new Part(grads, p, total, List.copyOf(deferred));
    } finally {
      leave(previous);
    }
  }

  /**
   * {@link #combine}'s tree over {@code m} micro-batches, filled while they finish, on the threads
   * that finish them: a node is summed by the thread that completes its second child, so that
   * {@code fit}'s replicas add the tree in parallel with the micro-batches still running instead of
   * on the step's serial path. The same additions of the same operands: {@link #result} is {@code
   * combine} of all the micro-batches bit for bit, whichever thread ran what.
   */
  static final class Sums {
    private final int m;
    // by node, in preorder: [lo, hi) has id k, [lo, mid) k + 1, [mid, hi) k + 2 (mid - lo)
    private final Object[] sums;
    private final AtomicInteger[] pending;

    Sums(int m) {
      this.m = m;
      this.sums = new Object[2 * m - 1];
      this.pending = new AtomicInteger[2 * m - 1];
      for (int k = 0; k < pending.length; k++) {
        pending[k] = new AtomicInteger(2);
      }
    }

    /** Micro-batch {@code i}'s gradients; sums each node they complete on the way to the root. */
    void add(int i, List<Tensor> gradients) {
      // the nodes above leaf i, root first, and each one's right child (its left is id + 1)
      int[] ids = new int[32];
      int[] rights = new int[32];
      int depth = 0;
      int lo = 0;
      int hi = m;
      int k = 0;
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        ids[depth] = k;
        rights[depth++] = k + 2 * (mid - lo);
        if (i < mid) {
          k = k + 1;
          hi = mid;
        } else {
          k = k + 2 * (mid - lo);
          lo = mid;
        }
      }
      sums[k] = gradients;
      while (depth > 0) {
        depth--;
        int parent = ids[depth];
        // publishes this child's sum; the thread that sees 0 also sees its sibling's
        if (pending[parent].decrementAndGet() != 0) {
          return;
        }
        sums[parent] = pair(child(parent + 1), child(rights[depth]));
        sums[parent + 1] = null;
        sums[rights[depth]] = null;
      }
    }

    @SuppressWarnings("unchecked")
    private List<Tensor> child(int k) {
      return (List<Tensor>) sums[k];
    }

    private static List<Tensor> pair(List<Tensor> a, List<Tensor> b) {
      String what = "MicroBatches.combine";
      if (a.size() != b.size()) {
        throw new IllegalArgumentException(
            what + ": gradient lists of " + a.size() + " and " + b.size() + " tensors");
      }
      List<Tensor> out = new ArrayList<>(a.size());
      for (int v = 0; v < a.size(); v++) {
        out.add(MicroBatches.pair(what, v, a.get(v), b.get(v)));
      }
      return out;
    }

    /** The sum of every micro-batch, once all have been added. */
    List<Tensor> result() {
      return child(0);
    }
  }

  /**
   * What {@link #gradient} computed for one micro-batch.
   *
   * @param gradients one per trainable variable (null where the loss does not reach it)
   * @param predictions the model's output for the micro-batch
   * @param loss the scalar the gradients are of: the loss summed over the rows, plus the
   *     regularization losses times the rows (the batch's loss is the parts' sum over its rows)
   * @param stateUpdates the layers' deferred state updates, to run after the step in micro-batch
   *     order (empty for a model without moving statistics)
   */
  public record Part(
      List<Tensor> gradients, Tensor predictions, Tensor loss, List<Runnable> stateUpdates) {}

  /**
   * A micro-batch's share of the batch loss before the one division by the batch's rows: its loss
   * summed over its rows, plus the regularization losses weighted by its rows (so that the shares
   * add up to {@code rows * (mean loss + regularization)}, as Keras scales a replica's
   * regularization by its share of the global batch).
   */
  private static Tensor summedLoss(Model model, Loss loss, Tensor yTrue, Tensor yPred, int rows) {
    Tensor total = meanLoss(model, loss, yTrue, yPred).mul((double) rows);
    for (Tensor r : model.losses()) {
      Tensor s = r.rank() == 0 ? r : r.sum();
      total =
          total.add((s.dtype() == total.dtype() ? s : s.cast(total.dtype())).mul((double) rows));
    }
    return total;
  }

  /**
   * The loss's value averaged to a scalar, checked: what {@code fit} reports and differentiates.
   */
  static Tensor meanLoss(Model model, Loss loss, Tensor yTrue, Tensor yPred) {
    Tensor l = loss.compute(yTrue, yPred);
    if (l == null) {
      throw new IllegalStateException("Model \"" + model.name() + "\": the loss returned null");
    }
    if (!l.dtype().isFloating()) {
      throw new IllegalArgumentException(
          "Model \"" + model.name() + "\": the loss must be float32 or float64, got " + l.dtype());
    }
    return l.rank() == 0 ? l : l.mean();
  }

  /**
   * Updates a layer's state variable (a moving statistic) with {@code next(current)}: at once
   * outside micro-batched training, else after every micro-batch of the step has run, in
   * micro-batch order, so that the state after a step does not depend on which replica ran which
   * micro-batch. Layers call it from {@code call(input, true)}.
   *
   * <pre>{@code
   * MicroBatches.update(movingMean, m -> m.mul(momentum).add(batchMean.mul(1 - momentum)));
   * }</pre>
   *
   * @throws IllegalArgumentException for a null variable or function
   */
  public static void update(Variable variable, UnaryOperator<Tensor> next) {
    if (variable == null || next == null) {
      throw new IllegalArgumentException(
          "MicroBatches.update: the variable and function are required");
    }
    Context c = CURRENT.get();
    if (c == null) {
      apply(variable, next);
    } else {
      c.deferred.add(() -> apply(variable, next));
    }
  }

  /** A rejected function or assignment leaves the enclosing tapes as they were before it ran. */
  private static void apply(Variable variable, UnaryOperator<Tensor> next) {
    Object mark = Tape.mark();
    try {
      variable.assign(next.apply(variable.value()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      Tape.rollback(mark);
      throw e;
    }
  }

  /**
   * Moves a layer's state variable towards {@code value}, {@code variable = variable * momentum +
   * value * (1 - momentum)} (BatchNormalization's moving statistics), as {@link #update} defers it:
   * at once outside micro-batched training, else after the step's micro-batches in micro-batch
   * order. The deferred update is a {@link MovingAverage}, whose parts a distributed trainer can
   * send to the ranks that did not compute the micro-batch and replay there with the same bits.
   *
   * <pre>{@code
   * MicroBatches.movingAverage(movingMean, batchMean, 0.99);
   * }</pre>
   *
   * @throws IllegalArgumentException for a null variable or value, or a momentum outside [0, 1]
   */
  public static void movingAverage(Variable variable, Tensor value, double momentum) {
    MovingAverage u = new MovingAverage(variable, value, momentum);
    Context c = CURRENT.get();
    if (c == null) {
      u.run();
    } else {
      c.deferred.add(u);
    }
  }

  /**
   * One moving-average update of {@link #movingAverage}: running it assigns {@code variable *
   * momentum + value * (1 - momentum)} to the variable. A trainer that replays another rank's
   * update builds one with its own replica of the variable.
   *
   * @param variable the state variable
   * @param value the value it moves towards (a batch statistic)
   * @param momentum how much of the old value stays, in [0, 1]
   */
  public record MovingAverage(Variable variable, Tensor value, double momentum)
      implements Runnable {
    /**
     * The update.
     *
     * @throws IllegalArgumentException for a null variable or value, or a momentum outside [0, 1]
     */
    public MovingAverage {
      if (variable == null || value == null || !(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException(
            "MicroBatches.MovingAverage: a variable, a value and a momentum in [0, 1] are"
                + " required, got "
                + variable
                + ", "
                + value
                + ", "
                + momentum);
      }
    }

    /**
     * Assigns the moving average.
     *
     * @throws IllegalArgumentException when {@code value} does not broadcast to the variable's
     *     shape or dtype; the variable and the enclosing tapes are then unchanged
     */
    @Override
    public void run() {
      apply(variable, v -> v.mul(momentum).add(value.mul(1 - momentum)));
    }
  }

  /**
   * Caps the threads that kernels called from the current thread may use, the caller included
   * ({@code 0} removes the cap), as {@code fit}'s replicas do: a data-parallel worker that owns
   * {@code n} cores (a Spark task of {@code spark.task.cpus = n}) calls {@code capThreads(n)} so
   * that its kernels do not compete with its neighbours' for the cores. Results do not change: a
   * kernel's bits do not depend on its thread count.
   *
   * <pre>{@code
   * MicroBatches.capThreads(1);   // this thread's kernels: one core
   * try { ... } finally { MicroBatches.capThreads(0); }
   * }</pre>
   *
   * @throws IllegalArgumentException for a negative count
   */
  public static void capThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "MicroBatches.capThreads: threads must be >= 0, got " + threads);
    }
    Threads.capCurrentThread(threads);
  }

  /**
   * The step (the optimizer's {@code iterations()} before the step) and micro-batch index the
   * current thread is computing, or {@code null} outside micro-batched training: a layer that draws
   * random numbers in training (dropout) derives its draw from them, so that its masks do not
   * depend on which replica ran the micro-batch.
   */
  public static long[] position() {
    Context c = CURRENT.get();
    return c == null ? null : new long[] {c.step, c.index};
  }

  /** What the current thread is computing. */
  static final class Context {
    final long step;
    final int index;
    final List<Runnable> deferred;

    Context(long step, int index, List<Runnable> deferred) {
      this.step = step;
      this.index = index;
      this.deferred = deferred;
    }
  }

  static Context enter(long step, int index, List<Runnable> deferred) {
    Context previous = CURRENT.get();
    CURRENT.set(new Context(step, index, deferred));
    return previous;
  }

  static void leave(Context previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
