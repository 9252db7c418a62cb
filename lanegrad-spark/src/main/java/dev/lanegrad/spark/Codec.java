package dev.lanegrad.spark;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.MicroBatches;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one combine-tree node a rank sends (little-endian): {@code lo, hi} (int), the
 * sender's compute nanoseconds in the step so far (long); per micro-batch of the node its
 * predictions, its labels (tensors: a dtype byte, rank, dimensions, values) and its state updates
 * (a count, then per {@link MicroBatches.MovingAverage} the variable's index in {@code
 * Model.variables()}, the momentum and the value); then the node's gradient sum, per trainable
 * variable a dtype byte (0 none, 1 float32, 2 float64) and the values. The buffers are kept from
 * step to step, and decoding reuses one array per variable: a step allocates no message buffer.
 */
final class Codec {
  private final List<Variable> all;
  private final List<Variable> trainable;
  private final Map<Variable, Integer> index = new IdentityHashMap<>();
  private final List<byte[]> buffers = new ArrayList<>();
  private final float[][] scratch32;
  private final double[][] scratch64;

  Codec(List<Variable> all, List<Variable> trainable) {
    this.all = all;
    this.trainable = trainable;
    for (int i = 0; i < all.size(); i++) {
      index.put(all.get(i), i);
    }
    scratch32 = new float[trainable.size()][];
    scratch64 = new double[trainable.size()][];
  }

  /**
   * Fails on a state update other ranks could not replay: {@link MicroBatches#update}'s functions
   * stay in the JVM that ran them; {@link MicroBatches#movingAverage}'s travel.
   */
  void checkUpdates(String what, List<Runnable> updates) {
    for (Runnable u : updates) {
      if (!(u instanceof MicroBatches.MovingAverage a) || !index.containsKey(a.variable())) {
        throw new IllegalArgumentException(
            what
                + ": a layer updates its state in training through MicroBatches.update; the"
                + " other ranks cannot replay such an update (only MicroBatches.movingAverage's, as"
                + " BatchNormalization makes). Train that model with Model.fit and"
                + " FitOptions.replicas");
      }
      DType d = a.value().dtype();
      if (d != DType.FLOAT32 && d != DType.FLOAT64) {
        throw new IllegalArgumentException(
            what + ": a moving average of " + d + " values; only float32 and float64 travel");
      }
    }
  }

  /** The buffer of the {@code k}-th node this rank sends in a step. */
  byte[] buffer(int k) {
    return buffers.get(k);
  }

  /** Writes a node into the {@code k}-th buffer; returns the message's length. */
  int encode(int k, int[] node, Stage.Micro[] micro, List<Tensor> sum, long computeNanos) {
    long bytes = 16;
    for (int i = node[0]; i < node[1]; i++) {
      Stage.Micro mb = micro[i];
      bytes += tensorBytes(mb.predictions) + tensorBytes(mb.labels) + 4;
      for (Runnable u : mb.updates) {
        bytes += 12 + tensorBytes(((MicroBatches.MovingAverage) u).value());
      }
    }
    for (Tensor g : sum) {
      bytes += 1 + (g == null ? 0 : g.size() * width(g.dtype()));
    }
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "SparkTrainer: a message of "
              + bytes
              + " bytes exceeds 2 GB; use a smaller microBatch or model");
    }
    while (buffers.size() <= k) {
      buffers.add(new byte[0]);
    }
    if (buffers.get(k).length < bytes) {
      buffers.set(k, new byte[(int) bytes]);
    }
    ByteBuffer buf = ByteBuffer.wrap(buffers.get(k)).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(node[0]).putInt(node[1]).putLong(computeNanos);
    for (int i = node[0]; i < node[1]; i++) {
      Stage.Micro mb = micro[i];
      putTensor(buf, mb.predictions);
      putTensor(buf, mb.labels);
      buf.putInt(mb.updates.size());
      for (Runnable u : mb.updates) {
        MicroBatches.MovingAverage a = (MicroBatches.MovingAverage) u;
        buf.putInt(index.get(a.variable())).putDouble(a.momentum());
        putTensor(buf, a.value());
      }
    }
    for (Tensor g : sum) {
      if (g == null) {
        buf.put((byte) 0);
      } else {
        buf.put(g.dtype() == DType.FLOAT64 ? (byte) 2 : (byte) 1);
        putValues(buf, g);
      }
    }
    return buf.position();
  }

  /**
   * Reads node {@code k}'s message into {@code micro} and {@code sums}; returns the sender's
   * compute nanoseconds.
   */
  long decode(
      String what,
      ByteBuffer buf,
      int[] node,
      Stage.Micro[] micro,
      List<List<Tensor>> sums,
      int k) {
    int lo = buf.getInt();
    int hi = buf.getInt();
    long nanos = buf.getLong();
    if (lo != node[0] || hi != node[1]) {
      throw new IllegalStateException(
          what
              + ": rank "
              + node[2]
              + " sent micro-batches ["
              + lo
              + ", "
              + hi
              + "), expected ["
              + node[0]
              + ", "
              + node[1]
              + ")");
    }
    for (int i = lo; i < hi; i++) {
      Tensor p = getTensor(buf);
      Tensor y = getTensor(buf);
      int n = buf.getInt();
      List<Runnable> updates = new ArrayList<>(n);
      for (int u = 0; u < n; u++) {
        Variable v = all.get(buf.getInt());
        double momentum = buf.getDouble();
        updates.add(new MicroBatches.MovingAverage(v, getTensor(buf), momentum));
      }
      micro[i] = new Stage.Micro(p, y, updates);
    }
    List<Tensor> sum = new ArrayList<>(trainable.size());
    for (int v = 0; v < trainable.size(); v++) {
      byte code = buf.get();
      Shape shape = trainable.get(v).shape();
      int n = (int) shape.size();
      if (code == 0) {
        sum.add(null);
      } else if (code == 2) {
        if (scratch64[v] == null) {
          scratch64[v] = new double[n];
        }
        buf.asDoubleBuffer().get(scratch64[v]);
        buf.position(buf.position() + n * 8);
        sum.add(Tensor.of(scratch64[v], shape)); // copies: the scratch array serves again
      } else {
        if (scratch32[v] == null) {
          scratch32[v] = new float[n];
        }
        buf.asFloatBuffer().get(scratch32[v]);
        buf.position(buf.position() + n * 4);
        sum.add(Tensor.of(scratch32[v], shape));
      }
    }
    sums.set(k, sum);
    return nanos;
  }

  private static int width(DType d) {
    return d == DType.FLOAT64 ? 8 : 4;
  }

  private static long tensorBytes(Tensor t) {
    return 5 + 4L * t.rank() + t.size() * width(t.dtype());
  }

  private static void putTensor(ByteBuffer buf, Tensor t) {
    DType d = t.dtype();
    if (d != DType.FLOAT32 && d != DType.FLOAT64) {
      t = t.cast(DType.FLOAT32); // predictions of another dtype travel as float32
    }
    buf.put(t.dtype() == DType.FLOAT64 ? (byte) 2 : (byte) 1);
    buf.putInt(t.rank());
    for (int i = 0; i < t.rank(); i++) {
      buf.putInt(t.shape().dim(i));
    }
    putValues(buf, t);
  }

  private static void putValues(ByteBuffer buf, Tensor t) {
    // straight from the tensor into the message (toFloatArray's copy was a second one)
    if (t.dtype() == DType.FLOAT64) {
      t.copyTo(buf.asDoubleBuffer());
      buf.position(buf.position() + (int) t.size() * 8);
    } else {
      t.copyTo(buf.asFloatBuffer());
      buf.position(buf.position() + (int) t.size() * 4);
    }
  }

  private static Tensor getTensor(ByteBuffer buf) {
    byte code = buf.get();
    int[] dims = new int[buf.getInt()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = buf.getInt();
    }
    Shape shape = Shape.of(dims);
    int n = (int) shape.size();
    if (code == 2) {
      double[] a = new double[n];
      buf.asDoubleBuffer().get(a);
      buf.position(buf.position() + n * 8);
      return Tensor.of(a, shape);
    }
    float[] a = new float[n];
    buf.asFloatBuffer().get(a);
    buf.position(buf.position() + n * 4);
    return Tensor.of(a, shape);
  }
}
