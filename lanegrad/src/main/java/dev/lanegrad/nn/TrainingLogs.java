package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import java.util.Map;

/**
 * What {@link Model#fit} reports for the batches of an epoch, for a trainer that computes the steps
 * elsewhere (lanegrad-spark's ranks): a batch's loss over the whole batch's predictions plus the
 * regularization losses, and the compiled metrics ({@code "accuracy"} resolved from the first
 * batch's shapes as {@code fit} resolves it), so that its logs carry the keys and values of {@code
 * fit}'s.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true), "accuracy");
 * TrainingLogs logs = new TrainingLogs(model);
 * logs.reset();                                  // at each epoch's start
 * double loss = logs.addBatch(yBatch, predictions);   // after the batch's step
 * logs.logs(runningLoss);                        // {loss=..., accuracy=...}
 * }</pre>
 */
public final class TrainingLogs {
  private final Trainer trainer;

  /**
   * The logs of a compiled model.
   *
   * @throws IllegalArgumentException for a null or uncompiled model
   */
  public TrainingLogs(Model model) {
    if (model == null || model.optimizer() == null || model.loss() == null) {
      throw new IllegalArgumentException(
          "TrainingLogs: a compiled model is required, got "
              + (model == null ? "null" : "\"" + model.name() + "\" without compile"));
    }
    this.trainer = new Trainer(model, model.optimizer(), model.loss(), model.metrics());
  }

  /** Resets the metrics, as {@code fit} does at each epoch's start. */
  public void reset() {
    trainer.resetMetrics();
  }

  /**
   * Adds a batch: returns its loss as {@code fit} reports it (the loss of {@code yPred} against
   * {@code yTrue} averaged over the batch, plus the model's regularization losses as they are now)
   * and updates the metrics with the batch.
   *
   * @throws IllegalArgumentException for labels or predictions the loss or a metric rejects
   */
  public double addBatch(Tensor yTrue, Tensor yPred) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException("TrainingLogs.addBatch: yTrue and yPred are required");
    }
    try {
      return trainer.reportBatch(yTrue, yPred);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TrainingLogs.addBatch: " + e.getMessage(), e);
    }
  }

  /**
   * {@code {loss, then each metric's result in compile order}}, the map {@code fit} hands its
   * callbacks; {@code loss} is the running mean the caller keeps (Keras's float32 {@code total /
   * count}).
   */
  public Map<String, Double> logs(double loss) {
    return trainer.metricLogs(loss);
  }
}
