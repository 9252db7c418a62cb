package dev.lanegrad.nn;

import dev.lanegrad.Tensor;

/**
 * Keras's weight regularizers ({@code tf.keras.regularizers}): the penalty they return is added to
 * the loss that {@link Model#fit} minimises.
 *
 * <pre>{@code
 * Dense d = Dense.builder(64).kernelRegularizer(Regularizers.l2(1e-4)).build();
 * // fit minimises loss + 1e-4 * sum(kernel^2)
 * }</pre>
 */
public final class Regularizers {
  private Regularizers() {}

  /**
   * {@code l1 * sum(|w|)} ({@code tf.keras.regularizers.L1}).
   *
   * @throws IllegalArgumentException for a negative or non-finite factor
   */
  public static Regularizer l1(double l1) {
    check("l1", l1);
    return w -> scaled(l1, input("l1", w).abs().sum());
  }

  /**
   * {@code l2 * sum(w^2)} ({@code tf.keras.regularizers.L2}; no factor 1/2, as Keras).
   *
   * @throws IllegalArgumentException for a negative or non-finite factor
   */
  public static Regularizer l2(double l2) {
    check("l2", l2);
    return w -> scaled(l2, input("l2", w).square().sum());
  }

  /**
   * {@code l1 * sum(|w|) + l2 * sum(w^2)} ({@code tf.keras.regularizers.L1L2}).
   *
   * @throws IllegalArgumentException for a negative or non-finite factor
   */
  public static Regularizer l1l2(double l1, double l2) {
    check("l1l2", l1);
    check("l1l2", l2);
    return w -> {
      Tensor x = input("l1l2", w);
      return scaled(l1, x.abs().sum()).add(scaled(l2, x.square().sum()));
    };
  }

  private static Tensor scaled(double factor, Tensor sum) {
    return sum.mul(factor); // in the weight's dtype, as Keras casts the factor
  }

  private static Tensor input(String what, Tensor w) {
    if (w == null) {
      throw new IllegalArgumentException("Regularizers." + what + ": the weight is null");
    }
    if (!w.dtype().isFloating()) {
      throw new IllegalArgumentException(
          "Regularizers." + what + ": expected a float32 or float64 weight, got " + w.dtype());
    }
    return w;
  }

  private static void check(String what, double f) {
    if (!(f >= 0) || Double.isInfinite(f)) {
      throw new IllegalArgumentException(
          "Regularizers." + what + ": the factor must be a finite number >= 0, got " + f);
    }
  }
}
