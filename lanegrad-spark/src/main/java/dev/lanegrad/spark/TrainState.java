package dev.lanegrad.spark;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Model;
import dev.lanegrad.optimizers.Optimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Everything a step depends on besides the data: the model's variables (all of them, in {@link
 * Model#variables()} order, which the same model factory makes the same on every rank), the
 * optimizer's slots, iterations and learning rate, and where in training this is (the next step to
 * run) with the logs of the epoch's steps so far. It travels to the ranks at each stage's start,
 * back from rank 0 at its end, and to the checkpoint directory.
 */
final class TrainState implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MAGIC = 0x4c47535041524b31L; // "LGSPARK1"

  /** The next step to run is step {@code step} of epoch {@code epoch} (both from 0). */
  int epoch;

  int step;
  long iterations;
  double learningRate;

  /** Per variable: its dtype code (1 float32, 2 float64) and values. */
  byte[] dtypes;

  float[][] f32;
  double[][] f64;

  /** Per variable and slot: the slot's values (same type as the variable) or null. */
  Object[][] slots;

  /** The epoch's steps 0..step-1: their loss and rows, for the epoch's logs. */
  double[] stepLoss = new double[0];

  int[] stepRows = new int[0];

  static TrainState capture(String what, Model model, Optimizer optimizer) {
    List<Variable> vars = model.variables();
    TrainState s = new TrainState();
    int n = vars.size();
    s.dtypes = new byte[n];
    s.f32 = new float[n][];
    s.f64 = new double[n][];
    List<String> slotNames = optimizer.slotNames();
    s.slots = new Object[n][slotNames.size()];
    for (int i = 0; i < n; i++) {
      Variable v = vars.get(i);
      if (v.dtype() == DType.FLOAT32) {
        s.dtypes[i] = 1;
        s.f32[i] = v.toFloatArray();
      } else if (v.dtype() == DType.FLOAT64) {
        s.dtypes[i] = 2;
        s.f64[i] = v.toDoubleArray();
      } else {
        throw new IllegalArgumentException(
            what
                + ": variable '"
                + v.name()
                + "' has dtype "
                + v.dtype()
                + "; SparkTrainer trains models of float32 and float64 variables only");
      }
      for (int k = 0; k < slotNames.size(); k++) {
        Tensor t = optimizer.slot(v, slotNames.get(k));
        s.slots[i][k] =
            t == null ? null : s.dtypes[i] == 1 ? t.toFloatArray() : (Object) t.toDoubleArray();
      }
    }
    s.iterations = optimizer.iterations();
    s.learningRate = optimizer.learningRate();
    return s;
  }

  /** Puts this state into a model and optimizer made by the same factories. */
  void restore(String what, Model model, Optimizer optimizer) {
    List<String> slotNames = optimizer.slotNames();
    if (slots.length > 0 && slots[0].length != slotNames.size()) {
      throw new IllegalArgumentException(
          what
              + ": the optimizer factory made "
              + optimizer.name()
              + " with slots "
              + slotNames
              + ", the state has "
              + slots[0].length
              + " slots per variable");
    }
    restoreWeights(what, model);
    List<Variable> vars = model.variables();
    for (int i = 0; i < vars.size(); i++) {
      for (int k = 0; k < slotNames.size(); k++) {
        Object a = slots[i][k];
        Variable v = vars.get(i);
        optimizer.setSlot(v, slotNames.get(k), a == null ? null : Tensor.of(a, v.shape()));
      }
    }
    optimizer.setIterations(iterations);
    if (Double.compare(optimizer.learningRate(), learningRate) != 0) {
      optimizer.setLearningRate(learningRate);
    }
  }

  /** Puts the variables of this state into a model made by the same factory. */
  void restoreWeights(String what, Model model) {
    List<Variable> vars = model.variables();
    if (vars.size() != dtypes.length) {
      throw new IllegalArgumentException(
          what
              + ": the model factory made a model of "
              + vars.size()
              + " variables, the state has "
              + dtypes.length
              + "; the factory must build the same model every time");
    }
    for (int i = 0; i < vars.size(); i++) {
      Variable v = vars.get(i);
      Object values = dtypes[i] == 1 ? f32[i] : f64[i];
      int count = dtypes[i] == 1 ? f32[i].length : f64[i].length;
      DType dtype = dtypes[i] == 1 ? DType.FLOAT32 : DType.FLOAT64;
      if (v.dtype() != dtype || v.shape().size() != count) {
        throw new IllegalArgumentException(
            what
                + ": variable "
                + i
                + " ('"
                + v.name()
                + "') is "
                + v.dtype()
                + v.shape()
                + ", the state has "
                + dtype
                + " of "
                + count
                + " values; the model factory must build the same model every time");
      }
      v.assign(Tensor.of(values, v.shape()));
    }
  }

  /** A checksum of the variables' bits: every rank must end a stage with the same one. */
  long weightsChecksum() {
    CRC32 crc = new CRC32();
    for (int i = 0; i < dtypes.length; i++) {
      if (dtypes[i] == 1) {
        for (float f : f32[i]) {
          int b = Float.floatToRawIntBits(f);
          crc.update(b);
          crc.update(b >>> 8);
          crc.update(b >>> 16);
          crc.update(b >>> 24);
        }
      } else {
        for (double d : f64[i]) {
          long b = Double.doubleToRawLongBits(d);
          for (int k = 0; k < 64; k += 8) {
            crc.update((int) (b >>> k));
          }
        }
      }
    }
    return crc.getValue();
  }

  // ---------------------------------------------------------------- file format

  /**
   * The checkpoint bytes: magic, payload length, CRC32 of the payload, payload (big-endian, as
   * DataOutputStream writes).
   */
  byte[] toBytes() {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(payload);
      d.writeInt(epoch);
      d.writeInt(step);
      d.writeLong(iterations);
      d.writeDouble(learningRate);
      d.writeInt(dtypes.length);
      int slotCount = slots.length == 0 ? 0 : slots[0].length;
      d.writeInt(slotCount);
      for (int i = 0; i < dtypes.length; i++) {
        d.writeByte(dtypes[i]);
        writeArray(d, dtypes[i] == 1 ? f32[i] : f64[i]);
        for (int k = 0; k < slotCount; k++) {
          d.writeBoolean(slots[i][k] != null);
          if (slots[i][k] != null) {
            writeArray(d, slots[i][k]);
          }
        }
      }
      d.writeInt(stepLoss.length);
      for (int i = 0; i < stepLoss.length; i++) {
        d.writeDouble(stepLoss[i]);
        d.writeInt(stepRows[i]);
      }
      d.flush();
      byte[] p = payload.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(p);
      ByteArrayOutputStream all = new ByteArrayOutputStream(p.length + 20);
      DataOutputStream h = new DataOutputStream(all);
      h.writeLong(MAGIC);
      h.writeInt(p.length);
      h.writeLong(crc.getValue());
      h.write(p);
      h.flush();
      return all.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("SparkTrainer: cannot encode the training state", e);
    }
  }

  static TrainState fromBytes(String source, byte[] bytes) {
    try {
      DataInputStream h = new DataInputStream(new ByteArrayInputStream(bytes));
      if (bytes.length < 20 || h.readLong() != MAGIC) {
        throw new IllegalArgumentException(
            "SparkTrainer: " + source + " is not a lanegrad-spark checkpoint (bad magic)");
      }
      int len = h.readInt();
      long want = h.readLong();
      if (len < 0 || len != bytes.length - 20) {
        throw new IllegalArgumentException(
            "SparkTrainer: checkpoint "
                + source
                + " is truncated: "
                + (bytes.length - 20)
                + " payload bytes, header says "
                + len);
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 20, len);
      if (crc.getValue() != want) {
        throw new IllegalArgumentException(
            "SparkTrainer: checkpoint " + source + " is damaged (CRC32 mismatch)");
      }
      DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes, 20, len));
      TrainState s = new TrainState();
      s.epoch = d.readInt();
      s.step = d.readInt();
      s.iterations = d.readLong();
      s.learningRate = d.readDouble();
      int n = d.readInt();
      int slotCount = d.readInt();
      s.dtypes = new byte[n];
      s.f32 = new float[n][];
      s.f64 = new double[n][];
      s.slots = new Object[n][slotCount];
      for (int i = 0; i < n; i++) {
        s.dtypes[i] = d.readByte();
        Object a = readArray(d, s.dtypes[i]);
        if (s.dtypes[i] == 1) {
          s.f32[i] = (float[]) a;
        } else {
          s.f64[i] = (double[]) a;
        }
        for (int k = 0; k < slotCount; k++) {
          if (d.readBoolean()) {
            s.slots[i][k] = readArray(d, s.dtypes[i]);
          }
        }
      }
      int steps = d.readInt();
      s.stepLoss = new double[steps];
      s.stepRows = new int[steps];
      for (int i = 0; i < steps; i++) {
        s.stepLoss[i] = d.readDouble();
        s.stepRows[i] = d.readInt();
      }
      return s;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "SparkTrainer: checkpoint " + source + " cannot be read: " + e, e);
    }
  }

  private static void writeArray(DataOutputStream d, Object a) throws IOException {
    if (a instanceof float[] f) {
      d.writeInt(f.length);
      for (float v : f) {
        d.writeFloat(v);
      }
    } else {
      double[] x = (double[]) a;
      d.writeInt(x.length);
      for (double v : x) {
        d.writeDouble(v);
      }
    }
  }

  private static Object readArray(DataInputStream d, byte dtype) throws IOException {
    int n = d.readInt();
    if (dtype == 1) {
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = d.readFloat();
      }
      return f;
    }
    if (dtype != 2) {
      throw new IOException("unknown dtype code " + dtype);
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = d.readDouble();
    }
    return x;
  }
}
