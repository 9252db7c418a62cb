package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share, as Keras's {@code RNN} layer around a
 * cell: weights named after the cell ({@code lstm/lstm_cell/kernel:0}, {@code
 * .../recurrent_kernel:0}, {@code .../bias:0}) in Keras's layout, the gates side by side in the
 * kernel's columns; the sequence {@code (batch, steps, features)} unrolled on the tape.
 *
 * <p>Each step does what Keras's cell does: one fused matmul {@code x_t x kernel} for all gates,
 * one {@code h x recurrent_kernel}, then splits the sum into the gates. The output is the last
 * step's {@code h} {@code (batch, units)}, or every step's {@code (batch, steps, units)} with
 * {@code returnSequences}.
 */
public abstract class RecurrentLayer extends Layer {
  private final int units;
  private final int gates;
  private final String cell;
  private final boolean returnSequences;
  private final boolean goBackwards;
  final Activation activation;
  final Activation recurrentActivation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer recurrentInitializer;
  private final Initializer biasInitializer;
  private final Regularizer kernelRegularizer;
  private final Regularizer recurrentRegularizer;
  private final Regularizer biasRegularizer;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  RecurrentLayer(int gates, String base, String cell, Builder<?, ?> b) {
    super(b.name != null ? b.name : defaultName(base));
    this.units = b.units;
    this.gates = gates;
    this.cell = cell;
    this.returnSequences = b.returnSequences;
    this.goBackwards = b.goBackwards;
    this.activation = b.activation;
    this.recurrentActivation = b.recurrentActivation;
    this.useBias = b.useBias;
    this.kernelInitializer = b.kernelInitializer;
    this.recurrentInitializer = b.recurrentInitializer;
    this.biasInitializer = biasInitializer(b.biasInitializer, b);
    this.kernelRegularizer = b.kernelRegularizer;
    this.recurrentRegularizer = b.recurrentRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    setDtype(getClass().getSimpleName() + ".builder", b.dtype);
  }

  /** The bias initializer the layer uses (LSTM's unit forget bias wraps the given one). */
  Initializer biasInitializer(Initializer given, Builder<?, ?> b) {
    return given;
  }

  /** The shape of the bias: {@code (gates * units,)}; GRU's reset-after bias is {@code (2, 3u)}. */
  Shape biasShape() {
    return Shape.of(gates * units);
  }

  /** The number of units (the size of {@code h}). */
  public int units() {
    return units;
  }

  /** Whether the output holds every step. */
  public boolean returnSequences() {
    return returnSequences;
  }

  /** The kernel {@code (features, gates * units)}, or null before build. */
  public Variable kernel() {
    return kernel;
  }

  /** The recurrent kernel {@code (units, gates * units)}, or null before build. */
  public Variable recurrentKernel() {
    return recurrentKernel;
  }

  /** The bias, or null before build or without one. */
  public Variable bias() {
    return bias;
  }

  @Override
  protected void build(Shape inputShape) {
    int f = inputShape.dim(-1);
    int g = gates * units;
    kernel =
        addWeight(
            cell + "/kernel", Shape.of(f, g), dtype(), kernelInitializer, true, kernelRegularizer);
    recurrentKernel =
        addWeight(
            cell + "/recurrent_kernel",
            Shape.of(units, g),
            dtype(),
            recurrentInitializer,
            true,
            recurrentRegularizer);
    if (useBias) {
      bias =
          addWeight(cell + "/bias", biasShape(), dtype(), biasInitializer, true, biasRegularizer);
    }
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() != 3) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected ndim=3, found ndim="
              + shape.rank()
              + ". Full shape received: "
              + shape);
    }
    Variable k = kernel;
    if (k != null && shape.dim(-1) != k.shape().dim(0)) {
      throw Args.lastAxis(name(), k.shape().dim(0), shape);
    }
    if (!dtype.isFloating()) {
      throw Args.dtype(name(), "a float", dtype, shape);
    }
    if (shape.dim(1) < 1) {
      throw new IllegalArgumentException(
          "Layer \"" + name() + "\": the sequence has no steps, input shape " + shape);
    }
    return new Spec(
        returnSequences
            ? Shape.of(shape.dim(0), shape.dim(1), units)
            : Shape.of(shape.dim(0), units),
        dtype());
  }

  /** The input bias added to every step's {@code x kernel} (all of it but GRU's second row). */
  Tensor inputBias() {
    return bias;
  }

  /**
   * One step: {@code xw} is this step's {@code x kernel + input bias} {@code (batch, gates *
   * units)}; {@code state} holds {@code h} (and LSTM's {@code c}), or nulls at the first step (all
   * zeros); returns the new state, {@code h} first.
   */
  abstract Tensor[] step(Tensor xw, Tensor[] state, Variable recurrentKernel, Tensor recurrentBias);

  /** The bias added to {@code h x recurrent_kernel} (GRU's second row), or null; once per call. */
  Tensor recurrentBias() {
    return null;
  }

  @Override
  protected Tensor call(Tensor x) {
    x = toDtype(x);
    int t = x.shape().dim(1);
    Tensor ib = inputBias();
    Tensor rb = recurrentBias();
    // unstack's gradient stacks the steps' gradients: one pass over x, linear in the steps
    List<Tensor> steps = Ops.unstack(x, 1);
    Tensor[] state = null;
    List<Tensor> outputs = returnSequences ? new ArrayList<>(t) : null;
    for (int i = 0; i < t; i++) {
      Tensor xw = steps.get(goBackwards ? t - 1 - i : i).matmul(kernel);
      if (ib != null) {
        xw = xw.add(ib);
      }
      state = step(xw, state, recurrentKernel, rb);
      if (outputs != null) {
        outputs.add(state[0]);
      }
    }
    return outputs != null ? Ops.stack(outputs, 1) : state[0];
  }

  /**
   * Options of a recurrent layer, Keras's names and defaults: tanh activation, sigmoid recurrent
   * activation, a bias, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias, the last
   * output only.
   *
   * @param <B> the concrete builder
   * @param <L> the layer it builds
   */
  public abstract static class Builder<B extends Builder<B, L>, L extends RecurrentLayer>
      extends KernelLayerBuilder<B, L> {
    private final int units;
    private boolean returnSequences;
    private boolean goBackwards;
    private Activation recurrentActivation = Activation.SIGMOID;
    private Initializer recurrentInitializer = Initializers.orthogonal();
    private Regularizer recurrentRegularizer;
    boolean unitForgetBias = true;

    Builder(String layer, int units) {
      super(layer, Activation.TANH);
      this.units = Args.positive(layer, "units", units);
    }

    /** Output every step {@code (batch, steps, units)} instead of the last (default false). */
    public B returnSequences(boolean returnSequences) {
      this.returnSequences = returnSequences;
      return self();
    }

    /** Read the sequence from its end (default false). */
    public B goBackwards(boolean goBackwards) {
      this.goBackwards = goBackwards;
      return self();
    }

    /** The activation of the gates (default sigmoid; SimpleRNN has no gates). */
    public B recurrentActivation(Activation activation) {
      this.recurrentActivation = Args.notNull(layer, "recurrentActivation", activation);
      return self();
    }

    /** The recurrent kernel's initializer (default orthogonal). */
    public B recurrentInitializer(Initializer i) {
      this.recurrentInitializer = Args.notNull(layer, "recurrentInitializer", i);
      return self();
    }

    /** A penalty on the recurrent kernel (default none). */
    public B recurrentRegularizer(Regularizer r) {
      this.recurrentRegularizer = r;
      return self();
    }
  }
}
