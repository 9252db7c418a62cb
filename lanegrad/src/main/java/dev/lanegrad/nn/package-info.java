/**
 * Keras's layers and training loop, written against the public face only, as a user would write
 * them: {@link dev.lanegrad.nn.Dense}, {@link dev.lanegrad.nn.Conv1D}, {@link
 * dev.lanegrad.nn.Conv2D}, the pooling layers, {@link dev.lanegrad.nn.BatchNormalization}, {@link
 * dev.lanegrad.nn.LayerNormalization}, {@link dev.lanegrad.nn.Dropout}, {@link
 * dev.lanegrad.nn.Embedding}, {@link dev.lanegrad.nn.SimpleRNN}, {@link dev.lanegrad.nn.LSTM},
 * {@link dev.lanegrad.nn.GRU}, {@link dev.lanegrad.nn.MultiHeadAttention}, {@link
 * dev.lanegrad.nn.Sequential} and {@link dev.lanegrad.nn.Model} ({@code compile}, {@code fit},
 * {@code evaluate}, {@code predict}, {@code summary}), losses, initializers and regularizers.
 * Names, defaults and weight names are Keras 2's.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *     Conv2D.builder(32, 3).activation(Activation.RELU).inputShape(28, 28, 1).build(),
 *     new MaxPooling2D(2), new Flatten(), new Dropout(0.5, 42), new Dense(10));
 * model.compile(new Adam(0.001), Losses.sparseCategoricalCrossentropy(true), "accuracy");
 * }</pre>
 */
package dev.lanegrad.nn;
