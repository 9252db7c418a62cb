package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import java.io.PrintStream;

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

  private FitOptions(Builder b) {
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

    private Builder() {}

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

    /** The options. */
    public FitOptions build() {
      return new FitOptions(this);
    }
  }
}
