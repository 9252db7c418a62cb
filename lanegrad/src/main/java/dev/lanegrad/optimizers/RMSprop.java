package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * RMSprop with Keras 2.15's formulas and defaults ({@code rho = 0.9, momentum = 0, epsilon = 1e-7,
 * centered = false}, learning rate 0.001):
 *
 * <pre>
 * velocity = rho * velocity + (1 - rho) * g^2
 * centered:   average = rho * average + (1 - rho) * g
 *             denominator = velocity - average^2 + epsilon
 * otherwise:  denominator = velocity + epsilon
 * increment = lr * g * rsqrt(denominator)
 * momentum &gt; 0: m = momentum * m + increment;  w = w - m
 * otherwise:    w = w - increment
 * </pre>
 *
 * The slots ({@code velocity}, {@code momentum}, {@code average_gradient}, Keras's names) start at
 * zero; {@code rsqrt(x)} is {@code 1 / sqrt(x)}; the arithmetic is the variable's dtype's. {@code
 * new RMSprop(0.1)} on {@code w**2 / 2} from 10 gives 9.683772 (Keras's docstring example).
 */
public class RMSprop extends SlottedOptimizer {
  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  /** Keras's defaults: learning rate 0.001. */
  public RMSprop() {
    this(0.001);
  }

  /** Keras's defaults with this rate. @throws IllegalArgumentException for a negative rate */
  public RMSprop(double learningRate) {
    this(builder().learningRate(learningRate));
  }

  private RMSprop(Builder b) {
    super("RMSprop", b);
    if (!(b.rho >= 0 && b.rho <= 1)) {
      throw new IllegalArgumentException("RMSprop: rho must be in [0, 1], got " + b.rho);
    }
    if (!(b.momentum >= 0 && b.momentum <= 1)) {
      throw new IllegalArgumentException("RMSprop: momentum must be in [0, 1], got " + b.momentum);
    }
    if (!(b.epsilon >= 0) || Double.isInfinite(b.epsilon)) {
      throw new IllegalArgumentException(
          "RMSprop: epsilon must be a finite number >= 0, got " + b.epsilon);
    }
    this.rho = b.rho;
    this.momentum = b.momentum;
    this.epsilon = b.epsilon;
    this.centered = b.centered;
  }

  /**
   * A builder with Keras's defaults: {@code RMSprop.builder().rho(0.95).momentum(0.9)
   * .centered(true).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** RMSprop's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    private Builder() {
      super("RMSprop", 0.001);
    }

    /** The decay of the squared-gradient average, in [0, 1]. */
    public Builder rho(double rho) {
      this.rho = rho;
      return this;
    }

    /** The momentum, in [0, 1]; 0 (default) for none. */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** The constant added under the square root, {@code >= 0}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Normalize by the estimated variance of the gradient instead of its second moment. */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate, rho or momentum outside [0,
     *     1], or a negative or non-finite epsilon or option
     */
    @Override
    public RMSprop build() {
      return new RMSprop(this);
    }
  }

  /** The decay of the squared-gradient average. */
  public double rho() {
    return rho;
  }

  /** The momentum (0 for none). */
  public double momentum() {
    return momentum;
  }

  /** The constant added under the square root. */
  public double epsilon() {
    return epsilon;
  }

  /** Whether the gradient's variance is used. */
  public boolean centered() {
    return centered;
  }

  /** {@code [velocity]}, then {@code momentum} with momentum, {@code average_gradient} centered. */
  @Override
  public List<String> slotNames() {
    List<String> names = new ArrayList<>(List.of("velocity"));
    if (momentum > 0) {
      names.add("momentum");
    }
    if (centered) {
      names.add("average_gradient");
    }
    return List.copyOf(names);
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    int mom = momentum > 0 ? 1 : -1;
    int avg = centered ? (momentum > 0 ? 2 : 1) : -1;
    if (w instanceof float[] wf) {
      Object[] s = slots().arrays(variable, wf.length, true);
      UpdateKernels.get()
          .rmspropF32(
              wf,
              (float[]) g,
              (float[]) s[0],
              avg < 0 ? null : (float[]) s[avg],
              mom < 0 ? null : (float[]) s[mom],
              (float[]) next,
              (float) learningRate(),
              (float) rho,
              (float) (1 - rho), // Keras writes (1 - rho) with a Python number
              (float) epsilon,
              (float) momentum);
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots().arrays(variable, wd.length, false);
      UpdateKernels.get()
          .rmspropF64(
              wd,
              (double[]) g,
              (double[]) s[0],
              avg < 0 ? null : (double[]) s[avg],
              mom < 0 ? null : (double[]) s[mom],
              (double[]) next,
              learningRate(),
              rho,
              1 - rho,
              epsilon,
              momentum);
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "RMSprop(learningRate="
        + learningRateString()
        + ", rho="
        + rho
        + ", momentum="
        + momentum
        + ", epsilon="
        + epsilon
        + ", centered="
        + centered
        + commonOptionsString()
        + ")";
  }
}
