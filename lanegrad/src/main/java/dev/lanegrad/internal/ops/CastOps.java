package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Kernels;

/**
 * {@code cast} between every pair of the seven dtypes, as TF's {@code tf.cast}:
 *
 * <ul>
 *   <li>float to integer truncates toward zero with Java's rules: NaN gives 0 and values out of
 *       range saturate to the type's MIN/MAX (TF's C++ cast is undefined there; x86 gives MIN);
 *   <li>int64 to int32 wraps (keeps the low 32 bits), integers to float round to nearest;
 *   <li>to BOOL is {@code x != 0} (NaN is true; complex: either part non-zero), BOOL to numbers is
 *       1 or 0;
 *   <li>complex to a real dtype takes the real part, a real dtype to complex has imaginary part 0.
 * </ul>
 *
 * Gradient: between floating (or complex) dtypes the upstream gradient cast back; to or from an
 * integer or BOOL, none (TF's _CastGrad).
 */
public final class CastOps {
  private CastOps() {}

  /**
   * The elements of {@code x} converted to {@code dtype}; {@code x} itself when it already has it.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static Tensor cast(Tensor x, DType dtype) {
    Check.notNull("cast", "x", x);
    Check.notNull("cast", "dtype", dtype);
    if (x.dtype() == dtype) {
      return x;
    }
    return Recorder.record("cast", convert(x, dtype), CAST_GRAD, x);
  }

  static final GradRule CAST_GRAD =
      (e, g) -> {
        DType src = e.in(0).dtype();
        DType dst = e.out().dtype();
        boolean diff =
            (src.isFloating() || src.isComplex()) && (dst.isFloating() || dst.isComplex());
        return new Tensor[] {diff ? cast(g, src) : null};
      };

  /** The conversion itself, never recorded (integer division's FLOAT64 operands use it). */
  static Tensor convert(Tensor x, DType dtype) {
    int n = (int) x.size();
    DType src = x.dtype();
    Object xd = Internal.data(x);
    Object y = Elementwise.alloc(dtype, n);
    Kernels k = KernelProvider.get();
    if (dtype.isComplex()) {
      if (src.isComplex()) {
        // both interleaved: convert all 2n halves
        toReal(k, xd, 1, dtype == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64, y, 1, 2 * n);
      } else {
        // real parts only; imaginary parts stay 0
        toReal(k, xd, 1, dtype == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64, y, 2, n);
      }
    } else if (src.isComplex()) {
      if (dtype == DType.BOOL) {
        k.complexToBool(xd, 0, (boolean[]) y, 0, n);
      } else {
        toReal(k, xd, 2, dtype, y, 1, n);
      }
    } else {
      toReal(k, xd, 1, dtype, y, 1, n);
    }
    return Internal.make(dtype, x.shape(), y);
  }

  private static void toReal(Kernels k, Object x, int xs, DType dst, Object y, int ys, int n) {
    switch (dst) {
      case FLOAT32 -> k.castToF32(x, 0, xs, (float[]) y, 0, ys, n);
      case FLOAT64 -> k.castToF64(x, 0, xs, (double[]) y, 0, ys, n);
      case INT32 -> k.castToI32(x, 0, xs, (int[]) y, 0, ys, n);
      case INT64 -> k.castToI64(x, 0, xs, (long[]) y, 0, ys, n);
      case BOOL -> k.castToBool(x, 0, xs, (boolean[]) y, 0, ys, n);
      default -> throw new IllegalStateException("toReal: " + dst);
    }
  }
}
