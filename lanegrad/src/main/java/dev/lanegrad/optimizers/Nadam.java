package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.List;

/**
 * Nadam, Adam with Nesterov momentum, with Keras 2.15's formulas and defaults ({@code beta1 = 0.9,
 * beta2 = 0.999, epsilon = 1e-7}, learning rate 0.001), at step {@code t = iterations + 1}:
 *
 * <pre>
 * u_k = beta1 * (1 - 0.5 * 0.96^k);   P_t = u_1 * u_2 * ... * u_t
 * m = m + (g - m) * (1 - beta1)
 * v = v + (g^2 - v) * (1 - beta2)
 * mHat = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)
 * vHat = v / (1 - beta2^t)
 * w = w - (mHat * lr) / (sqrt(vHat) + epsilon)
 * </pre>
 *
 * The slots {@code m} and {@code v} start at zero; the arithmetic is the variable's dtype's. Keras
 * keeps the product {@code P_t} in a variable updated once per step; here it is the same product,
 * in the same order, computed from the step number (so a restored step count restores it too).
 */
public class Nadam extends MomentsOptimizer {
  // P_t for the last step seen, per dtype: steps come in order, so each costs one product
  private long productStep32 = 0;
  private float product32 = 1f;
  private long productStep64 = 0;
  private double product64 = 1;

  /** Keras's defaults: learning rate 0.001. */
  public Nadam() {
    this(0.001);
  }

  /** Keras's defaults with this rate. @throws IllegalArgumentException for a negative rate */
  public Nadam(double learningRate) {
    this(builder().learningRate(learningRate));
  }

  private Nadam(Builder b) {
    super("Nadam", b);
  }

  /** A builder with Keras's defaults: {@code Nadam.builder().learningRate(0.002).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Nadam's options; {@link #build()} checks them. */
  public static final class Builder extends MomentsBuilder<Builder> {
    private Builder() {
      super("Nadam");
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate, a beta outside [0, 1), or a
     *     negative or non-finite epsilon or option
     */
    @Override
    public Nadam build() {
      return new Nadam(this);
    }
  }

  /** {@code [m, v]}, Keras's slot names. */
  @Override
  public List<String> slotNames() {
    return List.of("m", "v");
  }

  /** Keras's {@code u_t = beta_1 * (1.0 - 0.5 * tf.pow(0.96, t))} in float32. */
  private float u32(long t) {
    return (float) beta1 * (1f - 0.5f * (float) StrictMath.pow(0.96f, (float) t));
  }

  private double u64(long t) {
    return beta1 * (1 - 0.5 * StrictMath.pow(0.96, t));
  }

  /** P_t = u_1 * ... * u_t in float32, multiplied in order from 1. */
  private float product32(long t) {
    if (productStep32 > t) {
      productStep32 = 0;
      product32 = 1f;
    }
    while (productStep32 < t) {
      productStep32++;
      product32 = product32 * u32(productStep32);
    }
    return product32;
  }

  private double product64(long t) {
    if (productStep64 > t) {
      productStep64 = 0;
      product64 = 1;
    }
    while (productStep64 < t) {
      productStep64++;
      product64 = product64 * u64(productStep64);
    }
    return product64;
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    if (w instanceof float[] wf) {
      Object[] s = slots().arrays(variable, wf.length, true);
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float ut = u32(step);
      float ut1 = u32(step + 1);
      float pt = product32(step);
      float pt1 = pt * ut1;
      float b2p = (float) StrictMath.pow(b2, (float) step);
      UpdateKernels.get()
          .nadamF32(
              wf,
              (float[]) g,
              (float[]) s[0],
              (float[]) s[1],
              (float[]) next,
              (float) learningRate(),
              1f - b1, // Keras casts beta_1 first here: the difference is float32
              1f - b2,
              ut1,
              1f - pt1,
              1f - ut,
              1f - pt,
              1f - b2p,
              (float) epsilon);
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots().arrays(variable, wd.length, false);
      double ut = u64(step);
      double ut1 = u64(step + 1);
      double pt = product64(step);
      double pt1 = pt * ut1;
      UpdateKernels.get()
          .nadamF64(
              wd,
              (double[]) g,
              (double[]) s[0],
              (double[]) s[1],
              (double[]) next,
              learningRate(),
              1 - beta1,
              1 - beta2,
              ut1,
              1 - pt1,
              1 - ut,
              1 - pt,
              1 - StrictMath.pow(beta2, step),
              epsilon);
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "Nadam(learningRate="
        + learningRateString()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + commonOptionsString()
        + ")";
  }
}
