package dev.lanegrad.optimizers.schedules;

/**
 * The float32 arithmetic of Keras's schedules: TF casts the Python numbers to the initial rate's
 * dtype, float32, and computes there. The transcendental functions are the double result rounded to
 * float32 (StrictMath, so the bits do not depend on the JDK or the JIT).
 */
final class F32 {
  /** {@code tf.constant(math.pi, tf.float32)}. */
  static final float PI = (float) Math.PI;

  private F32() {}

  static float pow(float a, float b) {
    return (float) StrictMath.pow(a, b);
  }

  static float cos(float x) {
    return (float) StrictMath.cos(x);
  }

  static float log(float x) {
    return (float) StrictMath.log(x);
  }

  static float floor(float x) {
    return (float) Math.floor(x);
  }

  static float ceil(float x) {
    return (float) Math.ceil(x);
  }

  static double finite(String op, String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(op + ": " + what + " must be a finite number, got " + v);
    }
    return v;
  }

  static double nonNegative(String op, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          op + ": " + what + " must be a finite number >= 0, got " + v);
    }
    return v;
  }

  static long positive(String op, String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(op + ": " + what + " must be > 0, got " + v);
    }
    return v;
  }
}
