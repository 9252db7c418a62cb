package dev.lanegrad.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training example for {@link SparkTrainer#fit(org.apache.spark.api.java.JavaRDD)}: its
 * features (flat, row-major; {@link SparkTrainer.Builder#inputShape} gives them a shape) and its
 * label (one value for a class index or a regression target, several for a one-hot or multi-output
 * target). Both become float32 tensors.
 *
 * <pre>{@code
 * JavaRDD<Sample> data = lines.map(l -> Sample.of(parsePixels(l), parseDigit(l)));
 * }</pre>
 */
public final class Sample implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] features;
  private final float[] label;

  private Sample(float[] features, float[] label) {
    this.features = features;
    this.label = label;
  }

  /**
   * A sample of the given features and label values (both copied).
   *
   * @throws IllegalArgumentException for null or empty features or label
   */
  public static Sample of(float[] features, float... label) {
    if (features == null || features.length == 0 || label == null || label.length == 0) {
      throw new IllegalArgumentException(
          "Sample.of: features and label need at least one value each, got features "
              + (features == null ? "null" : features.length + " values")
              + " and label "
              + (label == null ? "null" : label.length + " values"));
    }
    return new Sample(features.clone(), label.clone());
  }

  /** A copy of the features. */
  public float[] features() {
    return features.clone();
  }

  /** A copy of the label values. */
  public float[] label() {
    return label.clone();
  }

  int featureCount() {
    return features.length;
  }

  int labelCount() {
    return label.length;
  }

  float[] featuresView() {
    return features;
  }

  float[] labelView() {
    return label;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s
        && Arrays.equals(features, s.features)
        && Arrays.equals(label, s.label);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(features) + Arrays.hashCode(label);
  }

  @Override
  public String toString() {
    return "Sample(" + features.length + " features, label " + Arrays.toString(label) + ")";
  }
}
