package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with optional momentum, with Keras's update formulas (Keras 2 and 3 agree):
 *
 * <pre>
 * plain:     w = w - lr * g
 * momentum:  v = momentum * v - lr * g;  w = w + v
 * Nesterov:  v = momentum * v - lr * g;  w = w + momentum * v - lr * g
 * </pre>
 *
 * {@code v} starts at zero; the arithmetic is the variable's dtype's. {@code new SGD(0.1)} on
 * {@code w**2} from 5 gives 4, 3.2, 2.56, ...
 */
public class SGD extends Optimizer {
  private final double momentum;
  private final boolean nesterov;
  private final Map<Variable, Object> velocities = new IdentityHashMap<>();

  /** Keras's default, learning rate 0.01. */
  public SGD() {
    this(0.01);
  }

  /** Plain gradient descent. @throws IllegalArgumentException for a negative learning rate */
  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  /**
   * With momentum (and Nesterov's variant).
   *
   * @throws IllegalArgumentException for a negative learning rate or momentum outside [0, 1]
   */
  public SGD(double learningRate, double momentum, boolean nesterov) {
    this(builder().learningRate(learningRate).momentum(momentum).nesterov(nesterov));
  }

  private SGD(Builder b) {
    super("SGD", b);
    if (!(b.momentum >= 0 && b.momentum <= 1)) {
      throw new IllegalArgumentException(
          "SGD: momentum must be a float between [0, 1], got " + b.momentum);
    }
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
  }

  /**
   * A builder with Keras's defaults (learning rate 0.01, no momentum): {@code
   * SGD.builder().learningRate(0.1).momentum(0.9).nesterov(true).build()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** SGD's options; {@link #build()} checks them. */
  public static final class Builder extends Optimizer.Builder<Builder> {
    private double momentum;
    private boolean nesterov;

    private Builder() {
      super("SGD", 0.01);
    }

    /** The momentum, in [0, 1]; 0 (Keras's default) for plain gradient descent. */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Nesterov's look-ahead (default false). */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for a negative learning rate or momentum outside [0, 1]
     */
    @Override
    public SGD build() {
      return new SGD(this);
    }
  }

  /** The momentum (0 for plain SGD). */
  public double momentum() {
    return momentum;
  }

  /** Whether Nesterov momentum is used. */
  public boolean nesterov() {
    return nesterov;
  }

  /** {@code [momentum]} (Keras's slot name for the velocity) with momentum; none without. */
  @Override
  public List<String> slotNames() {
    return momentum == 0 ? List.of() : List.of("momentum");
  }

  @Override
  protected Object slotArray(Variable variable, int index) {
    return velocities.get(variable);
  }

  @Override
  protected void setSlotArray(Variable variable, int index, Object array) {
    if (array == null) {
      velocities.remove(variable);
    } else {
      velocities.put(variable, array);
    }
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    if (w instanceof float[] wf) {
      float[] nf = (float[]) next;
      float[] gf = (float[]) g;
      float lr = (float) learningRate();
      if (momentum == 0) {
        UpdateKernels.get().sgdF32(wf, gf, nf, lr);
      } else {
        float[] v = (float[]) velocities.get(variable);
        if (v == null) {
          v = new float[wf.length];
          velocities.put(variable, v);
        }
        UpdateKernels.get().momentumF32(wf, gf, v, nf, lr, (float) momentum, nesterov);
      }
    } else {
      double[] wd = (double[]) w;
      double[] nd = (double[]) next;
      double[] gd = (double[]) g;
      double lr = learningRate();
      if (momentum == 0) {
        UpdateKernels.get().sgdF64(wd, gd, nd, lr);
      } else {
        double[] v = (double[]) velocities.get(variable);
        if (v == null) {
          v = new double[wd.length];
          velocities.put(variable, v);
        }
        UpdateKernels.get().momentumF64(wd, gd, v, nd, lr, momentum, nesterov);
      }
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return "SGD(learningRate="
        + learningRateString()
        + ", momentum="
        + momentum
        + ", nesterov="
        + nesterov
        + commonOptionsString()
        + ")";
  }
}
