package dev.lanegrad.nn;

import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;

/**
 * Keras's {@code GRU} (Cho et al.) with Keras 2's default {@code reset_after=True} (the cuDNN
 * form), gates in Keras's order z, r, h:
 *
 * <pre>
 * x_z, x_r, x_h = x_t kernel + bias[0]          r_z, r_r, r_h = h recurrent_kernel + bias[1]
 * z = sigmoid(x_z + r_z)   r = sigmoid(x_r + r_r)   hh = tanh(x_h + r * r_h)
 * h = z * h + (1 - z) * hh
 * </pre>
 *
 * <p>Weights {@code gru/gru_cell/kernel:0} {@code (features, 3u)}, {@code
 * gru/gru_cell/recurrent_kernel:0} {@code (u, 3u)} (orthogonal), {@code gru/gru_cell/bias:0} {@code
 * (2, 3u)} (input bias, recurrent bias), so weights exported from Keras load as they are.
 *
 * <pre>{@code
 * GRU gru = new GRU(4);
 * gru.apply(Tensor.zeros(Shape.of(32, 10, 8), DType.FLOAT32)).shape();   // (32, 4)
 * }</pre>
 */
public class GRU extends RecurrentLayer {
  /** {@code units} cells with Keras's defaults. @throws IllegalArgumentException if units &lt; 1 */
  public GRU(int units) {
    this(builder(units));
  }

  private GRU(Builder b) {
    super(3, "gru", "gru_cell", b);
  }

  /** Options: {@code GRU.builder(64).returnSequences(true).build()}. */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  @Override
  Shape biasShape() {
    return Shape.of(2, 3 * units());
  }

  @Override
  Tensor inputBias() {
    Variable b = bias();
    return b == null ? null : Ops.split(b, 2, 0).get(0).reshape(3 * units());
  }

  @Override
  Tensor recurrentBias() {
    Variable b = bias();
    return b == null ? null : Ops.split(b, 2, 0).get(1).reshape(3 * units());
  }

  @Override
  Tensor[] step(Tensor xw, Tensor hr, Tensor[] state, Tensor recurrentBias) {
    List<Tensor> x = Ops.split(xw, 3, 1);
    Tensor inner;
    if (hr == null) {
      // h = 0: the recurrent part is the recurrent bias alone
      inner = recurrentBias;
    } else {
      inner = recurrentBias != null ? hr.add(recurrentBias) : hr;
    }
    List<Tensor> r = inner == null ? null : Ops.split(inner, 3, inner.rank() - 1);
    Tensor z = recurrentActivation.apply(r == null ? x.get(0) : x.get(0).add(r.get(0)));
    Tensor rr = recurrentActivation.apply(r == null ? x.get(1) : x.get(1).add(r.get(1)));
    Tensor hh = activation.apply(r == null ? x.get(2) : x.get(2).add(rr.mul(r.get(2))));
    if (state == null) {
      return new Tensor[] {z.neg().add(1.0).mul(hh)};
    }
    // h = z * h + (1 - z) * hh = hh + z * (h - hh)
    Tensor h = state[0];
    return new Tensor[] {hh.add(z.mul(h.sub(hh)))};
  }

  /** Options for a {@link GRU}, Keras's names and defaults ({@code reset_after=True}). */
  public static final class Builder extends RecurrentLayer.Builder<Builder, GRU> {
    private Builder(int units) {
      super("GRU", units);
    }

    @Override
    GRU make() {
      return new GRU(this);
    }
  }
}
