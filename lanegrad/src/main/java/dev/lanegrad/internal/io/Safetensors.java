package dev.lanegrad.internal.io;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors: {@code uint64} little-endian header length N, N bytes of a JSON
 * header {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"k": "v"}}} padded with spaces to a multiple of 8, then the raw little-endian
 * data, the offsets counted from the end of the header, contiguous and without holes. dtypes: F32,
 * F64, I32, I64 and BOOL (one byte each, 0 or 1).
 */
public final class Safetensors {
  /** A header larger than this is not a weights file (the reference reader's limit too). */
  static final long MAX_HEADER = 100_000_000L;

  private Safetensors() {}

  /** The tensors of a file and its {@code __metadata__}. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /** Encodes the tensors in map order, with string metadata (may be empty). */
  public static byte[] encode(String op, Map<String, Tensor> tensors, Map<String, String> meta) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (!meta.isEmpty()) {
      header.put("__metadata__", new LinkedHashMap<>(meta));
    }
    long offset = 0;
    List<byte[]> parts = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      String code = code(op, e.getKey(), t.dtype());
      byte[] data = bytes(t);
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("dtype", code);
      List<Object> shape = new ArrayList<>();
      for (int d : t.shape().dims()) {
        shape.add((long) d);
      }
      h.put("shape", shape);
      h.put("data_offsets", List.of(offset, offset + data.length));
      header.put(e.getKey(), h);
      parts.add(data);
      offset += data.length;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset));
    out.order(ByteOrder.LITTLE_ENDIAN).putLong(padded).put(json);
    for (int k = json.length; k < padded; k++) {
      out.put((byte) ' ');
    }
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  /**
   * Reads a file.
   *
   * @throws UncheckedIOException naming the file if it cannot be read
   * @throws IllegalArgumentException naming the file for anything malformed
   */
  public static Contents read(String op, Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
    }
    return decode(op, file.toString(), b);
  }

  /** Decodes the bytes of a file called {@code name} (for messages). */
  @SuppressWarnings("unchecked")
  public static Contents decode(String op, String name, byte[] b) {
    String where = op + ": " + name;
    if (b.length < 8) {
      throw new IllegalArgumentException(
          where + " is not a safetensors file: " + b.length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long n = buf.getLong(0);
    if (n < 2 || n > MAX_HEADER || n > b.length - 8) {
      throw new IllegalArgumentException(
          where
              + " is not a safetensors file or is truncated: header length "
              + n
              + ", file "
              + b.length
              + " bytes");
    }
    String text = new String(b, 8, (int) n, StandardCharsets.UTF_8);
    Object parsed = Json.parse(where + " header", text);
    if (!(parsed instanceof Map)) {
      throw new IllegalArgumentException(where + ": the header is not a JSON object");
    }
    Map<String, Object> header = (Map<String, Object>) parsed;
    long dataStart = 8 + n;
    long dataLength = b.length - dataStart;
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<long[]> spans = new ArrayList<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      String key = e.getKey();
      if (key.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException(where + ": __metadata__ is not an object");
        }
        for (Map.Entry<?, ?> me : m.entrySet()) {
          if (!(me.getValue() instanceof String sv)) {
            throw new IllegalArgumentException(where + ": __metadata__ values must be strings");
          }
          meta.put((String) me.getKey(), sv);
        }
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> h)) {
        throw new IllegalArgumentException(
            where + ": the entry of \"" + key + "\" is not an object");
      }
      String tensor = where + " tensor \"" + key + "\"";
      DType dtype = dtype(tensor, h.get("dtype"));
      int[] dims = longs(tensor, "shape", h.get("shape"), -1);
      int[] offs = longs(tensor, "data_offsets", h.get("data_offsets"), 2);
      long count = 1;
      for (int d : dims) {
        count *= d;
      }
      long size = count * width(dtype);
      if (offs[1] < offs[0] || offs[1] - offs[0] != size) {
        throw new IllegalArgumentException(
            tensor
                + ": data_offsets "
                + offs[0]
                + ".."
                + offs[1]
                + " do not hold "
                + size
                + " bytes of shape "
                + Shape.of(dims)
                + " "
                + dtype);
      }
      if (offs[1] > dataLength) {
        throw new IllegalArgumentException(
            tensor
                + " ends at byte "
                + offs[1]
                + " of the data, which has "
                + dataLength
                + ": the file is truncated");
      }
      spans.add(new long[] {offs[0], offs[1]});
      ByteBuffer slice =
          buf.slice((int) (dataStart + offs[0]), (int) size).order(ByteOrder.LITTLE_ENDIAN);
      out.put(key, Internal.make(dtype, Shape.of(dims), decodeData(dtype, slice, (int) count)));
    }
    // the format's rule: the data is exactly covered by the tensors, in any order, without holes
    spans.sort((x, y) -> Long.compare(x[0], y[0]));
    long at = 0;
    for (long[] s : spans) {
      if (s[0] != at) {
        throw new IllegalArgumentException(
            where + ": the tensors' data overlap or leave a hole at byte " + at);
      }
      at = s[1];
    }
    if (at != dataLength) {
      throw new IllegalArgumentException(
          where
              + ": "
              + (dataLength - at)
              + " bytes after the last tensor's data (a damaged file?)");
    }
    return new Contents(Collections.unmodifiableMap(out), Collections.unmodifiableMap(meta));
  }

  private static int[] longs(String where, String field, Object v, int length) {
    if (!(v instanceof List<?> l) || (length >= 0 && l.size() != length)) {
      throw new IllegalArgumentException(
          where + ": \"" + field + "\" must be a list of integers, got " + v);
    }
    int[] out = new int[l.size()];
    for (int k = 0; k < out.length; k++) {
      if (!(l.get(k) instanceof Long x) || x < 0 || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            where + ": \"" + field + "\" has a bad entry " + l.get(k));
      }
      out[k] = (int) (long) x;
    }
    return out;
  }

  private static DType dtype(String where, Object code) {
    if (!(code instanceof String s)) {
      throw new IllegalArgumentException(where + ": \"dtype\" is missing or not a string");
    }
    return switch (s) {
      case "F32" -> DType.FLOAT32;
      case "F64" -> DType.FLOAT64;
      case "I32" -> DType.INT32;
      case "I64" -> DType.INT64;
      case "BOOL" -> DType.BOOL;
      default ->
          throw new IllegalArgumentException(
              where + ": dtype " + s + " is not supported (F32, F64, I32, I64, BOOL)");
    };
  }

  private static String code(String op, String name, DType d) {
    return switch (d) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case INT32 -> "I32";
      case INT64 -> "I64";
      case BOOL -> "BOOL";
      default ->
          throw new IllegalArgumentException(
              op + ": tensor \"" + name + "\" has dtype " + d + ", which safetensors cannot hold");
    };
  }

  private static int width(DType d) {
    return d == DType.BOOL ? 1 : d.byteSize();
  }

  private static byte[] bytes(Tensor t) {
    int n = (int) t.size();
    ByteBuffer b = ByteBuffer.allocate(n * width(t.dtype())).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.dtype()) {
      case FLOAT32 -> b.asFloatBuffer().put(Internal.f32(t), 0, n);
      case FLOAT64 -> b.asDoubleBuffer().put(Internal.f64(t), 0, n);
      case INT32 -> b.asIntBuffer().put(Internal.i32(t), 0, n);
      case INT64 -> b.asLongBuffer().put(Internal.i64(t), 0, n);
      default -> {
        boolean[] z = Internal.bool(t);
        for (int i = 0; i < n; i++) {
          b.put(i, (byte) (z[i] ? 1 : 0));
        }
      }
    }
    return b.array();
  }

  private static Object decodeData(DType d, ByteBuffer b, int n) {
    switch (d) {
      case FLOAT32 -> {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        return a;
      }
      case FLOAT64 -> {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        return a;
      }
      case INT32 -> {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        return a;
      }
      case INT64 -> {
        long[] a = new long[n];
        b.asLongBuffer().get(a);
        return a;
      }
      default -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = b.get(i) != 0;
        }
        return a;
      }
    }
  }
}
