package dev.lanegrad.spark;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Loss;
import dev.lanegrad.nn.MicroBatches;
import dev.lanegrad.nn.Model;
import dev.lanegrad.optimizers.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The work of one barrier stage: the steps {@code startStep..steps-1} of one epoch on every rank.
 * Each rank gets the rows of the micro-batches it owns (placed there by the driver's shuffle),
 * builds the model and optimizer from the factories, loads the stage's starting state, swaps
 * addresses with the other ranks once, and then for each step computes its micro-batches' gradients
 * ({@link MicroBatches#gradient}), exchanges them with every other rank, adds all of them in {@link
 * MicroBatches#combine}'s tree, divides once by the batch's rows and steps the optimizer: the same
 * bytes on every rank, so the same weights.
 */
final class Stage extends AbstractFunction1<Iterator<Stage.Placed>, Iterator<Stage.Result>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A training row and its position in the epoch's order (the seeded shuffle of all rows). */
  static final class Placed implements Serializable {
    private static final long serialVersionUID = 1L;
    final int position;
    final Sample sample;

    Placed(int position, Sample sample) {
      this.position = position;
      this.sample = sample;
    }
  }

  /** What a rank reports: every rank its weights' checksum; rank 0 also the logs and the state. */
  static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    int rank;
    long checksum;
    TrainState state;

    /** Rank 0: steps run, their wall time, and the sum over steps of the slowest rank's compute. */
    int steps;

    long wallNanos;
    long slowestComputeNanos;
  }

  /** Test hook: called before each step on each rank (it may throw to fail the task). */
  interface StepHook extends Serializable {
    void beforeStep(int rank, int epoch, int step);
  }

  final SerializableSupplier<? extends Model> modelFactory;
  final SerializableSupplier<? extends Optimizer> optimizerFactory;
  final SerializableSupplier<? extends Loss> lossFactory;
  final int batchSize;
  final int microBatch;
  final int rows;
  final int epoch;
  final int[] inputShape;
  final int labelCount;
  final TrainState start;
  final Checkpoints checkpoints;
  final int checkpointEvery;
  final StepHook hook;
  final long timeoutMs;

  Stage(
      SerializableSupplier<? extends Model> modelFactory,
      SerializableSupplier<? extends Optimizer> optimizerFactory,
      SerializableSupplier<? extends Loss> lossFactory,
      int batchSize,
      int microBatch,
      int rows,
      int epoch,
      int[] inputShape,
      int labelCount,
      TrainState start,
      Checkpoints checkpoints,
      int checkpointEvery,
      StepHook hook,
      long timeoutMs) {
    this.modelFactory = modelFactory;
    this.optimizerFactory = optimizerFactory;
    this.lossFactory = lossFactory;
    this.batchSize = batchSize;
    this.microBatch = microBatch;
    this.rows = rows;
    this.epoch = epoch;
    this.inputShape = inputShape;
    this.labelCount = labelCount;
    this.start = start;
    this.checkpoints = checkpoints;
    this.checkpointEvery = checkpointEvery;
    this.hook = hook;
    this.timeoutMs = timeoutMs;
  }

  int steps() {
    return (rows + batchSize - 1) / batchSize;
  }

  /** The rows of step {@code s}. */
  int batchRows(int s) {
    return Math.min(batchSize, rows - s * batchSize);
  }

  /** The first micro-batch rank {@code r} of {@code ranks} owns in a batch of {@code m}. */
  static int firstOwned(int r, int ranks, int m) {
    return (int) ((long) r * m / ranks);
  }

  /** The rank that computes the micro-batch holding the row at {@code position}. */
  int rankOf(int position, int ranks) {
    int s = position / batchSize;
    int m = (batchRows(s) + microBatch - 1) / microBatch;
    int i = (position - s * batchSize) / microBatch;
    int r = 0;
    while (r < ranks - 1 && firstOwned(r + 1, ranks, m) <= i) {
      r++;
    }
    return r;
  }

  @Override
  public Iterator<Result> apply(Iterator<Placed> input) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId();
    BarrierTaskInfo[] infos = ctx.getTaskInfos();
    int ranks = infos.length;
    String what = "SparkTrainer rank " + rank + "/" + ranks;

    List<Placed> mine = new ArrayList<>();
    CollectionConverters.asJava(input).forEachRemaining(mine::add);
    mine.sort((a, b) -> Integer.compare(a.position, b.position));

    Model model = modelFactory.get();
    Optimizer optimizer = optimizerFactory.get();
    Loss loss = lossFactory.get();
    if (!model.built()) {
      model.apply(Tensor.zeros(Shape.of(prepend(1, inputShape)), DType.FLOAT32), false);
    }
    TrainState state = start;
    state.restore(what, model, optimizer);

    try (Mesh mesh = Mesh.listen(rank, ranks, timeoutMs, ctx::isInterrupted)) {
      String host = infos[rank].address();
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(':') == colon) {
        host = host.substring(0, colon); // "host:port" of the executor: keep the host
      }
      String[] addresses = ctx.allGather(host + ":" + mesh.port());
      mesh.connect(addresses);

      int steps = steps();
      List<Variable> vars = model.trainableVariables();
      double[] stepLoss = Arrays.copyOf(state.stepLoss, steps);
      int[] stepRows = Arrays.copyOf(state.stepRows, steps);
      int cursor = 0; // into mine, which is sorted by position
      long wall = 0;
      long slowest = 0;
      for (int s = state.step; s < steps; s++) {
        if (hook != null) {
          hook.beforeStep(rank, epoch, s);
        }
        int b = batchRows(s);
        int m = (b + microBatch - 1) / microBatch;
        int lo = firstOwned(rank, ranks, m);
        int hi = firstOwned(rank + 1, ranks, m);
        long t0 = System.nanoTime();
        long at = optimizer.iterations();
        List<MicroBatches.Part> parts = new ArrayList<>(hi - lo);
        for (int i = lo; i < hi; i++) {
          int from = s * batchSize + i * microBatch;
          int to = Math.min(s * batchSize + b, from + microBatch);
          Tensor[] xy = tensors(what, mine, cursor, from, to);
          cursor += to - from;
          MicroBatches.Part p = MicroBatches.gradient(model, loss, xy[0], xy[1], at, i);
          if (!p.stateUpdates().isEmpty()) {
            throw new IllegalArgumentException(
                what
                    + ": the model updates layer state in training (BatchNormalization's moving"
                    + " statistics); SparkTrainer cannot yet replay those updates on every rank."
                    + " Train it with Model.fit and FitOptions.replicas, or without that layer");
          }
          parts.add(p);
        }
        byte[][] all = mesh.exchange(encode(lo, parts, vars.size(), System.nanoTime() - t0));
        List<List<Tensor>> grads = new ArrayList<>(m);
        double summed = 0;
        long compute = 0;
        for (int q = 0; q < ranks; q++) {
          summed += decode(all[q], firstOwned(q, ranks, m), vars, grads);
          compute = Math.max(compute, computeNanos(all[q]));
        }
        if (grads.size() != m) {
          throw new IllegalStateException(
              what + ": step " + s + " gathered " + grads.size() + " micro-batches, expected " + m);
        }
        if (!vars.isEmpty()) {
          List<Tensor> sum = MicroBatches.combine(grads);
          List<Tensor> mean = new ArrayList<>(sum.size());
          for (Tensor g : sum) {
            mean.add(g == null ? null : g.div((double) b));
          }
          optimizer.applyGradients(mean, vars);
        }
        wall += System.nanoTime() - t0;
        slowest += compute;
        stepLoss[s] = summed / b;
        stepRows[s] = b;
        if (rank == 0
            && checkpoints != null
            && checkpointEvery > 0
            && optimizer.iterations() % checkpointEvery == 0
            && s + 1 < steps) {
          TrainState c = TrainState.capture(what, model, optimizer);
          c.epoch = epoch;
          c.step = s + 1;
          c.stepLoss = Arrays.copyOf(stepLoss, s + 1);
          c.stepRows = Arrays.copyOf(stepRows, s + 1);
          checkpoints.write(c);
        }
      }
      if (cursor != mine.size()) {
        throw new IllegalStateException(
            what + ": " + (mine.size() - cursor) + " of its rows were not used; the input changed");
      }
      TrainState end = TrainState.capture(what, model, optimizer);
      Result r = new Result();
      r.rank = rank;
      r.checksum = end.weightsChecksum();
      if (rank == 0) {
        r.steps = steps - state.step;
        r.wallNanos = wall;
        r.slowestComputeNanos = slowest;
        end.epoch = epoch + 1;
        end.step = 0;
        end.stepLoss = stepLoss;
        end.stepRows = stepRows;
        r.state = end;
      }
      return CollectionConverters.asScala(List.of(r).iterator());
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
  }

  /** The micro-batch of positions [from, to) from this rank's rows, starting at {@code cursor}. */
  private Tensor[] tensors(String what, List<Placed> mine, int cursor, int from, int to) {
    int n = to - from;
    int features = 1;
    for (int d : inputShape) {
      features *= d;
    }
    float[] x = new float[n * features];
    float[] y = new float[n * labelCount];
    for (int k = 0; k < n; k++) {
      Placed p = cursor + k < mine.size() ? mine.get(cursor + k) : null;
      if (p == null || p.position != from + k) {
        throw new IllegalStateException(
            what
                + ": the row at position "
                + (from + k)
                + " of epoch "
                + epoch
                + " is missing here; the input changed between Spark jobs (make it deterministic)");
      }
      System.arraycopy(p.sample.featuresView(), 0, x, k * features, features);
      System.arraycopy(p.sample.labelView(), 0, y, k * labelCount, labelCount);
    }
    Tensor xt = Tensor.of(x, Shape.of(prepend(n, inputShape)));
    Tensor yt = labelCount == 1 ? Tensor.of(y, Shape.of(n)) : Tensor.of(y, Shape.of(n, labelCount));
    return new Tensor[] {xt, yt};
  }

  static int[] prepend(int first, int[] rest) {
    int[] d = new int[rest.length + 1];
    d[0] = first;
    System.arraycopy(rest, 0, d, 1, rest.length);
    return d;
  }

  /**
   * One rank's message for a step: its first micro-batch index, how many it computed, the
   * nanoseconds its computing took (for the overhead figures of bench/scaleout.sh), then per
   * micro-batch its summed loss and each variable's gradient (a dtype byte: 0 none, 1 float32, 2
   * float64, then the values), little-endian.
   */
  static byte[] encode(int first, List<MicroBatches.Part> parts, int varCount, long nanos) {
    long bytes = 16;
    for (MicroBatches.Part p : parts) {
      bytes += 8;
      for (Tensor g : p.gradients()) {
        bytes += 1 + (g == null ? 0 : g.size() * (g.dtype() == DType.FLOAT64 ? 8 : 4));
      }
    }
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "SparkTrainer: a step's gradients of "
              + bytes
              + " bytes exceed 2 GB; use a smaller microBatch");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(first).putInt(parts.size()).putLong(nanos);
    for (MicroBatches.Part p : parts) {
      buf.putDouble(p.loss().doubleValue());
      if (p.gradients().size() != varCount) {
        throw new IllegalStateException(
            "SparkTrainer: " + p.gradients().size() + " gradients for " + varCount + " variables");
      }
      for (Tensor g : p.gradients()) {
        if (g == null) {
          buf.put((byte) 0);
        } else if (g.dtype() == DType.FLOAT64) {
          buf.put((byte) 2);
          buf.asDoubleBuffer().put(g.toDoubleArray());
          buf.position(buf.position() + (int) g.size() * 8);
        } else {
          buf.put((byte) 1);
          buf.asFloatBuffer().put(g.toFloatArray());
          buf.position(buf.position() + (int) g.size() * 4);
        }
      }
    }
    return buf.array();
  }

  static long computeNanos(byte[] msg) {
    return ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
  }

  /** Appends a rank's micro-batch gradients to {@code out}; returns their summed losses. */
  static double decode(byte[] msg, int expectFirst, List<Variable> vars, List<List<Tensor>> out) {
    ByteBuffer buf = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
    int first = buf.getInt();
    int count = buf.getInt();
    buf.getLong(); // the sender's compute time
    if (count > 0 && (first != expectFirst || first != out.size())) {
      throw new IllegalStateException(
          "SparkTrainer: a rank sent micro-batches from "
              + first
              + ", expected "
              + expectFirst
              + " after "
              + out.size());
    }
    double summed = 0;
    for (int k = 0; k < count; k++) {
      summed += buf.getDouble();
      List<Tensor> grads = new ArrayList<>(vars.size());
      for (Variable v : vars) {
        byte code = buf.get();
        int n = (int) v.shape().size();
        if (code == 0) {
          grads.add(null);
        } else if (code == 2) {
          double[] a = new double[n];
          buf.asDoubleBuffer().get(a);
          buf.position(buf.position() + n * 8);
          grads.add(Tensor.of(a, v.shape()));
        } else {
          float[] a = new float[n];
          buf.asFloatBuffer().get(a);
          buf.position(buf.position() + n * 4);
          grads.add(Tensor.of(a, v.shape()));
        }
      }
      out.add(grads);
    }
    return summed;
  }
}
