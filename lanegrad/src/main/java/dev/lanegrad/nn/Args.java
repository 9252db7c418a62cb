package dev.lanegrad.nn;

import dev.lanegrad.Shape;

/** Argument checks shared by the layers' builders; messages name the layer and the option. */
final class Args {
  private Args() {}

  static <T> T notNull(String layer, String option, T value) {
    if (value == null) {
      throw new IllegalArgumentException(layer + ".builder." + option + ": must not be null");
    }
    return value;
  }

  static int positive(String layer, String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          layer + ": " + option + " must be a positive integer, got " + option + "=" + value);
    }
    return value;
  }

  static int[] positive(String layer, String option, int[] values, int n) {
    if (values == null || values.length != n) {
      throw new IllegalArgumentException(
          layer
              + ": "
              + option
              + " must be a list of "
              + n
              + " positive integers, got "
              + (values == null ? "null" : java.util.Arrays.toString(values)));
    }
    for (int v : values) {
      if (v < 1) {
        throw new IllegalArgumentException(
            layer
                + ": "
                + option
                + " must be positive integers, got "
                + java.util.Arrays.toString(values));
      }
    }
    return values.clone();
  }

  static double rate(String layer, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          layer + ": the rate must be a number in [0, 1), got rate=" + rate);
    }
    return rate;
  }

  /** Keras's InputSpec message for a wrong rank. */
  static IllegalArgumentException rank(String layer, int expected, Shape got) {
    return new IllegalArgumentException(
        "Input 0 of layer \""
            + layer
            + "\" is incompatible with the layer: expected ndim="
            + expected
            + ", found ndim="
            + got.rank()
            + ". Full shape received: "
            + got);
  }

  /** Keras's InputSpec message for a wrong last axis. */
  static IllegalArgumentException lastAxis(String layer, int expected, Shape got) {
    return new IllegalArgumentException(
        "Input 0 of layer \""
            + layer
            + "\" is incompatible with the layer: expected axis -1 of input shape to have value "
            + expected
            + ", but received input with shape "
            + got);
  }

  static IllegalArgumentException dtype(String layer, String kind, Object dtype, Shape shape) {
    return new IllegalArgumentException(
        "Layer \""
            + layer
            + "\": expected "
            + kind
            + " input, got dtype "
            + dtype
            + " (shape "
            + shape
            + ")");
  }
}
