package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;

/**
 * Keras's {@code Embedding}: looks up row {@code i} of {@code embeddings} {@code (inputDim,
 * outputDim)} for each integer {@code i} of the input, so {@code (batch, n)} becomes {@code (batch,
 * n, outputDim)}. The table starts uniform in {@code [-0.05, 0.05)}; its gradient is dense (TF's
 * IndexedSlices, densified).
 *
 * <pre>{@code
 * Embedding e = new Embedding(1000, 64);
 * e.apply(Tensor.of(new int[][] {{4, 20, 7}})).shape();   // (1, 3, 64)
 * e.embeddings().name();                                  // "embedding/embeddings:0"
 * }</pre>
 */
public class Embedding extends Layer {
  final int inputDim;
  final int outputDim;
  private final Initializer initializer;
  final Regularizer regularizer;
  private Variable embeddings;

  /**
   * A table of {@code inputDim} rows of {@code outputDim} features.
   *
   * @throws IllegalArgumentException if either is below 1
   */
  public Embedding(int inputDim, int outputDim) {
    this(builder(inputDim, outputDim));
  }

  private Embedding(Builder b) {
    super(b.name != null ? b.name : defaultName("embedding"));
    this.inputDim = b.inputDim;
    this.outputDim = b.outputDim;
    this.initializer = b.initializer;
    this.regularizer = b.regularizer;
    setDtype("Embedding.builder", b.dtype);
  }

  /** Options: {@code Embedding.builder(1000, 64).embeddingsInitializer(...).build()}. */
  public static Builder builder(int inputDim, int outputDim) {
    return new Builder(inputDim, outputDim);
  }

  /** The table {@code (inputDim, outputDim)}, or null before build. */
  public Variable embeddings() {
    return embeddings;
  }

  @Override
  protected void build(Shape inputShape) {
    embeddings =
        addWeight(
            "embeddings", Shape.of(inputDim, outputDim), dtype(), initializer, true, regularizer);
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (dtype == DType.BOOL || dtype.isComplex()) {
      throw Args.dtype(name(), "an integer (int32 or int64)", dtype, shape);
    }
    int[] d = new int[shape.rank() + 1];
    System.arraycopy(shape.dims(), 0, d, 0, shape.rank());
    d[shape.rank()] = outputDim;
    return new Spec(Shape.of(d), dtype());
  }

  @Override
  protected Tensor call(Tensor x) {
    // Keras casts a float input to int32
    if (x.dtype() != DType.INT32 && x.dtype() != DType.INT64) {
      x = x.cast(DType.INT32);
    }
    return Ops.gather(embeddings, x, 0);
  }

  /** Options for an {@link Embedding}. */
  public static final class Builder extends LayerBuilder<Builder, Embedding> {
    private final int inputDim;
    private final int outputDim;
    private Initializer initializer = Initializers.randomUniform(-0.05, 0.05);
    private Regularizer regularizer;

    private Builder(int inputDim, int outputDim) {
      super("Embedding");
      this.inputDim = Args.positive("Embedding", "input_dim", inputDim);
      this.outputDim = Args.positive("Embedding", "output_dim", outputDim);
    }

    /** The table's initializer (default uniform in [-0.05, 0.05)). */
    public Builder embeddingsInitializer(Initializer i) {
      this.initializer = Args.notNull("Embedding", "embeddingsInitializer", i);
      return this;
    }

    /** A penalty on the table (default none). */
    public Builder embeddingsRegularizer(Regularizer r) {
      this.regularizer = r;
      return this;
    }

    @Override
    Embedding make() {
      return new Embedding(this);
    }
  }
}
