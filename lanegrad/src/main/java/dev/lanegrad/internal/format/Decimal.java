package dev.lanegrad.internal.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A finite float as decimal digits {@code d1.d2d3... x 10^exp}, the digits NumPy's Dragon4 prints.
 *
 * <p>Unique (shortest round-trip) digits come from {@code Float.toString}/{@code Double.toString}
 * (shortest since JDK 19; on 17 and 18 a search over {@link BigDecimal} roundings), corrected where
 * Java keeps two digits although one round-trips ({@code 4.9E-324}: Dragon4 and Python print {@code
 * 5e-324}). Where a cap cuts the unique digits short, Dragon4 rounds the exact binary value
 * half-even, which {@link BigDecimal} does too.
 *
 * @param negative the sign bit (so {@code -0.0} is negative)
 * @param digits significant digits without leading or trailing zeros; {@code "0"} for zero
 * @param exp the power of ten of the first digit
 */
record Decimal(boolean negative, String digits, int exp) {
  private static final Decimal ZERO = new Decimal(false, "0", 0);
  private static final Decimal NEG_ZERO = new Decimal(true, "0", 0);

  boolean isZero() {
    return digits.equals("0");
  }

  /** The shortest digits that read back as {@code x} in its dtype (float32 when {@code f32}). */
  static Decimal shortest(double x, boolean f32) {
    if (x == 0) {
      return Double.doubleToRawLongBits(x) < 0 ? NEG_ZERO : ZERO;
    }
    return TO_STRING_IS_SHORTEST ? fromToString(x, f32) : searched(x, f32);
  }

  /**
   * Whether {@code Float.toString}/{@code Double.toString} give the shortest digits: from JDK 19 on
   * (JDK-4511638). JDK 17 and 18 sometimes print a digit too many ({@code 1.50000001E15} for {@code
   * 1.5e15f}), so there {@link #searched} finds the digits instead.
   */
  static final boolean TO_STRING_IS_SHORTEST = Runtime.version().feature() >= 19;

  /** Shortest digits from JDK 19+'s {@code toString}, one digit where one round-trips. */
  static Decimal fromToString(double x, boolean f32) {
    Decimal d = parse(f32 ? Float.toString((float) x) : Double.toString(x));
    if (d.digits.length() == 2) {
      d = oneDigitIfUnique(d, x, f32);
    }
    return d;
  }

  /**
   * Shortest digits found by trying 1, 2, 3... significant digits: at each length the exact value
   * truncated and rounded away from zero are the only candidates; the first length where one reads
   * back as {@code x} wins, the nearer of the two when both do (ties to the even digit). This is
   * JDK 19's {@code toString} contract (and Dragon4's stop at one digit), on any JDK.
   */
  static Decimal searched(double x, boolean f32) {
    boolean neg = Double.doubleToRawLongBits(x) < 0;
    if (x == 0) {
      return neg ? NEG_ZERO : ZERO;
    }
    BigDecimal exact = new BigDecimal(Math.abs(x));
    for (int p = 1; ; p++) {
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
      boolean downOk = readsBack(down, x, f32);
      boolean upOk = readsBack(up, x, f32);
      if (downOk && upOk) {
        int c = exact.subtract(down).compareTo(up.subtract(exact));
        boolean evenDown = !down.unscaledValue().testBit(0);
        return of(neg, c < 0 || (c == 0 && evenDown) ? down : up);
      }
      if (downOk || upOk) {
        return of(neg, downOk ? down : up);
      }
    }
  }

  private static boolean readsBack(BigDecimal b, double x, boolean f32) {
    // parseFloat rounds the decimal once, correctly; BigDecimal.floatValue may round twice
    String s = b.toString();
    double ax = Math.abs(x);
    return f32 ? Float.parseFloat(s) == (float) ax : Double.parseDouble(s) == ax;
  }

  /** Unique digits, or the value rounded to {@code fraction} digits after the point if longer. */
  static Decimal fixed(double x, boolean f32, int fraction) {
    Decimal d = shortest(x, f32);
    if (d.fractionLength() <= fraction) {
      return d;
    }
    return of(d.negative, new BigDecimal(x).setScale(fraction, RoundingMode.HALF_EVEN));
  }

  /** Unique digits, or the value rounded to {@code significant} digits if longer. */
  static Decimal significant(double x, boolean f32, int significant) {
    Decimal d = shortest(x, f32);
    if (d.digits.length() <= significant) {
      return d;
    }
    return of(
        d.negative, new BigDecimal(x).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
  }

  /** The exact value rounded half-even to {@code significant} digits (Dragon4's min_digits). */
  static Decimal rounded(double x, int significant) {
    boolean neg = Double.doubleToRawLongBits(x) < 0;
    if (x == 0) {
      return neg ? NEG_ZERO : ZERO;
    }
    return of(neg, new BigDecimal(x).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
  }

  /** Digits after the decimal point in positional notation. */
  int fractionLength() {
    return isZero() ? 0 : Math.max(0, digits.length() - 1 - exp);
  }

  /** The integer part in positional notation, with {@code '-'} when negative. */
  String intPart() {
    StringBuilder sb = new StringBuilder(Math.max(1, exp + 2));
    if (negative) {
      sb.append('-');
    }
    if (exp < 0) {
      return sb.append('0').toString();
    }
    int n = digits.length();
    sb.append(digits, 0, Math.min(n, exp + 1));
    for (int i = n; i < exp + 1; i++) {
      sb.append('0');
    }
    return sb.toString();
  }

  /** The digits after the point in positional notation (empty for an integral value). */
  String fracPart() {
    if (isZero()) {
      return "";
    }
    if (exp >= 0) {
      return exp + 1 >= digits.length() ? "" : digits.substring(exp + 1);
    }
    return "0".repeat(-exp - 1) + digits;
  }

  private static Decimal of(boolean negative, BigDecimal rounded) {
    if (rounded.signum() == 0) {
      return negative ? NEG_ZERO : ZERO;
    }
    BigDecimal b = rounded.stripTrailingZeros();
    String u = b.unscaledValue().abs().toString();
    return new Decimal(negative, u, u.length() - 1 - b.scale());
  }

  /** Parses Java's {@code toString} of a float or double ({@code 1.25}, {@code -1.0E-5}). */
  private static Decimal parse(String s) {
    boolean neg = s.charAt(0) == '-';
    int start = neg ? 1 : 0;
    int e = s.indexOf('E');
    int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    String mant = s.substring(start, e < 0 ? s.length() : e);
    int dot = mant.indexOf('.');
    String all = mant.substring(0, dot) + mant.substring(dot + 1);
    int point = dot + exp10; // digits before the decimal point
    int lead = 0;
    while (lead < all.length() - 1 && all.charAt(lead) == '0') {
      lead++;
    }
    int end = all.length();
    while (end > lead + 1 && all.charAt(end - 1) == '0') {
      end--;
    }
    String digits = all.substring(lead, end);
    if (digits.equals("0")) {
      return neg ? NEG_ZERO : ZERO;
    }
    return new Decimal(neg, digits, point - lead - 1);
  }

  /**
   * Java may print two digits when one already round-trips (it picks the closest of lengths 1 and
   * 2); Dragon4 stops at the first digit that round-trips.
   */
  private static Decimal oneDigitIfUnique(Decimal d, double x, boolean f32) {
    int first = d.digits.charAt(0) - '0';
    Decimal down = new Decimal(d.negative, String.valueOf(first), d.exp);
    Decimal up =
        first == 9
            ? new Decimal(d.negative, "1", d.exp + 1)
            : new Decimal(d.negative, String.valueOf(first + 1), d.exp);
    boolean downOk = roundTrips(down, x, f32);
    boolean upOk = roundTrips(up, x, f32);
    if (downOk && upOk) {
      BigDecimal exact = new BigDecimal(Math.abs(x));
      int c = exact.subtract(down.abs()).abs().compareTo(up.abs().subtract(exact).abs());
      return c < 0 || (c == 0 && first % 2 == 0) ? down : up;
    }
    return downOk ? down : upOk ? up : d;
  }

  private BigDecimal abs() {
    return new BigDecimal(digits + "E" + (exp - digits.length() + 1));
  }

  private static boolean roundTrips(Decimal d, double x, boolean f32) {
    String s = d.digits + "E" + (d.exp - d.digits.length() + 1);
    double ax = Math.abs(x);
    return f32 ? Float.parseFloat(s) == (float) ax : Double.parseDouble(s) == ax;
  }
}
