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

  /**
   * He normal ({@code tf.keras.initializers.HeNormal}): a normal truncated at two standard
   * deviations with {@code stddev = sqrt(2 / fanIn) / 0.87962566103423978} (the divisor makes the
   * truncated draw's standard deviation {@code sqrt(2 / fanIn)}); Keras's choice for relu stacks.
   */
  public static Initializer heNormal() {
    return (shape, dtype) -> scaled(shape, dtype, 2, FAN_IN, true, Utils.nextSeed());
  }

  /** {@link #heNormal()} with a fixed seed. */
  public static Initializer heNormal(long seed) {
    return (shape, dtype) -> scaled(shape, dtype, 2, FAN_IN, true, seed);
  }

  /** He uniform: {@code U(-limit, limit)} with {@code limit = sqrt(6 / fanIn)}. */
  public static Initializer heUniform() {
    return (shape, dtype) -> scaled(shape, dtype, 2, FAN_IN, false, Utils.nextSeed());
  }

  /** {@link #heUniform()} with a fixed seed. */
  public static Initializer heUniform(long seed) {
    return (shape, dtype) -> scaled(shape, dtype, 2, FAN_IN, false, seed);
  }

  /**
   * LeCun normal: truncated normal with {@code stddev = sqrt(1 / fanIn) / 0.87962566103423978}
   * (Keras's choice for selu).
   */
  public static Initializer lecunNormal() {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_IN, true, Utils.nextSeed());
  }

  /** {@link #lecunNormal()} with a fixed seed. */
  public static Initializer lecunNormal(long seed) {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_IN, true, seed);
  }

  /** LeCun uniform: {@code U(-limit, limit)} with {@code limit = sqrt(3 / fanIn)}. */
  public static Initializer lecunUniform() {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_IN, false, Utils.nextSeed());
  }

  /** {@link #lecunUniform()} with a fixed seed. */
  public static Initializer lecunUniform(long seed) {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_IN, false, seed);
  }

  /**
   * Glorot (Xavier) normal: truncated normal with {@code stddev = sqrt(2 / (fanIn + fanOut)) /
   * 0.87962566103423978}.
   */
  public static Initializer glorotNormal() {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_AVG, true, Utils.nextSeed());
  }

  /** {@link #glorotNormal()} with a fixed seed. */
  public static Initializer glorotNormal(long seed) {
    return (shape, dtype) -> scaled(shape, dtype, 1, FAN_AVG, true, seed);
  }

  /**
   * Keras's {@code TruncatedNormal()}: mean 0, standard deviation 0.05, values further than two
   * standard deviations from the mean drawn again.
   */
  public static Initializer truncatedNormal() {
    return truncatedNormal(0.0, 0.05);
  }

  /** A normal of this mean and standard deviation, redrawn beyond two standard deviations. */
  public static Initializer truncatedNormal(double mean, double stddev) {
    checkStd(stddev);
    return (shape, dtype) -> truncated(shape, dtype, mean, stddev, Utils.nextSeed());
  }

  /** {@link #truncatedNormal(double, double)} with a fixed seed. */
  public static Initializer truncatedNormal(double mean, double stddev, long seed) {
    checkStd(stddev);
    return (shape, dtype) -> truncated(shape, dtype, mean, stddev, seed);
  }

  /**
   * Orthogonal ({@code tf.keras.initializers.Orthogonal()}, gain 1): the weight seen as a matrix of
   * {@code prod(shape[:-1])} rows and {@code shape[-1]} columns has orthonormal columns (or rows,
   * when there are fewer rows), the Q of the QR decomposition of a standard normal draw with R's
   * diagonal made positive. Keras's default recurrent kernel.
   *
   * <pre>{@code
   * Tensor q = Initializers.orthogonal(7).initialize(Shape.of(4, 4), DType.FLOAT32);
   * q.transpose().matmul(q);   // the identity, to rounding
   * }</pre>
   *
   * @throws IllegalArgumentException for a shape of rank below 2
   */
  public static Initializer orthogonal() {
    return (shape, dtype) -> orthogonal(shape, dtype, 1.0, Utils.nextSeed());
  }

  /** {@link #orthogonal()} with a fixed seed. */
  public static Initializer orthogonal(long seed) {
    return (shape, dtype) -> orthogonal(shape, dtype, 1.0, seed);
  }

  /** {@link #orthogonal()} multiplied by {@code gain}, with a fixed seed. */
  public static Initializer orthogonal(double gain, long seed) {
    if (!Double.isFinite(gain)) {
      throw new IllegalArgumentException(
          "Initializers.orthogonal: gain must be finite, got " + gain);
    }
    return (shape, dtype) -> orthogonal(shape, dtype, gain, seed);
  }

  // ---------------------------------------------------------------- internals

  private static final int FAN_IN = 0;
  private static final int FAN_AVG = 2;

  /** scipy.stats.truncnorm.std(a=-2, b=2): the standard deviation of a 2-sigma truncated normal. */
  private static final double TRUNCATED_STD = 0.87962566103423978;

  /** Keras's {@code VarianceScaling(scale, mode, "truncated_normal" or "uniform")}. */
  private static Tensor scaled(
      Shape shape, DType dtype, double scale, int mode, boolean normal, long seed) {
    double[] f = fans(checkShape(shape));
    double n = mode == FAN_IN ? f[0] : (f[0] + f[1]) / 2.0;
    double s = scale / Math.max(1.0, n);
    if (normal) {
      return truncated(shape, dtype, 0.0, Math.sqrt(s) / TRUNCATED_STD, seed);
    }
    double limit = Math.sqrt(3.0 * s);
    return uniform(shape, dtype, -limit, limit, seed);
  }

  /** A normal with draws beyond two standard deviations redrawn, as TF's truncated_normal. */
  private static Tensor truncated(Shape shape, DType dtype, double mean, double std, long seed) {
    int n = size(checkShape(shape));
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      double z;
      do {
        z = r.nextGaussian();
      } while (Math.abs(z) > 2.0);
      a[i] = mean + std * z;
    }
    return checkDType("truncatedNormal", dtype) == DType.FLOAT64
        ? Tensor.of(a, shape)
        : Tensor.of(a, shape).cast(DType.FLOAT32);
  }

  private static Tensor orthogonal(Shape shape, DType dtype, double gain, long seed) {
    checkShape(shape);
    checkDType("orthogonal", dtype);
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "Initializers.orthogonal: the tensor to initialize must be at least two-dimensional,"
              + " got shape "
              + shape);
    }
    int cols = shape.dim(-1);
    long rowsL = shape.size() / Math.max(1, cols);
    size(shape);
    int rows = (int) rowsL;
    int m = Math.max(rows, cols);
    int k = Math.min(rows, cols);
    if (k == 0) {
      return Tensor.zeros(shape, dtype);
    }
    // a (m, k) standard normal draw, column-major here so that Gram-Schmidt walks columns
    SplittableRandom r = new SplittableRandom(seed);
    double[][] col = new double[k][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < k; j++) {
        col[j][i] = r.nextGaussian();
      }
    }
    // modified Gram-Schmidt twice: Q with R's diagonal positive, which is Keras's q * sign(diag r)
    for (int j = 0; j < k; j++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < j; p++) {
          double dot = 0;
          for (int i = 0; i < m; i++) {
            dot += col[p][i] * col[j][i];
          }
          for (int i = 0; i < m; i++) {
            col[j][i] -= dot * col[p][i];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < m; i++) {
        norm += col[j][i] * col[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) {
        col[j][i] /= norm;
      }
    }
    double[] out = new double[rows * cols];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < k; j++) {
        // q is (m, k); with fewer rows than columns Keras transposes it to (rows, cols)
        int idx = rows >= cols ? i * cols + j : j * cols + i;
        out[idx] = gain * col[j][i];
      }
    }
    Tensor t = Tensor.of(out, shape);
    return dtype == DType.FLOAT64 ? t : t.cast(DType.FLOAT32);
  }

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
