package dev.lanegrad.internal.kernels;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once: SIMD when {@code jdk.incubator.vector} is readable, else the scalar
 * reference with one log line naming the flag. {@code -Dlanegrad.scalar=true} forces scalar.
 */
public final class KernelProvider {
  private static final Logger LOG = System.getLogger("dev.lanegrad");

  private KernelProvider() {}

  /** The kernels of this JVM. */
  public static Kernels get() {
    return Holder.K;
  }

  /**
   * A kernel family's implementation for this JVM: the SIMD class named {@code simdClass} exactly
   * when {@link #get} chose the SIMD kernels (loaded by name, so that the scalar path never links a
   * vector class), else {@code scalar}, which is also the fallback if the SIMD class fails to load.
   * Called once per family, from its holder.
   */
  static <T> T family(Class<T> type, String simdClass, T scalar) {
    // the exact class: SimdKernels extends ScalarKernels, so instanceof would say scalar for both
    if (get().getClass() == ScalarKernels.class) {
      return scalar;
    }
    try {
      return type.cast(
          Class.forName("dev.lanegrad.internal.kernels." + simdClass)
              .getDeclaredConstructor()
              .newInstance());
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return scalar;
    }
  }

  // a holder: chosen lazily on first use, with no class-initialisation cycles
  private static final class Holder {
    static final Kernels K = choose();

    static Kernels choose() {
      if (Boolean.getBoolean("lanegrad.scalar")) {
        return new ScalarKernels();
      }
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        LOG.log(
            Level.WARNING,
            "lanegrad: jdk.incubator.vector is not readable; using scalar kernels."
                + " Pass --add-modules jdk.incubator.vector to the java command to enable SIMD.");
        return new ScalarKernels();
      }
      try {
        // by name, so that the scalar path never links a vector class
        return (Kernels)
            Class.forName("dev.lanegrad.internal.kernels.SimdKernels")
                .getDeclaredConstructor()
                .newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.log(
            Level.WARNING,
            "lanegrad: SIMD kernels failed to load (" + e + "); using scalar kernels.");
        return new ScalarKernels();
      }
    }
  }
}
