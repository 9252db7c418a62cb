package dev.lanegrad.internal.kernels;

/** Chooses the {@link PoolKernels} once, lazily, as {@link KernelProvider} chose its kernels. */
final class PoolKernelsHolder {
  static final PoolKernels K = choose();

  private PoolKernelsHolder() {}

  private static PoolKernels choose() {
    return KernelProvider.family(
        PoolKernels.class,
        "SimdPoolKernels",
        new ScalarPoolKernels()); // standards: allow once per JVM
  }
}
