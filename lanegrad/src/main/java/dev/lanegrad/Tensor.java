package dev.lanegrad;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.format.NumpyFormat;
import dev.lanegrad.internal.ops.ActivationOps;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.CastOps;
import dev.lanegrad.internal.ops.CompareOps;
import dev.lanegrad.internal.ops.IndexingOps;
import dev.lanegrad.internal.ops.JavaValues;
import dev.lanegrad.internal.ops.LinalgOps;
import dev.lanegrad.internal.ops.MathOps;
import dev.lanegrad.internal.ops.ReductionOps;
import dev.lanegrad.internal.ops.ShapeOps;
import dev.lanegrad.internal.ops.StepArena;
import dev.lanegrad.internal.ops.UnaryOps;

/**
 * An immutable, eager value: a dtype, a shape and the elements in row-major order, as {@code
 * tf.Tensor} in TensorFlow 2's eager mode.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
 * System.out.println(a.mul(2).add(1));
 * // Tensor(
 * // [[3. 5.]
 * //  [7. 9.]], shape=(2, 2), dtype=float32)
 * }</pre>
 *
 * <p>Binary operations broadcast as NumPy does. Both tensor operands must have the same dtype (TF
 * does not promote); a Java number operand takes the tensor's dtype. Every operation is recorded by
 * the active {@link GradientTape}s that watch one of its inputs.
 */
public class Tensor {
  static {
    Internal.install(new Bridge());
  }

  final DType dtype;
  final Shape shape;

  /** Flat row-major storage; only a {@link Variable} ever replaces it. */
  // volatile: a Variable swaps it on another thread's step, and readers must see whole arrays
  volatile Object data;

  /** autodiff's bookkeeping, see {@link Internal#slot}. */
  Object slot;

  /**
   * Set when {@link #data} is a buffer of a {@link StepFunction} call, which the next call reuses:
   * the tensor may be read only while that call runs.
   */
  StepArena.Epoch epoch;

  Tensor(DType dtype, Shape shape, Object data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  // ---------------------------------------------------------------- creation

  /**
   * A tensor from a Java scalar (primitive or boxed) or a rectangular nested primitive array of
   * rank 0 to 8, as {@code tf.constant(value)}. The dtype follows the Java type: float → FLOAT32,
   * double → FLOAT64, int → INT32, long → INT64, boolean → BOOL, {@link Complex} → COMPLEX128.
   * {@code Tensor.of(new int[] {1, 2, 3})} is {@code Tensor([1 2 3], shape=(3,), dtype=int32)}. The
   * values are copied. Empty arrays are fine: {@code new float[2][0]} has shape (2, 0); below an
   * empty level Java keeps no lengths, so {@code new float[0][5]} has shape (0, 0): give the shape
   * to keep it, {@code Tensor.of(new float[0][5], Shape.of(0, 5))} (as TF's {@code
   * tf.constant(np.zeros((0, 5)))} has shape (0, 5)). A {@code Tensor} comes back as it is, a
   * {@link Variable} as a snapshot of its current value.
   *
   * @throws IllegalArgumentException for null, ragged arrays or unsupported element types (the
   *     message names the Java type, or where the array is ragged: {@code element [1] has length 3,
   *     expected 2})
   */
  public static Tensor of(Object value) {
    return JavaValues.of(value, null, null);
  }

  /**
   * A tensor converted to {@code dtype} on creation: {@code Tensor.of(new int[] {1, 2},
   * DType.FLOAT32)} is {@code [1. 2.]}. As {@code tf.constant(value, dtype)}: a float dtype rounds
   * to nearest (0.1 as FLOAT32, a long as FLOAT32); an integer dtype takes only values it holds
   * exactly (2.0 as INT32 is 2); {@code true/false} become 1/0 in numeric dtypes; a complex value
   * becomes real only when its imaginary part is 0; a real value becomes complex {@code (v, 0)}. A
   * {@code Tensor} of another dtype is not converted: {@link #cast} it.
   *
   * @throws IllegalArgumentException if a value cannot be held exactly by the dtype (1.5, 1e10 or
   *     NaN as INT32, any number as BOOL), naming the value, its position and both dtypes
   */
  public static Tensor of(Object value, DType dtype) {
    return JavaValues.of(value, JavaValues.requireDType("Tensor.of", dtype), null);
  }

  /**
   * As {@code tf.constant(value, shape=shape)}: a scalar fills the shape, a value with as many
   * elements as the shape is reshaped to it.
   *
   * @throws IllegalArgumentException for any other element count, naming both shapes
   */
  public static Tensor of(Object value, Shape shape) {
    return JavaValues.of(value, null, JavaValues.requireShape("Tensor.of", shape));
  }

  /** {@link #of(Object, DType)} and {@link #of(Object, Shape)} together. */
  public static Tensor of(Object value, DType dtype, Shape shape) {
    return JavaValues.of(
        value,
        JavaValues.requireDType("Tensor.of", dtype),
        JavaValues.requireShape("Tensor.of", shape));
  }

  /** All zeros: {@code Tensor.zeros(Shape.of(2), DType.INT32)} is {@code [0 0]}. */
  public static Tensor zeros(Shape shape, DType dtype) {
    return JavaValues.zeros(shape, dtype);
  }

  /** All ones: {@code Tensor.ones(Shape.of(2), DType.FLOAT32)} is {@code [1. 1.]}. */
  public static Tensor ones(Shape shape, DType dtype) {
    return JavaValues.ones(shape, dtype);
  }

  /**
   * Every element {@code scalar}, dtype from the Java type: {@code fill(Shape.of(2), 7)} is INT32.
   */
  public static Tensor fill(Shape shape, Object scalar) {
    return JavaValues.fill(shape, scalar);
  }

  /** {@code [0, 1, ..., n-1]} as INT32, like {@code tf.range(n)}. */
  public static Tensor range(int n) {
    return JavaValues.range(n);
  }

  /** {@code [0, 1, ..., n-1]} as INT64. */
  public static Tensor range(long n) {
    return JavaValues.range(n);
  }

  /**
   * FLOAT32 samples of the standard normal distribution; the same seed gives the same values on
   * every machine and thread count.
   */
  public static Tensor randomNormal(Shape shape, long seed) {
    return JavaValues.randomNormal(shape, seed);
  }

  /** FLOAT32 samples uniform in {@code [lo, hi)}; deterministic per seed. */
  public static Tensor randomUniform(Shape shape, double lo, double hi, long seed) {
    return JavaValues.randomUniform(shape, lo, hi, seed);
  }

  // ---------------------------------------------------------------- reading

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The dimensions. */
  public Shape shape() {
    return shape;
  }

  /** {@code shape().rank()}. */
  public int rank() {
    return shape.rank();
  }

  /** The number of elements. */
  public long size() {
    return shape.size();
  }

  /** The elements as a flat row-major float array, converted from any real dtype. */
  public float[] toFloatArray() {
    return JavaValues.toFloatArray(this);
  }

  /**
   * Writes the elements, flat row-major and converted from any real dtype as {@link #toFloatArray}
   * converts them, into {@code dst} at its position, and advances it by {@link #size}: {@code
   * toFloatArray} without the intermediate array, for a message or file buffer.
   *
   * <pre>{@code
   * ByteBuffer bytes = ByteBuffer.allocate(4 * (int) t.size()).order(ByteOrder.LITTLE_ENDIAN);
   * t.copyTo(bytes.asFloatBuffer());   // the floats of t, little-endian
   * }</pre>
   *
   * @throws IllegalArgumentException for a null or read-only buffer, fewer than {@code size()}
   *     elements remaining (nothing is written then), or a complex tensor
   */
  public void copyTo(java.nio.FloatBuffer dst) {
    JavaValues.copyTo(this, dst);
  }

  /**
   * {@link #copyTo(java.nio.FloatBuffer)} for doubles: the elements as {@link #toDoubleArray}
   * converts them, written into {@code dst} at its position.
   *
   * @throws IllegalArgumentException for a null or read-only buffer, fewer than {@code size()}
   *     elements remaining (nothing is written then), or a complex tensor
   */
  public void copyTo(java.nio.DoubleBuffer dst) {
    JavaValues.copyTo(this, dst);
  }

  /** The elements as a flat row-major double array, converted from any real dtype. */
  public double[] toDoubleArray() {
    return JavaValues.toDoubleArray(this);
  }

  /** The elements as a flat row-major int array (floats truncate toward zero). */
  public int[] toIntArray() {
    return JavaValues.toIntArray(this);
  }

  /** The elements as a flat row-major long array (floats truncate toward zero). */
  public long[] toLongArray() {
    return JavaValues.toLongArray(this);
  }

  /** The elements as a flat row-major boolean array (non-zero is true). */
  public boolean[] toBooleanArray() {
    return JavaValues.toBooleanArray(this);
  }

  /** The elements as a flat row-major array of {@link Complex}. */
  public Complex[] toComplexArray() {
    return JavaValues.toComplexArray(this);
  }

  /**
   * The value as a nested Java array of this shape and dtype, the {@code numpy()} of Java: a {@code
   * float[][]} for a FLOAT32 matrix, a boxed {@code Float} for a 0-d FLOAT32 tensor.
   */
  public Object toArray() {
    return JavaValues.toArray(this);
  }

  /**
   * The value as a nested Java array of the type asked for, so no cast is needed: the array's
   * element type chooses the conversion, as {@link #toFloatArray()}, {@link #toIntArray()} and the
   * other flat readers convert (tf.cast's rules), and its depth must equal the rank. A 0-d tensor
   * reads as a boxed value: {@code Float.class} or {@code float.class}.
   *
   * <pre>{@code
   * Tensor t = Tensor.of(new int[][] {{1, 2}, {3, 4}});
   * float[][] f = t.toArray(float[][].class);     // {{1f, 2f}, {3f, 4f}}
   * int[][] same = t.toArray(int[][].class);       // {{1, 2}, {3, 4}}
   * float s = Tensor.of(2.5f).toArray(float.class); // 2.5f
   * }</pre>
   *
   * @param type {@code float}, {@code double}, {@code int}, {@code long}, {@code boolean} or {@link
   *     Complex} arrays of depth {@code rank()}, or their boxed class for rank 0
   * @throws IllegalArgumentException for a null type, another element type, a depth other than the
   *     rank (the message names the type to ask for), or a complex tensor read as real numbers
   */
  @SuppressWarnings("unchecked")
  public <T> T toArray(Class<T> type) {
    return (T) JavaValues.toArray(this, type);
  }

  /**
   * {@code num} evenly spaced float32 values from {@code start} to {@code stop}, both included, as
   * TF's {@code tf.linspace(start, stop, num)}: {@code delta = (stop - start) / (num - 1)}, {@code
   * y[i] = start + delta * i} in float32, the last element exactly {@code stop}; {@code num = 1}
   * gives {@code [start]}, {@code num = 0} an empty vector.
   *
   * <p>{@code Tensor.linspace(10f, 12f, 3)} gives {@code Tensor([10. 11. 12.], shape=(3,),
   * dtype=float32)}.
   *
   * @throws IllegalArgumentException when {@code num < 0}
   */
  public static Tensor linspace(float start, float stop, int num) {
    return JavaValues.linspace(start, stop, num);
  }

  /**
   * {@link #linspace(float, float, int)} in float64: {@code Tensor.linspace(0.0, 1.0, 5)} gives
   * {@code Tensor([0. 0.25 0.5 0.75 1. ], shape=(5,), dtype=float64)}.
   *
   * @throws IllegalArgumentException when {@code num < 0}
   */
  public static Tensor linspace(double start, double stop, int num) {
    return JavaValues.linspace(start, stop, num);
  }

  /** The single element as a float. @throws IllegalArgumentException unless size() == 1 */
  public float floatValue() {
    return JavaValues.toFloatArray(JavaValues.single("floatValue", this))[0];
  }

  /** The single element as a double. @throws IllegalArgumentException unless size() == 1 */
  public double doubleValue() {
    return JavaValues.toDoubleArray(JavaValues.single("doubleValue", this))[0];
  }

  /** The single element as an int. @throws IllegalArgumentException unless size() == 1 */
  public int intValue() {
    return JavaValues.toIntArray(JavaValues.single("intValue", this))[0];
  }

  /** The single element as a long. @throws IllegalArgumentException unless size() == 1 */
  public long longValue() {
    return JavaValues.toLongArray(JavaValues.single("longValue", this))[0];
  }

  /** The single element as a boolean. @throws IllegalArgumentException unless size() == 1 */
  public boolean booleanValue() {
    return JavaValues.toBooleanArray(JavaValues.single("booleanValue", this))[0];
  }

  /**
   * TF's {@code print(t)} with {@code Tensor(} for {@code tf.Tensor(}, values formatted as NumPy:
   * {@code Tensor([1. 2.], shape=(2,), dtype=float32)}, {@code Tensor(16.0, shape=(),
   * dtype=float32)}.
   */
  @Override
  public String toString() {
    return NumpyFormat.tensorString(this);
  }

  // ---------------------------------------------------------------- arithmetic

  /** {@code y = this + other} (broadcast); gradient {@code (g, g)}. */
  public Tensor add(Tensor other) {
    return ArithmeticOps.add(this, other);
  }

  /** {@code y = this + other}, the number taking this tensor's dtype. */
  public Tensor add(double other) {
    return ArithmeticOps.add(this, JavaValues.operand("add", other, this));
  }

  /** {@code y = this - other} (broadcast); gradient {@code (g, -g)}. */
  public Tensor sub(Tensor other) {
    return ArithmeticOps.sub(this, other);
  }

  /** {@code y = this - other}, the number taking this tensor's dtype. */
  public Tensor sub(double other) {
    return ArithmeticOps.sub(this, JavaValues.operand("sub", other, this));
  }

  /** {@code y = this * other} (broadcast); gradient {@code (g*other, g*this)}. */
  public Tensor mul(Tensor other) {
    return ArithmeticOps.mul(this, other);
  }

  /** {@code y = this * other}, the number taking this tensor's dtype. */
  public Tensor mul(double other) {
    return ArithmeticOps.mul(this, JavaValues.operand("mul", other, this));
  }

  /** {@code y = this / other} (broadcast); integer operands give FLOAT64, as TF's {@code /}. */
  public Tensor div(Tensor other) {
    return ArithmeticOps.div(this, other);
  }

  /** {@code y = this / other}, the number taking this tensor's dtype. */
  public Tensor div(double other) {
    return ArithmeticOps.div(this, JavaValues.operand("div", other, this));
  }

  /**
   * {@code y = this ** other} (broadcast); exact for integral exponents, negative bases allowed.
   */
  public Tensor pow(Tensor other) {
    return ArithmeticOps.pow(this, other);
  }

  /** {@code y = this ** other}, the number taking this tensor's dtype. */
  public Tensor pow(double other) {
    return ArithmeticOps.pow(this, JavaValues.operand("pow", other, this));
  }

  /**
   * {@code y = max(this, other)} (broadcast); the gradient goes to this where {@code this >=
   * other}.
   */
  public Tensor maximum(Tensor other) {
    return ArithmeticOps.maximum(this, other);
  }

  /** {@code y = max(this, other)}, the number taking this tensor's dtype. */
  public Tensor maximum(double other) {
    return ArithmeticOps.maximum(this, JavaValues.operand("maximum", other, this));
  }

  /**
   * {@code y = min(this, other)} (broadcast); the gradient goes to this where {@code this <=
   * other}.
   */
  public Tensor minimum(Tensor other) {
    return ArithmeticOps.minimum(this, other);
  }

  /** {@code y = min(this, other)}, the number taking this tensor's dtype. */
  public Tensor minimum(double other) {
    return ArithmeticOps.minimum(this, JavaValues.operand("minimum", other, this));
  }

  /** {@code y = -x}. */
  public Tensor neg() {
    return UnaryOps.neg(this);
  }

  /** {@code y = |x|}; gradient {@code g * sign(x)} (0 at 0). */
  public Tensor abs() {
    return UnaryOps.abs(this);
  }

  /** {@code y = x * x}; gradient {@code 2 x g}. */
  public Tensor square() {
    return UnaryOps.square(this);
  }

  /** {@code y = sqrt(x)}; gradient {@code g / (2 y)} (inf at 0). */
  public Tensor sqrt() {
    return UnaryOps.sqrt(this);
  }

  /** {@code y = e^x}; gradient {@code g * y}. */
  public Tensor exp() {
    return UnaryOps.exp(this);
  }

  /** {@code y = ln x}; gradient {@code g / x}. */
  public Tensor log() {
    return UnaryOps.log(this);
  }

  /** {@code y = sign(x)} in {-1, 0, 1}; gradient 0. */
  public Tensor sign() {
    return UnaryOps.sign(this);
  }

  /** {@code y = max(x, 0)}; gradient {@code g} where {@code x > 0}, else 0. */
  public Tensor relu() {
    return UnaryOps.relu(this);
  }

  /** {@code y = 1 / (1 + e^-x)}; gradient {@code g y (1 - y)}. */
  public Tensor sigmoid() {
    return UnaryOps.sigmoid(this);
  }

  /** {@code y = tanh x}; gradient {@code g (1 - y^2)}. */
  public Tensor tanh() {
    return UnaryOps.tanh(this);
  }

  // ---------------------------------------------------------------- more unary and binary math

  /**
   * {@code ln(1 + x)}, accurate for small x; floats. {@code Ops.log1p(1e-10)} is {@code
   * 9.9999999995e-11} where {@code log(1 + 1e-10)} gives {@code 1.00000008269e-10}. Gradient {@code
   * g / (1 + x)}.
   */
  public Tensor log1p() {
    return UnaryOps.log1p(this);
  }

  /** {@code e^x - 1}, accurate near 0; floats. Gradient {@code g e^x}. */
  public Tensor expm1() {
    return MathOps.expm1(this);
  }

  /** {@code 1 / x}; floats. {@code [2, 4]} gives {@code [0.5 0.25]}. Gradient {@code -g / x^2}. */
  public Tensor reciprocal() {
    return MathOps.reciprocal(this);
  }

  /**
   * {@code 1 / sqrt(x)}; floats. {@code [4]} gives {@code [0.5]}. Gradient {@code -g / (2 x^1.5)}.
   */
  public Tensor rsqrt() {
    return MathOps.rsqrt(this);
  }

  /**
   * The largest integer not above x; floats. {@code [-1.5, 1.5]} gives {@code [-2. 1.]}. No
   * gradient (null), as TF.
   */
  public Tensor floor() {
    return MathOps.floor(this);
  }

  /**
   * The smallest integer not below x; floats. {@code [-1.5, 1.5]} gives {@code [-1. 2.]}. No
   * gradient (null), as TF.
   */
  public Tensor ceil() {
    return MathOps.ceil(this);
  }

  /**
   * The nearest integer, halves to even as TF's {@code tf.round}: {@code [0.5, 1.5, 2.5, -2.5]}
   * gives {@code [0. 2. 2. -2.]}; integers unchanged. No gradient (null), as TF.
   */
  public Tensor round() {
    return MathOps.round(this);
  }

  /** {@code sin x}; floats. Gradient {@code g cos x}. */
  public Tensor sin() {
    return MathOps.sin(this);
  }

  /** {@code cos x}; floats. Gradient {@code -g sin x}. */
  public Tensor cos() {
    return MathOps.cos(this);
  }

  /**
   * The error function {@code 2/sqrt(pi) int_0^x e^(-t^2) dt}; floats. {@code erf(1) = 0.84270079}.
   * Gradient {@code g 2/sqrt(pi) e^(-x^2)}.
   */
  public Tensor erf() {
    return MathOps.erf(this);
  }

  /**
   * {@code log(1 + e^x)}, without overflow for large x; floats. {@code softplus(0) = 0.6931472}.
   * Gradient {@code g sigmoid(x)}.
   */
  public Tensor softplus() {
    return ActivationOps.softplus(this);
  }

  /** {@code x / (1 + |x|)}; floats. {@code softsign(1) = 0.5}. Gradient {@code g / (1 + |x|)^2}. */
  public Tensor softsign() {
    return ActivationOps.softsign(this);
  }

  /** {@code x < 0 ? e^x - 1 : x}; floats. Gradient {@code g} above 0, {@code g e^x} below. */
  public Tensor elu() {
    return ActivationOps.elu(this);
  }

  /**
   * {@code scale (x < 0 ? alpha (e^x - 1) : x)} with TF's {@code scale = 1.0507009873554805},
   * {@code alpha = 1.6732632423543772}; floats.
   */
  public Tensor selu() {
    return ActivationOps.selu(this);
  }

  /** {@code min(max(x, 0), 6)}; real dtypes. Gradient {@code g} where {@code 0 < y < 6}, else 0. */
  public Tensor relu6() {
    return ActivationOps.relu6(this);
  }

  /** {@code x sigmoid(x)} (TF's {@code tf.nn.silu}, swish); floats. */
  public Tensor silu() {
    return ActivationOps.silu(this);
  }

  /** True where x is NaN, BOOL; floats. Not differentiable. */
  public Tensor isNan() {
    return MathOps.isNan(this);
  }

  /** True where x is neither NaN nor infinite, BOOL; floats. Not differentiable. */
  public Tensor isFinite() {
    return MathOps.isFinite(this);
  }

  /** {@code !x} on BOOL. */
  public Tensor logicalNot() {
    return MathOps.logicalNot(this);
  }

  /** {@link Ops#gelu}: exact with erf, or TF's tanh approximation. */
  public Tensor gelu(boolean approximate) {
    return ActivationOps.gelu(this, approximate);
  }

  /** {@link Ops#leakyRelu(Object, double)}: {@code x > 0 ? x : alpha x}. */
  public Tensor leakyRelu(double alpha) {
    return ActivationOps.leakyRelu(this, alpha);
  }

  /** {@code leakyRelu(0.2)}, TF's default. */
  public Tensor leakyRelu() {
    return ActivationOps.leakyRelu(this, 0.2);
  }

  /**
   * {@code floor(a / b)} (broadcast), TF's {@code //}: {@code floorDiv(-7, 2)} is {@code -4}; an
   * integer division by zero is an {@code IllegalArgumentException}. No gradient (null), as TF.
   */
  public Tensor floorDiv(Tensor other) {
    return MathOps.floorDiv(this, other);
  }

  /** {@link #floorDiv(Tensor)}, the number taking this tensor's dtype. */
  public Tensor floorDiv(double other) {
    return MathOps.floorDiv(this, JavaValues.operand("floorDiv", other, this));
  }

  /**
   * {@code a - floor(a / b) b} (broadcast), TF's {@code %}: the sign of b, {@code floorMod(-7, 3)}
   * is {@code 2}. Gradient {@code (g, -g floor(a / b))}.
   */
  public Tensor floorMod(Tensor other) {
    return MathOps.floorMod(this, other);
  }

  /** {@link #floorMod(Tensor)}, the number taking this tensor's dtype. */
  public Tensor floorMod(double other) {
    return MathOps.floorMod(this, JavaValues.operand("floorMod", other, this));
  }

  /** {@code (a - b)^2} (broadcast). Gradient {@code (2 g (a - b), -2 g (a - b))}. */
  public Tensor squaredDifference(Tensor other) {
    return MathOps.squaredDifference(this, other);
  }

  /** {@link #squaredDifference(Tensor)}, the number taking this tensor's dtype. */
  public Tensor squaredDifference(double other) {
    return MathOps.squaredDifference(this, JavaValues.operand("squaredDifference", other, this));
  }

  /** {@code a && b} on BOOL (broadcast). */
  public Tensor logicalAnd(Tensor other) {
    return MathOps.logicalAnd(this, other);
  }

  /** {@code a || b} on BOOL (broadcast). */
  public Tensor logicalOr(Tensor other) {
    return MathOps.logicalOr(this, other);
  }

  // ---------------------------------------------------------------- comparison

  /** {@code this > other} elementwise (broadcast), BOOL. */
  public Tensor greater(Tensor other) {
    return CompareOps.greater(this, other);
  }

  /** {@code this > other}, the number taking this tensor's dtype. */
  public Tensor greater(double other) {
    return CompareOps.greater(this, JavaValues.operand("greater", other, this));
  }

  /** {@code this >= other} elementwise (broadcast), BOOL. */
  public Tensor greaterEqual(Tensor other) {
    return CompareOps.greaterEqual(this, other);
  }

  /** {@code this >= other}, the number taking this tensor's dtype. */
  public Tensor greaterEqual(double other) {
    return CompareOps.greaterEqual(this, JavaValues.operand("greaterEqual", other, this));
  }

  /** {@code this < other} elementwise (broadcast), BOOL. */
  public Tensor less(Tensor other) {
    return CompareOps.less(this, other);
  }

  /** {@code this < other}, the number taking this tensor's dtype. */
  public Tensor less(double other) {
    return CompareOps.less(this, JavaValues.operand("less", other, this));
  }

  /** {@code this <= other} elementwise (broadcast), BOOL. */
  public Tensor lessEqual(Tensor other) {
    return CompareOps.lessEqual(this, other);
  }

  /** {@code this <= other}, the number taking this tensor's dtype. */
  public Tensor lessEqual(double other) {
    return CompareOps.lessEqual(this, JavaValues.operand("lessEqual", other, this));
  }

  /** {@code this == other} elementwise (broadcast), BOOL. */
  public Tensor equal(Tensor other) {
    return CompareOps.equal(this, other);
  }

  /** {@code this == other}, the number taking this tensor's dtype. */
  public Tensor equal(double other) {
    return CompareOps.equal(this, JavaValues.operand("equal", other, this));
  }

  /** {@code this != other} elementwise (broadcast), BOOL. */
  public Tensor notEqual(Tensor other) {
    return CompareOps.notEqual(this, other);
  }

  /** {@code this != other}, the number taking this tensor's dtype. */
  public Tensor notEqual(double other) {
    return CompareOps.notEqual(this, JavaValues.operand("notEqual", other, this));
  }

  // ---------------------------------------------------------------- reduction

  /** The sum of all elements, 0-d. */
  public Tensor sum() {
    return ReductionOps.sum(this, null, false);
  }

  /** The mean of all elements, 0-d (integer dtypes truncate, as TF). */
  public Tensor mean() {
    return ReductionOps.mean(this, null, false);
  }

  /** The largest element, 0-d. */
  public Tensor max() {
    return ReductionOps.max(this, null, false);
  }

  /** The smallest element, 0-d. */
  public Tensor min() {
    return ReductionOps.min(this, null, false);
  }

  /**
   * The sum over {@code axes} (negative counts from the end); {@code keepDims} keeps them as size
   * 1. {@code Tensor.of(new int[][] {{1, 2}, {3, 4}}).sum(new int[] {0}, false)} is {@code [4 6]}.
   */
  public Tensor sum(int[] axes, boolean keepDims) {
    return ReductionOps.sum(this, JavaValues.requireAxes("sum", axes), keepDims);
  }

  /** The mean over {@code axes}; see {@link #sum(int[], boolean)}. */
  public Tensor mean(int[] axes, boolean keepDims) {
    return ReductionOps.mean(this, JavaValues.requireAxes("mean", axes), keepDims);
  }

  /** The maximum over {@code axes}; see {@link #sum(int[], boolean)}. */
  public Tensor max(int[] axes, boolean keepDims) {
    return ReductionOps.max(this, JavaValues.requireAxes("max", axes), keepDims);
  }

  /** The minimum over {@code axes}; see {@link #sum(int[], boolean)}. */
  public Tensor min(int[] axes, boolean keepDims) {
    return ReductionOps.min(this, JavaValues.requireAxes("min", axes), keepDims);
  }

  // ---------------------------------------------------------------- shape

  /** The same elements in a new shape; one dimension may be -1 (inferred). */
  public Tensor reshape(int... dims) {
    return ShapeOps.reshape(this, dims);
  }

  /** The axes reversed: a matrix's transpose. */
  public Tensor transpose() {
    return ShapeOps.transpose(this, null);
  }

  /** Axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  public Tensor transpose(int... perm) {
    return ShapeOps.transpose(this, JavaValues.requireAxes("transpose", perm));
  }

  /** The elements converted to {@code dtype}; floats to integers truncate toward zero. */
  public Tensor cast(DType dtype) {
    return CastOps.cast(this, dtype);
  }

  /** A size-1 axis inserted at {@code axis} (negative counts from the end of the result). */
  public Tensor expandDims(int axis) {
    return ShapeOps.expandDims(this, axis);
  }

  /** Every size-1 axis removed. */
  public Tensor squeeze() {
    return ShapeOps.squeeze(this);
  }

  // ---------------------------------------------------------------- indexing

  /**
   * TF's {@code t[...]}: NumPy basic indexing written as in Python. Items, separated by commas: an
   * integer picks one element and removes the axis (negative counts from the end; outside the axis
   * is an {@code IllegalArgumentException}, as in TF); {@code start:stop:step} keeps the axis (any
   * part may be omitted, steps may be negative, bounds clamp as in NumPy, so {@code 5:99} of 3
   * elements is empty); {@code ...} stands for all the axes not named; {@code newaxis} (or {@code
   * None}) inserts an axis of size 1. Axes after the last item are kept whole.
   *
   * <pre>{@code
   * Tensor t = Tensor.range(12).reshape(3, 4);
   * t.get("1")           // [4 5 6 7]
   * t.get("1:3, ::-1")   // [[7 6 5 4] [11 10 9 8]]
   * t.get("..., 0")      // [0 4 8]
   * t.get("newaxis, -1") // [[8 9 10 11]], shape (1, 4)
   * }</pre>
   *
   * Differentiable: the gradient is {@code g} written into zeros of this tensor's shape where the
   * index read (TF's StridedSliceGrad).
   *
   * @throws IllegalArgumentException for a syntax error, a step of 0, two ellipses, more indices
   *     than axes, or an integer index outside its axis
   */
  public Tensor get(String index) {
    return IndexingOps.get(this, index);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * The matrix product {@code c_ij = sum_k a_ik b_kj} of rank-2 tensors, or batched over leading
   * axes with broadcasting for rank 3 and more.
   */
  public Tensor matmul(Tensor other) {
    return LinalgOps.matmul(this, other, false, false);
  }

  // ---------------------------------------------------------------- NumPy files

  /**
   * Reads a NumPy {@code .npy} file (format 1.0, 2.0 or 3.0; little- or big-endian; C or Fortran
   * order), as {@code np.load}: {@code f4 f8 i4 i8 b1 c8 c16} become FLOAT32, FLOAT64, INT32,
   * INT64, BOOL, COMPLEX64, COMPLEX128 (and {@code i1 i2 u1 u2} INT32, {@code u4} INT64, {@code f2}
   * FLOAT32, without loss). {@code Tensor.loadNpy(Path.of("w.npy"))} of a file written by {@code
   * np.save("w.npy", np.ones((2, 3), np.float32))} is a (2, 3) FLOAT32 tensor of ones.
   *
   * @throws IllegalArgumentException naming the file if it is not a {@code .npy} array lanegrad
   *     holds (bad magic, strings or objects such as {@code '<U5'} or {@code '|O'}, structured
   *     arrays, a truncated file, over {@code Integer.MAX_VALUE - 8} elements)
   * @throws java.io.UncheckedIOException naming the file if it cannot be read
   */
  public static Tensor loadNpy(java.nio.file.Path path) {
    return dev.lanegrad.internal.io.Npy.load(path);
  }

  /**
   * Writes this tensor as a NumPy {@code .npy} file (format 1.0, little-endian, C order) that
   * {@code np.load} reads back with the same dtype and shape. The file is replaced atomically: a
   * temporary file in the same folder is written, forced to disk, then renamed.
   *
   * @throws java.io.UncheckedIOException naming the file if it cannot be written
   */
  public void saveNpy(java.nio.file.Path path) {
    dev.lanegrad.internal.io.Npy.save(this, path);
  }

  /**
   * Reads a NumPy {@code .npz} archive ({@code np.savez} or {@code np.savez_compressed}): the
   * arrays by name ({@code "arr_0"}, or the keyword names given to {@code savez}), in the file's
   * order, in an unmodifiable map.
   *
   * @throws IllegalArgumentException naming the file and entry for content that is not a zip of
   *     {@code .npy} arrays (see {@link #loadNpy})
   * @throws java.io.UncheckedIOException naming the file if it cannot be read
   */
  public static java.util.Map<String, Tensor> loadNpz(java.nio.file.Path path) {
    return dev.lanegrad.internal.io.Npz.load(path);
  }

  /**
   * Writes named tensors as a NumPy {@code .npz} archive (as {@code np.savez(path, **arrays)}), in
   * the map's iteration order; {@code np.load(path)["w"]} reads the array named {@code "w"}. The
   * file is replaced atomically.
   *
   * @throws IllegalArgumentException for a null or empty name or a null tensor (nothing is written
   *     then)
   * @throws java.io.UncheckedIOException naming the file if it cannot be written
   */
  public static void saveNpz(java.nio.file.Path path, java.util.Map<String, Tensor> arrays) {
    dev.lanegrad.internal.io.Npz.save(path, arrays);
  }

  // ---------------------------------------------------------------- internals

  Object currentData() {
    StepArena.Epoch e = epoch;
    if (e != null && !e.live()) {
      throw expired();
    }
    return data;
  }

  private IllegalStateException expired() {
    return new IllegalStateException(
        "a "
            + dtype
            + " tensor of shape "
            + shape
            + " computed inside a StepFunction call was used after the call returned: its buffer"
            + " belongs to the next call (as tf.function's graph tensors, it cannot leave the"
            + " function; return it, or assign it to a Variable, instead)");
  }

  private static final class Bridge implements Internal.Bridge {
    @Override
    public Tensor make(DType dtype, Shape shape, Object data) {
      Tensor t = new Tensor(dtype, shape, data);
      t.epoch = StepArena.epochOf(data);
      return t;
    }

    @Override
    public Object data(Tensor t) {
      return t.currentData();
    }

    @Override
    public int[] dims(Shape s) {
      return s.dimsNoCopy();
    }

    @Override
    public Tensor snapshot(Variable v) {
      return v.snapshot();
    }

    @Override
    public Tensor leaseSnapshot(Variable v) {
      return v.leaseSnapshot();
    }

    @Override
    public void release(Variable v, Object array) {
      v.release(array);
    }

    @Override
    public Object updateBuffer(Variable v) {
      return v.updateBuffer();
    }

    @Override
    public void commit(Variable v, Object next) {
      v.commit(next);
    }

    @Override
    public Object slot(Tensor t) {
      return t.slot;
    }

    @Override
    public void slot(Tensor t, Object value) {
      t.slot = value;
    }
  }
}
