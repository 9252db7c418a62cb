package dev.lanegrad.spark;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Loss;
import dev.lanegrad.nn.MicroBatches;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.TrainingLogs;
import dev.lanegrad.optimizers.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Data-parallel training of a lanegrad model on Apache Spark whose result is that of {@link
 * Model#fit} in one JVM with the same {@code batchSize} and {@code microBatch}, bit for bit,
 * whatever the number of executors, cores or partitions.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder()
 *     .model(() -> new Sequential(
 *         Dense.builder(256).activation(Activation.RELU).inputShape(784)
 *             .kernelInitializer(Initializers.glorotUniform(1)).build(),
 *         Dense.builder(10).kernelInitializer(Initializers.glorotUniform(2)).build()))
 *     .optimizer(() -> new Adam(1e-3))
 *     .loss(() -> Losses.sparseCategoricalCrossentropy(true))
 *     .batchSize(512).microBatch(64).epochs(5).seed(42)
 *     .checkpointDir("hdfs:///tmp/run1").checkpointEvery(100)
 *     .build();
 * History h = trainer.fit(df, "features", "label");   // array<float> or ML vector column
 * Dataset<Row> scored = trainer.predict(test, "features", "prediction");
 * Model m = trainer.model();                           // the trained model, on the driver
 * }</pre>
 *
 * <p><b>How a step runs.</b> Each epoch the rows are put in a seeded order (the shuffle {@code fit}
 * makes with the same seed) and cut into batches of {@code batchSize} and micro-batches of {@code
 * microBatch} rows. The micro-batches of a batch are split among the ranks in contiguous blocks;
 * one Spark shuffle per epoch brings each row to its rank. The epoch runs as one barrier stage: the
 * ranks swap addresses once, then every step each rank computes its micro-batches' gradients
 * ({@code MicroBatches.gradient}), sums those that form whole nodes of {@code
 * MicroBatches.combine}'s fixed tree and sends each node's sum directly to every other rank over
 * TCP while it computes on; every rank adds the sums in the tree above them, divides once by the
 * batch's rows and applies the optimizer, so every rank holds the same weights after every step.
 * Nothing about the batch size has to fit the number of cores.
 *
 * <p><b>Faults.</b> A failed task fails the barrier stage. The trainer then reruns the epoch from
 * the newest checkpoint of that epoch in {@code checkpointDir} (written by rank 0 every {@code
 * checkpointEvery} steps and by the driver at each epoch end, atomically, on any Hadoop-compatible
 * file system), or from the epoch's start, up to {@code maxRetries} times; the final weights equal
 * those of a run without the failure.
 *
 * <p><b>Callbacks</b> run on the driver, on the driver's copy of the model: the epoch callbacks
 * (History, EarlyStopping, ModelCheckpoint, CSVLogger, TensorBoard, ReduceLROnPlateau,
 * LearningRateScheduler) as in {@code fit}; the batch callbacks after each epoch's stage with each
 * step's logs. A learning rate set by a callback takes effect from the next epoch.
 *
 * <p><b>Logs.</b> Each micro-batch's predictions travel with the gradients; rank 0 computes the
 * batch's loss and {@link Builder#metrics metrics} from the whole batch's predictions as {@code
 * fit} does, so the History equals {@code fit}'s. BatchNormalization's statistics are per
 * micro-batch (Keras on several replicas without sync); its moving statistics are replayed on every
 * rank in micro-batch order.
 *
 * <p><b>Limits.</b> A custom layer that updates state through {@code MicroBatches.update} (a
 * function that cannot travel) is refused; barrier stages need as many free task slots as {@code
 * numWorkers} and no dynamic allocation.
 */
public final class SparkTrainer {
  private final SerializableSupplier<? extends Model> modelFactory;
  private final SerializableSupplier<? extends Optimizer> optimizerFactory;
  private final SerializableSupplier<? extends Loss> lossFactory;
  private final MetricSpecs metrics;
  private final int batchSize;
  private final int microBatch;
  private final int epochs;
  private final Long seed;
  private final boolean shuffle;
  private final int numWorkers;
  private final String checkpointDir;
  private final int checkpointEvery;
  private final int maxRetries;
  private final long exchangeTimeoutMs;
  private final boolean driverRendezvous;
  private final JavaRDD<Sample> validationSamples;
  private final Dataset<Row> validationFrame;
  private final int verbose;
  private final int[] inputShape;
  private final List<Callback> callbacks;
  private final Stage.StepHook hook;
  private Model model;
  private int[] trainedShape;

  /**
   * Per epoch of the last fit: {ranks, steps, wall ns, slowest rank's compute ns, the ranks' task
   * threads' CPU ns, their JVMs' CPU ns} (benchmarks).
   */
  final List<long[]> stageTimes = new ArrayList<>();

  /** Per epoch of the last fit, per rank: nanoseconds per part of a step (Stage.PHASE_NAMES). */
  final List<long[][]> stagePhases = new ArrayList<>();

  /** Per rank of the last stage: its JVM's description (benchmarks). */
  final List<String> rankJvms = new ArrayList<>();

  private SparkTrainer(Builder b) {
    this.modelFactory = b.modelFactory;
    this.optimizerFactory = b.optimizerFactory;
    this.lossFactory = b.lossFactory;
    this.metrics = b.metrics;
    this.batchSize = b.batchSize;
    this.microBatch = b.microBatch;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.numWorkers = b.numWorkers;
    this.checkpointDir = b.checkpointDir;
    this.checkpointEvery = b.checkpointEvery;
    this.maxRetries = b.maxRetries;
    this.exchangeTimeoutMs = b.exchangeTimeoutMs;
    this.driverRendezvous = b.driverRendezvous;
    this.validationSamples = b.validationSamples;
    this.validationFrame = b.validationFrame;
    this.verbose = b.verbose;
    this.inputShape = b.inputShape;
    this.callbacks = List.copyOf(b.callbacks);
    this.hook = b.hook;
  }

  /** A builder; {@code model}, {@code optimizer} and {@code loss} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The trained model on the driver (after {@link #fit}), or null before.
   *
   * <pre>{@code
   * trainer.fit(df, "features", "label");
   * trainer.model().saveWeights(Path.of("mlp.safetensors"));
   * }</pre>
   */
  public Model model() {
    return model;
  }

  /**
   * Trains on a DataFrame: {@code featuresCol} holds an array of numbers (float, double, int, ...)
   * or a Spark ML vector per row, {@code labelCol} a number or an array of numbers. The rows' order
   * in the DataFrame (partition by partition) is the order {@code fit} would see in one JVM.
   *
   * <pre>{@code
   * History h = trainer.fit(spark.read().parquet("mnist"), "pixels", "digit");
   * }</pre>
   *
   * @return the per-epoch logs, as {@link Model#fit} returns them
   * @throws IllegalArgumentException for a missing column, a row with a null, non-numeric or
   *     differently sized value, or no rows
   */
  public History fit(Dataset<Row> data, String featuresCol, String labelCol) {
    String what = "SparkTrainer.fit";
    if (data == null) {
      throw new IllegalArgumentException(what + ": the DataFrame is null");
    }
    JavaRDD<Sample> validation =
        validationFrame == null ? null : samples(what, validationFrame, featuresCol, labelCol);
    return fit(what, samples(what, data, featuresCol, labelCol), validation);
  }

  /** The rows of a DataFrame as samples, read from the two columns. */
  private static JavaRDD<Sample> samples(
      String what, Dataset<Row> data, String featuresCol, String labelCol) {
    int fi = column(what, data.schema(), featuresCol, "featuresCol");
    int li = column(what, data.schema(), labelCol, "labelCol");
    String fName = featuresCol;
    String lName = labelCol;
    return data.toJavaRDD()
        .map(r ->
            Sample.of(
                numbers(what, r.get(fi), fName, true), numbers(what, r.get(li), lName, false)));
  }

  /**
   * Trains on an RDD of samples, in the RDD's order (partition by partition).
   *
   * <pre>{@code
   * JavaRDD<Sample> data = sc.textFile("digits.csv").map(Digits::parse);
   * History h = trainer.fit(data);
   * }</pre>
   *
   * @return the per-epoch logs, as {@link Model#fit} returns them
   * @throws IllegalArgumentException for no samples, samples of different feature or label counts,
   *     features that do not fill {@code inputShape}, or more barrier ranks than task slots in
   *     local mode
   * @throws IllegalStateException when an epoch still fails after {@code maxRetries} reruns
   */
  public History fit(JavaRDD<Sample> data) {
    String what = "SparkTrainer.fit";
    if (validationFrame != null) {
      throw new IllegalArgumentException(
          what
              + ": validationData was a DataFrame; fit(JavaRDD) has no column names to read it"
              + " by. Give validationData(JavaRDD<Sample>) or call fit(Dataset, ...)");
    }
    return fit(what, data, validationSamples);
  }

  private History fit(String what, JavaRDD<Sample> data, JavaRDD<Sample> validation) {
    if (data == null) {
      throw new IllegalArgumentException(what + ": the RDD is null");
    }
    SparkContext sc = data.context();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    int ranks = numWorkers > 0 ? numWorkers : sc.defaultParallelism();
    if (sc.master().startsWith("local") && ranks > sc.defaultParallelism()) {
      throw new IllegalArgumentException(
          what
              + ": numWorkers="
              + ranks
              + " barrier ranks need as many task slots, and master "
              + sc.master()
              + " has "
              + sc.defaultParallelism());
    }
    JavaRDD<Indexed> indexed =
        data.zipWithIndex()
            .map(t -> new Indexed(t._2(), t._1()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] st = unwrap(what, () -> indexed.map(SparkTrainer::stats).reduce(SparkTrainer::merge));
      if (st == null || st[0] == 0) {
        throw new IllegalArgumentException(what + ": the data has no samples");
      }
      if (st[0] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            what + ": " + st[0] + " samples; at most " + Integer.MAX_VALUE + " are supported");
      }
      if (st[1] != st[2] || st[3] != st[4]) {
        throw new IllegalArgumentException(
            what
                + ": samples differ in size: features of "
                + st[1]
                + " to "
                + st[2]
                + " values, labels of "
                + st[3]
                + " to "
                + st[4]
                + " values; every sample needs the same counts");
      }
      int n = (int) st[0];
      int features = (int) st[1];
      int labels = (int) st[3];
      int[] shape = inputShape != null ? inputShape : new int[] {features};
      long want = 1;
      for (int d : shape) {
        want *= d;
      }
      if (want != features) {
        throw new IllegalArgumentException(
            what
                + ": inputShape "
                + Arrays.toString(shape)
                + " holds "
                + want
                + " values, the samples have "
                + features
                + " features");
      }
      Tensor[] val = validation == null ? null : validation(what, validation, shape, labels);
      return train(what, jsc, indexed, n, shape, labels, ranks, val);
    } finally {
      indexed.unpersist(false);
    }
  }

  /**
   * The validation samples, collected to the driver as {@code x} and {@code y} tensors (fit's
   * validation runs {@code Model.evaluate} there, in batches of {@code batchSize}).
   */
  private static Tensor[] validation(String what, JavaRDD<Sample> data, int[] shape, int labels) {
    List<Sample> rows = unwrap(what, data::collect);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(what + ": the validation data has no samples");
    }
    int features = 1;
    for (int d : shape) {
      features *= d;
    }
    float[] x = new float[rows.size() * features];
    float[] y = new float[rows.size() * labels];
    for (int i = 0; i < rows.size(); i++) {
      Sample r = rows.get(i);
      if (r.featureCount() != features || r.labelCount() != labels) {
        throw new IllegalArgumentException(
            what
                + ": a validation sample has "
                + r.featureCount()
                + " features and "
                + r.labelCount()
                + " label values; the training samples have "
                + features
                + " and "
                + labels);
      }
      System.arraycopy(r.featuresView(), 0, x, i * features, features);
      System.arraycopy(r.labelView(), 0, y, i * labels, labels);
    }
    int n = rows.size();
    return new Tensor[] {
      Tensor.of(x, Shape.of(Stage.prepend(n, shape))),
      labels == 1 ? Tensor.of(y, Shape.of(n)) : Tensor.of(y, Shape.of(n, labels))
    };
  }

  private History train(
      String what,
      JavaSparkContext jsc,
      JavaRDD<Indexed> indexed,
      int n,
      int[] shape,
      int labels,
      int ranks,
      Tensor[] validation) {
    Model master = modelFactory.get();
    Optimizer opt = optimizerFactory.get();
    Loss loss = lossFactory.get();
    if (master == null || opt == null || loss == null) {
      throw new IllegalArgumentException(
          what + ": a factory returned null (model " + master + ", optimizer " + opt + ")");
    }
    if (!master.built()) {
      master.apply(Tensor.zeros(Shape.of(Stage.prepend(1, shape)), DType.FLOAT32), false);
    }
    probe(what, master, loss, shape, labels);
    metrics.compile(master, opt, loss); // a user's mistake (an unknown name) fails here
    TrainingLogs names = new TrainingLogs(master);
    this.model = master;
    this.trainedShape = shape;
    stageTimes.clear();
    stagePhases.clear();
    Checkpoints ckpt =
        checkpointDir == null ? null : new Checkpoints(checkpointDir, jsc.hadoopConfiguration());
    PrintStream out = System.out;
    SplittableRandom rng =
        new SplittableRandom(seed != null ? seed : new SplittableRandom().nextLong());
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    History history = new History();
    for (Callback c : callbacks) {
      c.setModel(master);
    }
    for (Callback c : callbacks) {
      c.onTrainBegin(new LinkedHashMap<>());
    }
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      long t0 = System.nanoTime();
      for (Callback c : callbacks) {
        c.onEpochBegin(epoch, new LinkedHashMap<>());
      }
      if (shuffle) {
        shuffle(index, rng); // fit's shuffle: the same generator, in place, epoch after epoch
      }
      int[] position = new int[n];
      for (int p = 0; p < n; p++) {
        position[index[p]] = p;
      }
      TrainState start = TrainState.capture(what, master, opt);
      start.epoch = epoch;
      start.step = 0;
      Stage.Result last =
          runEpoch(what, jsc, indexed, position, n, shape, labels, ranks, start, ckpt);
      TrainState end = last.state;
      end.restore(what, master, opt);
      if (ckpt != null) {
        TrainState saved = TrainState.capture(what, master, opt);
        saved.epoch = epoch + 1;
        saved.step = 0;
        ckpt.write(saved);
      }
      // Keras's Mean metric: float32 total += loss * rows, count += rows; the metrics' values
      // after each step as rank 0 computed them
      float total = 0f;
      float count = 0f;
      for (int s = 0; s < end.stepLoss.length; s++) {
        for (Callback c : callbacks) {
          c.onTrainBatchBegin(s, new LinkedHashMap<>());
        }
        total += (float) end.stepLoss[s] * (float) end.stepRows[s];
        count += (float) end.stepRows[s];
        if (!callbacks.isEmpty()) {
          Map<String, Double> batchLogs = stepLogs(names, total / count, last, s);
          for (Callback c : callbacks) {
            c.onTrainBatchEnd(s, batchLogs);
          }
        }
      }
      logs = stepLogs(names, total / count, last, end.stepLoss.length - 1);
      if (validation != null) {
        // fit's validation: Model.evaluate's code on the driver, logged as val_<name>
        for (Map.Entry<String, Double> e :
            master.evaluate(validation[0], validation[1], batchSize).entrySet()) {
          logs.put("val_" + e.getKey(), e.getValue());
        }
      }
      if (verbose > 0) {
        out.printf(
            Locale.ROOT,
            "Epoch %d/%d %d steps on %d ranks - %.1fs - loss: %.4f%n",
            epoch + 1,
            epochs,
            end.stepLoss.length,
            ranks,
            (System.nanoTime() - t0) / 1e9,
            logs.get("loss"));
      }
      for (Callback c : callbacks) {
        c.onEpochEnd(epoch, logs);
      }
      history.record(logs);
      if (master.stopTrainingRequested()) {
        break;
      }
    }
    for (Callback c : callbacks) {
      c.onTrainEnd(logs);
    }
    return history;
  }

  /**
   * Step {@code s}'s logs as fit hands them to callbacks: the running loss, then each metric's
   * value after the step (rank 0's; a step before the checkpoint a rerun started from has the loss
   * only).
   */
  private static Map<String, Double> stepLogs(
      TrainingLogs names, float loss, Stage.Result last, int s) {
    Map<String, Double> logs = names.logs((double) loss);
    int k = s - last.firstStep;
    if (k < 0 || last.stepMetrics == null || last.stepMetrics[k] == null) {
      logs.keySet().retainAll(List.of("loss"));
      return logs;
    }
    int j = 0;
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (!e.getKey().equals("loss")) {
        e.setValue(last.stepMetrics[k][j++]);
      }
    }
    return logs;
  }

  /**
   * One micro-batch of zeros through the model and loss on the driver, before any Spark job: a loss
   * that does not fit the model's output, or layers that update state in training, fail here with a
   * plain message instead of inside a barrier stage.
   */
  private static void probe(String what, Model model, Loss loss, int[] shape, int labels) {
    Tensor x = Tensor.zeros(Shape.of(Stage.prepend(1, shape)), DType.FLOAT32);
    Tensor y = Tensor.zeros(labels == 1 ? Shape.of(1) : Shape.of(1, labels), DType.FLOAT32);
    MicroBatches.Part p;
    try {
      p = MicroBatches.gradient(model, loss, x, y, 0, 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + ": one sample of zeros does not train: " + e.getMessage(), e);
    }
    new Codec(model.variables(), model.trainableVariables()).checkUpdates(what, p.stateUpdates());
  }

  /**
   * One epoch as barrier stages: reruns from the newest checkpoint of the epoch after a failure.
   */
  private Stage.Result runEpoch(
      String what,
      JavaSparkContext jsc,
      JavaRDD<Indexed> indexed,
      int[] position,
      int n,
      int[] shape,
      int labels,
      int ranks,
      TrainState start,
      Checkpoints ckpt) {
    Broadcast<int[]> pos = jsc.broadcast(position);
    try {
      TrainState from = start;
      for (int attempt = 0; ; attempt++) {
        Rendezvous rv;
        try {
          rv = driverRendezvous ? Rendezvous.open(driverHost(jsc), ranks) : null;
        } catch (IOException e) {
          throw new UncheckedIOException(
              what + ": cannot open the driver's rendezvous socket: " + e.getMessage(), e);
        }
        Stage stage =
            new Stage(
                modelFactory,
                optimizerFactory,
                lossFactory,
                metrics,
                batchSize,
                microBatch,
                n,
                start.epoch,
                shape,
                labels,
                from,
                ckpt,
                checkpointEvery,
                hook,
                exchangeTimeoutMs,
                rv == null ? null : rv.address());
        int skip = from.step * batchSize;
        JavaRDD<Stage.Placed> placed =
            indexed
                .filter(x -> pos.value()[(int) x.index] >= skip)
                .mapToPair(x -> {
                  int p = pos.value()[(int) x.index];
                  return new Tuple2<>(stage.rankOf(p, ranks), new Stage.Placed(p, x.sample));
                })
                .partitionBy(new RankPartitioner(ranks))
                .values();
        ClassTag<Stage.Result> tag = ClassTag$.MODULE$.apply(Stage.Result.class);
        RDD<Stage.Result> results = placed.rdd().barrier().mapPartitions(stage, false, tag);
        try {
          List<Stage.Result> rs = results.toJavaRDD().collect();
          Stage.Result end = null;
          long[][] phases = new long[ranks][];
          for (Stage.Result r : rs) {
            if (r.rank == 0) {
              end = r;
            }
            if (r.rank >= 0 && r.rank < ranks) {
              phases[r.rank] = r.phaseNanos;
            }
          }
          rankJvms.clear();
          for (Stage.Result r : rs) {
            rankJvms.add("rank " + r.rank + ": " + r.jvm);
          }
          long checksum = end == null ? 0 : end.checksum;
          for (Stage.Result r : rs) {
            if (r.checksum != checksum) {
              throw new IllegalStateException(
                  what
                      + ": rank "
                      + r.rank
                      + " ended epoch "
                      + start.epoch
                      + " with other weights");
            }
          }
          if (end == null || rs.size() != ranks) {
            throw new IllegalStateException(
                what
                    + ": epoch "
                    + start.epoch
                    + " returned "
                    + rs.size()
                    + " of "
                    + ranks
                    + " ranks");
          }
          long threadCpu = 0;
          long processCpu = 0;
          for (Stage.Result r : rs) {
            threadCpu += r.threadCpuNanos;
            processCpu += r.processCpuNanos;
          }
          stageTimes.add(
              new long[] {
                ranks, end.steps, end.wallNanos, end.slowestComputeNanos, threadCpu, processCpu
              });
          stagePhases.add(phases);
          return end;
        } catch (Exception e) {
          IllegalArgumentException user = userError(e);
          if (user != null) {
            throw user;
          }
          if (attempt >= maxRetries) {
            throw new IllegalStateException(
                what
                    + ": epoch "
                    + (start.epoch + 1)
                    + " failed "
                    + (attempt + 1)
                    + " times; the last failure: "
                    + e.getMessage(),
                e);
          }
          TrainState latest = ckpt == null ? null : ckpt.latest();
          if (latest != null && latest.epoch == start.epoch && latest.step > from.step) {
            from = latest;
          }
          if (verbose > 0) {
            System.out.printf(
                Locale.ROOT,
                "SparkTrainer: epoch %d failed (%s); rerunning it from step %d%n",
                start.epoch + 1,
                firstLine(e.getMessage()),
                from.step);
          }
        } finally {
          if (rv != null) {
            rv.close();
          }
        }
      }
    } finally {
      pos.destroy();
    }
  }

  /** How executors reach the driver: {@code spark.driver.host}, else this host's address. */
  private static String driverHost(JavaSparkContext jsc) {
    String host = jsc.getConf().get("spark.driver.host", null);
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "SparkTrainer: cannot tell executors the driver's address (no spark.driver.host): "
              + e.getMessage()
              + "; set spark.driver.host, or driverRendezvous(false)",
          e);
    }
  }

  /**
   * Adds a column of the trained model's outputs (an array of float per row) to a DataFrame,
   * computed on the executors in batches of {@code batchSize} rows.
   *
   * <pre>{@code
   * Dataset<Row> scored = trainer.predict(test, "features", "prediction");
   * scored.select("label", "prediction").show();
   * }</pre>
   *
   * @throws IllegalStateException before {@link #fit}
   * @throws IllegalArgumentException for a missing features column, a prediction column that exists
   *     already, or features that do not fill the trained input shape
   */
  public Dataset<Row> predict(Dataset<Row> data, String featuresCol, String predictionCol) {
    String what = "SparkTrainer.predict";
    if (model == null) {
      throw new IllegalStateException(what + ": call fit first; there is no trained model");
    }
    if (data == null || predictionCol == null) {
      throw new IllegalArgumentException(
          what
              + ": the DataFrame and predictionCol are required, got "
              + data
              + ", "
              + predictionCol);
    }
    StructType schema = data.schema();
    int fi = column(what, schema, featuresCol, "featuresCol");
    if (Arrays.asList(schema.fieldNames()).contains(predictionCol)) {
      throw new IllegalArgumentException(
          what + ": the DataFrame already has a column \"" + predictionCol + "\"");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    Broadcast<TrainState> weights =
        jsc.broadcast(TrainState.capture(what, model, model.optimizer()));
    Predictor p = new Predictor(modelFactory, weights, fi, featuresCol, trainedShape, batchSize);
    JavaRDD<Row> rows = data.toJavaRDD().mapPartitions(p);
    StructType out =
        schema.add(predictionCol, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return data.sparkSession().createDataFrame(rows, out);
  }

  /** Runs the model over a partition's rows in batches and appends each row's outputs. */
  private static final class Predictor implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final SerializableSupplier<? extends Model> modelFactory;
    private final Broadcast<TrainState> weights;
    private final int column;
    private final String columnName;
    private final int[] shape;
    private final int batchSize;

    Predictor(
        SerializableSupplier<? extends Model> modelFactory,
        Broadcast<TrainState> weights,
        int column,
        String columnName,
        int[] shape,
        int batchSize) {
      this.modelFactory = modelFactory;
      this.weights = weights;
      this.column = column;
      this.columnName = columnName;
      this.shape = shape;
      this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> it) {
      String what = "SparkTrainer.predict";
      List<Row> out = new ArrayList<>();
      if (!it.hasNext()) {
        return out.iterator();
      }
      Model m = modelFactory.get();
      if (!m.built()) {
        m.apply(Tensor.zeros(Shape.of(Stage.prepend(1, shape)), DType.FLOAT32), false);
      }
      weights.value().restoreWeights(what, m);
      int features = 1;
      for (int d : shape) {
        features *= d;
      }
      List<Row> batch = new ArrayList<>(batchSize);
      while (it.hasNext()) {
        batch.add(it.next());
        if (batch.size() == batchSize || !it.hasNext()) {
          float[] x = new float[batch.size() * features];
          for (int k = 0; k < batch.size(); k++) {
            float[] f = numbers(what, batch.get(k).get(column), columnName, true);
            if (f.length != features) {
              throw new IllegalArgumentException(
                  what
                      + ": a row of \""
                      + columnName
                      + "\" has "
                      + f.length
                      + " values, the model was trained on "
                      + features);
            }
            System.arraycopy(f, 0, x, k * features, features);
          }
          Tensor y =
              m.predict(Tensor.of(x, Shape.of(Stage.prepend(batch.size(), shape))), batchSize);
          float[] v = y.cast(DType.FLOAT32).toFloatArray();
          int per = v.length / batch.size();
          for (int k = 0; k < batch.size(); k++) {
            Row r = batch.get(k);
            Object[] values = new Object[r.size() + 1];
            for (int c = 0; c < r.size(); c++) {
              values[c] = r.get(c);
            }
            List<Float> pred = new ArrayList<>(per);
            for (int j = 0; j < per; j++) {
              pred.add(v[k * per + j]);
            }
            values[r.size()] = scala.jdk.javaapi.CollectionConverters.asScala(pred); // a Seq
            out.add(RowFactory.create(values));
          }
          batch.clear();
        }
      }
      return out.iterator();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A sample and its index in the data's order. */
  static final class Indexed implements Serializable {
    private static final long serialVersionUID = 1L;
    final long index;
    final Sample sample;

    Indexed(long index, Sample sample) {
      this.index = index;
      this.sample = sample;
    }
  }

  /** Rank r's rows go to partition r: the barrier stage's task r. */
  static final class RankPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int ranks;

    RankPartitioner(int ranks) {
      this.ranks = ranks;
    }

    @Override
    public int numPartitions() {
      return ranks;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RankPartitioner p && p.ranks == ranks;
    }

    @Override
    public int hashCode() {
      return ranks;
    }
  }

  /** count, min and max feature count, min and max label count. */
  private static long[] stats(Indexed x) {
    long f = x.sample.featureCount();
    long l = x.sample.labelCount();
    return new long[] {1, f, f, l, l};
  }

  private static long[] merge(long[] a, long[] b) {
    return new long[] {
      a[0] + b[0],
      Math.min(a[1], b[1]),
      Math.max(a[2], b[2]),
      Math.min(a[3], b[3]),
      Math.max(a[4], b[4])
    };
  }

  private static int column(String what, StructType schema, String name, String arg) {
    if (name == null) {
      throw new IllegalArgumentException(what + ": " + arg + " is null");
    }
    List<String> names = Arrays.asList(schema.fieldNames());
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          what + ": no column \"" + name + "\" (" + arg + "); the columns are " + names);
    }
    return i;
  }

  /**
   * The numbers of a cell: an array of numbers, a Spark ML (or MLlib) vector, or (for labels) one
   * number.
   */
  static float[] numbers(String what, Object v, String col, boolean features) {
    if (v == null) {
      throw new IllegalArgumentException(what + ": a row has null in column \"" + col + "\"");
    }
    if (v instanceof Number num && !features) {
      return new float[] {num.floatValue()};
    }
    if (v instanceof Boolean b && !features) {
      return new float[] {b ? 1f : 0f};
    }
    Iterable<?> items = null;
    if (v instanceof scala.collection.Iterable<?> s) {
      items = scala.jdk.javaapi.CollectionConverters.asJava(s);
    } else if (v instanceof Iterable<?> l) {
      items = l;
    } else if (v instanceof float[] f) {
      return f.clone();
    } else if (v instanceof double[] d) {
      return toFloats(d);
    } else if (v.getClass().getName().startsWith("org.apache.spark.ml.linalg.")
        || v.getClass().getName().startsWith("org.apache.spark.mllib.linalg.")) {
      try {
        Method toArray = v.getClass().getMethod("toArray");
        return toFloats((double[]) toArray.invoke(v));
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException(
            what + ": cannot read the vector in column \"" + col + "\": " + e, e);
      }
    }
    if (items == null) {
      throw new IllegalArgumentException(
          what
              + ": column \""
              + col
              + "\" holds a "
              + v.getClass().getName()
              + "; expected "
              + (features
                  ? "an array of numbers or an ML vector"
                  : "a number or an array of numbers"));
    }
    List<Float> out = new ArrayList<>();
    for (Object o : items) {
      if (!(o instanceof Number num)) {
        throw new IllegalArgumentException(
            what
                + ": column \""
                + col
                + "\" has a "
                + (o == null ? "null" : o.getClass().getSimpleName())
                + " element; expected numbers");
      }
      out.add(num.floatValue());
    }
    float[] f = new float[out.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = out.get(i);
    }
    return f;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** The IllegalArgumentException behind a failed Spark job (a user's mistake), if any. */
  private static IllegalArgumentException userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return iae;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    // a failed barrier stage carries no cause, only the task's exception as text
    String m = e.getMessage();
    String tag = IllegalArgumentException.class.getName() + ": ";
    int at = m == null ? -1 : m.indexOf(tag);
    if (at >= 0) {
      return new IllegalArgumentException(firstLine(m.substring(at + tag.length())), e);
    }
    return null;
  }

  private interface Job<T> {
    T run();
  }

  private static <T> T unwrap(String what, Job<T> job) {
    try {
      return job.run();
    } catch (Exception e) {
      IllegalArgumentException user = userError(e);
      if (user != null) {
        throw new IllegalArgumentException(user.getMessage(), e);
      }
      throw e;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Builds a {@link SparkTrainer}.
   *
   * <pre>{@code
   * SparkTrainer t = SparkTrainer.builder().model(Mlp::build).optimizer(() -> new Adam(1e-3))
   *     .loss(() -> Losses.sparseCategoricalCrossentropy(true)).batchSize(256).microBatch(32)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private SerializableSupplier<? extends Model> modelFactory;
    private SerializableSupplier<? extends Optimizer> optimizerFactory;
    private SerializableSupplier<? extends Loss> lossFactory;
    private MetricSpecs metrics = MetricSpecs.NONE;
    private int batchSize = 32;
    private int microBatch = 32;
    private int epochs = 1;
    private Long seed;
    private boolean shuffle = true;
    private int numWorkers;
    private String checkpointDir;
    private int checkpointEvery;
    private int maxRetries = 3;
    private long exchangeTimeoutMs = 600_000;
    private boolean driverRendezvous = true;
    private JavaRDD<Sample> validationSamples;
    private Dataset<Row> validationFrame;
    private int verbose = 1;
    private int[] inputShape;
    private final List<Callback> callbacks = new ArrayList<>();
    private Stage.StepHook hook;

    private Builder() {}

    /**
     * The model factory, called once on the driver and once per rank: it must build the same model
     * every time (same layers; seeded initializers, or the driver's initial weights are sent to the
     * ranks anyway).
     */
    public Builder model(SerializableSupplier<? extends Model> factory) {
      this.modelFactory = require("model", factory);
      return this;
    }

    /** The optimizer factory: {@code () -> new Adam(1e-3)}, called on the driver and per rank. */
    public Builder optimizer(SerializableSupplier<? extends Optimizer> factory) {
      this.optimizerFactory = require("optimizer", factory);
      return this;
    }

    /** The loss factory: {@code () -> Losses.sparseCategoricalCrossentropy(true)}. */
    public Builder loss(SerializableSupplier<? extends Loss> factory) {
      this.lossFactory = require("loss", factory);
      return this;
    }

    /**
     * Metrics by Keras's names, as {@code Model.compile(optimizer, loss, "accuracy")} takes them:
     * logged after the loss under the names given ({@code accuracy}), each step's and epoch's
     * values equal to those of {@code fit} with the same {@code batchSize} and {@code microBatch}.
     * Rank 0 computes them from the whole batch's predictions, which travel with the gradients.
     *
     * <pre>{@code
     * SparkTrainer.builder()...metrics("accuracy", "mse").build();
     * }</pre>
     *
     * @throws IllegalArgumentException for null names (an unknown name fails in {@code fit})
     */
    public Builder metrics(String... names) {
      if (names == null || Arrays.asList(names).contains(null)) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.metrics: a name is null in " + Arrays.toString(names));
      }
      this.metrics = new MetricSpecs(names.clone(), List.of());
      return this;
    }

    /**
     * Metric objects by their factories (a metric holds state: rank 0 and the driver each make
     * their own), as {@code Model.compile(optimizer, loss, new AUC())}; logged under {@link
     * Metric#name()}. Replaces metrics given by name.
     *
     * <pre>{@code
     * SparkTrainer.builder()...metrics(() -> new AUC(), () -> new Precision()).build();
     * }</pre>
     *
     * @throws IllegalArgumentException for a null factory
     */
    @SafeVarargs
    public final Builder metrics(SerializableSupplier<? extends Metric>... factories) {
      if (factories == null || Arrays.asList(factories).contains(null)) {
        throw new IllegalArgumentException("SparkTrainer.Builder.metrics: a factory is null");
      }
      this.metrics = new MetricSpecs(new String[0], List.of(factories));
      return this;
    }

    /** Rows per optimizer step (default 32), as {@code FitOptions.batchSize}. */
    public Builder batchSize(int rows) {
      this.batchSize = positive("batchSize", rows);
      return this;
    }

    /**
     * Rows per micro-batch (default 32), as {@code FitOptions.microBatch}: with the batch size it
     * fixes the numbers; the ranks share a batch's micro-batches.
     */
    public Builder microBatch(int rows) {
      this.microBatch = positive("microBatch", rows);
      return this;
    }

    /** Passes over the data (default 1). */
    public Builder epochs(int epochs) {
      this.epochs = positive("epochs", epochs);
      return this;
    }

    /** The shuffle's seed, as {@code FitOptions.seed}; unset, a random one. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether each epoch reorders the rows (default true), as {@code FitOptions.shuffle}. */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * The number of barrier ranks (tasks that train together); default: Spark's default
     * parallelism. Never changes the result.
     */
    public Builder numWorkers(int ranks) {
      this.numWorkers = positive("numWorkers", ranks);
      return this;
    }

    /** Where checkpoints go: a Hadoop file system URI or path ({@code hdfs:///runs/a}). */
    public Builder checkpointDir(String dir) {
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.checkpointDir: a directory is required, got " + dir);
      }
      this.checkpointDir = dir;
      return this;
    }

    /**
     * Rank 0 checkpoints after every {@code steps} optimizer steps (and the driver at each epoch
     * end); 0 (the default) means epoch ends only.
     */
    public Builder checkpointEvery(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.checkpointEvery: steps must be >= 0, got " + steps);
      }
      this.checkpointEvery = steps;
      return this;
    }

    /** How often a failed epoch is rerun (default 3). */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.maxRetries: retries must be >= 0, got " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /** How long a rank waits for another's gradients before it fails (default 600 s). */
    public Builder exchangeTimeoutSeconds(int seconds) {
      this.exchangeTimeoutMs = 1000L * positive("exchangeTimeoutSeconds", seconds);
      return this;
    }

    /**
     * How the ranks of an epoch's barrier stage learn each other's addresses: true (the default)
     * through a socket the driver opens on an ephemeral port of {@code spark.driver.host}; false
     * through {@code BarrierTaskContext.allGather}, which needs no port on the driver but costs
     * about a second an epoch (its callers poll for the answer once a second).
     */
    public Builder driverRendezvous(boolean viaDriver) {
      this.driverRendezvous = viaDriver;
      return this;
    }

    /**
     * Data to evaluate after each epoch, as {@code FitOptions.validationData}: collected to the
     * driver once and evaluated there by {@code Model.evaluate} in batches of {@code batchSize};
     * logged as {@code val_loss} and {@code val_<metric>}, equal to {@code fit}'s.
     *
     * <pre>{@code
     * SparkTrainer.builder()...validationData(testSamples).build();
     * }</pre>
     *
     * @throws IllegalArgumentException for null
     */
    public Builder validationData(JavaRDD<Sample> samples) {
      this.validationSamples = require("validationData", samples);
      this.validationFrame = null;
      return this;
    }

    /**
     * Validation data as a DataFrame with the columns {@code fit(Dataset, featuresCol, labelCol)}
     * names (see {@link #validationData(JavaRDD)}).
     *
     * @throws IllegalArgumentException for null
     */
    public Builder validationData(Dataset<Row> frame) {
      this.validationFrame = require("validationData", frame);
      this.validationSamples = null;
      return this;
    }

    /** 1 (default) prints a line per epoch on the driver; 0 prints nothing. */
    public Builder verbose(int verbose) {
      if (verbose < 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.verbose: must be 0 or 1, got " + verbose);
      }
      this.verbose = verbose;
      return this;
    }

    /** The shape of one sample's features (default: a flat vector), e.g. {@code 28, 28, 1}. */
    public Builder inputShape(int... dims) {
      if (dims == null || dims.length == 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.inputShape: at least one dimension is required");
      }
      for (int d : dims) {
        positive("inputShape", d);
      }
      this.inputShape = dims.clone();
      return this;
    }

    /** Callbacks that run on the driver (see the class comment for when). */
    public Builder callbacks(Callback... callbacks) {
      if (callbacks == null) {
        throw new IllegalArgumentException("SparkTrainer.Builder.callbacks: null");
      }
      for (Callback c : callbacks) {
        if (c == null) {
          throw new IllegalArgumentException(
              "SparkTrainer.Builder.callbacks: a callback is null in "
                  + Arrays.toString(callbacks));
        }
      }
      Collections.addAll(this.callbacks, callbacks);
      return this;
    }

    /** Tests: a hook called before each step on each rank. */
    Builder stepHook(Stage.StepHook hook) {
      this.hook = hook;
      return this;
    }

    /**
     * The trainer.
     *
     * @throws IllegalArgumentException without a model, optimizer or loss factory
     */
    public SparkTrainer build() {
      if (modelFactory == null || optimizerFactory == null || lossFactory == null) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.build: model, optimizer and loss are required; missing"
                + (modelFactory == null ? " model" : "")
                + (optimizerFactory == null ? " optimizer" : "")
                + (lossFactory == null ? " loss" : ""));
      }
      return new SparkTrainer(this);
    }

    private static <T> T require(String what, T value) {
      if (value == null) {
        throw new IllegalArgumentException("SparkTrainer.Builder." + what + ": null");
      }
      return value;
    }

    private static int positive(String what, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder." + what + ": must be >= 1, got " + value);
      }
      return value;
    }
  }
}
