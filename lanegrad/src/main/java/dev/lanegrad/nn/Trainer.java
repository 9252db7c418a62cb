package dev.lanegrad.nn;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.StepFunction;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.data.DatasetIterator;
import dev.lanegrad.internal.kernels.Threads;
import dev.lanegrad.metrics.BinaryAccuracy;
import dev.lanegrad.metrics.BinaryCrossentropy;
import dev.lanegrad.metrics.CategoricalAccuracy;
import dev.lanegrad.metrics.CategoricalCrossentropy;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.Metrics;
import dev.lanegrad.metrics.SparseCategoricalAccuracy;
import dev.lanegrad.metrics.SparseCategoricalCrossentropy;
import dev.lanegrad.optimizers.Optimizer;
import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** The loops behind {@link Model#fit}, {@link Model#evaluate} and {@link Model#predict}. */
final class Trainer {
  private final Model model;
  private final Optimizer optimizer;
  private final Loss loss;
  private final List<Object> specs;
  private final double threshold;
  private List<Metric> metrics;
  private int microBatch;
  private int replicas = 1;
  private ExecutorService pool;
  private boolean warm;
  private StepFunction step;

  Trainer(Model model, Optimizer optimizer, Loss loss, List<Object> specs) {
    this.model = model;
    this.optimizer = optimizer;
    this.loss = loss;
    this.specs = specs;
    // Keras 2.15's compile_utils picks binary_accuracy with its default threshold 0.5 whatever the
    // loss, so 'accuracy' on logits compares logits with 0.5, as Keras does
    this.threshold = 0.5;
  }

  History fit(Tensor x, Tensor y, FitOptions o) {
    String what = "Model \"" + model.name() + "\".fit";
    Rows xr = new Rows(what, "x", x);
    Rows yr = new Rows(what, "y", y);
    sameLength(what, "x", xr, "y", yr);
    int n = xr.count;
    Rows vx = null;
    Rows vy = null;
    int[] valIndex = null;
    int trainN = n;
    if (o.validationX != null) {
      vx = new Rows(what, "validation x", o.validationX);
      vy = new Rows(what, "validation y", o.validationY);
      sameLength(what, "validation x", vx, "validation y", vy);
      valIndex = range(0, vx.count);
    } else if (o.validationSplit > 0) {
      // Keras: split_at = floor(n * (1 - split)); validation is the tail, taken before shuffling
      trainN = (int) Math.floor(n * (1.0 - o.validationSplit));
      if (trainN == 0 || trainN == n) {
        throw new IllegalArgumentException(
            what
                + ": validationSplit="
                + o.validationSplit
                + " of "
                + n
                + " samples leaves "
                + trainN
                + " for training and "
                + (n - trainN)
                + " for validation; both must be"
                + " non-empty (x shape "
                + x.shape()
                + ")");
      }
      vx = xr;
      vy = yr;
      valIndex = range(trainN, n);
    }
    int[] index = range(0, trainN);
    SplittableRandom rng = new SplittableRandom(o.seed != null ? o.seed : Utils.nextSeed());
    int steps = (trainN + o.batchSize - 1) / o.batchSize;
    int[] valIdx = valIndex;
    Rows fvx = vx;
    Rows fvy = vy;
    Supplier<Map<String, Double>> validate = null;
    if (o.validationDataset != null) {
      validate = () -> evaluateDataset(what, o.validationDataset);
    } else if (vx != null) {
      validate = () -> evaluateRows(fvx, fvy, valIdx, o.batchSize);
    }
    Epochs epochs =
        epoch -> {
          if (o.shuffle) {
            shuffle(index, rng);
          }
          return new DatasetIterator() {
            int from;

            @Override
            public boolean hasNext() {
              return from < index.length;
            }

            @Override
            public List<Tensor> next() {
              int to = Math.min(index.length, from + o.batchSize);
              List<Tensor> b = List.of(xr.take(index, from, to), yr.take(index, from, to));
              from = to;
              return b;
            }

            @Override
            public void close() {}
          };
        };
    return loop(what, epochs, steps, validate, o, false);
  }

  /** Keras's fit over a dataset of batches {@code [x, y]}: one pass per epoch. */
  History fit(Dataset data, FitOptions o) {
    String what = "Model \"" + model.name() + "\".fit";
    if (o.validationSplit > 0) {
      throw new IllegalArgumentException(
          what
              + ": validationSplit is only supported for tensors, not for a Dataset (as Keras);"
              + " pass validationData(dataset)");
    }
    Supplier<Map<String, Double>> validate = null;
    if (o.validationDataset != null) {
      validate = () -> evaluateDataset(what, o.validationDataset);
    } else if (o.validationX != null) {
      Rows vx = new Rows(what, "validation x", o.validationX);
      Rows vy = new Rows(what, "validation y", o.validationY);
      sameLength(what, "validation x", vx, "validation y", vy);
      int[] vi = range(0, vx.count);
      validate = () -> evaluateRows(vx, vy, vi, o.batchSize);
    }
    long card = data.cardinality();
    if (card == Dataset.INFINITE && o.stepsPerEpoch == 0) {
      throw new IllegalArgumentException(
          what
              + ": the dataset repeats forever; set FitOptions.stepsPerEpoch to say how many"
              + " batches make an epoch");
    }
    if (o.stepsPerEpoch > 0) {
      // Keras: one iterator across epochs; running out of data ends training
      DatasetIterator[] shared = new DatasetIterator[1];
      Epochs epochs =
          epoch -> {
            if (shared[0] == null) {
              shared[0] = data.iterator();
            }
            DatasetIterator it = shared[0];
            return new DatasetIterator() {
              int taken;

              @Override
              public boolean hasNext() {
                return taken < o.stepsPerEpoch && it.hasNext();
              }

              @Override
              public List<Tensor> next() {
                taken++;
                return it.next();
              }

              @Override
              public void close() {
                if (taken < o.stepsPerEpoch || !it.hasNext()) {
                  it.close();
                  shared[0] = null;
                }
              }
            };
          };
      try {
        return loop(what, epochs, o.stepsPerEpoch, validate, o, true);
      } finally {
        if (shared[0] != null) {
          shared[0].close();
        }
      }
    }
    int steps = card >= 0 ? (int) Math.min(Integer.MAX_VALUE, card) : -1;
    return loop(what, epoch -> data.iterator(), steps, validate, o, false);
  }

  /** The batches of one epoch. */
  private interface Epochs {
    DatasetIterator open(int epoch);
  }

  /** The epoch loop shared by tensors and datasets, with Keras's callback order. */
  private History loop(
      String what,
      Epochs epochs,
      int steps,
      Supplier<Map<String, Double>> validate,
      FitOptions o,
      boolean sharedPass) {
    microBatch = o.microBatch;
    replicas = o.replicas;
    try {
      return epochs(what, epochs, steps, validate, o, sharedPass);
    } finally {
      closePool();
    }
  }

  private History epochs(
      String what,
      Epochs epochs,
      int steps,
      Supplier<Map<String, Double>> validate,
      FitOptions o,
      boolean sharedPass) {
    PrintStream out = o.out != null ? o.out : System.out;
    boolean terminal = o.out == null && isTerminal();
    History history = new History();
    List<Callback> callbacks = o.callbacks;
    model.resetStopTraining();
    for (Callback c : callbacks) {
      c.setModel(model);
    }
    try {
      return loop(o, steps, epochs, validate, what, sharedPass, out, terminal, history, callbacks);
    } catch (RuntimeException | Error e) {
      // a callback holding a file (TensorBoard, CSVLogger) must not keep it open when fit throws
      for (Callback c : callbacks) {
        if (c instanceof AutoCloseable a) {
          try {
            a.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
      }
      throw e;
    }
  }

  private History loop(
      FitOptions o,
      int steps,
      Epochs epochs,
      Supplier<Map<String, Double>> validate,
      String what,
      boolean sharedPass,
      PrintStream out,
      boolean terminal,
      History history,
      List<Callback> callbacks) {
    for (Callback c : callbacks) {
      c.onTrainBegin(new LinkedHashMap<>());
    }
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
      for (Callback c : callbacks) {
        c.onEpochBegin(epoch, new LinkedHashMap<>());
      }
      Progress progress = new Progress(out, terminal, o.verbose, epoch + 1, o.epochs, steps);
      resetMetrics();
      // Keras's Mean metric: float32 variables total += loss * batch size, count += batch size
      float total = 0f;
      float count = 0f;
      long seen = 0;
      int s = 0;
      boolean ranOut = false;
      try (DatasetIterator it = epochs.open(epoch)) {
        while (it.hasNext()) {
          List<Tensor> batch = it.next();
          if (batch.size() != 2) {
            throw new IllegalArgumentException(
                what
                    + ": a training element must be [x, y] (features, then the label), got "
                    + batch.size()
                    + " components");
          }
          for (Callback c : callbacks) {
            c.onTrainBatchBegin(s, new LinkedHashMap<>());
          }
          Tensor xb = batch.get(0);
          Tensor yb = batch.get(1);
          int rows = xb.rank() == 0 ? 1 : xb.shape().dim(0);
          double l = trainStep(xb, yb);
          total += (float) l * (float) rows;
          count += (float) rows;
          seen += rows;
          s++;
          Map<String, Double> batchLogs = metricLogs((double) (total / count));
          progress.update(s, seen, batchLogs);
          if (!callbacks.isEmpty()) {
            for (Callback c : callbacks) {
              c.onTrainBatchEnd(s - 1, batchLogs);
            }
          }
          if (model.stopTrainingRequested()) {
            break;
          }
        }
        ranOut = sharedPass && s < o.stepsPerEpoch && !model.stopTrainingRequested();
      }
      if (s == 0) {
        if (epoch == o.initialEpoch) {
          throw new IllegalArgumentException(what + ": the training data yielded no batch");
        }
        break; // Keras: out of data before this epoch began; the last epoch's logs stand
      }
      logs = metricLogs((double) (total / count));
      if (validate != null) {
        for (Map.Entry<String, Double> e : validate.get().entrySet()) {
          logs.put("val_" + e.getKey(), e.getValue());
        }
      }
      progress.end(logs);
      for (Callback c : callbacks) {
        c.onEpochEnd(epoch, logs);
      }
      history.record(logs);
      if (model.stopTrainingRequested() || ranOut) {
        break;
      }
    }
    for (Callback c : callbacks) {
      c.onTrainEnd(logs);
    }
    return history;
  }

  /** Loss and accuracy over a dataset of batches {@code [x, y]}. */
  Map<String, Double> evaluateDataset(String what, Dataset data) {
    Evaluation sums = new Evaluation();
    if (data.cardinality() == Dataset.INFINITE) {
      throw new IllegalArgumentException(
          what + ": cannot evaluate a dataset that repeats forever; take(n) batches of it");
    }
    try (DatasetIterator it = data.iterator()) {
      while (it.hasNext()) {
        List<Tensor> batch = it.next();
        if (batch.size() != 2) {
          throw new IllegalArgumentException(
              what
                  + ": an evaluation element must be [x, y] (features, then the label), got "
                  + batch.size()
                  + " components");
        }
        Tensor pred = model.apply(batch.get(0), false);
        sums.add(batch.get(1), pred, pred.rank() == 0 ? 1 : pred.shape().dim(0));
      }
    }
    return sums.logs();
  }

  /** The outputs for the first component of each batch, concatenated along axis 0. */
  static Tensor predict(Model model, Dataset data) {
    String what = "Model \"" + model.name() + "\".predict";
    if (data.cardinality() == Dataset.INFINITE) {
      throw new IllegalArgumentException(
          what + ": cannot predict a dataset that repeats forever; take(n) batches of it");
    }
    List<Tensor> parts = new ArrayList<>();
    try (DatasetIterator it = data.iterator()) {
      while (it.hasNext()) {
        parts.add(model.apply(it.next().get(0), false));
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(what + ": the dataset yielded no batch");
    }
    return parts.size() == 1 ? parts.get(0) : Ops.concat(parts, 0);
  }

  Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
    String what = "Model \"" + model.name() + "\".evaluate";
    if (batchSize < 1) {
      throw new IllegalArgumentException(what + ": batchSize must be >= 1, got " + batchSize);
    }
    Rows xr = new Rows(what, "x", x);
    Rows yr = new Rows(what, "y", y);
    sameLength(what, "x", xr, "y", yr);
    return evaluateRows(xr, yr, range(0, xr.count), batchSize);
  }

  static Tensor predict(Model model, Tensor x, int batchSize) {
    String what = "Model \"" + model.name() + "\".predict";
    if (batchSize < 1) {
      throw new IllegalArgumentException(what + ": batchSize must be >= 1, got " + batchSize);
    }
    Rows xr = new Rows(what, "x", x);
    if (xr.count == 0) {
      throw new IllegalArgumentException(what + ": x has no samples (shape " + x.shape() + ")");
    }
    if (xr.count <= batchSize) {
      return model.apply(x, false);
    }
    int[] index = range(0, xr.count);
    List<Tensor> parts = new ArrayList<>();
    for (int from = 0; from < xr.count; from += batchSize) {
      parts.add(model.apply(xr.take(index, from, Math.min(xr.count, from + batchSize)), false));
    }
    return Ops.concat(parts, 0);
  }

  // ---------------------------------------------------------------- steps

  /** One optimizer step; returns the batch loss and adds the batch to the metrics. */
  private double trainStep(Tensor xb, Tensor yb) {
    if (microBatch > 0 && xb.rank() > 0) {
      return microBatchStep(xb, yb);
    }
    // Keras runs train_step as a tf.function; so does fit here: the step's buffers are reused
    // from batch to batch, and nothing of the step outlives it but the loss
    if (step == null) {
      step = new StepFunction(in -> plainStep(in.get(0), in.get(1)));
    }
    return step.call(xb, yb).doubleValue();
  }

  /**
   * Keras's {@code train_on_batch} with {@code reset_metrics=True}: one step, this batch's loss.
   */
  double trainOnBatch(Tensor xb, Tensor yb) {
    resetMetrics();
    return trainStep(xb, yb);
  }

  /** The forward pass under a tape, the metrics, one optimizer step; returns the loss. */
  private Tensor plainStep(Tensor xb, Tensor yb) {
    Tensor pred;
    Tensor l;
    GradientTape tape = new GradientTape();
    try (tape) {
      pred = model.apply(xb, true);
      l = withRegularization(lossValue(yb, pred));
    }
    // the metrics before the step: labels a metric rejects leave the variables as they were
    updateMetrics(yb, pred);
    List<Variable> vars = model.trainableVariables();
    if (!vars.isEmpty()) {
      List<Tensor> grads = tape.gradient(l, vars);
      optimizer.applyGradients(grads, vars);
    }
    return l;
  }

  /**
   * One optimizer step over micro-batches ({@link FitOptions.Builder#microBatch}): gradients of the
   * summed loss of each micro-batch, added in {@link MicroBatches#combine}'s fixed tree and divided
   * once by the batch's rows, so that the result never depends on which replica computed which
   * micro-batch.
   */
  private double microBatchStep(Tensor xb, Tensor yb) {
    String what = "Model \"" + model.name() + "\".fit";
    Rows xr = new Rows(what, "x", xb);
    Rows yr = new Rows(what, "y", yb);
    sameLength(what, "x", xr, "y", yr);
    int rows = xr.count;
    int m = (rows + microBatch - 1) / microBatch;
    int[] index = range(0, rows);
    MicroBatches.Part[] parts = new MicroBatches.Part[m];
    long at = optimizer.iterations(); // the step, counted across fit calls as Keras's iterations
    // combine's tree, summed by the replicas as their micro-batches finish
    MicroBatches.Sums sums = new MicroBatches.Sums(m);
    IntConsumer part =
        i -> {
          int from = i * microBatch;
          int to = Math.min(rows, from + microBatch);
          parts[i] =
              MicroBatches.gradient(
                  model, loss, xr.take(index, from, to), yr.take(index, from, to), at, i);
          sums.add(i, parts[i].gradients());
        };
    runParts(part, m);
    // state updates (moving statistics) in micro-batch order, as one replica would make them
    Tensor[] preds = new Tensor[m];
    for (int i = 0; i < m; i++) {
      for (Runnable u : parts[i].stateUpdates()) {
        u.run();
      }
      preds[i] = parts[i].predictions();
    }
    // read after the parts ran: a model built by its first call has its variables only now
    List<Variable> vars = model.trainableVariables();
    if (!vars.isEmpty()) {
      List<Tensor> sum = sums.result();
      List<Tensor> mean = new ArrayList<>(sum.size());
      for (Tensor g : sum) {
        mean.add(g == null ? null : g.div((double) rows));
      }
      optimizer.applyGradients(mean, vars);
    }
    model.replicaReady = true;
    Tensor pred = m == 1 ? preds[0] : Ops.concat(Arrays.asList(preds), 0);
    return reportBatch(yb, pred);
  }

  /**
   * A micro-batched step's report, as without micro-batches: the batch's loss over all its
   * predictions (with the regularization losses), and the metrics updated with them.
   */
  double reportBatch(Tensor yb, Tensor pred) {
    Tensor l = withRegularization(lossValue(yb, pred));
    updateMetrics(yb, pred);
    return l.doubleValue();
  }

  /**
   * Runs {@code part(0..m-1)}: on the caller alone with one replica, else on the replica threads,
   * each taking the next micro-batch. The first step runs micro-batch 0 alone first, so that layers
   * build once, on one thread.
   */
  private void runParts(IntConsumer part, int m) {
    int first = 0;
    if (replicas == 1 || m == 1 || !(warm || model.replicaReady)) {
      part.accept(0);
      first = 1;
      warm = true;
      if (replicas == 1 || m == 1) {
        for (int i = 1; i < m; i++) {
          part.accept(i);
        }
        return;
      }
    }
    AtomicInteger next = new AtomicInteger(first);
    int threads = Math.min(replicas, m - first);
    List<Future<?>> running = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      running.add(
          pool()
              .submit(() -> {
                for (int i = next.getAndIncrement(); i < m; i = next.getAndIncrement()) {
                  part.accept(i);
                }
              }));
    }
    RuntimeException failure = null;
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error err) {
          throw err;
        }
        if (failure == null) {
          failure =
              cause instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(cause.getMessage(), cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Model \"" + model.name() + "\".fit: interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The replica threads, started on first use and stopped when {@code fit} returns. */
  private ExecutorService pool() {
    if (pool == null) {
      int cap = Math.max(1, Threads.get() / replicas);
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              replicas,
              r -> {
                Thread t =
                    new Thread(
                        () -> {
                          Threads.capCurrentThread(cap);
                          r.run();
                        },
                        "lanegrad-replica-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  private void closePool() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }

  private Map<String, Double> evaluateRows(Rows xr, Rows yr, int[] index, int batchSize) {
    Evaluation sums = new Evaluation();
    for (int from = 0; from < index.length; from += batchSize) {
      int to = Math.min(index.length, from + batchSize);
      sums.add(yr.take(index, from, to), model.apply(xr.take(index, from, to), false), to - from);
    }
    return sums.logs();
  }

  /**
   * Keras's evaluation means: float32 sums {@code total += loss * rows}, {@code count += rows} (its
   * Mean metric's variables), and the compiled metrics, reset when the evaluation starts.
   */
  private final class Evaluation {
    private float total;
    private float count;
    private long seen;

    Evaluation() {
      resetMetrics();
    }

    void add(Tensor yb, Tensor pred, int rows) {
      float l = withRegularization(lossValue(yb, pred)).floatValue();
      updateMetrics(yb, pred);
      total += l * (float) rows;
      count += (float) rows;
      seen += rows;
    }

    Map<String, Double> logs() {
      return metricLogs(seen == 0 ? Double.NaN : (double) (total / count));
    }
  }

  private Tensor lossValue(Tensor yTrue, Tensor yPred) {
    return MicroBatches.meanLoss(model, loss, yTrue, yPred);
  }

  /**
   * Keras's compiled loss: the regularization losses of the model ({@link Layer#losses()}) are
   * added to the data loss, in training and in evaluation alike.
   */
  private Tensor withRegularization(Tensor l) {
    for (Tensor r : model.losses()) {
      // a non-scalar penalty counts as its sum, as a tape differentiates a non-scalar target
      Tensor s = r.rank() == 0 ? r : r.sum();
      l = l.add(s.dtype() == l.dtype() ? s : s.cast(l.dtype()));
    }
    return l;
  }

  // ---------------------------------------------------------------- metrics

  /**
   * {@code {loss, then each metric's result}} in compile order, printed as Keras's progress bar;
   * metrics not yet resolved (no batch seen) read 0, as a fresh Keras metric.
   */
  Map<String, Double> metricLogs(double lossValue) {
    Map<String, Double> logs = new Logs(); // prints 0.9000, keeps 0.8999999761581421
    logs.put("loss", lossValue);
    if (metrics != null) {
      for (Metric m : metrics) {
        logs.put(m.name(), m.result());
      }
    } else {
      for (Object spec : specs) {
        logs.put(spec instanceof Metric m ? m.name() : (String) spec, 0.0);
      }
    }
    return logs;
  }

  void resetMetrics() {
    if (metrics != null) {
      for (Metric m : metrics) {
        m.resetState();
      }
    } else {
      for (Object spec : specs) {
        if (spec instanceof Metric m) {
          m.resetState();
        }
      }
    }
  }

  /** Adds a batch to every metric, resolving the names on the first batch as Keras does. */
  private void updateMetrics(Tensor yTrue, Tensor yPred) {
    if (specs.isEmpty()) {
      return;
    }
    if (metrics == null) {
      List<Metric> resolved = new ArrayList<>(specs.size());
      for (Object spec : specs) {
        resolved.add(
            spec instanceof Metric m ? m : resolve((String) spec, yTrue.shape(), yPred.shape()));
      }
      metrics = resolved;
    }
    // compile_utils.match_dtype_and_rank: labels (n) against predictions (n, k) become (n, 1)
    Tensor t = yTrue;
    if (t.rank() == 1 && yPred.rank() == 2) {
      t = t.expandDims(-1);
    }
    for (Metric m : metrics) {
      try {
        m.updateState(t, yPred);
      } catch (IllegalArgumentException e) {
        // the metric names itself; the caller is the model's fit, evaluate or trainOnBatch
        throw new IllegalArgumentException("Model \"" + model.name() + "\": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Keras's {@code compile_utils} choice for {@code "accuracy"} and {@code "acc"} from the shapes;
   * any other name through {@link Metrics#get}.
   */
  private Metric resolve(String name, Shape t, Shape p) {
    if (!Metrics.byShapes(name)) {
      return Metrics.get(name);
    }
    boolean accuracy = name.toLowerCase(java.util.Locale.ROOT).startsWith("acc");
    // Keras's crossentropy here is the metric function with from_logits=False, whatever the loss
    if (p.rank() <= 1 || p.dim(-1) == 1) {
      return accuracy
          ? new ColumnAccuracy(new BinaryAccuracy(name, threshold))
          : new BinaryCrossentropy(name, false, 0);
    }
    if (t.rank() < p.rank() || (t.rank() > 0 && t.dim(-1) == 1)) {
      return accuracy
          ? new SparseCategoricalAccuracy(name)
          : new SparseCategoricalCrossentropy(name, false);
    }
    return accuracy ? new CategoricalAccuracy(name) : new CategoricalCrossentropy(name, false, 0);
  }

  /**
   * A binary accuracy that counts every element as a sample: labels of shape {@code (n)} with
   * predictions {@code (n, 1)} (or both of rank 1) are read as columns, where Keras's squeeze would
   * leave one mean per batch; the epoch's accuracy is then matches over samples.
   */
  private static final class ColumnAccuracy extends Metric {
    private final BinaryAccuracy inner;

    ColumnAccuracy(BinaryAccuracy inner) {
      super(inner.name());
      this.inner = inner;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
      if (yTrue.size() == yPred.size() && yPred.size() <= Integer.MAX_VALUE) {
        int n = (int) yPred.size();
        inner.updateState(yTrue.reshape(n, 1), yPred.reshape(n, 1));
      } else {
        inner.updateState(yTrue, yPred);
      }
    }

    @Override
    public double result() {
      return inner.result();
    }

    @Override
    public void resetState() {
      inner.resetState();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void sameLength(String what, String an, Rows a, String bn, Rows b) {
    if (a.count != b.count) {
      throw new IllegalArgumentException(
          what
              + ": "
              + an
              + " and "
              + bn
              + " must have the same number of samples (axis 0), got "
              + an
              + " shape "
              + a.source.shape()
              + " and "
              + bn
              + " shape "
              + b.source.shape());
    }
    if (a.count == 0) {
      throw new IllegalArgumentException(
          what + ": " + an + " has no samples (shape " + a.source.shape() + ")");
    }
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static boolean isTerminal() {
    Console c = System.console();
    if (c == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    // since JDK 22 console() is non-null when redirected too and Console.isTerminal() tells the
    // truth; the method does not exist on 17-21, where a non-null console is a terminal
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
