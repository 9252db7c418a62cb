package dev.lanegrad.nn;

import dev.lanegrad.Tensor;

/**
 * Keras's {@code SimpleRNN}: {@code h = tanh(x_t kernel + bias + h recurrent_kernel)}, weights
 * {@code simple_rnn/simple_rnn_cell/kernel:0} {@code (features, u)}, {@code .../recurrent_kernel:0}
 * {@code (u, u)} (orthogonal), {@code .../bias:0} {@code (u,)}.
 *
 * <pre>{@code
 * SimpleRNN rnn = SimpleRNN.builder(4).returnSequences(true).build();
 * rnn.apply(Tensor.zeros(Shape.of(32, 10, 8), DType.FLOAT32)).shape();   // (32, 10, 4)
 * }</pre>
 */
public class SimpleRNN extends RecurrentLayer {
  /** {@code units} cells with Keras's defaults. @throws IllegalArgumentException if units &lt; 1 */
  public SimpleRNN(int units) {
    this(builder(units));
  }

  private SimpleRNN(Builder b) {
    super(1, "simple_rnn", "simple_rnn_cell", b);
  }

  /** Options: {@code SimpleRNN.builder(64).activation(Activation.RELU).build()}. */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  @Override
  Tensor[] step(Tensor xw, Tensor hr, Tensor[] state, Tensor recurrentBias) {
    Tensor z = hr == null ? xw : xw.add(hr);
    return new Tensor[] {activation.apply(z)};
  }

  /** Options for a {@link SimpleRNN}, Keras's names and defaults. */
  public static final class Builder extends RecurrentLayer.Builder<Builder, SimpleRNN> {
    private Builder(int units) {
      super("SimpleRNN", units);
    }

    @Override
    SimpleRNN make() {
      return new SimpleRNN(this);
    }
  }
}
