package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.data.Dataset;
import java.io.PrintStream;
import java.util.List;

/**
 * Options of {@link Model#fit}, named as Keras's arguments:
 *
 * <pre>{@code
 * FitOptions.builder().epochs(10).batchSize(32).validationSplit(0.1).shuffle(true).seed(42L)
 *     .verbose(1).build()
 * }</pre>
 *
 * <p>Defaults as Keras: 1 epoch, batches of 32, no validation, shuffled, verbose 1 (a progress bar
 * redrawn in place on a terminal, one plain line per epoch otherwise), an unseeded shuffle drawn
 * from {@link Utils#setRandomSeed the global generator}.
 */
public final class FitOptions {
  final int epochs;
  final int batchSize;
  final double validationSplit;
  final Tensor validationX;
  final Tensor validationY;
  final boolean shuffle;
  final Long seed;
  final int verbose;
  final PrintStream out;
  final List<Callback> callbacks;
  final Dataset validationDataset;
  final int stepsPerEpoch;
  final int initialEpoch;
  final int microBatch;
  final int replicas;

  private FitOptions(Builder b) {
    this.microBatch = b.microBatch;
    this.replicas = b.replicas;
    this.callbacks = List.copyOf(b.callbacks);
    this.validationDataset = b.validationDataset;
    this.stepsPerEpoch = b.stepsPerEpoch;
    this.initialEpoch = b.initialEpoch;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.validationSplit = b.validationSplit;
    this.validationX = b.validationX;
    this.validationY = b.validationY;
    this.shuffle = b.shuffle;
    this.seed = b.seed;
    this.verbose = b.verbose;
    this.out = b.out;
  }

  /** A builder with Keras's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FitOptions}; each setter checks its argument. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = 32;
    private double validationSplit;
    private Tensor validationX;
    private Tensor validationY;
    private boolean shuffle = true;
    private Long seed;
    private int verbose = 1;
    private PrintStream out;
    private List<Callback> callbacks = List.of();
    private Dataset validationDataset;
    private int stepsPerEpoch;
    private int initialEpoch;
    private int microBatch;
    private int replicas = 1;

    private Builder() {}

    /**
     * Cuts each batch into micro-batches of {@code rows} rows (the last may be shorter), so that
     * the step's numerics are fixed by the batch and not by where the work runs. Each micro-batch's
     * gradient is taken of its loss summed over its rows; the gradients are added in a fixed
     * pairwise tree in micro-batch order and divided once by the batch's row count; the optimizer
     * then steps once:
     *
     * <pre>{@code
     * g = tree(g_0, ..., g_{m-1}) / rows      with g_i = d(sum of the loss over micro-batch i)/dw
     * }</pre>
     *
     * Reported losses and metrics are those of the whole batch, as without micro-batches. Layers
     * that compute batch statistics ({@code BatchNormalization}) see one micro-batch at a time, as
     * Keras's layers do on several replicas without synchronisation. 0 (the default) takes each
     * batch whole.
     *
     * @throws IllegalArgumentException for a negative count
     */
    public Builder microBatch(int rows) {
      if (rows < 0) {
        throw new IllegalArgumentException(
            "FitOptions.microBatch: must be >= 0 (0 = whole batches), got " + rows);
      }
      this.microBatch = rows;
      return this;
    }

    /**
     * Threads of this JVM that compute the micro-batches of a step in parallel (data-parallel
     * replicas, each with its own tape). The result depends on {@code batchSize} and {@link
     * #microBatch} only: the final weights are bit-identical for any number of replicas. Kernels
     * called by a replica use at most {@code max(1, threads / replicas)} threads, so that replicas
     * times intra-op threads stay within {@code -Dlanegrad.threads} (the cores by default). Needs
     * {@code microBatch > 0} when {@code n > 1}; default 1.
     *
     * @throws IllegalArgumentException for {@code n < 1}
     */
    public Builder replicas(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("FitOptions.replicas: must be >= 1, got " + n);
      }
      this.replicas = n;
      return this;
    }

    /**
     * Callbacks called during {@code fit}, in this order ({@code EarlyStopping}, {@code
     * ModelCheckpoint}, {@code TensorBoard}, ...); replaces any given before.
     *
     * @throws IllegalArgumentException for a null array or a null callback
     */
    public Builder callbacks(Callback... callbacks) {
      if (callbacks == null) {
        throw new IllegalArgumentException("FitOptions.callbacks: the array is null");
      }
      for (int i = 0; i < callbacks.length; i++) {
        if (callbacks[i] == null) {
          throw new IllegalArgumentException("FitOptions.callbacks: callback " + i + " is null");
        }
      }
      this.callbacks = List.of(callbacks);
      return this;
    }

    /**
     * Validation data as a dataset of batches {@code [x, y]} (Keras's {@code validation_data} with
     * a {@code tf.data.Dataset}), evaluated after each epoch into {@code val_*}; overrides the
     * split and tensor validation data.
     *
     * @throws IllegalArgumentException for null
     */
    public Builder validationData(Dataset data) {
      if (data == null) {
        throw new IllegalArgumentException("FitOptions.validationData: the dataset is null");
      }
      this.validationDataset = data;
      this.validationX = null;
      this.validationY = null;
      return this;
    }

    /**
     * Batches per epoch when fitting a {@link Dataset} (Keras's {@code steps_per_epoch}); needed
     * for one that repeats forever. With it, one pass runs across epochs, as in Keras, and training
     * stops when the data runs out. 0 (the default) means one whole pass per epoch.
     *
     * @throws IllegalArgumentException for a negative count
     */
    public Builder stepsPerEpoch(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("FitOptions.stepsPerEpoch: must be >= 0, got " + steps);
      }
      this.stepsPerEpoch = steps;
      return this;
    }

    /**
     * The epoch to start from (Keras's {@code initial_epoch}, from 0), to resume a run: epochs
     * {@code initialEpoch .. epochs-1} run, and callbacks see those numbers.
     *
     * @throws IllegalArgumentException for a negative epoch
     */
    public Builder initialEpoch(int epoch) {
      if (epoch < 0) {
        throw new IllegalArgumentException("FitOptions.initialEpoch: must be >= 0, got " + epoch);
      }
      this.initialEpoch = epoch;
      return this;
    }

    /** Passes over the training data (≥ 0). */
    public Builder epochs(int epochs) {
      if (epochs < 0) {
        throw new IllegalArgumentException("FitOptions.epochs: must be >= 0, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Examples per optimizer step (≥ 1); the last batch of an epoch may be smaller. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("FitOptions.batchSize: must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The fraction in {@code [0, 1)} of the data held out for validation, taken from the end of x
     * and y before shuffling, as Keras.
     */
    public Builder validationSplit(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "FitOptions.validationSplit: must be in [0, 1), got " + fraction);
      }
      this.validationSplit = fraction;
      return this;
    }

    /** Explicit validation data (Keras's {@code validation_data}); overrides the split. */
    public Builder validationData(Tensor x, Tensor y) {
      if (x == null || y == null) {
        throw new IllegalArgumentException("FitOptions.validationData: x and y must not be null");
      }
      this.validationX = x;
      this.validationY = y;
      this.validationDataset = null;
      return this;
    }

    /** Whether to shuffle the training data before each epoch (default true). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** The shuffling seed: the same seed gives the same batches. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch. */
    public Builder verbose(int verbose) {
      if (verbose < 0 || verbose > 2) {
        throw new IllegalArgumentException("FitOptions.verbose: must be 0, 1 or 2, got " + verbose);
      }
      this.verbose = verbose;
      return this;
    }

    /**
     * Where progress goes (default {@code System.out}); another stream gets plain lines, never
     * {@code \r} redraws.
     */
    public Builder output(PrintStream out) {
      if (out == null) {
        throw new IllegalArgumentException("FitOptions.output: the stream is null");
      }
      this.out = out;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException for several replicas without micro-batches
     */
    public FitOptions build() {
      if (replicas > 1 && microBatch == 0) {
        throw new IllegalArgumentException(
            "FitOptions: replicas("
                + replicas
                + ") needs microBatch(rows) > 0: the replicas compute a batch's micro-batches");
      }
      return new FitOptions(this);
    }
  }
}
