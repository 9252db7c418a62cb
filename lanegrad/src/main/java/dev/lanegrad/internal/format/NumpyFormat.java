package dev.lanegrad.internal.format;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;

/**
 * NumPy's {@code str()} and {@code repr()} of arrays and scalars (NumPy 1.24, default print
 * options), and TF's print/repr around them.
 *
 * <p>Follows {@code numpy/core/arrayprint.py}: {@code _formatArray} lays the elements out (75
 * columns, continuation lines indented under the first element, a blank line per extra axis between
 * blocks), {@code FloatingFormat} (here {@link FloatFormat}), {@code IntegerFormat}, {@code
 * BoolFormat} and {@code ComplexFloatingFormat} pad every element to a common width, and an array
 * of more than 1000 elements shows only the first and last 3 along every axis longer than 6, with
 * {@code ...} between. Only the shown elements are ever read, so a summary of 10^7 elements costs
 * what one of 36 costs. A 0-d array prints as NumPy's scalar of its dtype.
 */
public final class NumpyFormat {
  static final int LINE_WIDTH = 75;
  static final int THRESHOLD = 1000;
  static final int EDGE_ITEMS = 3;

  private NumpyFormat() {}

  /** TF's {@code print(t)}: {@code Tensor([1. 2.], shape=(2,), dtype=float32)}. */
  public static String tensorString(Tensor t) {
    return "Tensor(" + numpyText(str(t)) + ", shape=" + t.shape() + ", dtype=" + t.dtype() + ")";
  }

  /** {@code <Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>}. */
  public static String variableString(Variable v) {
    return "<Variable '"
        + v.name()
        + "' shape="
        + v.shape()
        + " dtype="
        + v.dtype()
        + ", value="
        + numpyText(str(v))
        + ">";
  }

  /**
   * TF's {@code repr(t)} with {@code Tensor} for {@code tf.Tensor}: {@code <Tensor: shape=(2,),
   * dtype=float32, numpy=array([1., 2.], dtype=float32)>}.
   */
  public static String tensorRepr(Tensor t) {
    return "<Tensor: shape="
        + t.shape()
        + ", dtype="
        + t.dtype()
        + ", numpy="
        + numpyText(repr(t))
        + ">";
  }

  /**
   * TF's {@code repr(v)} with {@code Variable} for {@code tf.Variable}: {@code <Variable
   * 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>}.
   */
  public static String variableRepr(Variable v) {
    return "<Variable '"
        + v.name()
        + "' shape="
        + v.shape()
        + " dtype="
        + v.dtype()
        + ", numpy="
        + numpyText(repr(v))
        + ">";
  }

  /**
   * Python's {@code f"{t}"} ({@code format(t, "")}): TF hands it to the NumPy value, whose scalars
   * format as the Python {@code float}/{@code int}/{@code complex} they widen to, so a float32
   * scalar shows float64 digits ({@code Final loss: 5.0925916816879635e-09} in seed 003); arrays
   * format as {@link #str(Tensor)}.
   */
  public static String pythonFormat(Tensor t) {
    if (t.rank() != 0) {
      return str(t);
    }
    Object data = Internal.data(t);
    return switch (t.dtype()) {
      case FLOAT32 -> floatScalar(((float[]) data)[0], false, false, false);
      case COMPLEX64 -> complexScalar(((float[]) data)[0], ((float[]) data)[1], false);
      default -> scalar(t.dtype(), data);
    };
  }

  /** NumPy's {@code str(t.numpy())}: {@code [[1. 2.]\n [3. 4.]]}; a 0-d tensor as its scalar. */
  public static String str(Tensor t) {
    return str(t.dtype(), Internal.dims(t.shape()), Internal.data(t));
  }

  /** NumPy's {@code repr(t.numpy())}: {@code array([1., 2.], dtype=float32)}; 0-d as its scalar. */
  public static String repr(Tensor t) {
    return repr(t.dtype(), Internal.dims(t.shape()), Internal.data(t));
  }

  /**
   * NumPy's {@code str()} of a row-major array.
   *
   * @param dims the shape; none for a scalar. Not modified.
   * @param data storage as {@link Internal#make} describes it. Not modified.
   */
  public static String str(DType dtype, int[] dims, Object data) {
    if (dims.length == 0) {
      return scalar(dtype, data);
    }
    return array2string(dtype, dims, data, " ", "", 0);
  }

  /**
   * NumPy's {@code repr()} of a row-major array; a 0-d array as its scalar (TF's {@code numpy=}).
   */
  public static String repr(DType dtype, int[] dims, Object data) {
    if (dims.length == 0) {
      return scalar(dtype, data);
    }
    // dtype_is_implied: NumPy's defaults (and int64, the C long here) print no dtype
    boolean implied =
        dtype == DType.FLOAT64
            || dtype == DType.INT64
            || dtype == DType.BOOL
            || dtype == DType.COMPLEX128;
    long size = size(dims);
    boolean skipDtype = implied && size > 0;
    String prefix = "array(";
    String suffix = skipDtype ? ")" : ",";
    String list;
    if (size > 0) {
      list = array2string(dtype, dims, data, ", ", prefix, suffix.length());
    } else if (dims.length == 1) {
      list = "[]";
    } else {
      list = "[], shape=" + tuple(dims);
    }
    String arr = prefix + list + suffix;
    if (skipDtype) {
      return arr;
    }
    String dt = "dtype=" + dtype + ")";
    int lastLine = arr.length() - (arr.lastIndexOf('\n') + 1);
    String spacer =
        lastLine + dt.length() + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length()) : " ";
    return arr + spacer + dt;
  }

  /** TF's {@code _numpy_text}: a multi-line text starts on a line of its own. */
  static String numpyText(String text) {
    return text.indexOf('\n') >= 0 ? "\n" + text : text;
  }

  // ---------------------------------------------------------------- scalars

  /**
   * NumPy's str (= repr) of the scalar in {@code data[0]}: {@code 16.0}, {@code 1e-05}, {@code
   * (1+2j)}.
   */
  static String scalar(DType dtype, Object data) {
    return switch (dtype) {
      case FLOAT32 -> floatScalar(((float[]) data)[0], true, false, false);
      case FLOAT64 -> floatScalar(((double[]) data)[0], false, false, false);
      case INT32 -> Integer.toString(((int[]) data)[0]);
      case INT64 -> Long.toString(((long[]) data)[0]);
      case BOOL -> ((boolean[]) data)[0] ? "True" : "False";
      case COMPLEX64 -> complexScalar(((float[]) data)[0], ((float[]) data)[1], true);
      case COMPLEX128 -> complexScalar(((double[]) data)[0], ((double[]) data)[1], false);
    };
  }

  /**
   * scalartypes.c's {@code _either}: positional when {@code 1e-4 <= |x| < 1e16} (or 0), else
   * scientific; shortest digits of the dtype, no cap. {@code dropPoint} is {@code DptZeros} ({@code
   * 1}, complex parts) as opposed to {@code LeaveOneZero} ({@code 1.0}); {@code plus} signs
   * non-negative values.
   */
  static String floatScalar(double x, boolean f32, boolean dropPoint, boolean plus) {
    if (Double.isNaN(x)) {
      return plus ? "+nan" : "nan";
    }
    if (Double.isInfinite(x)) {
      return x < 0 ? "-inf" : plus ? "+inf" : "inf";
    }
    Decimal d = Decimal.shortest(x, f32);
    StringBuilder sb = new StringBuilder(24);
    if (d.negative()) {
      sb.append('-');
    } else if (plus) {
      sb.append('+');
    }
    double a = Math.abs(x);
    if (a == 0 || (a >= 1e-4 && a < 1e16)) {
      String ip = d.intPart();
      sb.append(ip, d.negative() ? 1 : 0, ip.length());
      String fp = d.fracPart();
      if (!fp.isEmpty()) {
        sb.append('.').append(fp);
      } else if (!dropPoint) {
        sb.append(".0");
      }
      return sb.toString();
    }
    String digits = d.digits();
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(d.exp() < 0 ? '-' : '+');
    int e = Math.abs(d.exp());
    if (e < 10) {
      sb.append('0');
    }
    return sb.append(e).toString();
  }

  /**
   * NumPy's complex scalar: {@code (1+2j)}, {@code 2j} (a +0 real part is left out), {@code
   * (nan+infj)}.
   */
  static String complexScalar(double re, double im, boolean f32) {
    if (re == 0 && Double.doubleToRawLongBits(re) == 0) {
      return floatScalar(im, f32, true, false) + "j";
    }
    return "(" + floatScalar(re, f32, true, false) + floatScalar(im, f32, true, true) + "j)";
  }

  // ---------------------------------------------------------------- arrays

  /** Formats one element given its flat row-major index. */
  private interface ElementFormat {
    String format(int i);
  }

  private static String array2string(
      DType dtype, int[] dims, Object data, String separator, String prefix, int suffixLength) {
    long size = size(dims);
    if (size == 0) {
      return "[]";
    }
    boolean summarise = size > THRESHOLD;
    int[] shown = shownOffsets(dims, summarise);
    ElementFormat f = formatter(dtype, data, shown);
    String hanging = " ".repeat(1 + prefix.length());
    long[] strides = new long[dims.length];
    long stride = 1;
    for (int a = dims.length - 1; a >= 0; a--) {
      strides[a] = stride;
      stride *= dims[a];
    }
    Layout layout = new Layout(dims, strides, f, separator, summarise);
    return layout.recurse(0, 0, hanging, LINE_WIDTH - suffixLength);
  }

  /** {@code _formatArray}'s recursion. */
  private record Layout(
      int[] dims, long[] strides, ElementFormat f, String separator, boolean summarise) {
    String recurse(int axis, long base, String hanging, int width) {
      if (axis == dims.length) {
        return f.format((int) base);
      }
      String nextHanging = hanging + " ";
      int nextWidth = width - 1; // len(']')
      int len = dims[axis];
      boolean summary = summarise && 2 * EDGE_ITEMS < len;
      int leading = summary ? EDGE_ITEMS : 0;
      int trailing = summary ? EDGE_ITEMS : len;
      long step = strides[axis];
      StringBuilder s = new StringBuilder();
      String sepTrim = separator.stripTrailing();
      if (axis == dims.length - 1) {
        // the width up to the separator or the closing bracket
        int elemWidth = width - Math.max(sepTrim.length(), 1);
        StringBuilder line = new StringBuilder(hanging);
        for (int i = 0; i < leading; i++) {
          extendLine(
              s,
              line,
              recurse(axis + 1, base + i * step, nextHanging, nextWidth),
              elemWidth,
              hanging);
          line.append(separator);
        }
        if (summary) {
          extendLine(s, line, "...", elemWidth, hanging);
          line.append(separator);
        }
        for (int i = trailing; i > 1; i--) {
          extendLine(
              s,
              line,
              recurse(axis + 1, base + (len - i) * step, nextHanging, nextWidth),
              elemWidth,
              hanging);
          line.append(separator);
        }
        extendLine(
            s,
            line,
            recurse(axis + 1, base + (len - 1) * step, nextHanging, nextWidth),
            elemWidth,
            hanging);
        s.append(line);
      } else {
        String lineSep = sepTrim + "\n".repeat(dims.length - axis - 1);
        for (int i = 0; i < leading; i++) {
          s.append(hanging)
              .append(recurse(axis + 1, base + i * step, nextHanging, nextWidth))
              .append(lineSep);
        }
        if (summary) {
          s.append(hanging).append("...").append(lineSep);
        }
        for (int i = trailing; i > 1; i--) {
          s.append(hanging)
              .append(recurse(axis + 1, base + (len - i) * step, nextHanging, nextWidth))
              .append(lineSep);
        }
        s.append(hanging)
            .append(recurse(axis + 1, base + (len - 1) * step, nextHanging, nextWidth));
      }
      return "[" + s.substring(hanging.length()) + "]";
    }

    /** {@code _extendLine}: wrap before a word that would pass the width, unless nothing would. */
    private static void extendLine(
        StringBuilder s, StringBuilder line, String word, int width, String prefix) {
      boolean wrap = line.length() + word.length() > width && line.length() > prefix.length();
      if (wrap) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
          end--;
        }
        s.append(line, 0, end).append('\n');
        line.setLength(0);
        line.append(prefix);
      }
      line.append(word);
    }
  }

  /**
   * Flat indices of the elements that print ({@code _leading_trailing}): all, or in a summary the
   * first and last {@link #EDGE_ITEMS} along each axis longer than twice that.
   */
  private static int[] shownOffsets(int[] dims, boolean summarise) {
    int[] offsets = {0};
    for (int len : dims) {
      boolean cut = summarise && len > 2 * EDGE_ITEMS;
      int count = cut ? 2 * EDGE_ITEMS : len;
      int[] next = new int[Math.multiplyExact(offsets.length, count)];
      int k = 0;
      for (int o : offsets) {
        long row = (long) o * len;
        for (int j = 0; j < count; j++) {
          int idx = cut && j >= EDGE_ITEMS ? len - 2 * EDGE_ITEMS + j : j;
          next[k++] = (int) (row + idx);
        }
      }
      offsets = next;
    }
    return offsets;
  }

  private static ElementFormat formatter(DType dtype, Object data, int[] shown) {
    switch (dtype) {
      case FLOAT32:
        {
          float[] a = (float[]) data;
          double[] v = new double[shown.length];
          for (int i = 0; i < shown.length; i++) {
            v[i] = a[shown[i]];
          }
          FloatFormat ff = new FloatFormat(v, true, false);
          return i -> ff.format(a[i]);
        }
      case FLOAT64:
        {
          double[] a = (double[]) data;
          double[] v = new double[shown.length];
          for (int i = 0; i < shown.length; i++) {
            v[i] = a[shown[i]];
          }
          FloatFormat ff = new FloatFormat(v, false, false);
          return i -> ff.format(a[i]);
        }
      case COMPLEX64:
        {
          float[] a = (float[]) data;
          double[] re = new double[shown.length];
          double[] im = new double[shown.length];
          for (int i = 0; i < shown.length; i++) {
            re[i] = a[2 * shown[i]];
            im[i] = a[2 * shown[i] + 1];
          }
          FloatFormat r = new FloatFormat(re, true, false);
          FloatFormat m = new FloatFormat(im, true, true);
          return i -> complexElement(r.format(a[2 * i]), m.format(a[2 * i + 1]));
        }
      case COMPLEX128:
        {
          double[] a = (double[]) data;
          double[] re = new double[shown.length];
          double[] im = new double[shown.length];
          for (int i = 0; i < shown.length; i++) {
            re[i] = a[2 * shown[i]];
            im[i] = a[2 * shown[i] + 1];
          }
          FloatFormat r = new FloatFormat(re, false, false);
          FloatFormat m = new FloatFormat(im, false, true);
          return i -> complexElement(r.format(a[2 * i]), m.format(a[2 * i + 1]));
        }
      case INT32:
        {
          int[] a = (int[]) data;
          long min = Long.MAX_VALUE;
          long max = Long.MIN_VALUE;
          for (int o : shown) {
            min = Math.min(min, a[o]);
            max = Math.max(max, a[o]);
          }
          int w = Math.max(Long.toString(min).length(), Long.toString(max).length());
          return i -> padLeft(Integer.toString(a[i]), w);
        }
      case INT64:
        {
          long[] a = (long[]) data;
          long min = Long.MAX_VALUE;
          long max = Long.MIN_VALUE;
          for (int o : shown) {
            min = Math.min(min, a[o]);
            max = Math.max(max, a[o]);
          }
          int w = Math.max(Long.toString(min).length(), Long.toString(max).length());
          return i -> padLeft(Long.toString(a[i]), w);
        }
      case BOOL:
        {
          boolean[] a = (boolean[]) data;
          // " True" so that it lines up with "False"
          return i -> a[i] ? " True" : "False";
        }
      default:
        throw new IllegalArgumentException("NumpyFormat: unsupported dtype " + dtype);
    }
  }

  /**
   * {@code ComplexFloatingFormat}: the {@code j} goes before the imaginary part's right padding.
   */
  private static String complexElement(String re, String im) {
    int end = im.length();
    while (end > 0 && im.charAt(end - 1) == ' ') {
      end--;
    }
    return re + im.substring(0, end) + "j" + im.substring(end);
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  private static long size(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n == 0) {
        return 0;
      }
    }
    return n;
  }

  /** Python's tuple repr: {@code (2, 0)}, {@code (0,)}. */
  private static String tuple(int[] dims) {
    if (dims.length == 1) {
      return "(" + dims[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dims[i]);
    }
    return sb.append(')').toString();
  }
}
