package dev.lanegrad.callbacks;

import java.util.Map;

/**
 * Stops training after a batch whose loss is NaN or infinite, as Keras's {@code
 * tf.keras.callbacks.TerminateOnNaN}: {@code FitOptions.builder().callbacks(new TerminateOnNaN())}.
 * It prints {@code Batch 3: Invalid loss, terminating training} to {@code System.err}; the epoch
 * then ends as after any {@code stopTraining()}.
 */
public final class TerminateOnNaN extends Callback {
  /** The callback. */
  public TerminateOnNaN() {}

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs == null ? null : logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      System.err.println("Batch " + batch + ": Invalid loss, terminating training");
      requireModel("onTrainBatchEnd").stopTraining();
    }
  }
}
