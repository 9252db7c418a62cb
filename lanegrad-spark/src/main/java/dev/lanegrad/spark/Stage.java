package dev.lanegrad.spark;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Loss;
import dev.lanegrad.nn.MicroBatches;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.TrainingLogs;
import dev.lanegrad.optimizers.Optimizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * ({@link MicroBatches#gradient}), sends the sum of each {@link CombineTree} node it owns to every
 * other rank, adds the nodes' sums in the tree above them (bit for bit {@link MicroBatches#combine}
 * of all micro-batches), replays the micro-batches' moving averages in order, divides once by the
 * batch's rows and steps the optimizer: the same bytes on every rank, so the same weights.
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

    /** Steps run, their wall time, and the sum over steps of the slowest rank's compute. */
    int steps;

    long wallNanos;
    long slowestComputeNanos;

    /** Where the rank's step time went, summed over its steps: see {@link #PHASE_NAMES}. */
    long[] phaseNanos;

    /** Rank 0: the first step this stage ran, and per step from it the metrics' values. */
    int firstStep;

    double[][] stepMetrics;

    /**
     * CPU time over the steps: the task's thread, and the whole JVM (its GC, JIT, senders, Spark's
     * own threads); -1 where the JVM does not tell.
     */
    long threadCpuNanos;

    long processCpuNanos;

    /** The rank's JVM (bench/scaleout.sh prints it): version, cores, the Vector API's module. */
    String jvm;
  }

  /** The parts of a step a rank times (bench/scaleout.sh prints them). */
  static final String[] PHASE_NAMES = {
    "compute",
    "local sum",
    "encode+queue",
    "wait+receive",
    "decode",
    "state updates",
    "combine",
    "optimizer",
    "logs",
    "sends"
  };

  static final int COMPUTE = 0;
  static final int LOCAL = 1;
  static final int ENCODE = 2;
  static final int WAIT = 3;
  static final int DECODE = 4;
  static final int STATE = 5;
  static final int COMBINE = 6;
  static final int OPTIMIZER = 7;
  static final int LOGS = 8;
  static final int SENDS = 9;
  static final int PHASES = 10;

  /** Test hook: called before each step on each rank (it may throw to fail the task). */
  interface StepHook extends Serializable {
    void beforeStep(int rank, int epoch, int step);
  }

  final SerializableSupplier<? extends Model> modelFactory;
  final SerializableSupplier<? extends Optimizer> optimizerFactory;
  final SerializableSupplier<? extends Loss> lossFactory;
  final MetricSpecs metrics;
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

  /** The driver's rendezvous ({@code host:port}), or null for the barrier's allGather. */
  final String rendezvous;

  Stage(
      SerializableSupplier<? extends Model> modelFactory,
      SerializableSupplier<? extends Optimizer> optimizerFactory,
      SerializableSupplier<? extends Loss> lossFactory,
      MetricSpecs metrics,
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
      long timeoutMs,
      String rendezvous) {
    this.modelFactory = modelFactory;
    this.optimizerFactory = optimizerFactory;
    this.lossFactory = lossFactory;
    this.metrics = metrics;
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
    this.rendezvous = rendezvous;
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
    String what = "SparkTrainer rank " + rank + "/" + ctx.getTaskInfos().length;
    // the task owns spark.task.cpus cores: its kernels use no more (results do not change)
    MicroBatches.capThreads(Math.max(1, ctx.cpus()));
    try {
      return CollectionConverters.asScala(List.of(run(ctx, input, what)).iterator());
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    } finally {
      MicroBatches.capThreads(0); // the executor's thread runs other tasks next
    }
  }

  /** What a rank knows of one micro-batch of the step: computed here or received. */
  static final class Micro {
    final Tensor predictions;
    final Tensor labels;
    final List<Runnable> updates;

    Micro(Tensor predictions, Tensor labels, List<Runnable> updates) {
      this.predictions = predictions;
      this.labels = labels;
      this.updates = updates;
    }
  }

  private Result run(BarrierTaskContext ctx, Iterator<Placed> input, String what)
      throws IOException {
    int rank = ctx.partitionId();
    BarrierTaskInfo[] infos = ctx.getTaskInfos();
    int ranks = infos.length;
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
    // rank 0 reports the steps as fit does: the loss of the batch's predictions, the metrics
    TrainingLogs logs = null;
    if (rank == 0) {
      metrics.compile(model, optimizer, loss);
      logs = new TrainingLogs(model);
      logs.reset();
    }

    try (Mesh mesh = Mesh.listen(rank, ranks, timeoutMs, ctx::isInterrupted)) {
      String host = infos[rank].address();
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(':') == colon) {
        host = host.substring(0, colon); // "host:port" of the executor: keep the host
      }
      String me = host + ":" + mesh.port();
      String[] addresses =
          rendezvous != null
              ? Rendezvous.exchange(rendezvous, rank, me, timeoutMs, ctx::isInterrupted)
              : ctx.allGather(me);
      if (addresses.length != ranks) {
        throw new IllegalStateException(
            what + ": " + addresses.length + " addresses for " + ranks + " ranks");
      }
      mesh.connect(addresses);
      // the ranks leave the rendezvous at different times (allGather's callers poll once a
      // second): one empty round here, so that the skew is the stage's start-up, not step 0's
      mesh.sendToAll(new byte[0], 0);
      for (int q = 0; q < ranks; q++) {
        if (q != rank) {
          mesh.receive(q);
        }
      }
      mesh.awaitSends();

      int steps = steps();
      List<Variable> vars = model.trainableVariables();
      Codec codec = new Codec(model.variables(), vars);
      double[] stepLoss = Arrays.copyOf(state.stepLoss, steps);
      int[] stepRows = Arrays.copyOf(state.stepRows, steps);
      double[][] stepMetrics = new double[steps][];
      int cursor = 0; // into mine, which is sorted by position
      long wall = 0;
      long slowest = 0;
      long threadCpu0 = threadCpu();
      long processCpu0 = processCpu();
      long[] phase = new long[PHASES];
      CombineTree tree = null;
      for (int s = state.step; s < steps; s++) {
        if (hook != null) {
          hook.beforeStep(rank, epoch, s);
        }
        int b = batchRows(s);
        int m = (b + microBatch - 1) / microBatch;
        if (tree == null || tree.size() != m) {
          int[] first = new int[ranks + 1];
          for (int q = 0; q <= ranks; q++) {
            first[q] = firstOwned(q, ranks, m);
          }
          tree = new CombineTree(m, first);
        }
        List<int[]> nodes = tree.nodes;
        long t0 = System.nanoTime();
        long at = optimizer.iterations();
        Micro[] micro = new Micro[m];
        List<List<Tensor>> sums = new ArrayList<>(nodes.size());
        long compute = 0;
        int sent = 0;
        for (int[] node : nodes) {
          if (node[2] != rank) {
            sums.add(null);
            continue;
          }
          List<List<Tensor>> grads = new ArrayList<>(node[1] - node[0]);
          for (int i = node[0]; i < node[1]; i++) {
            long c0 = System.nanoTime();
            int from = s * batchSize + i * microBatch;
            int to = Math.min(s * batchSize + b, from + microBatch);
            Tensor[] xy = tensors(what, mine, cursor, from, to);
            cursor += to - from;
            MicroBatches.Part p = MicroBatches.gradient(model, loss, xy[0], xy[1], at, i);
            codec.checkUpdates(what, p.stateUpdates());
            micro[i] = new Micro(p.predictions(), xy[1], p.stateUpdates());
            grads.add(p.gradients());
            compute += System.nanoTime() - c0;
          }
          long c1 = System.nanoTime();
          // the node's part of combine's tree, summed here: one message instead of one a batch
          List<Tensor> sum = MicroBatches.combine(grads);
          sums.add(sum);
          long c2 = System.nanoTime();
          phase[LOCAL] += c2 - c1;
          if (ranks > 1) {
            // written by the mesh's senders while this rank computes its next node, if any
            int length = codec.encode(sent, node, micro, sum, compute);
            mesh.sendToAll(codec.buffer(sent), length);
            sent++;
          }
          phase[ENCODE] += System.nanoTime() - c2;
        }
        phase[COMPUTE] += compute;
        long slowestCompute = compute;
        for (int k = 0; k < nodes.size(); k++) {
          int[] node = nodes.get(k);
          if (node[2] == rank) {
            continue;
          }
          long r0 = System.nanoTime();
          ByteBuffer msg = mesh.receive(node[2]);
          long r1 = System.nanoTime();
          phase[WAIT] += r1 - r0;
          slowestCompute = Math.max(slowestCompute, codec.decode(what, msg, node, micro, sums, k));
          phase[DECODE] += System.nanoTime() - r1;
        }
        long u0 = System.nanoTime();
        // the layers' state updates (moving statistics) in micro-batch order, as fit runs them
        for (Micro mb : micro) {
          for (Runnable u : mb.updates) {
            u.run();
          }
        }
        long u1 = System.nanoTime();
        phase[STATE] += u1 - u0;
        if (!vars.isEmpty()) {
          List<Tensor> sum = tree.combine(sums);
          long u2 = System.nanoTime();
          phase[COMBINE] += u2 - u1;
          List<Tensor> mean = new ArrayList<>(sum.size());
          for (Tensor g : sum) {
            mean.add(g == null ? null : g.div((double) b));
          }
          optimizer.applyGradients(mean, vars);
          phase[OPTIMIZER] += System.nanoTime() - u2;
        }
        long l0 = System.nanoTime();
        if (logs != null) {
          Tensor[] p = new Tensor[m];
          Tensor[] y = new Tensor[m];
          for (int i = 0; i < m; i++) {
            p[i] = micro[i].predictions;
            y[i] = micro[i].labels;
          }
          Tensor pred = m == 1 ? p[0] : Ops.concat(Arrays.asList(p), 0);
          Tensor yb = m == 1 ? y[0] : Ops.concat(Arrays.asList(y), 0);
          stepLoss[s] = logs.addBatch(yb, pred);
          stepMetrics[s] = metricValues(logs.logs(0));
        }
        stepRows[s] = b;
        long l1 = System.nanoTime();
        phase[LOGS] += l1 - l0;
        mesh.awaitSends(); // the codec's buffers are reused next step
        long end = System.nanoTime();
        phase[SENDS] += end - l1;
        wall += end - t0;
        slowest += slowestCompute;
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
      r.steps = steps - state.step;
      r.wallNanos = wall;
      r.slowestComputeNanos = slowest;
      r.phaseNanos = phase;
      r.threadCpuNanos = threadCpu() - threadCpu0;
      r.processCpuNanos = processCpu() - processCpu0;
      r.jvm =
          "JDK "
              + Runtime.version()
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " cpus, task cpus "
              + ctx.cpus()
              + ", vector module "
              + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
              + ", lanegrad.threads="
              + System.getProperty("lanegrad.threads")
              + ", heap "
              + Runtime.getRuntime().maxMemory() / (1 << 20)
              + " MB";
      if (rank == 0) {
        end.epoch = epoch + 1;
        end.step = 0;
        end.stepLoss = stepLoss;
        end.stepRows = stepRows;
        r.state = end;
        r.firstStep = state.step;
        r.stepMetrics = Arrays.copyOfRange(stepMetrics, state.step, steps);
      }
      return r;
    }
  }

  static long threadCpu() {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
  }

  static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The metrics' values of a logs map, in its order, after the loss. */
  private static double[] metricValues(Map<String, Double> logs) {
    double[] v = new double[logs.size() - 1];
    int k = 0;
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (!e.getKey().equals("loss")) {
        v[k++] = e.getValue();
      }
    }
    return v;
  }

  /** The micro-batch of positions [from, to) from this rank's rows, starting at {@code cursor}. */
  private Tensor[] tensors(String what, List<Placed> mine, int cursor, int from, int to) {
    int n = to - from;
    int features = 1;
    for (int d : inputShape) {
      features *= d;
    }
    // the rows' own arrays, copied once by Tensor.of (gathering them first was a second copy)
    float[][] x = new float[n][];
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
      x[k] = p.sample.featuresView();
      System.arraycopy(p.sample.labelView(), 0, y, k * labelCount, labelCount);
    }
    Tensor xt = Tensor.of(x);
    if (inputShape.length != 1 || inputShape[0] != features) {
      xt = xt.reshape(prepend(n, inputShape));
    }
    Tensor yt = labelCount == 1 ? Tensor.of(y, Shape.of(n)) : Tensor.of(y, Shape.of(n, labelCount));
    return new Tensor[] {xt, yt};
  }

  static int[] prepend(int first, int[] rest) {
    int[] d = new int[rest.length + 1];
    d[0] = first;
    System.arraycopy(rest, 0, d, 1, rest.length);
    return d;
  }
}
