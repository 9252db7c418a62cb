/**
 * Keras's metrics ({@code tf.keras.metrics}): a stateful {@link dev.lanegrad.metrics.Metric} with
 * {@code updateState}, {@code result} and {@code resetState}, and the built-ins with Keras 2's
 * definitions and names: {@code Mean}, the accuracies ({@code Accuracy}, {@code BinaryAccuracy},
 * {@code CategoricalAccuracy}, {@code SparseCategoricalAccuracy}, {@code TopKCategoricalAccuracy},
 * {@code SparseTopKCategoricalAccuracy}), {@code Precision}, {@code Recall}, {@code AUC}, {@code
 * MeanSquaredError}, {@code MeanAbsoluteError}, {@code RootMeanSquaredError}.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.binaryCrossentropy(false), new BinaryAccuracy(), new AUC());
 * // fit logs loss, binary_accuracy, auc, val_loss, val_binary_accuracy, val_auc
 * }</pre>
 */
package dev.lanegrad.metrics;
