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
 * <p>Keras's class names of metrics whose constructor needs no argument give them with Keras's
 * defaults ({@code "TruePositives"}, {@code "R2Score"}, {@code "BinaryIoU"}); {@code "F1Score"} and
 * {@code "FBetaScore"}, whose default result is one score per class, are not accepted: build them
 * with an average ({@code new F1Score("f1_score", "macro", null)}).
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
        "ACC",
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
        "mean_absolute_percentage_error",
        "mape",
        "MAPE",
        "mean_squared_logarithmic_error",
        "msle",
        "MSLE",
        "binary_crossentropy",
        "bce",
        "BCE",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "kullback_leibler_divergence",
        "poisson",
        "cosine_similarity",
        "cosine_proximity",
        "logcosh",
        "log_cosh",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "Accuracy",
        "BinaryAccuracy",
        "CategoricalAccuracy",
        "SparseCategoricalAccuracy",
        "TopKCategoricalAccuracy",
        "SparseTopKCategoricalAccuracy",
        "MeanSquaredError",
        "MeanAbsoluteError",
        "RootMeanSquaredError",
        "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError",
        "BinaryCrossentropy",
        "CategoricalCrossentropy",
        "SparseCategoricalCrossentropy",
        "KLDivergence",
        "Poisson",
        "CosineSimilarity",
        "LogCoshError",
        "Hinge",
        "SquaredHinge",
        "CategoricalHinge",
        "AUC",
        "auc",
        "Precision",
        "precision",
        "Recall",
        "recall",
        "TruePositives",
        "TrueNegatives",
        "FalsePositives",
        "FalseNegatives",
        "R2Score",
        "BinaryIoU");
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
      case "ACC":
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
      case "mean_absolute_percentage_error":
      case "mape":
      case "MAPE":
        return new MeanAbsolutePercentageError(name);
      case "mean_squared_logarithmic_error":
      case "msle":
      case "MSLE":
        return new MeanSquaredLogarithmicError(name);
      case "binary_crossentropy":
      case "bce":
      case "BCE":
        return new BinaryCrossentropy(name, false, 0);
      case "categorical_crossentropy":
        return new CategoricalCrossentropy(name, false, 0);
      case "sparse_categorical_crossentropy":
        return new SparseCategoricalCrossentropy(name, false);
      case "kullback_leibler_divergence":
        return new KLDivergence(name);
      case "poisson":
        return new Poisson(name);
      case "cosine_similarity":
      case "cosine_proximity":
        return new CosineSimilarity(name);
      case "logcosh":
      case "log_cosh":
        return new LogCoshError(name);
      case "hinge":
        return new Hinge(name);
      case "squared_hinge":
        return new SquaredHinge(name);
      case "categorical_hinge":
        return new CategoricalHinge(name);
      case "MeanAbsolutePercentageError":
        return new MeanAbsolutePercentageError();
      case "MeanSquaredLogarithmicError":
        return new MeanSquaredLogarithmicError();
      case "BinaryCrossentropy":
        return new BinaryCrossentropy();
      case "CategoricalCrossentropy":
        return new CategoricalCrossentropy();
      case "SparseCategoricalCrossentropy":
        return new SparseCategoricalCrossentropy();
      case "KLDivergence":
        return new KLDivergence();
      case "Poisson":
        return new Poisson();
      case "CosineSimilarity":
        return new CosineSimilarity();
      case "LogCoshError":
        return new LogCoshError();
      case "Hinge":
        return new Hinge();
      case "SquaredHinge":
        return new SquaredHinge();
      case "CategoricalHinge":
        return new CategoricalHinge();
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
      case "TruePositives":
        return new TruePositives();
      case "TrueNegatives":
        return new TrueNegatives();
      case "FalsePositives":
        return new FalsePositives();
      case "FalseNegatives":
        return new FalseNegatives();
      case "R2Score":
        return new R2Score();
      case "BinaryIoU":
        return new BinaryIoU();
      default:
        throw new IllegalArgumentException(
            "Metrics.get: unknown metric \"" + name + "\"; known: " + names());
    }
  }

  /**
   * Keras's names for metrics compiled together: a metric built without a name ({@code new AUC()},
   * {@code new Precision()}, {@code new Recall()}, or the names {@code "auc"}, {@code "precision"},
   * {@code "recall"}) whose name is already taken is numbered as Keras numbers such objects when it
   * creates them: {@code auc}, {@code auc_1}, {@code auc_2}. Returns the specs with each renamed
   * name replaced by its metric, and renames metric objects in place, only once every name is known
   * to be unique ({@code Model.compile} calls this).
   *
   * @param what the caller, for messages ({@code Model "m".compile})
   * @param specs metric names and {@link Metric} objects, in compile order
   * @throws IllegalArgumentException for two metrics (or a metric and {@code loss}) of one name
   *     that was given explicitly, as Keras's "Found two metrics with the same name"
   */
  public static java.util.List<Object> uniqueNames(String what, java.util.List<Object> specs) {
    if (specs == null || specs.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException(
          "Metrics.uniqueNames: " + what + ": the metrics must not be null or hold null: " + specs);
    }
    java.util.Set<String> taken = new java.util.HashSet<>();
    taken.add("loss");
    java.util.List<Object> out = new java.util.ArrayList<>(specs);
    java.util.Map<Metric, String> renames = new java.util.IdentityHashMap<>();
    java.util.Set<Object> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < out.size(); i++) {
      Object s = out.get(i);
      boolean again = s instanceof Metric && !seen.add(s);
      String n = s instanceof Metric m ? m.name() : String.valueOf(s);
      if (!(s instanceof Metric) && AUTO_NAMED.contains(n)) {
        n = n.toLowerCase(java.util.Locale.ROOT);
      }
      if (taken.add(n)) {
        continue;
      }
      boolean auto = s instanceof Metric m ? m.autoNamed : AUTO_NAMED.contains(n);
      if (!auto || again) {
        throw new IllegalArgumentException(
            what
                + ": two metrics (or a metric and the loss) are named \""
                + n
                + "\"; give one another name");
      }
      int k = 1;
      while (taken.contains(n + "_" + k)) {
        k++;
      }
      String unique = n + "_" + k;
      taken.add(unique);
      if (s instanceof Metric m) {
        renames.put(m, unique);
      } else {
        Metric m = get(n);
        m.rename(unique);
        out.set(i, m);
      }
    }
    for (java.util.Map.Entry<Metric, String> e : renames.entrySet()) {
      e.getKey().rename(e.getValue());
    }
    return out;
  }

  /**
   * Whether {@code Model.compile} resolves the name from the shapes of the first batch, as Keras's
   * {@code compile_utils} does for {@code accuracy}, {@code acc}, {@code crossentropy} and {@code
   * ce} in any case ({@code "ACC"}, {@code "Accuracy"}, {@code "CE"}): binary, sparse categorical
   * or categorical.
   */
  public static boolean byShapes(String name) {
    if (name == null) {
      return false;
    }
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.equals("accuracy") || n.equals("acc") || n.equals("crossentropy") || n.equals("ce");
  }

  /** The names whose metric Keras creates without a name, so that it numbers them. */
  private static final java.util.Set<String> AUTO_NAMED =
      java.util.Set.of("auc", "AUC", "precision", "Precision", "recall", "Recall");
}
