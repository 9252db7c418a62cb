package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;

/**
 * Keras's densely connected layer: {@code y = activation(x · kernel + bias)}, with {@code kernel}
 * of shape {@code (in, units)} and {@code bias} of shape {@code (units,)}.
 *
 * <pre>{@code
 * Dense layer = new Dense(2, Activation.RELU);
 * Tensor y = layer.apply(Tensor.of(new float[][] {{1, 2, 3}}));   // builds: kernel (3, 2)
 * layer.kernel().name();                                          // "dense/kernel:0"
 * }</pre>
 *
 * <p>As Keras: the kernel starts Glorot-uniform (a new draw for each layer unless seeded, see
 * {@link Utils#setRandomSeed}), the bias zero; the input is cast to FLOAT32; an input of rank
 * greater than 2 is multiplied along its last axis ({@code (b, t, in)} gives {@code (b, t,
 * units)}); the gradient flows to the kernel and the bias through the tape.
 */
public class Dense extends Layer {
  private final int units;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  final Regularizer kernelRegularizer;
  final Regularizer biasRegularizer;
  private Variable kernel;
  private Variable bias;

  /** {@code units} outputs, no activation. @throws IllegalArgumentException if units &lt; 1 */
  public Dense(int units) {
    this(units, Activation.LINEAR);
  }

  /** {@code units} outputs and an activation. @throws IllegalArgumentException if units &lt; 1 */
  public Dense(int units, Activation activation) {
    // the builder checks the arguments before Layer() draws a default name
    this(builder(units).activation(activation));
  }

  private Dense(Builder b) {
    super();
    this.units = b.units;
    this.activation = b.activation;
    this.useBias = b.useBias;
    this.kernelInitializer = b.kernelInitializer;
    this.biasInitializer = b.biasInitializer;
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    setDtype("Dense.builder", b.dtype);
  }

  private Dense(Builder b, String name) {
    super(name);
    this.units = b.units;
    this.activation = b.activation;
    this.useBias = b.useBias;
    this.kernelInitializer = b.kernelInitializer;
    this.biasInitializer = b.biasInitializer;
    this.kernelRegularizer = b.kernelRegularizer;
    this.biasRegularizer = b.biasRegularizer;
    setDtype("Dense.builder", b.dtype);
  }

  /**
   * Options: {@code Dense.builder(64).activation(Activation.RELU).inputShape(784).build()}.
   *
   * @throws IllegalArgumentException if units &lt; 1
   */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** The number of outputs. */
  public int units() {
    return units;
  }

  /** The activation applied to the output. */
  public Activation activation() {
    return activation;
  }

  /** The kernel {@code (in, units)}, or null before the layer is built. */
  public Variable kernel() {
    return kernel;
  }

  /** The bias {@code (units,)}, or null before the layer is built or without a bias. */
  public Variable bias() {
    return bias;
  }

  /**
   * Creates the kernel {@code (inputShape[-1], units)} and the bias.
   *
   * @throws IllegalArgumentException for an input of rank below 2
   */
  @Override
  protected void build(Shape inputShape) {
    if (inputShape.rank() < 2) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected min_ndim=2,"
              + " found ndim="
              + inputShape.rank()
              + ". Full shape received: "
              + inputShape);
    }
    int in = inputShape.dim(-1);
    if (in < 1) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": the last axis of the input must be at least 1, got input shape "
              + inputShape);
    }
    kernel =
        addWeight(
            "kernel", Shape.of(in, units), dtype(), kernelInitializer, true, kernelRegularizer);
    if (useBias) {
      bias = addWeight("bias", Shape.of(units), dtype(), biasInitializer, true, biasRegularizer);
    }
  }

  /**
   * The checks of {@link #call} (rank, last dimension against the kernel once built, dtype), made
   * before the layer builds or casts anything.
   */
  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected min_ndim=2,"
              + " found ndim="
              + shape.rank()
              + ". Full shape received: "
              + shape);
    }
    int last = shape.dim(-1);
    Variable k = kernel;
    if (k != null && last != k.shape().dim(0)) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected axis -1 of"
              + " input shape to have value "
              + k.shape().dim(0)
              + " (kernel shape "
              + k.shape()
              + "), but received input with shape "
              + shape);
    }
    if (k == null && last < 1) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": the last axis of the input must be at least 1, got input shape "
              + shape);
    }
    if (dtype == DType.BOOL || dtype.isComplex()) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": cannot cast an input of dtype "
              + dtype
              + " (shape "
              + shape
              + ") to "
              + dtype().name().toLowerCase(java.util.Locale.ROOT));
    }
    int[] dims = shape.dims();
    dims[dims.length - 1] = units;
    return new Spec(Shape.of(dims), dtype());
  }

  /**
   * {@code activation(cast(x, float32) · kernel + bias)}.
   *
   * @throws IllegalArgumentException for rank below 2, a last dimension other than the kernel's
   *     first, or a complex/bool input
   */
  @Override
  protected Tensor call(Tensor x) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected min_ndim=2,"
              + " found ndim="
              + x.rank()
              + ". Full shape received: "
              + x.shape());
    }
    int in = kernel.shape().dim(0);
    if (x.shape().dim(-1) != in) {
      throw new IllegalArgumentException(
          "Input 0 of layer \""
              + name()
              + "\" is incompatible with the layer: expected axis -1 of"
              + " input shape to have value "
              + in
              + " (kernel shape "
              + kernel.shape()
              + "), but received input with shape "
              + x.shape());
    }
    if (x.dtype() == DType.BOOL || x.dtype().isComplex()) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\": cannot cast an input of dtype "
              + x.dtype()
              + " (shape "
              + x.shape()
              + ") to "
              + dtype().name().toLowerCase(java.util.Locale.ROOT));
    }
    // every check is above: the cast is the first op a tape could record
    if (x.dtype() != dtype()) {
      x = x.cast(dtype());
    }
    Tensor y;
    if (x.rank() == 2) {
      y = x.matmul(kernel);
    } else {
      // one GEMM over all leading axes, then the leading axes back
      int[] dims = x.shape().dims();
      dims[dims.length - 1] = units;
      y = x.reshape(-1, in).matmul(kernel).reshape(dims);
    }
    if (bias != null) {
      y = y.add(bias);
    }
    return activate(activation, y);
  }

  static Tensor activate(Activation a, Tensor y) {
    return a.apply(y);
  }

  @Override
  public String toString() {
    return "Dense(name="
        + name()
        + ", units="
        + units
        + ", activation="
        + activation.name().toLowerCase(java.util.Locale.ROOT)
        + ", built="
        + built()
        + ")";
  }

  /** Options for a {@link Dense}; every one is optional. */
  public static final class Builder {
    private final int units;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private int[] inputShape;
    private String name;
    private DType dtype = DType.FLOAT32;

    private Builder(int units) {
      if (units < 1) {
        throw new IllegalArgumentException(
            "Dense: units must be a positive integer, got units=" + units);
      }
      this.units = units;
    }

    /** The activation (default {@link Activation#LINEAR}). */
    public Builder activation(Activation activation) {
      if (activation == null) {
        throw new IllegalArgumentException("Dense.builder: activation is null (use LINEAR)");
      }
      this.activation = activation;
      return this;
    }

    /** Whether to add a bias (default true). */
    public Builder useBias(boolean useBias) {
      this.useBias = useBias;
      return this;
    }

    /** The kernel's initializer (default {@link Initializers#glorotUniform()}). */
    public Builder kernelInitializer(Initializer initializer) {
      this.kernelInitializer = notNull("kernelInitializer", initializer);
      return this;
    }

    /** The bias's initializer (default {@link Initializers#zeros()}). */
    public Builder biasInitializer(Initializer initializer) {
      this.biasInitializer = notNull("biasInitializer", initializer);
      return this;
    }

    /**
     * A penalty on the kernel added to {@link Layer#losses()} (default none): {@code
     * kernelRegularizer(Regularizers.l2(1e-4))}.
     */
    public Builder kernelRegularizer(Regularizer regularizer) {
      this.kernelRegularizer = regularizer;
      return this;
    }

    /** A penalty on the bias added to {@link Layer#losses()} (default none). */
    public Builder biasRegularizer(Regularizer regularizer) {
      this.biasRegularizer = regularizer;
      return this;
    }

    /**
     * A penalty on each call's output, added to {@link Layer#losses()} divided by the batch size,
     * as Keras's {@code activity_regularizer} (default none): with {@code Regularizers.l2(0.01)}, a
     * call on a batch of 4 adds {@code 0.01 * sum(y^2) / 4}.
     */
    public Builder activityRegularizer(Regularizer regularizer) {
      this.activityRegularizer = regularizer;
      return this;
    }

    /**
     * The input shape without the batch axis, as Keras's {@code input_shape=(3,)}: the layer is
     * built at once, so its weights exist before the first call.
     *
     * @throws IllegalArgumentException for no dimensions or a dimension below 1
     */
    public Builder inputShape(int... dims) {
      if (dims == null || dims.length == 0) {
        throw new IllegalArgumentException("Dense.builder.inputShape: give at least one dimension");
      }
      for (int d : dims) {
        if (d < 1) {
          throw new IllegalArgumentException(
              "Dense.builder.inputShape: dimensions must be positive, got "
                  + java.util.Arrays.toString(dims));
        }
      }
      this.inputShape = dims.clone();
      return this;
    }

    /**
     * The dtype of the weights and the computation (default float32, as Keras's {@code floatx};
     * float64 for gradient checks); the input is cast to it.
     *
     * @throws IllegalArgumentException for a dtype other than float32 and float64
     */
    public Builder dtype(DType dtype) {
      if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
        throw new IllegalArgumentException(
            "Dense.builder.dtype: a layer computes in float32 or float64, got " + dtype);
      }
      this.dtype = dtype;
      return this;
    }

    /** The layer's name, used as given (default {@code dense}, {@code dense_1}, ...). */
    public Builder name(String name) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("Dense.builder.name: the name must be non-empty");
      }
      this.name = name;
      return this;
    }

    /** The layer, built already if {@link #inputShape} was given. */
    public Dense build() {
      Dense d = name == null ? new Dense(this) : new Dense(this, name);
      d.activityRegularizer = activityRegularizer;
      if (inputShape != null) {
        int[] full = new int[inputShape.length + 1];
        full[0] = 1;
        System.arraycopy(inputShape, 0, full, 1, inputShape.length);
        d.buildIfNeeded(Shape.of(full));
      }
      return d;
    }

    private static Initializer notNull(String what, Initializer i) {
      if (i == null) {
        throw new IllegalArgumentException("Dense.builder." + what + ": initializer is null");
      }
      return i;
    }
  }
}
