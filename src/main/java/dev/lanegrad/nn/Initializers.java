package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.SplittableRandom;

/**
 * Keras's standard initializers. A seeded one gives the same values at every call (for the same
 * shape); an unseeded one draws a new seed from {@link Utils#setRandomSeed the global generator} at
 * each call, so two layers get different weights.
 *
 * <pre>{@code
 * Dense d = Dense.builder(2).kernelInitializer(Initializers.constant(new float[][] {{1, 2}, {3, 4}}))
 *     .inputShape(2).build();
 * }</pre>
 */
public final class Initializers {
  private Initializers() {}

  /**
   * Glorot (Xavier) uniform: {@code U(-limit, limit)} with {@code limit = sqrt(6 / (fanIn +
   * fanOut))}; for a kernel of shape {@code (in, out)}, {@code fanIn = in}, {@code fanOut = out}
   * (higher ranks multiply both by the receptive field {@code prod(shape[:-2])}, as Keras).
   */
  public static Initializer glorotUniform() {
    return (shape, dtype) -> glorot(shape, dtype, Utils.nextSeed());
  }

  /** {@link #glorotUniform()} with a fixed seed. */
  public static Initializer glorotUniform(long seed) {
    return (shape, dtype) -> glorot(shape, dtype, seed);
  }

  /** All zeros (Keras's default bias). */
  public static Initializer zeros() {
    return (shape, dtype) -> Tensor.zeros(checkShape(shape), notNull("zeros", dtype));
  }

  /** All ones. */
  public static Initializer ones() {
    return (shape, dtype) -> Tensor.ones(checkShape(shape), notNull("ones", dtype));
  }

  /**
   * A given value: a scalar fills the shape, an array (or Tensor) with as many elements as the
   * weight is reshaped to it ({@code tf.constant_initializer}).
   *
   * @throws IllegalArgumentException when applied to a shape whose element count differs
   */
  public static Initializer constant(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("Initializers.constant: value is null");
    }
    return (shape, dtype) -> {
      checkShape(shape);
      notNull("constant", dtype);
      Object v = value instanceof Tensor t ? t.toDoubleArray() : value;
      try {
        return Tensor.of(v, dtype, shape);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Initializers.constant: the value does not fit the weight shape "
                + shape
                + " ("
                + e.getMessage()
                + ")",
            e);
      }
    };
  }

  /** Uniform in {@code [lo, hi)}, seeded from the global generator at each call. */
  public static Initializer randomUniform(double lo, double hi) {
    checkRange(lo, hi);
    return (shape, dtype) -> uniform(shape, dtype, lo, hi, Utils.nextSeed());
  }

  /** Uniform in {@code [lo, hi)} with a fixed seed. */
  public static Initializer randomUniform(double lo, double hi, long seed) {
    checkRange(lo, hi);
    return (shape, dtype) -> uniform(shape, dtype, lo, hi, seed);
  }

  /** Normal with the given mean and standard deviation, seeded from the global generator. */
  public static Initializer randomNormal(double mean, double stddev) {
    checkStd(stddev);
    return (shape, dtype) -> normal(shape, dtype, mean, stddev, Utils.nextSeed());
  }

  /** Normal with the given mean and standard deviation and a fixed seed. */
  public static Initializer randomNormal(double mean, double stddev, long seed) {
    checkStd(stddev);
    return (shape, dtype) -> normal(shape, dtype, mean, stddev, seed);
  }

  // ---------------------------------------------------------------- internals

  /** Keras's {@code _compute_fans}: {fanIn, fanOut}. */
  static double[] fans(Shape shape) {
    int r = shape.rank();
    if (r == 0) {
      return new double[] {1, 1};
    }
    if (r == 1) {
      return new double[] {shape.dim(0), shape.dim(0)};
    }
    double receptive = 1;
    for (int i = 0; i < r - 2; i++) {
      receptive *= shape.dim(i);
    }
    return new double[] {shape.dim(r - 2) * receptive, shape.dim(r - 1) * receptive};
  }

  private static Tensor glorot(Shape shape, DType dtype, long seed) {
    double[] f = fans(checkShape(shape));
    double limit = Math.sqrt(6.0 / Math.max(1.0, f[0] + f[1]));
    return uniform(shape, dtype, -limit, limit, seed);
  }

  private static Tensor uniform(Shape shape, DType dtype, double lo, double hi, long seed) {
    int n = size(checkShape(shape));
    SplittableRandom r = new SplittableRandom(seed);
    if (checkDType("randomUniform", dtype) == DType.FLOAT64) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = lo + (hi - lo) * r.nextDouble();
      }
      return Tensor.of(a, shape);
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      float x = (float) (lo + (hi - lo) * r.nextDouble());
      // rounding to float may reach hi; keep the half-open interval
      a[i] = x >= hi ? Math.nextDown((float) hi) : x;
    }
    return Tensor.of(a, shape);
  }

  private static Tensor normal(Shape shape, DType dtype, double mean, double std, long seed) {
    int n = size(checkShape(shape));
    SplittableRandom r = new SplittableRandom(seed);
    if (checkDType("randomNormal", dtype) == DType.FLOAT64) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = mean + std * r.nextGaussian();
      }
      return Tensor.of(a, shape);
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (mean + std * r.nextGaussian());
    }
    return Tensor.of(a, shape);
  }

  private static int size(Shape shape) {
    long n = shape.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Initializers: shape " + shape + " has too many elements");
    }
    return (int) n;
  }

  private static Shape checkShape(Shape shape) {
    if (shape == null) {
      throw new IllegalArgumentException("Initializers: shape is null");
    }
    return shape;
  }

  private static DType checkDType(String what, DType dtype) {
    if (dtype == null || !dtype.isFloating()) {
      throw new IllegalArgumentException(
          "Initializers." + what + ": expected float32 or float64, got " + dtype);
    }
    return dtype;
  }

  private static DType notNull(String what, DType dtype) {
    if (dtype == null) {
      throw new IllegalArgumentException("Initializers." + what + ": dtype is null");
    }
    return dtype;
  }

  private static void checkRange(double lo, double hi) {
    if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException(
          "Initializers.randomUniform: need finite lo < hi, got [" + lo + ", " + hi + ")");
    }
  }

  private static void checkStd(double std) {
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException(
          "Initializers.randomNormal: stddev must be finite and >= 0, got " + std);
    }
  }
}
