package dev.lanegrad;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.autodiff.Tape;
import dev.lanegrad.internal.ops.StepArena;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A step that runs again and again with the same shapes, as a {@code tf.function}-wrapped train
 * step: the result buffers of its ops are planned on the first call and reused by every later one,
 * so a steady call allocates (almost) nothing.
 *
 * <pre>{@code
 * StepFunction step = new StepFunction(in -> {
 *   GradientTape tape = new GradientTape();
 *   Tensor loss;
 *   try (tape) {
 *     loss = in.get(0).matmul(w).add(b).relu().sub(in.get(1)).square().mean();
 *   }
 *   opt.applyGradients(tape.gradient(loss, vars), vars);
 *   return loss;
 * });
 * for (int i = 0; i < 1000; i++) {
 *   double l = step.call(x[i], y[i]).doubleValue(); // the returned tensor is the caller's
 * }
 * }</pre>
 *
 * <p>As with tf.function's graph tensors, a tensor computed inside a call cannot leave it: the
 * returned tensor is copied out and stays valid, a variable assigned from a computed tensor keeps a
 * copy, and any other computed tensor that the body lets escape (a field, a list) throws {@link
 * IllegalStateException} when it is read after its call returned, so no tensor anyone holds ever
 * changes. Tensors from outside (the inputs, constants, variables) are untouched. Everything else
 * is eager as usual: tapes (persistent, nested, higher order), jacobians and optimizers inside the
 * body behave as outside it. A call inside another call (of this or any step function) runs in the
 * outer call, and a call made while a tape is open (one that would record through it) runs eagerly
 * without reuse, so that the tape can differentiate it. The buffers are those of one call, held
 * until the step function is unreachable.
 */
public final class StepFunction {
  private final Function<List<Tensor>, Tensor> body;
  private final StepArena arena = new StepArena();

  /**
   * @param body the step: gets the call's inputs, returns one tensor (the loss, say) or null
   */
  public StepFunction(Function<List<Tensor>, Tensor> body) {
    if (body == null) {
      throw new IllegalArgumentException("StepFunction: body is null");
    }
    this.body = body;
  }

  /**
   * Runs the body on {@code inputs} ({@code in.get(0)} is the first) and returns its result, copied
   * out when it was computed in the call.
   *
   * @throws IllegalArgumentException for a null input array (each input may be anything the body
   *     accepts)
   */
  public Tensor call(Tensor... inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("StepFunction.call: inputs is null");
    }
    return call(Arrays.asList(inputs));
  }

  /** As {@link #call(Tensor...)} with a list of inputs. */
  public Tensor call(List<Tensor> inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("StepFunction.call: inputs is null");
    }
    // under a tape opened outside, the call stays eager so that the tape sees through it
    if (Tape.anyOpen() || !arena.begin()) {
      return body.apply(inputs);
    }
    try {
      Tensor r = body.apply(inputs);
      if (r == null || r.epoch == null) {
        return r;
      }
      Object d = Internal.data(r);
      Object copy = d instanceof float[] f ? f.clone() : ((double[]) d).clone();
      return new Tensor(r.dtype, r.shape, copy);
    } finally {
      arena.end();
    }
  }

  /**
   * Lets a tensor computed inside the running call outlive it, for state a layer, metric or
   * callback keeps past the step (an activity loss read through {@code layer.losses()} after {@code
   * fit}, attention scores a layer records): returns {@code t} itself, whose buffer leaves the
   * call's reuse plan, so that reading it after the call returns gives the values it had. Outside a
   * call, and for tensors not computed in one (inputs, constants, variables), it returns {@code t}
   * unchanged at no cost; inside, the next call allocates one fresh buffer of the kept size.
   *
   * <pre>{@code
   * // in a custom layer's call(x): keep the scores for inspection after fit
   * this.lastScores = StepFunction.keep(scores);
   * }</pre>
   *
   * @throws IllegalArgumentException for null
   * @throws IllegalStateException for a tensor whose call has already returned (its values may
   *     belong to a later call)
   */
  public static Tensor keep(Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException("StepFunction.keep: the tensor is null");
    }
    StepArena.Epoch e = t.epoch;
    if (e == null) {
      return t;
    }
    if (!e.live()) {
      throw new IllegalStateException(
          "StepFunction.keep: the "
              + t.dtype
              + " tensor of shape "
              + t.shape
              + " was computed in a call that has returned; keep it inside its call");
    }
    Object d = t.currentData();
    if (StepArena.release(d)) {
      t.epoch = null; // its array is now the tensor's alone
      return t;
    }
    // a live buffer of another thread's call: a copy is the only safe answer
    Object copy = d instanceof float[] f ? f.clone() : ((double[]) d).clone();
    return new Tensor(t.dtype, t.shape, copy);
  }

  /** Bytes of the buffers kept between calls (the last call's results). */
  public long bufferBytes() {
    return arena.heldBytes();
  }
}
