package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keras's {@code MultiHeadAttention} (Vaswani et al.) over sequences {@code (batch, steps,
 * features)}: the query, key and value are projected to {@code numHeads} heads of {@code keyDim}
 * (values: {@code valueDim}) features, each head attends with {@code softmax(q k^T / sqrt(keyDim))
 * v}, and the heads are projected back to the query's feature size.
 *
 * <p>The weights are Keras's, named as Keras names them: {@code
 * multi_head_attention/query/kernel:0} {@code (queryFeatures, numHeads, keyDim)} and {@code
 * .../query/bias:0} {@code (numHeads, keyDim)}, the same for {@code key} and {@code value}, then
 * {@code attention_output/kernel:0} {@code (numHeads, valueDim, outputFeatures)} and {@code
 * attention_output/bias:0}; they are created on the first call.
 *
 * <pre>{@code
 * MultiHeadAttention mha = new MultiHeadAttention(2, 16);
 * Tensor target = Tensor.randomNormal(Shape.of(4, 8, 32), 1);
 * Tensor source = Tensor.randomNormal(Shape.of(4, 5, 24), 2);
 * mha.apply(target, source).shape();                   // (4, 8, 32)
 * }</pre>
 *
 * <p>With {@code MultiHeadAttention.builder(2, 16).dropout(0.1).seed(7).build()} the attention
 * probabilities are dropped in training (Keras's {@code dropout}), never in inference.
 *
 * <p>An {@code attentionMask} of shape {@code (batch, querySteps, keySteps)} (1 or true where a
 * query may attend to a key) adds {@code -1e9} to the masked scores before the softmax, as Keras.
 */
public class MultiHeadAttention extends Layer {
  final int numHeads;
  final int keyDim;
  final int valueDim;
  final int outputDim;
  final boolean useBias;
  final double dropout;
  final Long seed;
  final AtomicLong calls = new AtomicLong();
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private Variable queryKernel;
  private Variable queryBias;
  private Variable keyKernel;
  private Variable keyBias;
  private Variable valueKernel;
  private Variable valueBias;
  private Variable outputKernel;
  private Variable outputBias;
  // the shapes of the first call, read by build()
  private Shape pendingValue;
  private Shape pendingKey;

  /**
   * {@code numHeads} heads of {@code keyDim} features each, Keras's other defaults.
   *
   * @throws IllegalArgumentException if either is below 1
   */
  public MultiHeadAttention(int numHeads, int keyDim) {
    this(builder(numHeads, keyDim));
  }

  private MultiHeadAttention(Builder b) {
    super(b.name != null ? b.name : defaultName("multi_head_attention"));
    this.numHeads = b.numHeads;
    this.keyDim = b.keyDim;
    this.valueDim = b.valueDim > 0 ? b.valueDim : b.keyDim;
    this.outputDim = b.outputDim;
    this.useBias = b.useBias;
    this.dropout = b.dropout;
    this.seed = b.seed;
    this.kernelInitializer = b.kernelInitializer;
    this.biasInitializer = b.biasInitializer;
    setDtype("MultiHeadAttention.builder", b.dtype);
  }

  /** Options: {@code MultiHeadAttention.builder(4, 32).valueDim(16).useBias(false).build()}. */
  public static Builder builder(int numHeads, int keyDim) {
    return new Builder(numHeads, keyDim);
  }

  /** Self-attention: {@code apply(x, x, x, null, false)}. */
  @Override
  protected Tensor call(Tensor x) {
    return attend(x, x, x, null, false);
  }

  /** Self-attention: {@code apply(x, x, x, null, training)}. */
  @Override
  protected Tensor call(Tensor x, boolean training) {
    return attend(x, x, x, null, training);
  }

  /** The fraction of attention probabilities dropped in training (Keras's {@code dropout}). */
  public double dropout() {
    return dropout;
  }

  /**
   * Attention of {@code query} over {@code value}, which is also the key: {@code apply(query,
   * value, null, null, false)}.
   */
  public Tensor apply(Tensor query, Tensor value) {
    return apply(query, value, null, null, false);
  }

  /**
   * Attention of {@code query} {@code (batch, Tq, dq)} over {@code key} {@code (batch, Tv, dk)}
   * (null: {@code value}) weighting {@code value} {@code (batch, Tv, dv)}, as Keras's {@code
   * mha(query, value, key, attention_mask, training=...)}; returns {@code (batch, Tq, dq)} (or the
   * builder's {@code outputShape}).
   *
   * @param attentionMask null, or {@code (batch, Tq, Tv)} of bool or numbers, nonzero where
   *     attention is allowed
   * @throws IllegalArgumentException for inputs that are not rank 3 floats, a batch or step count
   *     that differs between them, feature sizes other than those the layer was built for, or a
   *     mask of another shape
   */
  public Tensor apply(
      Tensor query, Tensor value, Tensor key, Tensor attentionMask, boolean training) {
    if (query == null || value == null) {
      throw new IllegalArgumentException(
          "Layer \"" + name() + "\": query and value must not be null");
    }
    Tensor k = key == null ? value : key;
    check("query", query);
    check("value", value);
    check("key", k);
    if (query.shape().dim(0) != value.shape().dim(0) || k.shape().dim(0) != value.shape().dim(0)) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": query, value and key must have the same batch size, got shapes "
              + query.shape()
              + ", "
              + value.shape()
              + ", "
              + k.shape());
    }
    if (k.shape().dim(1) != value.shape().dim(1)) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": key and value must have the same number of steps, got key shape "
              + k.shape()
              + " and value shape "
              + value.shape());
    }
    if (attentionMask != null) {
      Shape want = Shape.of(query.shape().dim(0), query.shape().dim(1), value.shape().dim(1));
      if (!attentionMask.shape().equals(want) || attentionMask.dtype().isComplex()) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\": attention_mask must have shape (batch, query steps, value steps) = "
                + want
                + ", got shape "
                + attentionMask.shape()
                + " dtype "
                + attentionMask.dtype());
      }
    }
    if (queryKernel != null) {
      expectFeatures("query", query, queryKernel.shape().dim(0));
      expectFeatures("value", value, valueKernel.shape().dim(0));
      expectFeatures("key", k, keyKernel.shape().dim(0));
    }
    synchronized (this) {
      pendingValue = value.shape();
      pendingKey = k.shape();
    }
    // build on the first call with all three shapes, then run in the asked mode
    return applyWith(query, training, q -> attend(q, value, k, attentionMask, training));
  }

  private void check(String what, Tensor t) {
    if (t.rank() != 3) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": "
              + what
              + " must have rank 3 (batch, steps, features), got shape "
              + t.shape());
    }
    if (!t.dtype().isFloating()) {
      throw Args.dtype(name(), "a float " + what, t.dtype(), t.shape());
    }
  }

  private void expectFeatures(String what, Tensor t, int d) {
    if (t.shape().dim(-1) != d) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": the "
              + what
              + " has "
              + t.shape().dim(-1)
              + " features but the layer was built for "
              + d
              + " (shape "
              + t.shape()
              + ")");
    }
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() != 3) {
      throw Args.rank(name(), 3, shape);
    }
    if (!dtype.isFloating()) {
      throw Args.dtype(name(), "a float", dtype, shape);
    }
    if (queryKernel != null && shape.dim(-1) != queryKernel.shape().dim(0)) {
      throw Args.lastAxis(name(), queryKernel.shape().dim(0), shape);
    }
    return new Spec(
        Shape.of(shape.dim(0), shape.dim(1), outputDim > 0 ? outputDim : shape.dim(2)), dtype);
  }

  @Override
  protected void build(Shape queryShape) {
    Shape v;
    Shape k;
    synchronized (this) {
      v = pendingValue != null ? pendingValue : queryShape;
      k = pendingKey != null ? pendingKey : v;
    }
    int dq = queryShape.dim(-1);
    int out = outputDim > 0 ? outputDim : dq;
    Shape qkBias = Shape.of(numHeads, keyDim);
    queryKernel = w("query/kernel", Shape.of(dq, numHeads, keyDim), kernelInitializer);
    queryBias = useBias ? w("query/bias", qkBias, biasInitializer) : null;
    keyKernel = w("key/kernel", Shape.of(k.dim(-1), numHeads, keyDim), kernelInitializer);
    keyBias = useBias ? w("key/bias", qkBias, biasInitializer) : null;
    valueKernel = w("value/kernel", Shape.of(v.dim(-1), numHeads, valueDim), kernelInitializer);
    valueBias = useBias ? w("value/bias", Shape.of(numHeads, valueDim), biasInitializer) : null;
    outputKernel =
        w("attention_output/kernel", Shape.of(numHeads, valueDim, out), kernelInitializer);
    outputBias = useBias ? w("attention_output/bias", Shape.of(out), biasInitializer) : null;
  }

  private Variable w(String name, Shape shape, Initializer init) {
    return addWeight(name, shape, dtype(), init, true);
  }

  /**
   * {@code (b, T, d)} times a kernel {@code (d, h, e)} plus a bias {@code (h, e)}: {@code (b, h, T,
   * e)}.
   */
  private static Tensor project(Tensor x, Variable kernel, Variable bias) {
    int b = x.shape().dim(0);
    int t = x.shape().dim(1);
    int d = kernel.shape().dim(0);
    int h = kernel.shape().dim(1);
    int e = kernel.shape().dim(2);
    Tensor y = x.reshape(b * t, d).matmul(kernel.reshape(d, h * e));
    if (bias != null) {
      y = y.add(bias.reshape(h * e));
    }
    return y.reshape(b, t, h, e).transpose(0, 2, 1, 3);
  }

  private Tensor attend(Tensor query, Tensor value, Tensor key, Tensor mask, boolean training) {
    query = toDtype(query);
    value = toDtype(value);
    key = toDtype(key);
    int b = query.shape().dim(0);
    int tq = query.shape().dim(1);
    Tensor q = project(query, queryKernel, queryBias);
    Tensor k = project(key, keyKernel, keyBias);
    Tensor v = project(value, valueKernel, valueBias);
    // Keras scales the query before the dot product
    q = q.mul(1.0 / Math.sqrt(keyDim));
    Tensor scores = Ops.matmul(q, k, false, true); // (b, h, Tq, Tv)
    if (mask != null) {
      Tensor m = mask.dtype() == DType.BOOL ? mask : mask.notEqual(0.0);
      Tensor adder = m.cast(dtype()).neg().add(1.0).mul(-1e9).expandDims(1);
      scores = scores.add(adder);
    }
    Tensor probs = Ops.softmax(scores, -1);
    if (training && dropout > 0) {
      // Keras drops whole keys from a query's attention, after the softmax (multi_head_attention.py
      // _compute_attention: self._dropout_layer(attention_scores, training=training))
      long s = Dropout.drawSeed(seed, calls);
      Tensor keep = mask(probs.shape(), s);
      lastMaskDraw = new Object[] {probs.shape(), s};
      probs = probs.mul(keep);
    }
    Tensor ctx = probs.matmul(v).transpose(0, 2, 1, 3); // (b, Tq, h, dv)
    int out = outputKernel.shape().dim(2);
    Tensor y =
        ctx.reshape(b * tq, numHeads * valueDim)
            .matmul(outputKernel.reshape(numHeads * valueDim, out));
    if (outputBias != null) {
      y = y.add(outputBias);
    }
    return y.reshape(b, tq, out);
  }

  private Tensor mask(Shape shape, long s) {
    return Ops.dropout(Tensor.ones(shape, dtype()), dropout, s);
  }

  /**
   * The shape and seed of the last training call's mask: its recipe, not the tensor, which inside
   * {@code fit}'s step lives in a buffer the next step reuses.
   */
  private volatile Object[] lastMaskDraw;

  /**
   * The mask (0 or {@code 1 / (1 - dropout)}) of the last training call with dropout, drawn again
   * from its seed (tests), or null.
   */
  Tensor lastMask() {
    Object[] d = lastMaskDraw;
    return d == null ? null : mask((Shape) d[0], (Long) d[1]);
  }

  /**
   * The query projection's kernel {@code (dq, numHeads, keyDim)}, or null before the first call.
   */
  public Variable queryKernel() {
    return queryKernel;
  }

  /** The output projection's kernel {@code (numHeads, valueDim, out)}, or null before build. */
  public Variable outputKernel() {
    return outputKernel;
  }

  /** Options for a {@link MultiHeadAttention}, Keras's names and defaults. */
  public static final class Builder {
    private final int numHeads;
    private final int keyDim;
    private int valueDim;
    private int outputDim;
    private boolean useBias = true;
    private double dropout;
    private Long seed;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private String name;
    private DType dtype = DType.FLOAT32;

    /** The dtype of the weights and the computation (default float32; float64 for checks). */
    public Builder dtype(DType dtype) {
      this.dtype = Args.notNull("MultiHeadAttention", "dtype", dtype);
      return this;
    }

    private Builder(int numHeads, int keyDim) {
      this.numHeads = Args.positive("MultiHeadAttention", "num_heads", numHeads);
      this.keyDim = Args.positive("MultiHeadAttention", "key_dim", keyDim);
    }

    /** Features per head of the value (default {@code keyDim}). */
    public Builder valueDim(int valueDim) {
      this.valueDim = Args.positive("MultiHeadAttention", "value_dim", valueDim);
      return this;
    }

    /** Features of the output (default: the query's). */
    public Builder outputShape(int outputDim) {
      this.outputDim = Args.positive("MultiHeadAttention", "output_shape", outputDim);
      return this;
    }

    /**
     * The fraction of the attention probabilities dropped in training (Keras's {@code dropout},
     * default 0): after the softmax, before they weight the values; the kept ones scaled by {@code
     * 1 / (1 - rate)}.
     *
     * @throws IllegalArgumentException unless 0 &lt;= rate &lt; 1
     */
    public Builder dropout(double rate) {
      this.dropout = Args.rate("MultiHeadAttention", rate);
      return this;
    }

    /**
     * Draws the attention dropout masks from {@code seed} (the k-th training call from {@code
     * (seed, k)}, as {@link Dropout}); unseeded, from {@link Utils#setRandomSeed the global
     * generator}.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether the four projections have biases (default true). */
    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    /** The projections' kernel initializer (default Glorot uniform). */
    public Builder kernelInitializer(Initializer i) {
      this.kernelInitializer = Args.notNull("MultiHeadAttention", "kernelInitializer", i);
      return this;
    }

    /** The projections' bias initializer (default zeros). */
    public Builder biasInitializer(Initializer i) {
      this.biasInitializer = Args.notNull("MultiHeadAttention", "biasInitializer", i);
      return this;
    }

    /** The layer's name (default {@code multi_head_attention}, ...). */
    public Builder name(String name) {
      this.name = checkName("MultiHeadAttention.builder", name);
      return this;
    }

    /** The layer. */
    public MultiHeadAttention build() {
      return new MultiHeadAttention(this);
    }
  }
}
