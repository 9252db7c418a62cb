package dev.lanegrad.internal.kernels;

/** Chooses the {@link UpdateKernels} once, lazily, as {@link KernelProvider} chose its kernels. */
final class UpdateKernelsHolder {
  static final UpdateKernels SCALAR = new ScalarUpdateKernels(); // standards: allow once per JVM
  static final UpdateKernels K = choose();

  private UpdateKernelsHolder() {}

  private static UpdateKernels choose() {
    return KernelProvider.family(UpdateKernels.class, "SimdUpdateKernels", SCALAR);
  }
}
