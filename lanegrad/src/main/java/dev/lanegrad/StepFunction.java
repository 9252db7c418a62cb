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

  /** Bytes of the buffers kept between calls (the last call's results). */
  public long bufferBytes() {
    return arena.heldBytes();
  }
}
