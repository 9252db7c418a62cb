package dev.lanegrad;

import java.util.List;

/**
 * Records the operations that run while it is open and differentiates them in reverse, as
 * {@code tf.GradientTape} in eager mode.
 */
public final class GradientTape implements AutoCloseable {
  public GradientTape() { this(false, true); }
  public GradientTape(boolean persistent) { this(persistent, true); }
  public GradientTape(boolean persistent, boolean watchAccessedVariables) { throw new UnsupportedOperationException("not implemented yet"); }
  public void watch(Tensor... tensors) { throw new UnsupportedOperationException("not implemented yet"); }
  public List<Variable> watchedVariables() { throw new UnsupportedOperationException("not implemented yet"); }
  public Tensor gradient(Tensor target, Tensor source) { throw new UnsupportedOperationException("not implemented yet"); }
  public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources) { throw new UnsupportedOperationException("not implemented yet"); }
  public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources, UnconnectedGradients u) { throw new UnsupportedOperationException("not implemented yet"); }
  public List<Tensor> gradient(Tensor target, List<? extends Tensor> sources, Tensor outputGradients, UnconnectedGradients u) { throw new UnsupportedOperationException("not implemented yet"); }
  public List<Tensor> gradient(List<? extends Tensor> targets, List<? extends Tensor> sources) { throw new UnsupportedOperationException("not implemented yet"); }
  public Tensor jacobian(Tensor target, Tensor source) { throw new UnsupportedOperationException("not implemented yet"); }
  public Tensor batchJacobian(Tensor target, Tensor source) { throw new UnsupportedOperationException("not implemented yet"); }
  public AutoCloseable stopRecording() { throw new UnsupportedOperationException("not implemented yet"); }
  public void reset() { throw new UnsupportedOperationException("not implemented yet"); }
  @Override
  public void close() { throw new UnsupportedOperationException("not implemented yet"); }
}
