package dev.lanegrad;

/**
 * Element types of tensors, named as TensorFlow names them.
 *
 * <p>{@code DType.FLOAT32.toString()} is {@code "float32"}; complex values are stored as
 * interleaved (re, im) pairs of float (COMPLEX64) or double (COMPLEX128).
 */
public enum DType {
  /** 32-bit IEEE float: the fast path. */
  FLOAT32("float32", 4),
  /** 64-bit IEEE float. */
  FLOAT64("float64", 8),
  /** 32-bit two's complement integer; overflow wraps. */
  INT32("int32", 4),
  /** 64-bit two's complement integer; overflow wraps. */
  INT64("int64", 8),
  /** {@code true}/{@code false}, one byte each. */
  BOOL("bool", 1),
  /** two float32 halves (re, im). */
  COMPLEX64("complex64", 8),
  /** two float64 halves (re, im). */
  COMPLEX128("complex128", 16);

  private final String tfName;
  private final int byteSize;

  DType(String tfName, int byteSize) {
    this.tfName = tfName;
    this.byteSize = byteSize;
  }

  /** True for FLOAT32 and FLOAT64. */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** True for INT32 and INT64. */
  public boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  /** True for COMPLEX64 and COMPLEX128. */
  public boolean isComplex() {
    return this == COMPLEX64 || this == COMPLEX128;
  }

  /** Bytes per element: 4 for float32, 16 for complex128, 1 for bool. */
  public int byteSize() {
    return byteSize;
  }

  /**
   * TensorFlow's name: {@code "float32"}, {@code "int64"}, {@code "bool"}, {@code "complex128"}.
   */
  @Override
  public String toString() {
    return tfName;
  }
}
