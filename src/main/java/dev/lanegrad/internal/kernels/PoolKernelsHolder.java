package dev.lanegrad.internal.kernels;

/** Chooses the {@link PoolKernels} once, lazily, as {@link KernelProvider} chose its kernels. */
final class PoolKernelsHolder {
  static final PoolKernels K = choose();

  private PoolKernelsHolder() {}

  // SIMD exactly when KernelProvider chose its SIMD kernels: the exact class, since SimdKernels
  // extends ScalarKernels (an instanceof test picked the scalar pools everywhere)
  private static PoolKernels choose() {
    if (KernelProvider.get().getClass() == ScalarKernels.class) {
      return new ScalarPoolKernels(); // standards: allow once per JVM
    }
    try {
      // by name, so that the scalar path never links a vector class
      return (PoolKernels)
          Class.forName("dev.lanegrad.internal.kernels.SimdPoolKernels")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new ScalarPoolKernels(); // standards: allow once per JVM
    }
  }
}
