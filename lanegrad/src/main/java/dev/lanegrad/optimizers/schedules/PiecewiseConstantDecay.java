package dev.lanegrad.optimizers.schedules;

import java.util.Arrays;

/**
 * A constant rate per interval of steps, as Keras's {@code PiecewiseConstantDecay}:
 *
 * <pre>
 * lr(step) = values[0]   for step &lt;= boundaries[0]
 *            values[i]   for boundaries[i-1] &lt; step &lt;= boundaries[i]
 *            values[n]   for step &gt; boundaries[n-1]
 * </pre>
 *
 * The values are float32, as Keras converts Python numbers. {@code new PiecewiseConstantDecay(new
 * long[] {100, 200}, new double[] {1.0, 0.5, 0.1})} gives 1.0 through step 100, 0.5 through 200,
 * then 0.1.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  /**
   * The schedule of {@code values.length} pieces.
   *
   * @param boundaries strictly increasing steps, one fewer than {@code values}
   * @param values the rates, each finite and {@code >= 0}
   * @throws IllegalArgumentException for a null array, lengths that do not match, boundaries that
   *     do not increase, or a negative or non-finite value
   */
  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    String op = "PiecewiseConstantDecay";
    if (boundaries == null || values == null) {
      throw new IllegalArgumentException(op + ": boundaries and values must not be null");
    }
    if (boundaries.length != values.length - 1) {
      throw new IllegalArgumentException(
          op
              + ": the length of boundaries should be 1 less than the length of values, got "
              + boundaries.length
              + " boundaries "
              + Arrays.toString(boundaries)
              + " and "
              + values.length
              + " values "
              + Arrays.toString(values));
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException(
            op + ": boundaries must increase strictly, got " + Arrays.toString(boundaries));
      }
    }
    for (double v : values) {
      F32.nonNegative(op, "every value", v);
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  /** A copy of the boundaries. */
  public long[] boundaries() {
    return boundaries.clone();
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  @Override
  public double at(long step) {
    int i = 0;
    while (i < boundaries.length && step > boundaries[i]) {
      i++;
    }
    return (float) values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PiecewiseConstantDecay p
        && Arrays.equals(boundaries, p.boundaries)
        && Arrays.equals(values, p.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "PiecewiseConstantDecay[boundaries="
        + Arrays.toString(boundaries)
        + ", values="
        + Arrays.toString(values)
        + "]";
  }
}
