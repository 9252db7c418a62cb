package dev.lanegrad.callbacks;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored quantity has not improved for
 * {@code patience} epochs, as Keras 2's {@code tf.keras.callbacks.ReduceLROnPlateau}, with its
 * defaults: monitor {@code val_loss}, factor 0.1, patience 10, mode {@code auto} (larger is better
 * when the name contains {@code acc}), minDelta 1e-4, cooldown 0, minLr 0.
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(2).minLr(1e-5)
 *     .build();   // logs "lr" each epoch
 * }</pre>
 *
 * <p>An improvement is {@code current < best - minDelta} ("min") or {@code current > best +
 * minDelta} ("max"). After a reduction, {@code cooldown} epochs pass before the wait counts again.
 * The new rate is {@code max(lr * factor, minLr)}, applied only while {@code lr > minLr} (compared
 * in float32, as Keras compares its float32 variable). Each epoch's logs get {@code lr}.
 */
public final class ReduceLROnPlateau extends Callback {
  private final String monitor;
  private final double factor;
  private final int patience;
  private final boolean greater;
  private final double minDelta;
  private final int cooldown;
  private final double minLr;

  private int cooldownCounter;
  private int wait;
  private double best;

  private ReduceLROnPlateau(Builder b) {
    monitor = b.monitor;
    factor = b.factor;
    patience = b.patience;
    minDelta = b.minDelta;
    cooldown = b.cooldown;
    minLr = b.minLr;
    greater = Monitor.greater("ReduceLROnPlateau", b.mode, monitor.contains("acc"));
    reset();
  }

  /** A builder with Keras's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ReduceLROnPlateau}; options named as Keras's arguments. */
  public static final class Builder {
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private String mode = "auto";
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private Builder() {}

    /** The logs key to watch (default {@code val_loss}). */
    public Builder monitor(String monitor) {
      this.monitor = Monitor.checkMonitor("ReduceLROnPlateau.monitor", monitor);
      return this;
    }

    /** The multiplier, in {@code [0, 1)} (Keras rejects 1 and more). */
    public Builder factor(double factor) {
      if (!(factor >= 0 && factor < 1)) {
        throw new IllegalArgumentException(
            "ReduceLROnPlateau.factor: must be in [0, 1), got " + factor);
      }
      this.factor = factor;
      return this;
    }

    /** Epochs without improvement before a reduction (≥ 0). */
    public Builder patience(int patience) {
      if (patience < 0) {
        throw new IllegalArgumentException(
            "ReduceLROnPlateau.patience: must be >= 0, got " + patience);
      }
      this.patience = patience;
      return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String mode) {
      Monitor.greater("ReduceLROnPlateau.mode", mode, false);
      this.mode = mode;
      return this;
    }

    /** The least change that counts as an improvement. */
    public Builder minDelta(double minDelta) {
      if (Double.isNaN(minDelta)) {
        throw new IllegalArgumentException("ReduceLROnPlateau.minDelta: must be a number, got NaN");
      }
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs after a reduction before the wait counts again (≥ 0). */
    public Builder cooldown(int cooldown) {
      if (cooldown < 0) {
        throw new IllegalArgumentException(
            "ReduceLROnPlateau.cooldown: must be >= 0, got " + cooldown);
      }
      this.cooldown = cooldown;
      return this;
    }

    /** The lowest learning rate (≥ 0). */
    public Builder minLr(double minLr) {
      if (!(minLr >= 0) || Double.isInfinite(minLr)) {
        throw new IllegalArgumentException(
            "ReduceLROnPlateau.minLr: must be a finite number >= 0, got " + minLr);
      }
      this.minLr = minLr;
      return this;
    }

    /** The callback. */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }

  private void reset() {
    best = greater ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    cooldownCounter = 0;
    wait = 0;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    reset();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    var optimizer = requireOptimizer("onEpochEnd");
    logs = orEmpty(logs);
    logs.put("lr", LearningRateScheduler.asLogged(optimizer.learningRate()));
    Double current = logs.get(monitor);
    if (current == null) {
      System.err.println(
          "ReduceLROnPlateau: conditioned on metric `"
              + monitor
              + "` which is not available. Available metrics are: "
              + String.join(",", logs.keySet()));
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    boolean improved = greater ? current > best + minDelta : current < best - minDelta;
    if (improved) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = optimizer.learningRate();
        if ((float) old > (float) minLr) {
          optimizer.setLearningRate(Math.max(old * factor, minLr));
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }
}
