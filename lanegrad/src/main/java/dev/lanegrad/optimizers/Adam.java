package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with Keras's formulas and defaults ({@code beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7}), at
 * step {@code t = iterations + 1}:
 *
 * <pre>
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m = m + (g - m) * (1 - beta1)
 * v = v + (g^2 - v) * (1 - beta2)
 * w = w - (m * alpha) / (sqrt(v) + epsilon)
 * </pre>
 *
 * {@code m} and {@code v} start at zero; the arithmetic is the variable's dtype's. The first step
 * moves each weight by about {@code lr} against the sign of its gradient.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<Variable, Object[]> moments = new IdentityHashMap<>();

  /** Keras's defaults: learning rate 0.001. */
  public Adam() {
    this(0.001);
  }

  /** Keras's default betas and epsilon. @throws IllegalArgumentException for a negative rate */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /**
   * All hyper-parameters.
   *
   * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
   *     negative or non-finite epsilon
   */
  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this(builder().learningRate(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon));
  }

  private Adam(Builder b) {
    super("Adam", b);
    if (!(b.beta1 >= 0 && b.beta1 < 1) || !(b.beta2 >= 0 && b.beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam: beta1 and beta2 must be in [0, 1), got beta1=" + b.beta1 + ", beta2=" + b.beta2);
    }
    if (!(b.epsilon >= 0) || Double.isInfinite(b.epsilon)) {
      throw new IllegalArgumentException(
          "Adam: epsilon must be a finite number >= 0, got " + b.epsilon);
    }
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  /**
   * A builder with Keras's defaults (learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7):
   * {@code Adam.builder().learningRate(new CosineDecay(1e-3, 5000)).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Adam's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    private Builder() {
      super("Adam", 0.001);
    }

    /** The decay of the first moment, in [0, 1). */
    public Builder beta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    /** The decay of the second moment, in [0, 1). */
    public Builder beta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    /** The constant added to {@code sqrt(v)}, {@code >= 0}. */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
     *     negative or non-finite epsilon
     */
    @Override
    public Adam build() {
      return new Adam(this);
    }
  }

  /** The decay of the first moment. */
  public double beta1() {
    return beta1;
  }

  /** The decay of the second moment. */
  public double beta2() {
    return beta2;
  }

  /** The constant added to {@code sqrt(v)}. */
  public double epsilon() {
    return epsilon;
  }

  /** {@code [m, v]}: the first and second moments, Keras's slot names. */
  @Override
  public List<String> slotNames() {
    return List.of("m", "v");
  }

  @Override
  protected Object slotArray(Variable variable, int index) {
    Object[] mv = moments.get(variable);
    return mv == null ? null : mv[index];
  }

  @Override
  protected void setSlotArray(Variable variable, int index, Object array) {
    Object[] mv = moments.get(variable);
    if (array == null) {
      if (mv != null) {
        mv[index] = null;
        if (mv[0] == null && mv[1] == null) {
          moments.remove(variable);
        }
      }
    } else {
      if (mv == null) {
        mv = new Object[2];
        moments.put(variable, mv);
      }
      mv[index] = array;
    }
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    if (w instanceof float[] wf) {
      Object[] mv = slots(variable, wf.length, true);
      // Keras casts beta and the step to the variable's dtype and takes the power there
      float b1p = (float) Math.pow((float) beta1, (float) step);
      float b2p = (float) Math.pow((float) beta2, (float) step);
      float alpha = (float) learningRate() * (float) Math.sqrt(1f - b2p) / (1f - b1p);
      UpdateKernels.get()
          .adamF32(
              wf,
              (float[]) g,
              (float[]) mv[0],
              (float[]) mv[1],
              (float[]) next,
              alpha,
              (float) (1 - beta1),
              (float) (1 - beta2),
              (float) epsilon);
    } else {
      double[] wd = (double[]) w;
      Object[] mv = slots(variable, wd.length, false);
      double b1p = Math.pow(beta1, step);
      double b2p = Math.pow(beta2, step);
      double alpha = learningRate() * Math.sqrt(1 - b2p) / (1 - b1p);
      UpdateKernels.get()
          .adamF64(
              wd,
              (double[]) g,
              (double[]) mv[0],
              (double[]) mv[1],
              (double[]) next,
              alpha,
              1 - beta1,
              1 - beta2,
              epsilon);
    }
    Internal.commit(variable, next);
  }

  /** {m, v} of a variable, zeros on its first step. */
  private Object[] slots(Variable variable, int n, boolean f32) {
    Object[] mv = moments.get(variable);
    if (mv == null) {
      mv =
          f32
              ? new Object[] {new float[n], new float[n]}
              : new Object[] {new double[n], new double[n]};
      moments.put(variable, mv);
    } else if (mv[0] == null || mv[1] == null) {
      // one moment forgotten by setSlot(.., null): it restarts at zero
      for (int i = 0; i < 2; i++) {
        if (mv[i] == null) {
          mv[i] = f32 ? new float[n] : new double[n];
        }
      }
    }
    return mv;
  }

  @Override
  public String toString() {
    return "Adam(learningRate="
        + learningRateString()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + ")";
  }
}
