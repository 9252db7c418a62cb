/**
 * Input pipelines in the manner of TF's {@code tf.data}: a {@link dev.lanegrad.data.Dataset} is a
 * recipe (slices of tensors, a CSV or IDX file, a {@code .npz}) that yields elements, each a {@code
 * List<Tensor>} with the features first and the label last; transformations ({@code map}, {@code
 * shuffle}, {@code batch}, {@code prefetch}, ...) return new datasets and nothing runs until the
 * dataset is iterated. {@link dev.lanegrad.data.Datasets} holds the loaders.
 */
package dev.lanegrad.data;
