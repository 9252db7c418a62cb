package dev.lanegrad.internal.kernels;

/** Chooses the {@link UpdateKernels} once, lazily, as {@link KernelProvider} chose its kernels. */
final class UpdateKernelsHolder {
  static final UpdateKernels SCALAR = new ScalarUpdateKernels(); // standards: allow once per JVM
  static final UpdateKernels K = choose();

  private UpdateKernelsHolder() {}

  // SIMD exactly when KernelProvider chose its SIMD kernels (the exact class: SimdKernels extends
  // ScalarKernels)
  private static UpdateKernels choose() {
    if (KernelProvider.get().getClass() == ScalarKernels.class) {
      return SCALAR;
    }
    try {
      // by name, so that the scalar path never links a vector class
      return (UpdateKernels)
          Class.forName("dev.lanegrad.internal.kernels.SimdUpdateKernels")
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return SCALAR;
    }
  }
}
