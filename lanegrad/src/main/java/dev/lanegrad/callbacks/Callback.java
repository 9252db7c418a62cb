package dev.lanegrad.callbacks;

import dev.lanegrad.nn.Model;
import java.util.Map;

/**
 * A hook into {@code Model.fit}, as Keras's {@code tf.keras.callbacks.Callback}: override the
 * methods you need; the others do nothing. Epochs and batches count from 0, as Keras. {@code fit}
 * calls, for each callback in the order given to {@code FitOptions.Builder.callbacks}: {@code
 * onTrainBegin}, then per epoch {@code onEpochBegin}, per batch {@code onTrainBatchBegin} and
 * {@code onTrainBatchEnd}, then {@code onEpochEnd}, and finally {@code onTrainEnd}.
 *
 * <pre>{@code
 * Callback stopAtLoss = new Callback() {
 *   @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *     if (logs.get("loss") < 0.05) model().stopTraining();   // ends after this epoch
 *   }
 * };
 * model.fit(train, FitOptions.builder().epochs(100).callbacks(stopAtLoss).build());
 * }</pre>
 *
 * <p>The logs hold Keras's keys: per batch the running means {@code loss} (and {@code accuracy});
 * per epoch {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy} and, where a
 * callback sets the learning rate, {@code lr}. The epoch-end map is mutable: what a callback puts
 * there ({@code lr}) reaches the callbacks after it and the {@code History}. An exception thrown by
 * a hook ends {@code fit} with that exception.
 */
public abstract class Callback {
  private Model model;

  /** A callback with no model yet; {@code fit} sets it. */
  protected Callback() {}

  /**
   * Called by {@code fit} before {@link #onTrainBegin}, as Keras's {@code set_model}.
   *
   * @throws IllegalArgumentException for a null model
   */
  public void setModel(Model model) {
    if (model == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".setModel: model is null");
    }
    this.model = model;
  }

  /** The model being trained (null before {@code fit} sets it). */
  public Model model() {
    return model;
  }

  /**
   * The model, for a hook that needs one.
   *
   * @throws IllegalStateException naming the callback and the hook when no model is set (a callback
   *     gets its model from {@code fit}, or from {@link #setModel})
   */
  protected final Model requireModel(String hook) {
    if (model == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + "."
              + hook
              + ": no model; the callback runs inside Model.fit, or call setModel(model) first");
    }
    return model;
  }

  /**
   * The model's optimizer, for a hook that reads or sets the learning rate.
   *
   * @throws IllegalStateException naming the callback and the hook when there is no model or it is
   *     not compiled
   */
  protected final dev.lanegrad.optimizers.Optimizer requireOptimizer(String hook) {
    dev.lanegrad.optimizers.Optimizer o = requireModel(hook).optimizer();
    if (o == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + "."
              + hook
              + ": model \""
              + model.name()
              + "\" is not compiled; it has no optimizer");
    }
    return o;
  }

  /** The logs a hook was given, or an empty map for null (Keras's {@code logs = logs or {}}). */
  protected static Map<String, Double> orEmpty(Map<String, Double> logs) {
    return logs == null ? new java.util.HashMap<>() : logs;
  }

  /** At the start of {@code fit}; the logs are empty. */
  public void onTrainBegin(Map<String, Double> logs) {}

  /** At the end of {@code fit}, with the last epoch's logs. */
  public void onTrainEnd(Map<String, Double> logs) {}

  /** Before epoch {@code epoch} (from 0); the logs are empty. */
  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  /** After epoch {@code epoch} (from 0) and its validation, with the epoch's logs. */
  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /** Before training batch {@code batch} (from 0 in each epoch); the logs are empty. */
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  /** After training batch {@code batch}, with the epoch's running {@code loss} (and metrics). */
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}
}
