package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.metrics.Mean;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.Metrics;
import dev.lanegrad.optimizers.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer that trains, as {@code tf.keras.Model}: {@link #compile}, then {@link #fit}, {@link
 * #evaluate} and {@link #predict}. {@link Sequential} is one; subclass it for a model whose {@link
 * #call} wires layers kept in fields (they are tracked as in {@link Layer}).
 *
 * <pre>{@code
 * model.compile(new SGD(0.1), Losses::meanSquaredError);
 * History h = model.fit(x, y, FitOptions.builder().epochs(10).batchSize(32).validationSplit(0.1)
 *     .seed(42L).build());
 * h.get("val_loss");                        // one value per epoch
 * Map<String, Double> m = model.evaluate(xTest, yTest);   // {loss=..., accuracy=...}
 * }</pre>
 */
public abstract class Model extends Layer {
  private Optimizer optimizer;
  private Loss loss;
  private List<Object> metrics = List.of();
  private volatile boolean stopTraining;

  /** A model with Keras's default name (the class name in snake case, made unique). */
  protected Model() {
    super();
  }

  /** A model with the given name. @throws IllegalArgumentException for a null or empty name */
  protected Model(String name) {
    super(name);
  }

  /**
   * Sets what {@link #fit} minimises, with no metric beyond the loss: {@code compile(new SGD(0.1),
   * Losses::meanSquaredError)}.
   *
   * @throws IllegalArgumentException for a null optimizer or loss
   */
  public void compile(Optimizer optimizer, Loss loss) {
    compile(optimizer, loss, new String[0]);
  }

  /**
   * Sets what {@link #fit} minimises and the metrics it reports, by Keras's names: {@code
   * compile(new Adam(), Losses.sparseCategoricalCrossentropy(true), "accuracy")}. As Keras 2.15's
   * {@code compile_utils}, {@code "accuracy"}, {@code "acc"}, {@code "crossentropy"} and {@code
   * "ce"} (in any case) choose their kind from the first batch: binary when predictions have one
   * column, sparse categorical when the labels have one axis fewer than the predictions (or a last
   * axis of 1), categorical (one-hot) otherwise. The binary accuracy thresholds at 0.5 and the
   * crossentropies read probabilities even when the loss takes logits, exactly as Keras (use a
   * {@code BinaryAccuracy} with threshold 0, or a crossentropy metric with {@code fromLogits}, for
   * logits). The other names are those of {@link Metrics#get} ({@code "mse"}, {@code "mae"}, {@code
   * "mape"}, {@code "bce"}, {@code "auc"}, {@code "AUC"}, {@code "binary_accuracy"}, ...), logged
   * under the name as given, as Keras logs them; a second {@code "auc"}, {@code "precision"} or
   * {@code "recall"} is logged as {@code auc_1} ({@link Metrics#uniqueNames}).
   *
   * @param metrics names of {@link Metrics#names()}, or none
   * @throws IllegalArgumentException for a null optimizer or loss, an unknown metric (the message
   *     lists the known) or two metrics of one name given explicitly
   */
  public void compile(Optimizer optimizer, Loss loss, String... metrics) {
    requireArguments(optimizer, loss);
    List<Object> specs = new ArrayList<>();
    if (metrics != null) {
      for (String m : metrics) {
        if (Metrics.byShapes(m)) {
          specs.add(m);
        } else {
          try {
            Metrics.get(m);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "Model \""
                    + name()
                    + "\".compile: unknown metric \""
                    + m
                    + "\" (known: "
                    + Metrics.names()
                    + ")",
                e);
          }
          specs.add(m);
        }
      }
    }
    setCompiled(optimizer, loss, specs);
  }

  /**
   * Sets what {@link #fit} minimises and the metric objects it reports, as Keras's {@code
   * compile(metrics=[tf.keras.metrics.AUC(), ...])}: each is reset at the start of every epoch and
   * of every evaluation and logged under its {@link Metric#name()} ({@code auc}, then {@code
   * val_auc}). Two metrics built without a name ({@code new AUC(), new AUC()}) are numbered as
   * Keras numbers them: the second is renamed {@code auc_1}.
   *
   * <pre>{@code
   * model.compile(new Adam(1e-3), Losses.binaryCrossentropy(false),
   *     new BinaryAccuracy(), new Precision(), new Recall(), new AUC());
   * }</pre>
   *
   * @throws IllegalArgumentException for a null optimizer, loss or metric, a {@link Mean} (its
   *     {@code updateState(values, sampleWeight)} takes no targets and predictions, as in Keras),
   *     or two metrics of one name given explicitly
   */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    requireArguments(optimizer, loss);
    List<Object> specs = new ArrayList<>();
    if (metrics != null) {
      for (Metric m : metrics) {
        if (m == null) {
          throw new IllegalArgumentException("Model \"" + name() + "\".compile: a metric is null");
        }
        if (m instanceof Mean) {
          throw new IllegalArgumentException(
              "Model \""
                  + name()
                  + "\".compile: a Mean (\""
                  + m.name()
                  + "\") averages values, not (yTrue, yPred); wrap a function in a"
                  + " MeanMetricWrapper instead");
        }
        if (m instanceof dev.lanegrad.metrics.FBetaScore f && f.average() == null
            || m instanceof dev.lanegrad.metrics.R2Score r && r.classAggregation() == null) {
          // Keras logs such a metric as an array; fit's logs hold one number per name
          throw new IllegalArgumentException(
              "Model \""
                  + name()
                  + "\".compile: "
                  + m.getClass().getSimpleName()
                  + " \""
                  + m.name()
                  + "\" gives one score per class (no averaging); compile it with an average"
                  + " (\"macro\", \"micro\", \"weighted\"; R2Score: \"uniform_average\") or"
                  + " read results() yourself");
        }
        specs.add(m);
      }
    }
    setCompiled(optimizer, loss, specs);
  }

  private void requireArguments(Optimizer optimizer, Loss loss) {
    if (optimizer == null || loss == null) {
      throw new IllegalArgumentException(
          "Model \""
              + name()
              + "\".compile: optimizer and loss must not be null, got optimizer="
              + optimizer
              + ", loss="
              + loss);
    }
  }

  private void setCompiled(Optimizer optimizer, Loss loss, List<Object> specs) {
    List<Object> unique = Metrics.uniqueNames("Model \"" + name() + "\".compile", specs);
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics = List.copyOf(unique);
    this.batchTrainer = null;
  }

  /**
   * One optimizer step on the batch {@code (x, y)}, as Keras's {@code train_on_batch(x, y)}: the
   * forward pass under a tape, the loss (plus the layers' regularization losses), the compiled
   * metrics (reset first, so they hold this batch alone) and one update; returns the batch loss.
   * Repeated calls reuse the step's buffers as {@link #fit} does ({@link
   * dev.lanegrad.StepFunction}), so a steady loop allocates almost nothing:
   *
   * <pre>{@code
   * model.compile(new SGD(0.01), Losses.categoricalCrossentropy(true));
   * for (int i = 0; i < steps; i++) {
   *   double loss = model.trainOnBatch(xs[i], ys[i]);
   * }
   * }</pre>
   *
   * @throws IllegalStateException before {@link #compile}
   * @throws IllegalArgumentException for a null batch, or one the model or loss rejects
   */
  public double trainOnBatch(Tensor x, Tensor y) {
    requireCompiled("trainOnBatch");
    if (x == null || y == null) {
      throw new IllegalArgumentException(
          "Model \"" + name() + "\".trainOnBatch: x and y must not be null");
    }
    if (batchTrainer == null) {
      batchTrainer = new Trainer(this, optimizer, loss, metrics);
    }
    return batchTrainer.trainOnBatch(x, y);
  }

  /**
   * The metrics given to {@link #compile}: a {@link Metric}, or a name ({@code "accuracy"}, {@code
   * "mse"}) resolved when training starts. Read-only.
   */
  public List<Object> metrics() {
    return metrics;
  }

  /** The optimizer given to {@link #compile}, or null. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The loss given to {@link #compile}, or null. */
  public Loss loss() {
    return loss;
  }

  /**
   * Trains for {@code epochs} passes over {@code (x, y)} in shuffled batches of {@code batchSize}
   * (the last one may be smaller), printing a progress line per epoch: {@code fit(x, y,
   * FitOptions.builder().epochs(epochs).batchSize(batchSize).build())}.
   */
  public History fit(Tensor x, Tensor y, int epochs, int batchSize) {
    return fit(x, y, FitOptions.builder().epochs(epochs).batchSize(batchSize).build());
  }

  /**
   * Trains as Keras's {@code fit}: the validation split is taken from the end of the data before
   * shuffling; the training part is shuffled each epoch (from the seed); each batch runs the
   * forward pass under a tape and one optimizer step. The reported loss of an epoch is the mean of
   * its batch losses weighted by batch size, as Keras reports it.
   *
   * @return the per-epoch {@code loss}, each compiled metric by name, then {@code val_loss} and
   *     {@code val_<name>} of each when there is validation data
   * @throws IllegalStateException before {@link #compile}
   * @throws IllegalArgumentException when x and y differ in length, or a split leaves no data
   */
  public History fit(Tensor x, Tensor y, FitOptions options) {
    requireCompiled("fit");
    if (options == null) {
      throw new IllegalArgumentException("Model \"" + name() + "\".fit: options is null");
    }
    return new Trainer(this, optimizer, loss, metrics).fit(x, y, options);
  }

  /**
   * Trains on a dataset of batches {@code [x, y]}, as Keras's {@code fit(dataset)}: one pass of the
   * dataset per epoch (or {@link FitOptions.Builder#stepsPerEpoch} batches of one pass that runs
   * across epochs), the dataset's own batching and shuffling (the options' {@code batchSize},
   * {@code shuffle} and {@code seed} do not apply), callbacks as Keras calls them. Every pass it
   * opens is closed when it returns or throws, so no prefetch thread outlives it.
   *
   * <pre>{@code
   * Dataset train = Dataset.fromTensorSlices(x, y).shuffle(1000, 1L).batch(32).prefetch(2);
   * History h = model.fit(train, FitOptions.builder().epochs(20).validationData(val)
   *     .callbacks(EarlyStopping.builder().patience(3).restoreBestWeights(true).build()).build());
   * }</pre>
   *
   * @return the per-epoch logs
   * @throws IllegalStateException before {@link #compile}
   * @throws IllegalArgumentException for a null argument, a validation split (tensors only, as
   *     Keras), a dataset that repeats forever without {@code stepsPerEpoch}, elements that are not
   *     {@code [x, y]}, or no batch at all
   */
  public History fit(Dataset data, FitOptions options) {
    requireCompiled("fit");
    if (data == null || options == null) {
      throw new IllegalArgumentException(
          "Model \"" + name() + "\".fit: the dataset and options must not be null");
    }
    return new Trainer(this, optimizer, loss, metrics).fit(data, options);
  }

  /**
   * The loss and every compiled metric over a dataset of batches {@code [x, y]}: {@code {loss=0.12,
   * accuracy=0.97, auc=0.99}}, the loss weighted by batch size as Keras, the metrics reset first.
   *
   * @throws IllegalStateException before {@link #compile}
   * @throws IllegalArgumentException for null, an infinite dataset, or elements that are not {@code
   *     [x, y]}
   */
  public Map<String, Double> evaluate(Dataset data) {
    requireCompiled("evaluate");
    if (data == null) {
      throw new IllegalArgumentException("Model \"" + name() + "\".evaluate: the dataset is null");
    }
    return new Trainer(this, optimizer, loss, metrics)
        .evaluateDataset("Model \"" + name() + "\".evaluate", data);
  }

  /**
   * The outputs for the first component of each batch (a label after it is ignored), concatenated
   * along axis 0.
   *
   * @throws IllegalArgumentException for null, an infinite or empty dataset
   */
  public Tensor predict(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("Model \"" + name() + "\".predict: the dataset is null");
    }
    return Trainer.predict(this, data);
  }

  /**
   * Asks {@link #fit} to stop, as setting Keras's {@code model.stop_training = True} (what {@code
   * EarlyStopping} and {@code TerminateOnNaN} do): training ends after the current batch, and the
   * epoch in progress still ends with its validation and its {@code onEpochEnd} callbacks. Each
   * {@code fit} starts with the request cleared.
   */
  public void stopTraining() {
    stopTraining = true;
  }

  /** Whether {@link #stopTraining()} was called during the current (or last) {@code fit}. */
  public boolean stopTrainingRequested() {
    return stopTraining;
  }

  /**
   * Writes the whole model to one file, as Keras's {@code model.save("m.keras")}: its architecture
   * (the configuration of every layer, through {@link Serialization}), its weights, and the
   * optimizer with its step count and slots (and the loss, when it comes from {@link Losses}'
   * factories). The file is a zip of {@code metadata.json} (format, version, a SHA-256 of each
   * entry), {@code config.json}, {@code model.weights.safetensors} and {@code
   * optimizer.safetensors}, replaced atomically (the old file or the new, never a part).
   *
   * <pre>{@code
   * model.save(Path.of("run/model.lgm"));
   * Model again = Model.load(Path.of("run/model.lgm"));   // same predictions, bit for bit
   * again.fit(train, options);                            // continues as the original would
   * }</pre>
   *
   * @throws IllegalArgumentException for a layer or optimizer with no registered configuration, a
   *     model with no variables, or two variables of one name; the old file is then intact
   * @throws java.io.UncheckedIOException if the file cannot be written (naming it)
   */
  public void save(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("Model.save: the file is null");
    }
    ModelFiles.save(this, file);
  }

  /**
   * Reads a file written by {@link #save}: the model rebuilt from its configuration, its weights,
   * and, if it was compiled, compiled again with the saved optimizer state (a loss that was not one
   * of {@link Losses}' factories throws when used: compile again with the model's {@link
   * #optimizer()} and your loss). Metrics come back by name or as the built-in metric objects with
   * their options; a metric of your own class (or a {@code MeanMetricWrapper} around a function) is
   * not restored: compile again to have it.
   *
   * @throws IllegalArgumentException for a file that is not a lanegrad model, is truncated, altered
   *     (an entry's SHA-256 differs), of a newer format version, or names an unregistered class
   * @throws java.io.UncheckedIOException if the file cannot be read (naming it)
   */
  public static Model load(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("Model.load: the file is null");
    }
    return ModelFiles.load(file);
  }

  /**
   * Writes every variable to a safetensors file keyed by the variables' names ({@code
   * dense/kernel:0}), as Hugging Face's format (readable by {@code safetensors.numpy.load_file}),
   * replaced atomically.
   *
   * @throws IllegalArgumentException for a model with no variables or two variables of one name
   * @throws java.io.UncheckedIOException if the file cannot be written (naming it)
   */
  public void saveWeights(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("Model.saveWeights: the file is null");
    }
    ModelFiles.saveWeights(this, file);
  }

  /**
   * Sets every variable from a safetensors file, by name. All or nothing: the file must hold
   * exactly the model's names with their dtypes and shapes, or nothing is assigned.
   *
   * @throws IllegalArgumentException for a malformed file or names, dtypes or shapes that differ
   *     (the message lists them)
   * @throws java.io.UncheckedIOException if the file cannot be read (naming it)
   */
  public void loadWeights(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("Model.loadWeights: the file is null");
    }
    ModelFiles.loadWeights(this, file);
  }

  /**
   * Compiles with saved metric specs (names and metric objects), as {@link #load} restores them.
   */
  void compileSpecs(Optimizer optimizer, Loss loss, List<Object> specs) {
    requireArguments(optimizer, loss);
    setCompiled(optimizer, loss, specs);
  }

  void resetStopTraining() {
    stopTraining = false;
  }

  /**
   * The loss and every compiled metric over {@code (x, y)} in batches of 32, without training:
   * {@code {loss=0.12, accuracy=0.97}}.
   */
  public Map<String, Double> evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, 32);
  }

  /** {@link #evaluate(Tensor, Tensor)} with the given batch size. */
  public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
    requireCompiled("evaluate");
    return new Trainer(this, optimizer, loss, metrics).evaluate(x, y, batchSize);
  }

  /** The model's outputs for {@code x}, computed in batches of 32 and concatenated. */
  public Tensor predict(Tensor x) {
    return predict(x, 32);
  }

  /** {@link #predict(Tensor)} with the given batch size. */
  public Tensor predict(Tensor x, int batchSize) {
    return Trainer.predict(this, x, batchSize);
  }

  /**
   * The table Keras's {@code model.summary()} prints (returned; print it): every layer's name and
   * type, output shape ({@code None} for the batch axis) and parameter count, then the totals with
   * their memory size.
   *
   * <pre>{@code
   * Sequential m = new Sequential(Flatten.builder().inputShape(28, 28).build(),
   *     new Dense(128, Activation.RELU), new Dense(10));
   * System.out.print(m.summary());
   * // Model: "sequential"
   * // _________________________________________________________________
   * //  Layer (type)                Output Shape              Param #
   * // =================================================================
   * //  flatten (Flatten)           (None, 784)               0
   * //  ...
   * // Total params: 101770 (397.54 KB)
   * }</pre>
   *
   * @throws IllegalStateException for a {@link Sequential} that is not built (no input shape and
   *     never called), as Keras
   */
  public String summary() {
    return Summary.of(this);
  }

  /** The trainer of {@link #trainOnBatch}, kept for its step buffers; dropped by a compile. */
  private Trainer batchTrainer;

  /**
   * Set once a micro-batched step ran to its end: the layers the model's calls build exist, so a
   * later fit's replicas may start its first step together (the first ever runs one micro-batch
   * alone, so that layers build on one thread).
   */
  volatile boolean replicaReady;

  private void requireCompiled(String what) {
    if (optimizer == null) {
      throw new IllegalStateException(
          "Model \""
              + name()
              + "\"."
              + what
              + ": the model must be compiled first: call compile(optimizer, loss)");
    }
  }
}
