package dev.lanegrad.nn;

import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.List;

/**
 * Keras's {@code LSTM} (Hochreiter and Schmidhuber), gates in Keras's order i, f, c, o:
 *
 * <pre>
 * z = x_t kernel + h recurrent_kernel + bias          (batch, 4 units)
 * i = sigmoid(z_i)   f = sigmoid(z_f)   o = sigmoid(z_o)
 * c = f * c + i * tanh(z_c)                h = o * tanh(c)
 * </pre>
 *
 * <p>Weights {@code lstm/lstm_cell/kernel:0} {@code (features, 4u)}, {@code
 * lstm/lstm_cell/recurrent_kernel:0} {@code (u, 4u)} (orthogonal), {@code lstm/lstm_cell/bias:0}
 * {@code (4u,)} with the forget gate's quarter at 1 (Keras's {@code unit_forget_bias}), so weights
 * exported from Keras load as they are.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder(4).returnSequences(true).build();
 * lstm.apply(Tensor.zeros(Shape.of(32, 10, 8), DType.FLOAT32)).shape();   // (32, 10, 4)
 * new LSTM(4).apply(Tensor.zeros(Shape.of(32, 10, 8), DType.FLOAT32)).shape();   // (32, 4)
 * }</pre>
 */
public class LSTM extends RecurrentLayer {
  /** {@code units} cells with Keras's defaults. @throws IllegalArgumentException if units &lt; 1 */
  public LSTM(int units) {
    this(builder(units));
  }

  private LSTM(Builder b) {
    super(4, "lstm", "lstm_cell", b);
  }

  /** Options: {@code LSTM.builder(64).returnSequences(true).build()}. */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  @Override
  Initializer biasInitializer(Initializer given, RecurrentLayer.Builder<?, ?> b) {
    if (!b.unitForgetBias) {
      return given;
    }
    // Keras: concat([init((u,)), ones((u,)), init((2u,))])
    return (shape, dtype) -> {
      int u = shape.dim(0) / 4;
      return Ops.concat(
          List.of(
              given.initialize(Shape.of(u), dtype),
              Tensor.ones(Shape.of(u), dtype),
              given.initialize(Shape.of(2 * u), dtype)),
          0);
    };
  }

  @Override
  int stateCount() {
    return 2;
  }

  @Override
  Tensor[] step(Tensor xw, Tensor hr, Tensor[] state, Tensor recurrentBias) {
    Tensor z = hr == null ? xw : xw.add(hr);
    List<Tensor> g = Ops.split(z, 4, 1);
    Tensor i = recurrentActivation.apply(g.get(0));
    Tensor f = recurrentActivation.apply(g.get(1));
    Tensor candidate = i.mul(activation.apply(g.get(2)));
    Tensor c = state == null ? candidate : f.mul(state[1]).add(candidate);
    Tensor o = recurrentActivation.apply(g.get(3));
    Tensor h = o.mul(activation.apply(c));
    return new Tensor[] {h, c};
  }

  /** Options for an {@link LSTM}, Keras's names and defaults. */
  public static final class Builder extends RecurrentLayer.Builder<Builder, LSTM> {
    private Builder(int units) {
      super("LSTM", units);
    }

    /** Start the forget gate's bias at 1 (default true, as Keras). */
    public Builder unitForgetBias(boolean unitForgetBias) {
      this.unitForgetBias = unitForgetBias;
      return this;
    }

    @Override
    LSTM make() {
      return new LSTM(this);
    }
  }
}
