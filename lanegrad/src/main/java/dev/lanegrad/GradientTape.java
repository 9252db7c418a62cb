package dev.lanegrad;

import dev.lanegrad.internal.autodiff.Backprop;
import dev.lanegrad.internal.autodiff.Tape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records the operations that run while it is open and differentiates them in reverse, as {@code
 * tf.GradientTape} in eager mode.
 *
 * <pre>{@code
 * Variable x = Variable.of(3f);
 * GradientTape tape = new GradientTape();
 * Tensor y;
 * try (tape) {
 *   y = x.mul(x);                        // y = x^2
 * }
 * System.out.println(tape.gradient(y, x)); // Tensor(6.0, shape=(), dtype=float32)
 * }</pre>
 *
 * <p><b>What is recorded.</b> Recording starts when the tape is constructed and stops at {@link
 * #close()}. An op is recorded when one of its inputs is watched: trainable variables that the op
 * reads (unless {@code watchAccessedVariables} is false), tensors and variables passed to {@link
 * #watch}, and the results of ops the tape recorded. A variable is recorded with its value at that
 * moment; later assigns never change what the tape differentiates, and the gradient with respect to
 * a variable sums over all its reads.
 *
 * <p><b>Higher orders.</b> Gradients are computed with ordinary ops, so a tape that records while
 * another computes a gradient records that computation: {@code outer.gradient(inner.gradient(y, x),
 * x)} is the second derivative. Where a first gradient does not depend on the source at all (the
 * second derivative of {@code 3x}) the answer is {@code null}, as in TF.
 *
 * <p><b>Lifetime.</b> A non-persistent tape answers one {@code gradient} or {@code jacobian} call
 * and then frees what it recorded; {@code new GradientTape(true)} answers any number. Calling
 * {@code gradient} inside the block of a non-persistent tape stops its recording (TF's behaviour);
 * a persistent tape keeps recording and records the gradient computation itself. A tape belongs to
 * the thread that created it: using it from another thread is an {@link IllegalStateException}.
 * Tapes nest; each thread has its own. Nothing global keeps a closed tape alive.
 */
public final class GradientTape implements AutoCloseable {
  private final Tape tape;

  /** A non-persistent tape that watches the trainable variables its ops read. */
  public GradientTape() {
    this(false, true);
  }

  /** A tape that answers any number of gradient calls when {@code persistent}. */
  public GradientTape(boolean persistent) {
    this(persistent, true);
  }

  /**
   * @param persistent answer any number of {@code gradient}/{@code jacobian} calls
   * @param watchAccessedVariables watch the trainable variables that recorded ops read; when false,
   *     only what {@link #watch} names is watched
   */
  public GradientTape(boolean persistent, boolean watchAccessedVariables) {
    this.tape = new Tape(persistent, watchAccessedVariables);
  }

  /**
   * Watches tensors (and variables, the only way for non-trainable ones): ops on them are recorded
   * from now on, and they may be sources of {@link #gradient}. Watching an integer tensor is
   * allowed; its gradient is {@code null}.
   *
   * @throws IllegalArgumentException for a null array or element (nothing is watched then)
   * @throws IllegalStateException if the tape's block is closed, or a non-persistent tape stopped
   *     recording because its gradient was computed
   */
  public void watch(Tensor... tensors) {
    tape.checkThread("watch");
    notNull("watch", "tensors", tensors);
    tape.watch(nonNullArray(tensors.clone())); // checked as a copy: all or nothing
  }

  private static Tensor[] nonNullArray(Tensor[] ts) {
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] == null) {
        throw new IllegalArgumentException("GradientTape.watch: tensors[" + i + "] is null");
      }
    }
    return ts;
  }

  /**
   * The variables this tape watched (accessed trainable ones and those passed to {@link #watch}),
   * in the order they were created, as TF lists them. Still answers after a non-persistent tape
   * computed its gradient.
   */
  public List<Variable> watchedVariables() {
    tape.checkThread("watchedVariables");
    List<Variable> vs = new ArrayList<>(tape.watchedVariables());
    vs.sort(Comparator.comparingLong(v -> v.seq));
    return vs;
  }

  /**
   * {@code d target / d source}, summed over the target's elements; shaped and typed as the source.
   * {@code null} if the source is not connected to the target, or is an integer tensor, or the
   * target is an integer tensor. {@code gradient(x, x)} is ones.
   *
   * @throws IllegalArgumentException for a null argument
   * @throws IllegalStateException on a second call to a non-persistent tape, or from another thread
   */
  public Tensor gradient(Tensor target, Tensor source) {
    tape.checkThread("gradient");
    notNull("gradient", "target", target);
    notNull("gradient", "source", source);
    return Backprop.gradient(tape, List.of(target), null, List.of(source), false).get(0);
  }

  /**
   * The gradient of {@code target} with respect to each source, {@code null} where a source is not
   * connected. See {@link #gradient(Tensor, Tensor)}.
   */
  public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources) {
    return gradient(target, sources, null, UnconnectedGradients.NONE);
  }

  /**
   * As {@link #gradient(Tensor, List)}; with {@link UnconnectedGradients#ZERO}, an unconnected
   * source gets zeros of its shape and dtype instead of {@code null}.
   */
  public List<Tensor> gradient(
      Tensor target, List<? extends Tensor> sources, UnconnectedGradients u) {
    return gradient(target, sources, null, u);
  }

  /**
   * The vector-Jacobian product {@code sum_i outputGradients[i] * d target[i] / d source}: the
   * gradient of a non-scalar target weighted by {@code outputGradients} (TF's {@code
   * output_gradients}; null means ones).
   *
   * @throws IllegalArgumentException for null arguments, or {@code outputGradients} of another
   *     shape or dtype than the target
   * @throws IllegalStateException on a second call to a non-persistent tape, or from another thread
   */
  public List<Tensor> gradient(
      Tensor target,
      List<? extends Tensor> sources,
      Tensor outputGradients,
      UnconnectedGradients u) {
    tape.checkThread("gradient");
    notNull("gradient", "target", target);
    checkList("gradient", "sources", sources);
    notNull("gradient", "unconnectedGradients", u);
    if (outputGradients != null
        && (!outputGradients.shape().equals(target.shape())
            || outputGradients.dtype() != target.dtype())) {
      throw new IllegalArgumentException(
          "GradientTape.gradient: outputGradients has shape "
              + outputGradients.shape()
              + " and dtype "
              + outputGradients.dtype()
              + " but the target has shape "
              + target.shape()
              + " and dtype "
              + target.dtype()
              + "; they must match");
    }
    return Backprop.gradient(
        tape,
        List.of(target),
        new Tensor[] {outputGradients},
        List.copyOf(sources),
        u == UnconnectedGradients.ZERO);
  }

  /**
   * The gradient of the sum of {@code targets} with respect to each source ({@code null} where not
   * connected).
   *
   * @throws IllegalArgumentException for a null list or element
   */
  public List<Tensor> gradient(List<? extends Tensor> targets, List<? extends Tensor> sources) {
    tape.checkThread("gradient");
    checkList("gradient", "targets", targets);
    checkList("gradient", "sources", sources);
    return Backprop.gradient(tape, List.copyOf(targets), null, List.copyOf(sources), false);
  }

  /**
   * The full Jacobian {@code J[t..., s...] = d target[t...] / d source[s...]}, of shape {@code
   * target.shape + source.shape}; {@code null} if the source is not connected (TF). On a
   * non-persistent tape this is its one call.
   *
   * @throws IllegalArgumentException for a null argument
   * @throws IllegalStateException on a second call to a non-persistent tape, or from another thread
   */
  public Tensor jacobian(Tensor target, Tensor source) {
    tape.checkThread("jacobian");
    notNull("jacobian", "target", target);
    notNull("jacobian", "source", source);
    return Backprop.jacobian(tape, target, source);
  }

  /**
   * The per-example Jacobian {@code J[b, t..., s...] = d target[b, t...] / d source[b, s...]} of
   * shape {@code [b] + target.shape[1:] + source.shape[1:]}, for targets whose example {@code b}
   * depends only on example {@code b} of the source; zeros if the source is not connected (TF).
   *
   * @throws IllegalArgumentException if either has rank below 2 or their first dimensions differ
   * @throws IllegalStateException on a second call to a non-persistent tape, or from another thread
   */
  public Tensor batchJacobian(Tensor target, Tensor source) {
    tape.checkThread("batchJacobian");
    notNull("batchJacobian", "target", target);
    notNull("batchJacobian", "source", source);
    if (target.rank() < 2 || source.rank() < 2) {
      throw new IllegalArgumentException(
          "GradientTape.batchJacobian: target and source need rank 2 or more (a batch axis first),"
              + " got target shape "
              + target.shape()
              + " and source shape "
              + source.shape());
    }
    if (target.shape().dim(0) != source.shape().dim(0)) {
      throw new IllegalArgumentException(
          "GradientTape.batchJacobian: the first dimension of the target shape "
              + target.shape()
              + " and of the source shape "
              + source.shape()
              + " must match");
    }
    return Backprop.batchJacobian(tape, target, source);
  }

  /**
   * Pauses recording until the returned handle is closed: {@code try (var paused =
   * tape.stopRecording()) { ... }}.
   *
   * @throws IllegalStateException if the tape is not recording (closed, already paused, or stopped
   *     by its gradient)
   */
  public AutoCloseable stopRecording() {
    return tape.stopRecording();
  }

  /**
   * Forgets everything recorded and watched and goes on recording, as if the block had been entered
   * anew.
   *
   * @throws IllegalStateException if the tape is not recording
   */
  public void reset() {
    tape.reset();
  }

  /**
   * Ends the recording block; the tape still answers {@code gradient}. Closing twice is harmless.
   */
  @Override
  public void close() {
    tape.close();
  }

  private static void notNull(String call, String arg, Object v) {
    if (v == null) {
      throw new IllegalArgumentException(
          "GradientTape." + call + ": argument '" + arg + "' is null");
    }
  }

  private static void checkList(String call, String arg, List<?> list) {
    if (list == null) {
      throw new IllegalArgumentException(
          "GradientTape." + call + ": argument '" + arg + "' is null");
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new IllegalArgumentException(
            "GradientTape." + call + ": " + arg + "[" + i + "] is null");
      }
    }
  }
}
