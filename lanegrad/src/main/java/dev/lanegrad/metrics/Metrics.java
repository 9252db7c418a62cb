package dev.lanegrad.metrics;

import java.util.List;

/**
 * Metrics by name, as Keras's {@code tf.keras.metrics.get}: a function name gives the metric that
 * averages it, logged under the name as given ({@code "mse"} logs {@code mse}); a class name gives
 * the class with its default name ({@code "AUC"} logs {@code auc}).
 *
 * <pre>{@code
 * Metric m = Metrics.get("mae");        // a MeanAbsoluteError named "mae"
 * }</pre>
 *
 * <p>{@code Model.compile} resolves {@code "accuracy"} and {@code "acc"} itself, from the shapes of
 * the first batch (binary, categorical or sparse categorical, as Keras); here they are the exact
 * {@link Accuracy}, as Keras's {@code metrics.get("accuracy")}.
 */
public final class Metrics {
  private Metrics() {}

  /** Every name {@link #get} accepts. */
  public static List<String> names() {
    return List.of(
        "accuracy",
        "acc",
        "binary_accuracy",
        "categorical_accuracy",
        "sparse_categorical_accuracy",
        "top_k_categorical_accuracy",
        "sparse_top_k_categorical_accuracy",
        "mean_squared_error",
        "mse",
        "MSE",
        "mean_absolute_error",
        "mae",
        "MAE",
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "TopKCategoricalAccuracy",
        "SparseTopKCategoricalAccuracy",
        "MeanSquaredError",
        "MeanAbsoluteError",
        "RootMeanSquaredError",
        "AUC",
        "auc",
        "Precision",
        "precision",
        "Recall",
        "recall");
  }

  /**
   * A new metric for a name of {@link #names()}.
   *
   * @throws IllegalArgumentException for null or an unknown name (the message lists the known)
   */
  public static Metric get(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Metrics.get: the name is null; known: " + names());
    }
    switch (name) {
      case "accuracy":
      case "acc":
        return new Accuracy(name);
      case "binary_accuracy":
        return new BinaryAccuracy(name, 0.5);
      case "categorical_accuracy":
        return new CategoricalAccuracy(name);
      case "sparse_categorical_accuracy":
        return new SparseCategoricalAccuracy(name);
      case "top_k_categorical_accuracy":
        return new TopKCategoricalAccuracy(name, 5);
      case "sparse_top_k_categorical_accuracy":
        return new SparseTopKCategoricalAccuracy(name, 5);
      case "mean_squared_error":
      case "mse":
      case "MSE":
        return new MeanSquaredError(name);
      case "mean_absolute_error":
      case "mae":
      case "MAE":
        return new MeanAbsoluteError(name);
      case "Accuracy":
        return new Accuracy();
      case "BinaryAccuracy":
        return new BinaryAccuracy();
      case "CategoricalAccuracy":
        return new CategoricalAccuracy();
      case "SparseCategoricalAccuracy":
        return new SparseCategoricalAccuracy();
      case "TopKCategoricalAccuracy":
        return new TopKCategoricalAccuracy();
      case "SparseTopKCategoricalAccuracy":
        return new SparseTopKCategoricalAccuracy();
      case "MeanSquaredError":
        return new MeanSquaredError();
      case "MeanAbsoluteError":
        return new MeanAbsoluteError();
      case "RootMeanSquaredError":
        return new RootMeanSquaredError();
      case "AUC":
      case "auc":
        return new AUC();
      case "Precision":
      case "precision":
        return new Precision();
      case "Recall":
      case "recall":
        return new Recall();
      default:
        throw new IllegalArgumentException(
            "Metrics.get: unknown metric \"" + name + "\"; known: " + names());
    }
  }
}
