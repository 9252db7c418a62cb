package dev.lanegrad.callbacks;

import dev.lanegrad.internal.io.EventFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes event files that TensorBoard reads, as Keras's {@code tf.keras.callbacks.TensorBoard} with
 * {@code update_freq="epoch"}: per epoch, a run {@code <logDir>/train} with the scalars {@code
 * epoch_loss}, {@code epoch_accuracy} (and any other non-{@code val_} key of the logs) and {@code
 * epoch_learning_rate}, and a run {@code <logDir>/validation} with the {@code val_} keys without
 * their prefix ({@code epoch_loss}, {@code epoch_accuracy}); the step is the epoch (from 0). View
 * them with {@code tensorboard --logdir <logDir>}.
 *
 * <pre>{@code
 * model.fit(train, FitOptions.builder().epochs(20).validationData(val)
 *     .callbacks(new TensorBoard(Path.of("logs/run1"))).build());
 * // then: tensorboard --logdir logs
 * }</pre>
 *
 * <p>Keras writes {@code epoch_learning_rate} only when the optimizer follows a schedule; here it
 * is written every epoch, since a callback may change the rate. Each {@code fit} starts new event
 * files (TensorBoard merges the files of a run). The files are flushed after every epoch and closed
 * at the end of training; the format (TFRecord framing, hand-encoded protobuf) is in {@code
 * docs/formats.md}.
 */
public final class TensorBoard extends Callback implements AutoCloseable {
  private final Path logDir;
  private EventFile train;
  private EventFile validation;

  /**
   * A callback writing under {@code logDir} (created when training starts).
   *
   * @throws IllegalArgumentException for a null folder
   */
  public TensorBoard(Path logDir) {
    if (logDir == null) {
      throw new IllegalArgumentException("TensorBoard: logDir is null");
    }
    this.logDir = logDir;
  }

  /** The folder given to the constructor. */
  public Path logDir() {
    return logDir;
  }

  /**
   * @throws java.io.UncheckedIOException if the folder cannot be written (naming it)
   */
  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    closeFiles();
    train = new EventFile("TensorBoard", logDir.resolve("train"));
    try {
      validation = new EventFile("TensorBoard", logDir.resolve("validation"));
    } catch (RuntimeException e) {
      closeFiles();
      throw e;
    }
  }

  /**
   * Closes the event files if they are open; {@code fit} calls it when training fails, so that no
   * file stays open ({@link #onTrainEnd} closes them when it ends normally). Idempotent.
   */
  @Override
  public void close() {
    closeFiles();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (train == null) {
      throw new IllegalStateException("TensorBoard.onEpochEnd: onTrainBegin was not called");
    }
    logs = orEmpty(logs);
    List<String> tTags = new ArrayList<>();
    List<Float> tVals = new ArrayList<>();
    List<String> vTags = new ArrayList<>();
    List<Float> vVals = new ArrayList<>();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (e.getKey().startsWith("val_")) {
        vTags.add("epoch_" + e.getKey().substring(4));
        vVals.add(e.getValue().floatValue());
      } else {
        tTags.add("epoch_" + e.getKey());
        tVals.add(e.getValue().floatValue());
      }
    }
    if (model() != null && model().optimizer() != null) {
      tTags.add("epoch_learning_rate");
      tVals.add((float) model().optimizer().learningRate());
    }
    write(train, epoch, tTags, tVals);
    write(validation, epoch, vTags, vVals);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    closeFiles();
  }

  private static void write(EventFile f, int epoch, List<String> tags, List<Float> values) {
    if (tags.isEmpty()) {
      return;
    }
    // one Event per scalar, as each tf.summary.scalar call writes
    for (int i = 0; i < tags.size(); i++) {
      f.scalars("TensorBoard", epoch, new String[] {tags.get(i)}, new float[] {values.get(i)});
    }
    f.flush("TensorBoard");
  }

  private void closeFiles() {
    if (train != null) {
      train.close();
      train = null;
    }
    if (validation != null) {
      validation.close();
      validation = null;
    }
  }
}
