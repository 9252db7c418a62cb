package dev.lanegrad.internal.io;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.Check;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * The checkpoint file format, version 1. Everything little-endian:
 *
 * <pre>
 * magic     8 bytes  0x89 'L' 'G' 'C' 'K' 'P' 'T' '\n'   (PNG's trick: a text-mode copy breaks it)
 * version   int32    1
 * payload   (covered by the CRC)
 *   count   int32, then per variable:  tensor
 *   has optimizer  byte 0/1; if 1:
 *     name string, description string, iterations int64,
 *     slot names: int32 count, strings; slots: int32 count, then per slot:
 *       variable name string, slot name string, tensor
 * trailer   payload length int64, CRC32 of the payload int32, end magic "LGCKPEND"
 *
 * tensor  = name string, dtype string ("float32"), rank int32, dims int32 each, data
 *           (float32/complex64 as float32 bits, float64/complex128 as float64 bits, int32,
 *           int64, bool as one byte 0/1; complex values interleaved re, im)
 * string  = int32 byte length, UTF-8 bytes
 * </pre>
 *
 * A reader parses the whole payload, bounding every count and size by the bytes left in the file
 * before allocating, then checks the CRC and the trailer: a truncated or corrupted file is an
 * {@link IllegalArgumentException} naming the file, never a huge allocation or a wrong value.
 */
public final class CheckpointFile {
  static final byte[] MAGIC = {(byte) 0x89, 'L', 'G', 'C', 'K', 'P', 'T', '\n'};
  static final byte[] END = "LGCKPEND".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int MAX_RANK = 255;
  private static final int CHUNK = 1 << 16;

  /** One named array: {@code data} is the flat row-major array {@code Internal.data} holds. */
  public record Entry(String name, DType dtype, Shape shape, Object data) {
    /**
     * {@code t}'s value now under {@code name}; a variable is read as a snapshot (marked shared, so
     * no later step writes into the array being saved).
     */
    public static Entry of(String name, Tensor t) {
      Tensor value = t instanceof Variable v ? Internal.snapshot(v) : t;
      return new Entry(name, value.dtype(), value.shape(), Internal.data(value));
    }

    /** The saved array as a tensor (over the array read from the file, no copy). */
    public Tensor tensor() {
      return Internal.make(dtype, shape, data);
    }
  }

  /** One slot of an optimizer for one variable. */
  public record Slot(String variable, String slot, Entry value) {}

  /** An optimizer's state: its name, how it was configured (informative), step count, slots. */
  public record OptimizerState(
      String name, String description, long iterations, List<String> slotNames, List<Slot> slots) {}

  /** A whole checkpoint; {@code optimizer} is null when none was saved. */
  public record Contents(List<Entry> variables, OptimizerState optimizer) {}

  private CheckpointFile() {}

  /**
   * Writes {@code contents} to {@code path} atomically (through {@link AtomicFiles}). {@code wrap}
   * (tests only, else null) wraps the stream the bytes go to, to simulate a crash.
   */
  public static void write(
      String op, Path path, Contents contents, UnaryOperator<OutputStream> wrap) {
    AtomicFiles.write(
        op,
        path,
        raw -> {
          OutputStream os = wrap == null ? raw : wrap.apply(raw);
          Out out = new Out(os);
          out.bytes(MAGIC);
          out.i32(VERSION);
          out.flushHeader();
          out.i32(contents.variables().size());
          for (Entry e : contents.variables()) {
            out.tensor(e);
          }
          OptimizerState s = contents.optimizer();
          out.u8(s == null ? 0 : 1);
          if (s != null) {
            out.str(s.name());
            out.str(s.description());
            out.i64(s.iterations());
            out.i32(s.slotNames().size());
            for (String n : s.slotNames()) {
              out.str(n);
            }
            out.i32(s.slots().size());
            for (Slot sl : s.slots()) {
              out.str(sl.variable());
              out.str(sl.slot());
              out.tensor(sl.value());
            }
          }
          out.trailer();
          os.flush();
        });
  }

  /**
   * Reads and verifies a whole checkpoint.
   *
   * @throws IllegalArgumentException if the file is not a checkpoint, or is truncated or corrupt
   * @throws UncheckedIOException if it cannot be read
   */
  public static Contents read(String op, Path path) {
    String file = path.toString();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), CHUNK)) {
      In in = new In(op, file, raw, Files.size(path));
      byte[] magic = in.bytes(MAGIC.length, false);
      if (!Arrays.equals(magic, MAGIC)) {
        throw bad(op, file, "it is not a lanegrad checkpoint (wrong magic bytes)");
      }
      int version = in.i32(false);
      if (version != VERSION) {
        throw bad(
            op,
            file,
            "unsupported checkpoint version " + version + " (this library reads " + VERSION + ")");
      }
      in.startPayload();
      int n = in.count("variable count", 8);
      List<Entry> vars = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        vars.add(in.tensor());
      }
      int has = in.u8();
      OptimizerState opt = null;
      if (has == 1) {
        String name = in.str();
        String description = in.str();
        long iterations = in.i64(true);
        if (iterations < 0) {
          throw bad(op, file, "negative optimizer iterations " + iterations);
        }
        int ns = in.count("slot name count", 4);
        List<String> slotNames = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
          slotNames.add(in.str());
        }
        int nslots = in.count("slot count", 16);
        List<Slot> slots = new ArrayList<>(nslots);
        for (int i = 0; i < nslots; i++) {
          String var = in.str();
          String slot = in.str();
          slots.add(new Slot(var, slot, in.tensor()));
        }
        opt =
            new OptimizerState(
                name, description, iterations, List.copyOf(slotNames), List.copyOf(slots));
      } else if (has != 0) {
        throw bad(op, file, "bad optimizer flag " + has);
      }
      in.trailer();
      return new Contents(List.copyOf(vars), opt);
    } catch (EOFException e) {
      throw bad(op, file, "the file is truncated");
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot read " + file + ": " + e, e);
    }
  }

  static IllegalArgumentException bad(String op, String file, String why) {
    return new IllegalArgumentException(
        op
            + ": "
            + file
            + " is not a readable checkpoint: "
            + why
            + " (truncated or corrupted file?)");
  }

  // ---------------------------------------------------------------- writer

  /** Little-endian writes through one reused buffer, with a CRC over the payload. */
  private static final class Out {
    private final OutputStream os;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long payload;

    Out(OutputStream os) {
      this.os = os;
    }

    /** Sends the header out uncounted: the CRC starts with the payload. */
    void flushHeader() throws IOException {
      os.write(buf.array(), 0, buf.position());
      buf.clear();
    }

    private void drain() throws IOException {
      crc.update(buf.array(), 0, buf.position());
      payload += buf.position();
      os.write(buf.array(), 0, buf.position());
      buf.clear();
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        drain();
      }
    }

    void bytes(byte[] b) throws IOException {
      room(b.length);
      buf.put(b);
    }

    void u8(int v) throws IOException {
      room(1);
      buf.put((byte) v);
    }

    void i32(int v) throws IOException {
      room(4);
      buf.putInt(v);
    }

    void i64(long v) throws IOException {
      room(8);
      buf.putLong(v);
    }

    void str(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      int off = 0;
      while (off < b.length) {
        room(1);
        int k = Math.min(buf.remaining(), b.length - off);
        buf.put(b, off, k);
        off += k;
      }
    }

    void tensor(Entry e) throws IOException {
      str(e.name());
      str(e.dtype().toString());
      int[] dims = e.shape().dims();
      i32(dims.length);
      for (int d : dims) {
        i32(d);
      }
      Object a = e.data();
      // bulk copies per chunk: no per-element call on big arrays
      if (a instanceof float[] f) {
        for (int off = 0; off < f.length; ) {
          room(4);
          int k = Math.min(buf.remaining() / 4, f.length - off);
          buf.asFloatBuffer().put(f, off, k);
          buf.position(buf.position() + 4 * k);
          off += k;
        }
      } else if (a instanceof double[] d) {
        for (int off = 0; off < d.length; ) {
          room(8);
          int k = Math.min(buf.remaining() / 8, d.length - off);
          buf.asDoubleBuffer().put(d, off, k);
          buf.position(buf.position() + 8 * k);
          off += k;
        }
      } else if (a instanceof int[] x) {
        for (int off = 0; off < x.length; ) {
          room(4);
          int k = Math.min(buf.remaining() / 4, x.length - off);
          buf.asIntBuffer().put(x, off, k);
          buf.position(buf.position() + 4 * k);
          off += k;
        }
      } else if (a instanceof long[] x) {
        for (int off = 0; off < x.length; ) {
          room(8);
          int k = Math.min(buf.remaining() / 8, x.length - off);
          buf.asLongBuffer().put(x, off, k);
          buf.position(buf.position() + 8 * k);
          off += k;
        }
      } else {
        boolean[] x = (boolean[]) a;
        for (boolean v : x) {
          u8(v ? 1 : 0);
        }
      }
    }

    void trailer() throws IOException {
      drain();
      buf.putLong(payload);
      buf.putInt((int) crc.getValue());
      buf.put(END);
      os.write(buf.array(), 0, buf.position());
      buf.clear();
    }
  }

  // ---------------------------------------------------------------- reader

  /** Little-endian reads that know how many bytes the file has left. */
  private static final class In {
    private final String op;
    private final String file;
    private final InputStream is;
    private final long fileSize;
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[CHUNK];
    private long pos;
    private long payloadStart = -1;

    In(String op, String file, InputStream is, long fileSize) {
      this.op = op;
      this.file = file;
      this.is = is;
      this.fileSize = fileSize;
    }

    void startPayload() {
      payloadStart = pos;
    }

    private long left() {
      return fileSize - pos;
    }

    /** Reads n bytes into chunk (n <= CHUNK), into the CRC if {@code counted}. */
    private void fill(int n, boolean counted) throws IOException {
      int got = is.readNBytes(chunk, 0, n);
      if (got < n) {
        throw new EOFException();
      }
      pos += n;
      if (counted) {
        crc.update(chunk, 0, n);
      }
    }

    byte[] bytes(int n, boolean counted) throws IOException {
      fill(n, counted);
      return Arrays.copyOf(chunk, n);
    }

    int u8() throws IOException {
      fill(1, true);
      return chunk[0] & 0xff;
    }

    int i32(boolean counted) throws IOException {
      fill(4, counted);
      return ByteBuffer.wrap(chunk, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    long i64(boolean counted) throws IOException {
      fill(8, counted);
      return ByteBuffer.wrap(chunk, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A count of records each at least {@code minBytes} long, bounded by the bytes left. */
    int count(String what, int minBytes) throws IOException {
      int n = i32(true);
      if (n < 0 || (long) n * minBytes > left()) {
        throw bad(op, file, "bad " + what + " " + n);
      }
      return n;
    }

    String str() throws IOException {
      int n = i32(true);
      if (n < 0 || n > left()) {
        throw bad(op, file, "bad string length " + n);
      }
      byte[] b = new byte[n];
      for (int off = 0; off < n; ) {
        int k = Math.min(CHUNK, n - off);
        fill(k, true);
        System.arraycopy(chunk, 0, b, off, k);
        off += k;
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    Entry tensor() throws IOException {
      String name = str();
      String dt = str();
      DType dtype = null;
      for (DType d : DType.values()) {
        if (d.toString().equals(dt)) {
          dtype = d;
        }
      }
      if (dtype == null) {
        throw bad(op, file, "unknown dtype '" + dt + "' for '" + name + "'");
      }
      int rank = i32(true);
      if (rank < 0 || rank > MAX_RANK) {
        throw bad(op, file, "bad rank " + rank + " for '" + name + "'");
      }
      int[] dims = new int[rank];
      for (int i = 0; i < rank; i++) {
        dims[i] = i32(true);
        if (dims[i] < 0) {
          throw bad(op, file, "negative dimension " + dims[i] + " for '" + name + "'");
        }
      }
      Shape shape = Shape.of(dims);
      // a nonsense size is rejected before any allocation: it must fit in the bytes left
      if (shape.size() > Check.MAX_SIZE || shape.size() > left() / Math.max(1, dtype.byteSize())) {
        throw bad(
            op,
            file,
            "shape " + shape + " of '" + name + "' needs more bytes than the " + left() + " left");
      }
      int n = (int) shape.size();
      return new Entry(name, dtype, shape, data(dtype, n));
    }

    private Object data(DType dtype, int n) throws IOException {
      switch (dtype) {
        case FLOAT32, COMPLEX64 -> {
          float[] a = new float[dtype == DType.FLOAT32 ? n : 2 * n];
          for (int off = 0; off < a.length; ) {
            int k = Math.min(CHUNK / 4, a.length - off);
            fill(4 * k, true);
            ByteBuffer.wrap(chunk, 0, 4 * k)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(a, off, k);
            off += k;
          }
          return a;
        }
        case FLOAT64, COMPLEX128 -> {
          double[] a = new double[dtype == DType.FLOAT64 ? n : 2 * n];
          for (int off = 0; off < a.length; ) {
            int k = Math.min(CHUNK / 8, a.length - off);
            fill(8 * k, true);
            ByteBuffer.wrap(chunk, 0, 8 * k)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer()
                .get(a, off, k);
            off += k;
          }
          return a;
        }
        case INT32 -> {
          int[] a = new int[n];
          for (int off = 0; off < n; ) {
            int k = Math.min(CHUNK / 4, n - off);
            fill(4 * k, true);
            ByteBuffer.wrap(chunk, 0, 4 * k)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(a, off, k);
            off += k;
          }
          return a;
        }
        case INT64 -> {
          long[] a = new long[n];
          for (int off = 0; off < n; ) {
            int k = Math.min(CHUNK / 8, n - off);
            fill(8 * k, true);
            ByteBuffer.wrap(chunk, 0, 8 * k)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer()
                .get(a, off, k);
            off += k;
          }
          return a;
        }
        default -> {
          boolean[] a = new boolean[n];
          for (int off = 0; off < n; ) {
            int k = Math.min(CHUNK, n - off);
            fill(k, true);
            for (int i = 0; i < k; i++) {
              a[off + i] = chunk[i] != 0;
            }
            off += k;
          }
          return a;
        }
      }
    }

    void trailer() throws IOException {
      long payload = pos - payloadStart;
      long crcValue = crc.getValue();
      long length = i64(false);
      int stored = i32(false);
      byte[] end = bytes(END.length, false);
      if (length != payload || !Arrays.equals(end, END)) {
        throw bad(op, file, "the trailer does not match the payload");
      }
      if ((int) crcValue != stored) {
        throw bad(
            op,
            file,
            "CRC32 mismatch (stored "
                + Integer.toHexString(stored)
                + ", computed "
                + Long.toHexString(crcValue)
                + ")");
      }
      if (is.read() != -1) {
        throw bad(op, file, "unexpected bytes after the end");
      }
    }
  }
}
