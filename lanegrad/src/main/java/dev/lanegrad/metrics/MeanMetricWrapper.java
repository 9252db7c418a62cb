package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import dev.lanegrad.internal.autodiff.Tape;
import java.util.function.BiFunction;

/**
 * The mean of a per-sample function of the targets and predictions, as Keras's {@code
 * MeanMetricWrapper}: each update computes {@code v = fn(yTrue, yPred)} and adds its elements to a
 * weighted {@link Mean}. The accuracies and error metrics of this package are such wrappers.
 *
 * <pre>{@code
 * Metric within = new MeanMetricWrapper("within_0_1",
 *     (t, p) -> t.sub(p).abs().lessEqual(0.1));        // the share of |y - p| <= 0.1
 * model.compile(new Adam(1e-3), Losses::meanSquaredError, within);
 * }</pre>
 */
public class MeanMetricWrapper extends Metric {
  /** The per-sample values of one batch and their shape. */
  record Batch(float[] values, int[] dims, float[] mask) {
    Batch(float[] values, int[] dims) {
      this(values, dims, null);
    }
  }

  /** A per-sample function on a batch, checked and computed by the metric. */
  interface Fn {
    Batch apply(String what, Tensor yTrue, Tensor yPred);
  }

  private final Fn fn;
  private final Accumulator acc = new Accumulator();

  /**
   * Averages {@code fn(yTrue, yPred)} (a tensor of any real dtype and shape, one value per sample
   * or per element) over all updates.
   *
   * @throws IllegalArgumentException for a null or empty name, or a null function
   */
  public MeanMetricWrapper(String name, BiFunction<Tensor, Tensor, Tensor> fn) {
    super(name);
    if (fn == null) {
      throw new IllegalArgumentException("MeanMetricWrapper \"" + name + "\": fn is null");
    }
    this.fn =
        (what, t, p) -> {
          Tensor v = fn.apply(t, p);
          if (v == null) {
            throw new IllegalStateException(what + ": the metric function returned null");
          }
          return new Batch(Values.floats(what, "the function's value", v), v.shape().dims());
        };
  }

  MeanMetricWrapper(String name, Fn fn) {
    super(name);
    this.fn = fn;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /**
   * Adds the batch's per-sample values weighted by {@code sampleWeight} (null: 1): a scalar, one
   * weight per sample, or of the values' shape.
   *
   * @throws IllegalArgumentException for null or complex inputs, shapes that do not fit (naming the
   *     metric and the shapes); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(what + ": yTrue and yPred must not be null");
    }
    // a user's function records on an enclosing tape before its value or the weights can be
    // rejected: a rejected update leaves the tapes as it found them
    Object mark = Tape.mark();
    try {
      Batch b = fn.apply(what, yTrue, yPred);
      acc.add(
          what,
          b.values(),
          b.dims(),
          b.mask() == null ? sampleWeight : masked(what, b, sampleWeight));
    } catch (IllegalArgumentException | IllegalStateException e) {
      Tape.rollback(mark);
      throw e;
    }
  }

  /**
   * Keras's {@code apply_valid_mask} for a weighted mean: the weights (broadcast to the values)
   * times the batch's mask, so that masked values count for nothing.
   */
  private static Tensor masked(String what, Batch b, Tensor sampleWeight) {
    float[] m = b.mask();
    float[] w = sampleWeight == null ? null : Values.broadcast(what, b.dims(), sampleWeight, false);
    float[] out = new float[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = w == null ? m[i] : m[i] * w[i];
    }
    return Tensor.of(out).reshape(b.dims());
  }

  /** The weighted mean of every value so far (float32), 0 before any. */
  @Override
  public double result() {
    return acc.result();
  }

  @Override
  public void resetState() {
    acc.reset();
  }
}
