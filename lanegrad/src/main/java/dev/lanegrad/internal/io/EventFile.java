package dev.lanegrad.internal.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file: TFRecord framing ({@code uint64 length, uint32 masked_crc32c(length),
 * data, uint32 masked_crc32c(data)}, little-endian) around protobuf {@code tensorflow.Event}
 * messages encoded by hand (tensorflow/core/util/event.proto, framework/summary.proto,
 * framework/tensor.proto). The first record carries {@code file_version: "brain.Event:2"}; each
 * scalar is written as TF 2's {@code tf.summary.scalar} writes it: a {@code Summary.Value} with the
 * {@code scalars} plugin's metadata and a rank-0 DT_FLOAT tensor.
 */
public final class EventFile implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final int MASK_DELTA = 0xa282ead8;

  private final Path path;
  private final OutputStream out;

  /**
   * Creates {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2} in {@code dir} (made if
   * missing) and writes the version record.
   *
   * @throws UncheckedIOException naming the folder if it cannot be written
   */
  public EventFile(String op, Path dir) {
    double now = System.currentTimeMillis() / 1000.0;
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "localhost"; // only part of a file name
    }
    String name =
        "events.out.tfevents."
            + (long) now
            + "."
            + host
            + "."
            + ProcessHandle.current().pid()
            + "."
            + COUNT.getAndIncrement()
            + ".v2";
    this.path = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      this.out =
          new java.io.BufferedOutputStream(
              Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot write an event file in " + dir + ": " + e, e);
    }
    Proto ev = new Proto();
    ev.fixed64(1, Double.doubleToLongBits(now));
    ev.bytes(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
    record(op, ev.toByteArray());
    flush(op);
  }

  /** The file written. */
  public Path path() {
    return path;
  }

  /** Appends one {@code Event} holding scalar summaries {@code tags[i] = values[i]} at a step. */
  public void scalars(String op, long step, String[] tags, float[] values) {
    Proto summary = new Proto();
    for (int i = 0; i < tags.length; i++) {
      Proto pluginData = new Proto();
      pluginData.bytes(1, "scalars".getBytes(StandardCharsets.UTF_8));
      Proto metadata = new Proto();
      metadata.message(1, pluginData);
      metadata.varint(4, 1); // DATA_CLASS_SCALAR
      Proto tensor = new Proto();
      tensor.varint(1, 1); // DT_FLOAT
      tensor.message(2, new Proto()); // TensorShapeProto of a scalar: no dims
      Proto packed = new Proto();
      packed.rawFixed32(Float.floatToIntBits(values[i]));
      tensor.bytes(5, packed.toByteArray()); // float_val, packed as proto3 packs repeated floats
      Proto value = new Proto();
      value.bytes(1, tags[i].getBytes(StandardCharsets.UTF_8));
      value.message(9, metadata);
      value.message(8, tensor);
      summary.message(1, value);
    }
    Proto ev = new Proto();
    ev.fixed64(1, Double.doubleToLongBits(System.currentTimeMillis() / 1000.0));
    ev.varint(2, step);
    ev.message(5, summary);
    record(op, ev.toByteArray());
  }

  /** Pushes what was written to the file, so that a running TensorBoard sees it. */
  public void flush(String op) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot write " + path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("TensorBoard: cannot write " + path + ": " + e, e);
    }
  }

  private void record(String op, byte[] data) {
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(data.length);
    head.putInt(maskedCrc(head.array(), 0, 8));
    ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    tail.putInt(maskedCrc(data, 0, data.length));
    try {
      out.write(head.array());
      out.write(data);
      out.write(tail.array());
    } catch (IOException e) {
      throw new UncheckedIOException(op + ": cannot write " + path + ": " + e, e);
    }
  }

  /** TFRecord's checksum: CRC-32C rotated right by 15 bits plus a constant (crc32c.h's Mask). */
  public static int maskedCrc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** A protobuf message being encoded: fields appended in the order written. */
  static final class Proto {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();

    void varint(int field, long v) {
      tag(field, 0);
      raw(v);
    }

    void fixed64(int field, long v) {
      tag(field, 1);
      for (int i = 0; i < 8; i++) {
        b.write((int) (v >>> (8 * i)));
      }
    }

    void rawFixed32(int v) {
      for (int i = 0; i < 4; i++) {
        b.write(v >>> (8 * i));
      }
    }

    void bytes(int field, byte[] v) {
      tag(field, 2);
      raw(v.length);
      b.write(v, 0, v.length);
    }

    void message(int field, Proto m) {
      bytes(field, m.toByteArray());
    }

    private void tag(int field, int wireType) {
      raw(((long) field << 3) | wireType);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        b.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      b.write((int) v);
    }

    byte[] toByteArray() {
      return b.toByteArray();
    }
  }
}
