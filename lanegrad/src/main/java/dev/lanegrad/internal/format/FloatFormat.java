package dev.lanegrad.internal.format;

/**
 * NumPy's {@code FloatingFormat} with the default print options (precision 8, floatmode {@code
 * 'maxprec'}, suppress off): one pass over the printed values fixes the notation and the paddings,
 * then every value formats to the same width.
 *
 * <p>Positional: each value keeps its own unique digits (at most 8 after the point) and is padded
 * with spaces on the right to the longest fraction ({@code [1.5 2.25]}). Scientific, chosen when
 * the largest nonzero magnitude is {@code >= 1e8}, the smallest {@code < 1e-4}, or their ratio
 * {@code > 1e3}: every mantissa gets the longest unique fraction (at most 8 digits), the extra
 * digits taken from the exact binary value ({@code [1.0e+00 1.5e+08]}, and float32 -7.1 beside
 * 9-digit values prints {@code -7.0999999e+00}).
 */
final class FloatFormat {
  private static final int PRECISION = 8;

  private final boolean f32;

  /** Dragon4's {@code sign=True}: '+' before non-negative values (imaginary parts). */
  private final boolean plus;

  private boolean exp;
  private int padLeft;
  private int padRight;

  /** Scientific only: fraction digits of every mantissa. */
  private int precision;

  /** Scientific only: exponent digits. */
  private int expSize;

  /**
   * @param values the values that will be printed (a summary's edges only). Not modified.
   * @param f32 whether the values are float32 (their shortest digits are float32's)
   */
  FloatFormat(double[] values, boolean f32, boolean plus) {
    this.f32 = f32;
    this.plus = plus;
    fill(values);
  }

  private void fill(double[] values) {
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    int finite = 0;
    boolean negInf = false;
    for (double v : values) {
      if (Double.isFinite(v)) {
        finite++;
        double a = Math.abs(v);
        if (a != 0) {
          max = Math.max(max, a);
          min = Math.min(min, a);
        }
      } else if (v == Double.NEGATIVE_INFINITY) {
        negInf = true;
      }
    }
    if (max > 0) {
      // NumPy 1.x compares the float32 extremes as float64 but divides them in float32
      double ratio = f32 ? (double) ((float) max / (float) min) : max / min;
      exp = max >= 1e8 || min < 1e-4 || ratio > 1000.0;
    }
    if (finite == 0) {
      padLeft = 0;
      padRight = 0;
    } else if (exp) {
      int frac = 0;
      int expDigits = 2;
      int left = 1;
      for (double v : values) {
        if (Double.isFinite(v)) {
          Decimal d = Decimal.significant(v, f32, PRECISION + 1);
          frac = Math.max(frac, d.digits().length() - 1);
          expDigits = Math.max(expDigits, digitCount(Math.abs(d.exp())));
          left = Math.max(left, d.negative() || plus ? 2 : 1);
        }
      }
      precision = frac;
      expSize = expDigits;
      padLeft = left;
      padRight = expSize + 2 + precision;
    } else {
      int left = 0;
      int right = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          Decimal d = Decimal.fixed(v, f32, PRECISION);
          left = Math.max(left, d.intPart().length() + (plus && !d.negative() ? 1 : 0));
          right = Math.max(right, d.fracPart().length());
        }
      }
      padLeft = left;
      padRight = right;
    }
    if (finite != values.length) {
      int offset = padRight + 1;
      int infLen = 3 + (plus || negInf ? 1 : 0);
      padLeft = Math.max(padLeft, Math.max(3 - offset, infLen - offset));
    }
  }

  String format(double v) {
    StringBuilder sb = new StringBuilder(padLeft + padRight + 1);
    if (!Double.isFinite(v)) {
      String s = Double.isNaN(v) ? (plus ? "+nan" : "nan") : v < 0 ? "-inf" : plus ? "+inf" : "inf";
      pad(sb, padLeft + padRight + 1 - s.length());
      return sb.append(s).toString();
    }
    if (exp) {
      // min_digits = precision: digits past the unique ones come from the exact value (-7.1f
      // prints -7.0999999e+00 beside a 9-digit neighbour), i.e. the exact value rounded
      Decimal d = Decimal.rounded(v, precision + 1);
      pad(sb, padLeft - (d.negative() || plus ? 2 : 1));
      sign(sb, d);
      String digits = d.digits();
      sb.append(digits.charAt(0)).append('.').append(digits, 1, digits.length());
      for (int i = digits.length() - 1; i < precision; i++) {
        sb.append('0');
      }
      sb.append('e').append(d.exp() < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(d.exp()));
      for (int i = e.length(); i < expSize; i++) {
        sb.append('0');
      }
      return sb.append(e).toString();
    }
    Decimal d = Decimal.fixed(v, f32, PRECISION);
    String ip = d.intPart();
    String fp = d.fracPart();
    pad(sb, padLeft - ip.length() - (plus && !d.negative() ? 1 : 0));
    if (plus && !d.negative()) {
      sb.append('+');
    }
    sb.append(ip).append('.').append(fp);
    pad(sb, padRight - fp.length());
    return sb.toString();
  }

  private void sign(StringBuilder sb, Decimal d) {
    if (d.negative()) {
      sb.append('-');
    } else if (plus) {
      sb.append('+');
    }
  }

  private static void pad(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(' ');
    }
  }

  private static int digitCount(int n) {
    return Integer.toString(n).length();
  }
}
