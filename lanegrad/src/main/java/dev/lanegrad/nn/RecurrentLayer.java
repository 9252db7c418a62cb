package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share, as Keras's {@code RNN} layer around a
 * cell: weights named after the cell ({@code lstm/lstm_cell/kernel:0}, {@code
 * .../recurrent_kernel:0}, {@code .../bias:0}) in Keras's layout, the gates side by side in the
 * kernel's columns; the sequence {@code (batch, steps, features)} unrolled on the tape.
 *
 * <p>Each step does what Keras's cell does: one fused matmul {@code x_t x kernel} for all gates,
 * one {@code h x recurrent_kernel}, then splits the sum into the gates. The output is the last
 * step's {@code h} {@code (batch, units)}, or every step's {@code (batch, steps, units)} with
 * {@code returnSequences}; {@link #applyWithState} also gives the final states and takes initial
 * ones.
 *
 * <p>Dropout as Keras 2.15: in training, {@code dropout} multiplies {@code x_t} by a mask drawn
 * once per call and {@code recurrentDropout} multiplies {@code h} on its way into the recurrent
 * kernel; with recurrent dropout Keras runs the cell as {@code implementation=1}, one mask (and
 * kernel slice) per gate, and so does this layer. In inference both are off.
 */
public abstract class RecurrentLayer extends Layer {
  private final int units;
  private final int gates;
  private final String cell;
  private final boolean returnSequences;
  final boolean returnState;
  final boolean goBackwards;
  final double dropout;
  final double recurrentDropout;
  final Long seed;
  final AtomicLong calls = new AtomicLong();
  final Activation activation;
  final Activation recurrentActivation;
  final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer recurrentInitializer;
  private final Initializer biasInitializer;
  final Regularizer kernelRegularizer;
  final Regularizer recurrentRegularizer;
  final Regularizer biasRegularizer;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  RecurrentLayer(int gates, String base, String cell, Builder<?, ?> b) {
    super(b.name != null ? b.name : defaultName(base));
    this.units = b.units;
    this.gates = gates;
    this.cell = cell;
    this.returnSequences = b.returnSequences;
    this.returnState = b.returnState;
    this.goBackwards = b.goBackwards;
    this.dropout = b.dropout;
    this.recurrentDropout = b.recurrentDropout;
    this.seed = b.seed;
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

  /** Whether {@link #applyWithState} returns the final states after the output. */
  public boolean returnState() {
    return returnState;
  }

  /** The fraction of the input's features dropped in training (Keras's {@code dropout}). */
  public double dropout() {
    return dropout;
  }

  /** The fraction of {@code h} dropped on its way into the recurrent kernel in training. */
  public double recurrentDropout() {
    return recurrentDropout;
  }

  /** The states a cell carries: {@code h} (1), LSTM's {@code h} and {@code c} (2). */
  int stateCount() {
    return 1;
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
   * units)}; {@code hr} is {@code h recurrent_kernel} (with the recurrent dropout masks applied to
   * {@code h}), or null when {@code state} is null; {@code state} holds {@code h} (and LSTM's
   * {@code c}), or null at the first step without an initial state (all zeros); returns the new
   * state, {@code h} first.
   */
  abstract Tensor[] step(Tensor xw, Tensor hr, Tensor[] state, Tensor recurrentBias);

  /** The bias added to {@code h x recurrent_kernel} (GRU's second row), or null; once per call. */
  Tensor recurrentBias() {
    return null;
  }

  @Override
  protected Tensor call(Tensor x) {
    return run(x, null, false)[0];
  }

  @Override
  protected Tensor call(Tensor x, boolean training) {
    return run(x, null, training)[0];
  }

  /**
   * Keras's {@code layer(x, initial_state=..., training=...)} with its list of results: the output,
   * then with {@code returnState} the final states in Keras's order ({@code [output, h, c]} for
   * LSTM, {@code [output, h]} for GRU and SimpleRNN); without it only {@code [output]}.
   *
   * <pre>{@code
   * LSTM enc = LSTM.builder(16).returnState(true).build();
   * List<Tensor> r = enc.applyWithState(x, null, false);    // [output, h, c], each (batch, 16)
   * LSTM dec = LSTM.builder(16).returnSequences(true).build();
   * dec.applyWithState(y, r.subList(1, 3), true).get(0);     // starts from the encoder's state
   * }</pre>
   *
   * @param initialState null (zeros, as Keras), or one tensor {@code (batch, units)} per state
   * @throws IllegalArgumentException for a bad input (as {@link #apply}), or initial states of the
   *     wrong count, shape or dtype (nothing is built or recorded then)
   */
  public List<Tensor> applyWithState(Tensor input, List<Tensor> initialState, boolean training) {
    if (input == null) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": the input is null");
    }
    checkInput(input.shape(), input.dtype());
    Tensor[] init = initialState == null ? null : checkState(initialState, input.shape().dim(0));
    Tensor[][] finalState = new Tensor[1][];
    Tensor out =
        applyWith(
            input,
            training,
            x -> {
              Tensor[] r = run(x, init, training);
              finalState[0] = Arrays.copyOfRange(r, 1, r.length);
              return r[0];
            });
    List<Tensor> result = new ArrayList<>(1 + stateCount());
    result.add(out);
    if (returnState) {
      result.addAll(Arrays.asList(finalState[0]));
    }
    return result;
  }

  /** {@link #applyWithState(Tensor, List, boolean)} from zero states. */
  public List<Tensor> applyWithState(Tensor input, boolean training) {
    return applyWithState(input, null, training);
  }

  private Tensor[] checkState(List<Tensor> given, int batch) {
    int n = stateCount();
    Shape want = Shape.of(batch, units);
    if (given.size() != n) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" expects "
              + n
              + (n == 1 ? " initial state" : " initial states")
              + ", got "
              + given.size());
    }
    Tensor[] s = new Tensor[n];
    for (int i = 0; i < n; i++) {
      Tensor t = given.get(i);
      if (t == null || !t.shape().equals(want) || !t.dtype().isFloating()) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\": initial state "
                + i
                + " must be a float tensor of shape "
                + want
                + ", got "
                + (t == null ? "null" : t.dtype() + " " + t.shape()));
      }
      s[i] = toDtype(t);
    }
    return s;
  }

  /** The output, then the final states. */
  private Tensor[] run(Tensor x, Tensor[] initialState, boolean training) {
    x = toDtype(x);
    int b = x.shape().dim(0);
    int t = x.shape().dim(1);
    int f = x.shape().dim(2);
    Tensor ib = inputBias();
    Tensor rb = recurrentBias();
    // Keras 2.15 runs a cell with recurrent dropout as implementation 1 (gru.py, lstm.py): a mask
    // and a kernel slice per gate; without it, implementation 2 with one input mask
    boolean perGate = recurrentDropout > 0 && gates > 1;
    Tensor[] inMasks = null;
    Tensor[] recMasks = null;
    if (training && (dropout > 0 || recurrentDropout > 0)) {
      long s = Dropout.drawSeed(seed, calls);
      if (dropout > 0) {
        inMasks = masks(s, 0, b, f, dropout, perGate ? gates : 1);
      }
      if (recurrentDropout > 0) {
        recMasks = masks(s, gates, b, units, recurrentDropout, gates);
      }
      lastMaskDraw = new long[] {s, b, f};
    }
    List<Tensor> kernels = inMasks != null && perGate ? Ops.split(kernel, gates, 1) : null;
    List<Tensor> recurrentKernels = recMasks != null ? Ops.split(recurrentKernel, gates, 1) : null;
    // unstack's gradient stacks the steps' gradients: one pass over x, linear in the steps
    List<Tensor> steps = Ops.unstack(x, 1);
    Tensor[] state = initialState;
    List<Tensor> outputs = returnSequences ? new ArrayList<>(t) : null;
    for (int i = 0; i < t; i++) {
      Tensor xt = steps.get(goBackwards ? t - 1 - i : i);
      Tensor xw;
      if (kernels != null) {
        List<Tensor> parts = new ArrayList<>(gates);
        for (int g = 0; g < gates; g++) {
          parts.add(xt.mul(inMasks[g]).matmul(kernels.get(g)));
        }
        xw = Ops.concat(parts, 1);
      } else {
        xw = (inMasks != null ? xt.mul(inMasks[0]) : xt).matmul(kernel);
      }
      if (ib != null) {
        xw = xw.add(ib);
      }
      Tensor hr = null;
      if (state != null) {
        Tensor h = state[0];
        if (recurrentKernels != null) {
          List<Tensor> parts = new ArrayList<>(gates);
          for (int g = 0; g < gates; g++) {
            parts.add(h.mul(recMasks[g]).matmul(recurrentKernels.get(g)));
          }
          hr = gates == 1 ? parts.get(0) : Ops.concat(parts, 1);
        } else {
          hr = h.matmul(recurrentKernel);
        }
      }
      state = step(xw, hr, state, rb);
      if (outputs != null) {
        outputs.add(state[0]);
      }
    }
    Tensor[] r = new Tensor[1 + state.length];
    r[0] = outputs != null ? Ops.stack(outputs, 1) : state[0];
    System.arraycopy(state, 0, r, 1, state.length);
    return r;
  }

  /**
   * {@code count} masks {@code (batch, width)} of 0 and {@code 1 / (1 - rate)}, Keras's {@code
   * _generate_dropout_mask} ({@code dropout(ones, rate)}), drawn once per call from the call's
   * seed, mask {@code first + k} from {@code (seed, first + k)}.
   */
  private Tensor[] masks(long seed, int first, int batch, int width, double rate, int count) {
    Tensor ones = Tensor.ones(Shape.of(batch, width), dtype());
    Tensor[] m = new Tensor[count];
    for (int k = 0; k < count; k++) {
      m[k] = Ops.dropout(ones, rate, Dropout.mix(seed, first + k));
    }
    return m;
  }

  /**
   * The seed, batch and feature count of the last training call's masks: their recipe, not the
   * tensors, which inside {@code fit}'s step live in buffers the next step reuses.
   */
  private volatile long[] lastMaskDraw;

  /**
   * The input and recurrent masks (or nulls) of the last training call with dropout, drawn again
   * from its seed (tests), or null.
   */
  Tensor[][] lastMasks() {
    long[] d = lastMaskDraw;
    if (d == null) {
      return null;
    }
    boolean perGate = recurrentDropout > 0 && gates > 1;
    int b = (int) d[1];
    return new Tensor[][] {
      dropout > 0 ? masks(d[0], 0, b, (int) d[2], dropout, perGate ? gates : 1) : null,
      recurrentDropout > 0 ? masks(d[0], gates, b, units, recurrentDropout, gates) : null
    };
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
    private boolean returnState;
    private boolean goBackwards;
    private double dropout;
    private double recurrentDropout;
    private Long seed;
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

    /**
     * Also return the final states (Keras's {@code return_state}, default false): {@link
     * RecurrentLayer#applyWithState} then gives {@code [output, h, c]} (LSTM) or {@code [output,
     * h]}; {@code apply} still returns the output alone.
     */
    public B returnState(boolean returnState) {
      this.returnState = returnState;
      return self();
    }

    /**
     * The fraction of the input's features dropped in training (Keras's {@code dropout}, default
     * 0): one mask {@code (batch, features)} per call, the same at every step.
     *
     * @throws IllegalArgumentException unless 0 &lt;= rate &lt; 1
     */
    public B dropout(double rate) {
      this.dropout = Args.rate(layer, rate);
      return self();
    }

    /**
     * The fraction of {@code h} dropped before the recurrent kernel in training (Keras's {@code
     * recurrent_dropout}, default 0): one mask {@code (batch, units)} per gate and call, the same
     * at every step; {@code c} and the {@code h} carried to the next step are not masked.
     *
     * @throws IllegalArgumentException unless 0 &lt;= rate &lt; 1
     */
    public B recurrentDropout(double rate) {
      this.recurrentDropout = Args.rate(layer, rate);
      return self();
    }

    /**
     * Draws the dropout masks from {@code seed} (the k-th training call from {@code (seed, k)}, as
     * {@link Dropout}): the same program gives the same masks on any thread count. Unseeded, each
     * call draws from {@link Utils#setRandomSeed the global generator}.
     */
    public B seed(long seed) {
      this.seed = seed;
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
