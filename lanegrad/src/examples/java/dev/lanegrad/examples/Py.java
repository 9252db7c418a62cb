package dev.lanegrad.examples;

import dev.lanegrad.Tensor;
import java.math.BigDecimal;

/**
 * Python's ways of printing, so that the notebook ports print what the notebooks print.
 *
 * <p>Only formatting lives here: every value printed is computed with lanegrad.
 */
public final class Py {
  private Py() {}

  /**
   * What {@code print(t.numpy())} or {@code f"{t}"} prints for a tensor: NumPy's {@code str} of its
   * values, which is {@link Tensor#toString()} without {@code Tensor(} and the shape and dtype.
   * {@code numpy(Tensor.of(new float[] {6, 6}))} is {@code "[6. 6.]"}.
   */
  public static String numpy(Tensor t) {
    String s = t.toString();
    int start = s.indexOf('(') + 1;
    int end = s.lastIndexOf(", shape=");
    String values = s.substring(start, end);
    // a value spanning lines starts on the line after "Tensor("
    return values.startsWith("\n") ? values.substring(1) : values;
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back to the same double, fixed
   * notation for exponents -4..15, else {@code 1.5e-05} style. {@code repr(5.0)} is {@code "5.0"}.
   */
  public static String repr(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
    // Double.toString gives the shortest round-trip digits (JDK 19+); only the layout differs
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int decpt = digits.length() - d.scale(); // value = 0.<digits> * 10^decpt
    StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.").append("0".repeat(-decpt)).append(digits);
      } else if (decpt >= digits.length()) {
        out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
      int exp = decpt - 1;
      out.append(exp < 0 ? "e-" : "e+");
      int a = Math.abs(exp);
      out.append(a < 10 ? "0" : "").append(a);
    }
    return out.toString();
  }

  /** What {@code print(f"{type(e).__name__}: {e}")} prints, with Java's exception class name. */
  public static String error(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
