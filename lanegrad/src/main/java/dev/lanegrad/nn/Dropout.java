package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keras's {@code Dropout}: in training each value is zeroed with probability {@code rate} and the
 * others scaled by {@code 1 / (1 - rate)}, so the expected sum is unchanged; in inference it is the
 * identity.
 *
 * <pre>{@code
 * Dropout d = new Dropout(0.2, 42);
 * d.apply(x);         // x: inference
 * d.apply(x, true);   // about a fifth zeroed, the rest * 1.25
 * }</pre>
 *
 * <p>Seeded, the layer draws its k-th mask from {@code (seed, k)}: the same program gives the same
 * masks on any thread count, and each call a new one (as Keras's seeded generator). Unseeded, each
 * call draws its seed from {@link Utils#setRandomSeed the global generator}. In micro-batched
 * training ({@link FitOptions.Builder#microBatch}) a seeded layer draws from {@code (seed, step,
 * micro-batch)} instead, so that replicas give the same masks whichever thread ran which
 * micro-batch.
 */
public class Dropout extends Layer {
  private final double rate;
  final Long seed;
  final AtomicLong calls = new AtomicLong();

  /**
   * Drops with probability {@code rate}, unseeded.
   *
   * @throws IllegalArgumentException unless 0 &lt;= rate &lt; 1
   */
  public Dropout(double rate) {
    this(rate, null, null);
  }

  /** Drops with probability {@code rate}; masks drawn from {@code seed}. */
  public Dropout(double rate, long seed) {
    this(rate, seed, null);
  }

  /** A named dropout layer (a null seed: unseeded). */
  public Dropout(double rate, Long seed, String name) {
    super(name != null ? checkName("Dropout", name) : defaultName("dropout"));
    this.rate = Args.rate("Dropout", rate);
    this.seed = seed;
  }

  /** The drop probability. */
  public double rate() {
    return rate;
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (!dtype.isFloating()) {
      throw Args.dtype(name(), "a float", dtype, shape);
    }
    return new Spec(shape, dtype);
  }

  @Override
  protected Tensor call(Tensor x) {
    return x;
  }

  @Override
  protected Tensor call(Tensor x, boolean training) {
    if (!training || rate == 0) {
      return x;
    }
    return Ops.dropout(x, rate, drawSeed(seed, calls));
  }

  /**
   * The seed of a training call of a layer that drops: from {@code (seed, call)} when seeded, from
   * {@code (seed, step, micro-batch)} in micro-batched training, else from the global generator.
   */
  static long drawSeed(Long seed, AtomicLong calls) {
    long[] at = MicroBatches.position();
    if (seed != null && at != null) {
      // data-parallel replicas: the mask of (step, micro-batch), whichever thread runs it
      return mix(mix(seed, at[0]), at[1]);
    }
    return seed != null ? mix(seed, calls.getAndIncrement()) : Utils.nextSeed();
  }

  /** SplitMix64's finaliser over (seed, call): neighbouring calls get unrelated seeds. */
  static long mix(long seed, long k) {
    long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
