package dev.lanegrad.optimizers;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.UpdateKernels;
import java.util.List;

/**
 * Adam's state and update, shared by {@link Adam} and {@link AdamW} (whose weight decay runs
 * before, in {@link Optimizer#applyGradients}, as Keras's base class runs it).
 */
abstract class AdamBase extends MomentsOptimizer {
  private final boolean amsgrad;

  /** The options of {@code b}, checked, under the optimizer's name. */
  AdamBase(String name, MomentsBuilder<?> b, boolean amsgrad) {
    super(name, b);
    this.amsgrad = amsgrad;
  }

  /** Whether AMSGrad's maximum of the second moments is used. */
  public boolean amsgrad() {
    return amsgrad;
  }

  /** {@code [m, v]}, and {@code vhat} with AMSGrad: Keras's slot names. */
  @Override
  public List<String> slotNames() {
    return amsgrad ? List.of("m", "v", "vhat") : List.of("m", "v");
  }

  @Override
  protected void update(Variable variable, Tensor gradient, long step) {
    SlotStore slots = slots();
    double learningRate = learningRate();
    Object g = Internal.data(gradient);
    Object w = Internal.data(variable);
    Object next = Internal.updateBuffer(variable);
    UpdateKernels k = UpdateKernels.get();
    if (w instanceof float[] wf) {
      Object[] s = slots.arrays(variable, wf.length, true);
      // Keras casts beta and the step to the variable's dtype and takes the power there
      float b1p = (float) Math.pow((float) beta1, (float) step);
      float b2p = (float) Math.pow((float) beta2, (float) step);
      float alpha = (float) learningRate * (float) Math.sqrt(1f - b2p) / (1f - b1p);
      // Keras writes (1 - self.beta_1) with Python numbers: the difference is taken in double
      float c1 = (float) (1 - beta1);
      float c2 = (float) (1 - beta2);
      float[] m = (float[]) s[0];
      float[] v = (float[]) s[1];
      if (amsgrad) {
        k.adamAmsgradF32(
            wf, (float[]) g, m, v, (float[]) s[2], (float[]) next, alpha, c1, c2, (float) epsilon);
      } else {
        k.adamF32(wf, (float[]) g, m, v, (float[]) next, alpha, c1, c2, (float) epsilon);
      }
    } else {
      double[] wd = (double[]) w;
      Object[] s = slots.arrays(variable, wd.length, false);
      double b1p = Math.pow(beta1, step);
      double b2p = Math.pow(beta2, step);
      double alpha = learningRate * Math.sqrt(1 - b2p) / (1 - b1p);
      double[] m = (double[]) s[0];
      double[] v = (double[]) s[1];
      if (amsgrad) {
        k.adamAmsgradF64(
            wd,
            (double[]) g,
            m,
            v,
            (double[]) s[2],
            (double[]) next,
            alpha,
            1 - beta1,
            1 - beta2,
            epsilon);
      } else {
        k.adamF64(wd, (double[]) g, m, v, (double[]) next, alpha, 1 - beta1, 1 - beta2, epsilon);
      }
    }
    Internal.commit(variable, next);
  }

  @Override
  public String toString() {
    return name()
        + "(learningRate="
        + learningRateString()
        + ", beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", epsilon="
        + epsilon
        + (amsgrad ? ", amsgrad=true" : "")
        + commonOptionsString()
        + ")";
  }
}
