package dev.lanegrad.internal.ops;

import dev.lanegrad.Complex;
import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.lang.reflect.Array;

/**
 * Java scalars and nested arrays to flat tensors and back. The dtype is the Java element type's:
 * float → FLOAT32, double → FLOAT64, int → INT32, long → INT64, boolean → BOOL, {@link Complex} →
 * COMPLEX128. The shape comes from the first element at each level (as TF samples the first element
 * of a Python list); every other element must agree, or the value is ragged.
 */
final class JavaArrays {
  /** The deepest nesting accepted, as the API promises (rank 0 to 8). */
  static final int MAX_RANK = 8;

  private JavaArrays() {}

  /** True for the Java values that are one element: boxed numbers, Boolean, Complex. */
  static boolean isScalar(Object value) {
    return value instanceof Float
        || value instanceof Double
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof Complex;
  }

  /**
   * A tensor of the value's own dtype, over a fresh array.
   *
   * @throws IllegalArgumentException for an unsupported type, a rank above 8, or a ragged or
   *     null-holed array; the message starts with {@code op} and says what and where
   */
  static Tensor read(String op, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": value is null");
    }
    Shape s = Shape.scalar();
    if (value instanceof Float f) {
      return Internal.make(DType.FLOAT32, s, new float[] {f});
    } else if (value instanceof Double d) {
      return Internal.make(DType.FLOAT64, s, new double[] {d});
    } else if (value instanceof Integer i) {
      return Internal.make(DType.INT32, s, new int[] {i});
    } else if (value instanceof Long l) {
      return Internal.make(DType.INT64, s, new long[] {l});
    } else if (value instanceof Boolean b) {
      return Internal.make(DType.BOOL, s, new boolean[] {b});
    } else if (value instanceof Complex c) {
      return Internal.make(DType.COMPLEX128, s, new double[] {c.re(), c.im()});
    }
    Class<?> base = value.getClass();
    int rank = 0;
    while (base.isArray()) {
      base = base.getComponentType();
      rank++;
    }
    DType dtype = dtypeOf(base);
    if (rank == 0 || dtype == null) {
      throw new IllegalArgumentException(
          op
              + ": unsupported value of type "
              + value.getClass().getTypeName()
              + "; expected a Float,"
              + " Double, Integer, Long, Boolean or Complex, or a rectangular nested array of float,"
              + " double, int, long, boolean or Complex (rank up to "
              + MAX_RANK
              + ")");
    }
    if (rank > MAX_RANK) {
      throw new IllegalArgumentException(
          op
              + ": a "
              + value.getClass().getTypeName()
              + " has rank "
              + rank
              + "; at most "
              + MAX_RANK
              + " is supported");
    }
    int[] dims = new int[rank];
    Object cur = value;
    for (int d = 0; d < rank; d++) {
      dims[d] = Array.getLength(cur);
      if (dims[d] == 0) {
        break; // an empty level hides the deeper lengths: they stay 0
      }
      if (d < rank - 1) {
        cur = ((Object[]) cur)[0];
        if (cur == null) {
          throw new IllegalArgumentException(
              op + ": nested array: element " + "[0]".repeat(d + 1) + " is null");
        }
      }
    }
    Shape shape = Shape.of(dims);
    int n = Check.size(op, shape);
    Object flat = Elementwise.alloc(dtype, n);
    copy(op, value, 0, dims, new int[rank], dtype, flat, 0);
    return Internal.make(dtype, shape, flat);
  }

  private static DType dtypeOf(Class<?> c) {
    if (c == float.class) {
      return DType.FLOAT32;
    } else if (c == double.class) {
      return DType.FLOAT64;
    } else if (c == int.class) {
      return DType.INT32;
    } else if (c == long.class) {
      return DType.INT64;
    } else if (c == boolean.class) {
      return DType.BOOL;
    } else if (c == Complex.class) {
      return DType.COMPLEX128;
    }
    return null;
  }

  /**
   * Copies the array at {@code path[0..depth)} into {@code flat} from {@code offset}; returns the
   * next offset.
   */
  private static int copy(
      String op,
      Object arr,
      int depth,
      int[] dims,
      int[] path,
      DType dtype,
      Object flat,
      int offset) {
    int len = Array.getLength(arr);
    if (len != dims[depth]) {
      throw new IllegalArgumentException(
          op
              + ": ragged nested array: element "
              + path(path, depth)
              + " has length "
              + len
              + ", expected "
              + dims[depth]);
    }
    if (depth == dims.length - 1) {
      if (dtype == DType.COMPLEX128) {
        Complex[] row = (Complex[]) arr;
        double[] y = (double[]) flat;
        for (int i = 0; i < len; i++) {
          Complex c = row[i];
          if (c == null) {
            path[depth] = i;
            throw new IllegalArgumentException(
                op + ": nested array: element " + path(path, depth + 1) + " is null");
          }
          y[2 * (offset + i)] = c.re();
          y[2 * (offset + i) + 1] = c.im();
        }
      } else {
        System.arraycopy(arr, 0, flat, offset, len);
      }
      return offset + len;
    }
    Object[] rows = (Object[]) arr;
    for (int i = 0; i < len; i++) {
      path[depth] = i;
      if (rows[i] == null) {
        throw new IllegalArgumentException(
            op + ": nested array: element " + path(path, depth + 1) + " is null");
      }
      offset = copy(op, rows[i], depth + 1, dims, path, dtype, flat, offset);
    }
    return offset;
  }

  private static String path(int[] path, int depth) {
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      sb.append('[').append(path[d]).append(']');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- back to Java

  /** The tensor as a nested Java array of its shape; a boxed value for rank 0. */
  static Object nest(Tensor t) {
    DType dtype = t.dtype();
    Object data = Internal.data(t);
    int[] dims = Internal.dims(t.shape());
    if (dims.length == 0) {
      return switch (dtype) {
        case FLOAT32 -> ((float[]) data)[0];
        case FLOAT64 -> ((double[]) data)[0];
        case INT32 -> ((int[]) data)[0];
        case INT64 -> ((long[]) data)[0];
        case BOOL -> ((boolean[]) data)[0];
        case COMPLEX64, COMPLEX128 -> DTypeConversion.toComplex(t)[0];
      };
    }
    Class<?> element =
        switch (dtype) {
          case FLOAT32 -> float.class;
          case FLOAT64 -> double.class;
          case INT32 -> int.class;
          case INT64 -> long.class;
          case BOOL -> boolean.class;
          case COMPLEX64, COMPLEX128 -> Complex.class;
        };
    Object out = Array.newInstance(element, dims);
    Object src = dtype.isComplex() ? DTypeConversion.toComplex(t) : data;
    fill(out, 0, dims, src, 0);
    return out;
  }

  /**
   * The tensor as a nested array of {@code type}, whose element type chooses the conversion (as the
   * flat {@code to*Array} readers convert) and whose array depth must equal the rank; for rank 0 a
   * boxed or primitive class ({@code Float.class}, {@code float.class}) gives the boxed value.
   */
  static Object nestAs(Tensor t, Class<?> type) {
    String op = "Tensor.toArray(" + (type == null ? "null" : type.getSimpleName() + ".class") + ")";
    if (type == null) {
      throw new IllegalArgumentException(op + ": the type is null; pass e.g. float[][].class");
    }
    int depth = 0;
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
      depth++;
    }
    Class<?> prim = depth == 0 ? unbox(element) : element;
    boolean known =
        prim == float.class
            || prim == double.class
            || prim == int.class
            || prim == long.class
            || prim == boolean.class
            || prim == Complex.class;
    if (!known) {
      throw new IllegalArgumentException(
          op
              + ": the element type must be float, double, int, long, boolean or Complex (boxed"
              + " for rank 0), got "
              + element.getName());
    }
    int rank = t.rank();
    if (depth != rank) {
      throw new IllegalArgumentException(
          op
              + ": the tensor has rank "
              + rank
              + " (shape "
              + t.shape()
              + ", dtype "
              + t.dtype()
              + "); ask for "
              + (rank == 0 ? "a boxed class such as Float" : prim.getName() + "[]".repeat(rank))
              + ".class");
    }
    Object flat;
    if (prim == float.class) {
      flat = DTypeConversion.toFloat(op, t);
    } else if (prim == double.class) {
      flat = DTypeConversion.toDouble(op, t);
    } else if (prim == int.class) {
      flat = DTypeConversion.toInt(op, t);
    } else if (prim == long.class) {
      flat = DTypeConversion.toLong(op, t);
    } else if (prim == boolean.class) {
      flat = DTypeConversion.toBoolean(op, t);
    } else {
      flat = DTypeConversion.toComplex(t);
    }
    if (rank == 0) {
      return Array.get(flat, 0);
    }
    int[] dims = Internal.dims(t.shape());
    Object out = Array.newInstance(prim, dims);
    fill(out, 0, dims, flat, 0);
    return out;
  }

  private static Class<?> unbox(Class<?> c) {
    if (c == Float.class) return float.class;
    if (c == Double.class) return double.class;
    if (c == Integer.class) return int.class;
    if (c == Long.class) return long.class;
    if (c == Boolean.class) return boolean.class;
    return c;
  }

  private static int fill(Object arr, int depth, int[] dims, Object src, int offset) {
    int len = dims[depth];
    if (depth == dims.length - 1) {
      System.arraycopy(src, offset, arr, 0, len);
      return offset + len;
    }
    Object[] rows = (Object[]) arr;
    for (int i = 0; i < len; i++) {
      offset = fill(rows[i], depth + 1, dims, src, offset);
    }
    return offset;
  }
}
