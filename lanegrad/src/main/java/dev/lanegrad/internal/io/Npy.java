package dev.lanegrad.internal.io;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0): a magic string, a Python-dict header
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}) and the raw elements.
 *
 * <p>Reading takes little-, big- and native-endian data in C or Fortran order, the seven dtypes of
 * lanegrad ({@code f4 f8 i4 i8 b1 c8 c16}) and, widened without loss, {@code i1 i2 u1 u2} (INT32),
 * {@code u4} (INT64) and {@code f2} (FLOAT32). Writing produces version 1.0 (2.0 only for a header
 * over 64 KiB), little-endian, C order, with the header padded to 64 bytes as NumPy does.
 *
 * <p>Content that is not a valid array (bad magic, an unsupported dtype such as {@code <U5} or
 * object arrays, a truncated file) is an {@link IllegalArgumentException} naming the file; a real
 * I/O failure is an {@link UncheckedIOException} naming it.
 */
public final class Npy {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npy() {}

  // ---------------------------------------------------------------- reading

  /** Reads one array from a {@code .npy} file. */
  public static Tensor load(Path path) {
    Check.notNull("Tensor.loadNpy", "path", path);
    String name = path.toString();
    long fileSize;
    try {
      fileSize = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Tensor.loadNpy: cannot read " + name + ": " + e, e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read("Tensor.loadNpy", name, in, fileSize);
    } catch (IOException e) {
      throw new UncheckedIOException("Tensor.loadNpy: cannot read " + name + ": " + e, e);
    }
  }

  /**
   * Reads one array from a stream positioned at the magic string.
   *
   * @param available the bytes the stream holds, or -1 if unknown (only used to reject a huge shape
   *     in a small file before allocating)
   */
  static Tensor read(String op, String name, InputStream in, long available) throws IOException {
    byte[] pre = in.readNBytes(8);
    if (pre.length < 8 || !startsWithMagic(pre)) {
      throw bad(op, name, "not a .npy file (bad magic string; expected \\x93NUMPY)");
    }
    int major = pre[6] & 0xff;
    int minor = pre[7] & 0xff;
    if (major < 1 || major > 3) {
      throw bad(op, name, "unsupported .npy format version " + major + "." + minor);
    }
    int lenBytes = major == 1 ? 2 : 4;
    byte[] lb = in.readNBytes(lenBytes);
    if (lb.length < lenBytes) {
      throw bad(op, name, "truncated file: the header length is missing");
    }
    long headerLen =
        major == 1
            ? (lb[0] & 0xff) | (lb[1] & 0xff) << 8
            : ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    if (headerLen > 100_000_000L || (available >= 0 && headerLen > available - 8 - lenBytes)) {
      throw bad(op, name, "truncated file: the header claims " + headerLen + " bytes");
    }
    byte[] hb = in.readNBytes((int) headerLen);
    if (hb.length < headerLen) {
      throw bad(
          op, name, "truncated file: the header has " + hb.length + " of " + headerLen + " bytes");
    }
    String header =
        new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Header h = Header.parse(op, name, header);
    Kind k = Kind.of(op, name, h.descr);
    Shape shape = shapeOf(op, name, h.shape);
    long count = shape.size();
    long dataBytes = count * k.itemSize; // count <= MAX_SIZE and itemSize <= 16: no overflow
    long headerTotal = 8 + lenBytes + headerLen;
    if (available >= 0 && available - headerTotal < dataBytes) {
      throw bad(
          op,
          name,
          "truncated file: shape "
              + shape
              + " of "
              + h.descr
              + " needs "
              + dataBytes
              + " bytes of data, the file has "
              + Math.max(0, available - headerTotal));
    }
    if (dataBytes > Integer.MAX_VALUE - 8) {
      return readLarge(op, name, in, k, shape, h.fortran);
    }
    byte[] raw = in.readNBytes((int) dataBytes);
    if (raw.length < dataBytes) {
      throw bad(
          op,
          name,
          "truncated file: shape "
              + shape
              + " of "
              + h.descr
              + " needs "
              + dataBytes
              + " bytes of data, found "
              + raw.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(raw).order(k.order);
    Object data = decode(k, buf, (int) count);
    if (h.fortran && shape.rank() > 1) {
      data = fortranToC(data, Internal.dims(shape), k.dtype);
    }
    return Internal.make(k.dtype, shape, data);
  }

  /** Data over 2 GiB (a float64 array of more than 268M elements): read it in chunks. */
  private static Tensor readLarge(
      String op, String name, InputStream in, Kind k, Shape shape, boolean fortran)
      throws IOException {
    int count = (int) shape.size();
    Object data = allocate(k.dtype, count);
    int perChunk = (1 << 24) / k.itemSize;
    int done = 0;
    while (done < count) {
      int n = Math.min(perChunk, count - done);
      byte[] raw = in.readNBytes(n * k.itemSize);
      if (raw.length < n * k.itemSize) {
        throw bad(op, name, "truncated file: the data of shape " + shape + " ends early");
      }
      decodeInto(k, ByteBuffer.wrap(raw).order(k.order), n, data, done);
      done += n;
    }
    if (fortran && shape.rank() > 1) {
      data = fortranToC(data, Internal.dims(shape), k.dtype);
    }
    return Internal.make(k.dtype, shape, data);
  }

  private static boolean startsWithMagic(byte[] b) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static IllegalArgumentException bad(String op, String name, String what) {
    return new IllegalArgumentException(op + ": " + name + ": " + what);
  }

  private static Shape shapeOf(String op, String name, long[] dims) {
    if (dims.length > 32) {
      throw bad(op, name, "shape has rank " + dims.length + " (NumPy allows at most 32)");
    }
    int[] d = new int[dims.length];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
        throw bad(op, name, "dimension " + dims[i] + " at axis " + i + " is out of range");
      }
      d[i] = (int) dims[i];
      count =
          count == 0
              ? 0
              : (dims[i] > Long.MAX_VALUE / Math.max(1, count) ? Long.MAX_VALUE : count * dims[i]);
    }
    Shape s = Shape.of(d);
    if (count > Check.MAX_SIZE) {
      Check.size(op + ": " + name, s); // throws, with the element count
    }
    return s;
  }

  /** What the {@code descr} names: our dtype, the element size and byte order. */
  record Kind(DType dtype, char code, int itemSize, ByteOrder order) {
    static Kind of(String op, String name, String descr) {
      if (descr == null || descr.length() < 2) {
        throw bad(op, name, "unsupported dtype descr " + quote(descr));
      }
      char bo = descr.charAt(0);
      String t = descr.substring(1);
      ByteOrder order;
      switch (bo) {
        case '<', '|' -> order = ByteOrder.LITTLE_ENDIAN;
        case '>' -> order = ByteOrder.BIG_ENDIAN;
        case '=' -> order = ByteOrder.nativeOrder();
        default -> {
          // a descr without a byte-order mark ('f8', 'b1')
          order = ByteOrder.nativeOrder();
          t = descr;
        }
      }
      return switch (t) {
        case "f4" -> new Kind(DType.FLOAT32, 'f', 4, order);
        case "f8" -> new Kind(DType.FLOAT64, 'f', 8, order);
        case "f2" -> new Kind(DType.FLOAT32, 'h', 2, order);
        case "i4" -> new Kind(DType.INT32, 'i', 4, order);
        case "i8" -> new Kind(DType.INT64, 'i', 8, order);
        case "i1" -> new Kind(DType.INT32, 'i', 1, order);
        case "i2" -> new Kind(DType.INT32, 'i', 2, order);
        case "u1" -> new Kind(DType.INT32, 'u', 1, order);
        case "u2" -> new Kind(DType.INT32, 'u', 2, order);
        case "u4" -> new Kind(DType.INT64, 'u', 4, order);
        case "b1", "?" -> new Kind(DType.BOOL, 'b', 1, order);
        case "c8" -> new Kind(DType.COMPLEX64, 'c', 8, order);
        case "c16" -> new Kind(DType.COMPLEX128, 'c', 16, order);
        default ->
            throw bad(
                op,
                name,
                "unsupported dtype "
                    + quote(descr)
                    + " (supported: f4 f8 i4 i8 b1 c8 c16, and i1 i2 u1 u2 u4 f2 widened)");
      };
    }
  }

  private static String quote(String s) {
    return s == null ? "(none)" : "'" + s + "'";
  }

  private static Object allocate(DType d, int count) {
    return switch (d) {
      case FLOAT32 -> new float[count];
      case FLOAT64 -> new double[count];
      case INT32 -> new int[count];
      case INT64 -> new long[count];
      case BOOL -> new boolean[count];
      case COMPLEX64 -> new float[2 * count];
      case COMPLEX128 -> new double[2 * count];
    };
  }

  private static Object decode(Kind k, ByteBuffer buf, int count) {
    Object data = allocate(k.dtype, count);
    decodeInto(k, buf, count, data, 0);
    return data;
  }

  private static void decodeInto(Kind k, ByteBuffer buf, int n, Object data, int at) {
    switch (k.dtype) {
      case FLOAT32 -> {
        float[] y = (float[]) data;
        if (k.code == 'h') {
          for (int i = 0; i < n; i++) {
            y[at + i] = halfToFloat(buf.getShort());
          }
        } else {
          buf.asFloatBuffer().get(y, at, n);
        }
      }
      case FLOAT64 -> buf.asDoubleBuffer().get((double[]) data, at, n);
      case INT32 -> {
        int[] y = (int[]) data;
        switch (k.itemSize) {
          case 1 -> {
            for (int i = 0; i < n; i++) {
              byte b = buf.get();
              y[at + i] = k.code == 'u' ? b & 0xff : b;
            }
          }
          case 2 -> {
            for (int i = 0; i < n; i++) {
              short s = buf.getShort();
              y[at + i] = k.code == 'u' ? s & 0xffff : s;
            }
          }
          default -> buf.asIntBuffer().get(y, at, n);
        }
      }
      case INT64 -> {
        long[] y = (long[]) data;
        if (k.itemSize == 4) {
          for (int i = 0; i < n; i++) {
            y[at + i] = buf.getInt() & 0xffffffffL;
          }
        } else {
          buf.asLongBuffer().get(y, at, n);
        }
      }
      case BOOL -> {
        boolean[] y = (boolean[]) data;
        for (int i = 0; i < n; i++) {
          y[at + i] = buf.get() != 0;
        }
      }
      case COMPLEX64 -> buf.asFloatBuffer().get((float[]) data, 2 * at, 2 * n);
      case COMPLEX128 -> buf.asDoubleBuffer().get((double[]) data, 2 * at, 2 * n);
    }
  }

  /**
   * Column-major to row-major: element {@code (i0, ..., ik)} sits at {@code sum i_a * fstride_a}
   * with {@code fstride_0 = 1}. Complex elements move as (re, im) pairs.
   */
  static Object fortranToC(Object src, int[] dims, DType dtype) {
    int r = dims.length;
    int count = 1;
    for (int d : dims) {
      count *= d;
    }
    if (count == 0) {
      return src;
    }
    long[] fstride = new long[r];
    long s = 1;
    for (int a = 0; a < r; a++) {
      fstride[a] = s;
      s *= dims[a];
    }
    int width = dtype.isComplex() ? 2 : 1;
    Object dst = allocate(dtype, count);
    int[] idx = new int[r];
    int off = 0; // the Fortran offset of idx
    for (int c = 0; c < count; c++) {
      System.arraycopy(src, off * width, dst, c * width, width);
      // odometer over the C order: the last axis moves fastest
      for (int a = r - 1; a >= 0; a--) {
        if (++idx[a] < dims[a]) {
          off += (int) fstride[a];
          break;
        }
        off -= (int) (fstride[a] * (dims[a] - 1));
        idx[a] = 0;
      }
    }
    return dst;
  }

  // ---------------------------------------------------------------- writing

  /** Writes one array as a {@code .npy} file, replacing the file through a temporary one. */
  public static void save(Tensor t, Path path) {
    Check.notNull("saveNpy", "path", path);
    byte[] bytes = encode(t);
    AtomicFiles.write("saveNpy", path, out -> out.write(bytes));
  }

  /** The whole {@code .npy} file for {@code t}. */
  static byte[] encode(Tensor t) {
    Object data = t instanceof Variable v ? Internal.data(Internal.snapshot(v)) : Internal.data(t);
    DType d = t.dtype();
    int[] dims = Internal.dims(t.shape());
    StringBuilder h =
        new StringBuilder("{'descr': '")
            .append(descr(d))
            .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < dims.length; i++) {
      h.append(dims[i]);
      if (dims.length == 1 || i < dims.length - 1) {
        h.append(dims.length == 1 ? "," : ", ");
      }
    }
    h.append("), }");
    int major = 1;
    int pre = MAGIC.length + 2 + 2;
    // NumPy pads the header with spaces and a newline so that the data starts 64-byte aligned
    int total = pre + h.length() + 1;
    int padded = (total + 63) / 64 * 64;
    if (padded - pre > 65535) {
      major = 2;
      pre += 2;
      total = pre + h.length() + 1;
      padded = (total + 63) / 64 * 64;
    }
    h.append(" ".repeat(padded - total)).append('\n');
    byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    int count = (int) t.size();
    long dataBytes = (long) count * d.byteSize();
    if (pre + header.length + dataBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "saveNpy: shape "
              + t.shape()
              + " of "
              + d
              + " needs "
              + dataBytes
              + " bytes, more than one .npy buffer holds here (2 GiB)");
    }
    ByteBuffer buf =
        ByteBuffer.allocate(pre + header.length + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      buf.putShort((short) header.length);
    } else {
      buf.putInt(header.length);
    }
    buf.put(header);
    switch (d) {
      case FLOAT32, COMPLEX64 -> {
        float[] a = (float[]) data;
        buf.asFloatBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
      }
      case FLOAT64, COMPLEX128 -> {
        double[] a = (double[]) data;
        buf.asDoubleBuffer().put(a);
        buf.position(buf.position() + 8 * a.length);
      }
      case INT32 -> {
        int[] a = (int[]) data;
        buf.asIntBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
      }
      case INT64 -> {
        long[] a = (long[]) data;
        buf.asLongBuffer().put(a);
        buf.position(buf.position() + 8 * a.length);
      }
      case BOOL -> {
        for (boolean b : (boolean[]) data) {
          buf.put((byte) (b ? 1 : 0));
        }
      }
    }
    return buf.array();
  }

  static String descr(DType d) {
    return switch (d) {
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case INT32 -> "<i4";
      case INT64 -> "<i8";
      case BOOL -> "|b1";
      case COMPLEX64 -> "<c8";
      case COMPLEX128 -> "<c16";
    };
  }

  /**
   * IEEE 754 binary16 to float, exactly (every half is a float); what {@code Float.float16ToFloat}
   * does from JDK 20 on, written out because the library runs on JDK 17.
   */
  static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      // inf, or NaN with its payload kept in the top mantissa bits
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // zero or subnormal: mant * 2^-24, exact in float
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
