package dev.lanegrad.callbacks;

import java.util.Locale;

/** Keras's {@code mode} argument: which way a monitored quantity improves. */
final class Monitor {
  private Monitor() {}

  /**
   * True when larger is better: {@code "max"}, or {@code "auto"} and {@code auto} says so.
   *
   * @throws IllegalArgumentException for a mode other than auto, min, max
   */
  static boolean greater(String op, String mode, boolean auto) {
    String m = mode == null ? "null" : mode.toLowerCase(Locale.ROOT);
    return switch (m) {
      case "min" -> false;
      case "max" -> true;
      case "auto" -> auto;
      default ->
          throw new IllegalArgumentException(
              op + ": mode must be \"auto\", \"min\" or \"max\", got \"" + mode + "\"");
    };
  }

  static String checkMonitor(String op, String monitor) {
    if (monitor == null || monitor.isEmpty()) {
      throw new IllegalArgumentException(op + ": monitor must be a logs key such as \"val_loss\"");
    }
    return monitor;
  }

  /**
   * A number as Python's {@code repr(float)} prints it ({@code 0.5}, {@code 2.0}, {@code 1e-05},
   * {@code nan}), so that files written here read as Keras's.
   */
  static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    // Double.toString gives the shortest digits that round-trip, as repr does
    java.math.BigDecimal b =
        new java.math.BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = b.unscaledValue().toString();
    int exp10 = digits.length() - 1 - b.scale();
    String sign = d < 0 ? "-" : "";
    if (exp10 >= -4 && exp10 < 16) {
      String plain = b.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign
        + mantissa
        + "e"
        + (exp10 < 0 ? "-" : "+")
        + String.format(Locale.ROOT, "%02d", Math.abs(exp10));
  }
}
