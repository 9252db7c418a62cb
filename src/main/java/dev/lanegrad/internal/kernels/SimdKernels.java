package dev.lanegrad.internal.kernels;

/**
 * The Vector API kernels, the only class that touches {@code jdk.incubator.vector}. A method not
 * overridden here runs its scalar twin.
 */
public class SimdKernels extends ScalarKernels {
  @Override
  public String name() {
    return "simd";
  }
}
