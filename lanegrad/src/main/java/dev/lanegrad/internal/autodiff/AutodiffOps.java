package dev.lanegrad.internal.autodiff;

import dev.lanegrad.CustomGradient;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.GradRule;
import dev.lanegrad.internal.ops.Recorder;
import java.util.List;
import java.util.function.Function;

/** Ops that talk to the tape itself: stopGradient and customGradient. */
public final class AutodiffOps {
  private AutodiffOps() {}

  /**
   * The same value, never recorded, so no gradient flows through it ({@code tf.stop_gradient}). The
   * result shares the input's array (arrays are never written once a tensor holds them).
   */
  public static Tensor stopGradient(Tensor x) {
    if (x instanceof Variable v) {
      return Internal.snapshot(v);
    }
    return Internal.make(x.dtype(), x.shape(), Internal.data(x));
  }

  /**
   * As {@code tf.custom_gradient}: runs {@code f} on the inputs as they are (so the tapes record
   * what it computes, and an outer tape can differentiate the gradient function's ops later), then
   * records its value as one op of the inputs whose rule is {@code f}'s gradient function.
   *
   * @throws IllegalArgumentException if {@code f} returns null; when the gradient runs, if the
   *     gradient function returns a list of another size than the inputs
   */
  public static Tensor customGradient(List<Tensor> xs, Function<List<Tensor>, CustomGradient> f) {
    CustomGradient cg = f.apply(xs);
    if (cg == null) {
      throw new IllegalArgumentException("customGradient: the function returned null");
    }
    Tensor v = cg.value();
    // a new tensor object: the tapes record it as the output of this op alone
    Tensor y =
        v instanceof Variable var
            ? Internal.snapshot(var)
            : Internal.make(v.dtype(), v.shape(), Internal.data(v));
    return Recorder.recordWith(
        "customGradient", y, CUSTOM_GRADIENT_GRAD, cg.grad(), xs.toArray(new Tensor[0]));
  }

  /** The user's gradient function, called with g; attrs: that function. */
  @SuppressWarnings("unchecked")
  static final GradRule CUSTOM_GRADIENT_GRAD =
      (e, g) -> {
        List<Tensor> gs = ((Function<Tensor, List<Tensor>>) e.attrs()).apply(g);
        int k = e.arity();
        if (gs == null || gs.size() != k) {
          throw new IllegalArgumentException(
              "customGradient: the gradient function returned "
                  + (gs == null
                      ? "null"
                      : gs.size() + (gs.size() == 1 ? " gradient" : " gradients"))
                  + " for "
                  + k
                  + (k == 1 ? " input" : " inputs")
                  + "; it must return one per input");
        }
        Tensor[] r = new Tensor[k];
        for (int i = 0; i < k; i++) {
          r[i] = e.needs(i) ? gs.get(i) : null;
        }
        return r;
      };
}
