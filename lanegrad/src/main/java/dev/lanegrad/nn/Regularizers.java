package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import java.util.Map;

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
    return new Penalty("l1", l1, 0);
  }

  /**
   * {@code l2 * sum(w^2)} ({@code tf.keras.regularizers.L2}; no factor 1/2, as Keras).
   *
   * @throws IllegalArgumentException for a negative or non-finite factor
   */
  public static Regularizer l2(double l2) {
    check("l2", l2);
    return new Penalty("l2", 0, l2);
  }

  /**
   * {@code l1 * sum(|w|) + l2 * sum(w^2)} ({@code tf.keras.regularizers.L1L2}).
   *
   * @throws IllegalArgumentException for a negative or non-finite factor
   */
  public static Regularizer l1l2(double l1, double l2) {
    check("l1l2", l1);
    check("l1l2", l2);
    return new Penalty("l1l2", l1, l2);
  }

  /**
   * A penalty of this class, kept as its kind and factors so that {@link Model#save} can write it
   * (Keras's {@code L1}, {@code L2} and {@code L1L2} configurations).
   */
  record Penalty(String kind, double l1, double l2) implements Regularizer {
    @Override
    public Tensor apply(Tensor w) {
      switch (kind) {
        case "l1":
          return scaled(l1, input("l1", w).abs().sum());
        case "l2":
          return scaled(l2, input("l2", w).square().sum());
        default:
          Tensor x = input("l1l2", w);
          return scaled(l1, x.abs().sum()).add(scaled(l2, x.square().sum()));
      }
    }

    Map<String, Object> config() {
      switch (kind) {
        case "l1":
          return Serialization.map("class_name", "L1", "config", Serialization.map("l1", l1));
        case "l2":
          return Serialization.map("class_name", "L2", "config", Serialization.map("l2", l2));
        default:
          return Serialization.map(
              "class_name", "L1L2", "config", Serialization.map("l1", l1, "l2", l2));
      }
    }

    @Override
    public String toString() {
      return "Regularizers."
          + kind
          + (kind.equals("l1")
              ? "(" + l1 + ")"
              : kind.equals("l2") ? "(" + l2 + ")" : "(" + l1 + ", " + l2 + ")");
    }
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
