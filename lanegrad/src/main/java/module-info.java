/**
 * lanegrad: TensorFlow 2's eager programming model for Java, with kernels on the Vector API.
 *
 * <p>{@code dev.lanegrad} holds tensors, variables, the gradient tape and the {@code Ops}
 * namespace; {@code dev.lanegrad.nn} Keras-style layers, losses and the training loop; {@code
 * dev.lanegrad.optimizers} the optimizers and {@code dev.lanegrad.optimizers.schedules} their
 * learning-rate schedules; {@code dev.lanegrad.data} datasets and loaders; {@code
 * dev.lanegrad.callbacks} Keras's callbacks; {@code dev.lanegrad.metrics} Keras's metrics.
 * Everything under {@code dev.lanegrad.internal} is private to the library.
 */
module dev.lanegrad {
  // static: the library still runs (on scalar kernels) when the incubator module is not resolved
  requires static jdk.incubator.vector;
  requires java.logging;

  exports dev.lanegrad;
  exports dev.lanegrad.callbacks;
  exports dev.lanegrad.data;
  exports dev.lanegrad.metrics;
  exports dev.lanegrad.nn;
  exports dev.lanegrad.optimizers;
  exports dev.lanegrad.optimizers.schedules;
}
