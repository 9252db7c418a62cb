package dev.lanegrad.callbacks;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras 2's {@code
 * tf.keras.callbacks.EarlyStopping} (tf_keras/callbacks.py), with its defaults: monitor {@code
 * val_loss}, minDelta 0, patience 0, mode {@code auto} (larger is better for a name ending in
 * {@code acc}, {@code accuracy} or {@code auc}), no baseline, restoreBestWeights false,
 * startFromEpoch 0.
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.builder().monitor("val_loss").patience(3)
 *     .restoreBestWeights(true).build();
 * model.fit(train, FitOptions.builder().epochs(100).validationData(val).callbacks(stop).build());
 * stop.stoppedEpoch();   // the epoch (from 0) at which it stopped, 0 if it never did
 * }</pre>
 *
 * <p>After each epoch from {@code startFromEpoch} on, the monitored value improves when it beats
 * the best so far by more than {@code minDelta} (below it for "min", above it for "max"). An
 * improvement records the value (and the weights, with restoreBestWeights) and, if it also beats
 * the baseline, resets the wait; otherwise, once {@code wait >= patience} after the first epoch,
 * training stops. With restoreBestWeights the best epoch's weights (or the first monitored epoch's,
 * if none improved) are put back when training ends. A missing monitor key is skipped with a
 * warning, as Keras.
 */
public final class EarlyStopping extends Callback {
  private final String monitor;
  private final double minDelta;
  private final int patience;
  private final boolean greater;
  private final Double baseline;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;

  private int wait;
  private int stoppedEpoch;
  private int bestEpoch;
  private double best;
  private List<Tensor> bestWeights;

  private EarlyStopping(Builder b) {
    this.monitor = b.monitor;
    this.patience = b.patience;
    this.baseline = b.baseline;
    this.restoreBestWeights = b.restoreBestWeights;
    this.startFromEpoch = b.startFromEpoch;
    this.greater =
        Monitor.greater(
            "EarlyStopping",
            b.mode,
            monitor.endsWith("acc") || monitor.endsWith("accuracy") || monitor.endsWith("auc"));
    this.minDelta = greater ? Math.abs(b.minDelta) : -Math.abs(b.minDelta);
    this.best = greater ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** A builder with Keras's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EarlyStopping}; options named as Keras's arguments. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private String mode = "auto";
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private Builder() {}

    /** The logs key to watch (default {@code val_loss}). */
    public Builder monitor(String monitor) {
      this.monitor = Monitor.checkMonitor("EarlyStopping.monitor", monitor);
      return this;
    }

    /** The least change that counts as an improvement (its absolute value is used). */
    public Builder minDelta(double minDelta) {
      if (Double.isNaN(minDelta)) {
        throw new IllegalArgumentException("EarlyStopping.minDelta: must be a number, got NaN");
      }
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs without improvement before stopping (≥ 0). */
    public Builder patience(int patience) {
      if (patience < 0) {
        throw new IllegalArgumentException("EarlyStopping.patience: must be >= 0, got " + patience);
      }
      this.patience = patience;
      return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String mode) {
      Monitor.greater("EarlyStopping.mode", mode, false);
      this.mode = mode;
      return this;
    }

    /** A value the monitored quantity must beat before the wait resets. */
    public Builder baseline(double baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Whether to put back the best epoch's weights when training ends. */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    /** Epochs (from 0) to wait before monitoring starts (a warm-up). */
    public Builder startFromEpoch(int epoch) {
      if (epoch < 0) {
        throw new IllegalArgumentException(
            "EarlyStopping.startFromEpoch: must be >= 0, got " + epoch);
      }
      this.startFromEpoch = epoch;
      return this;
    }

    /** The callback. */
    public EarlyStopping build() {
      return new EarlyStopping(this);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    wait = 0;
    stoppedEpoch = 0;
    best = greater ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    bestWeights = null;
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double current = logs == null ? null : logs.get(monitor);
    if (current == null) {
      System.err.println(
          "EarlyStopping: conditioned on metric `"
              + monitor
              + "` which is not available. Available metrics are: "
              + (logs == null ? "" : String.join(",", logs.keySet())));
      return;
    }
    if (epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = weights();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = weights();
      }
      if (baseline == null || isImprovement(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      requireModel("onEpochEnd").stopTraining();
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (restoreBestWeights && bestWeights != null) {
      List<Variable> vars = requireModel("onTrainEnd").variables();
      for (int i = 0; i < vars.size(); i++) {
        vars.get(i).assign(bestWeights.get(i));
      }
    }
  }

  private boolean isImprovement(double value, double reference) {
    return greater ? value - minDelta > reference : value - minDelta < reference;
  }

  private List<Tensor> weights() {
    List<Tensor> out = new ArrayList<>();
    for (Variable v : requireModel("onEpochEnd").variables()) {
      out.add(v.readValue());
    }
    return out;
  }

  /** The epoch (from 0) at which training was stopped, 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The epoch (from 0) with the best monitored value so far. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The best monitored value so far (±infinity before the first). */
  public double best() {
    return best;
  }
}
