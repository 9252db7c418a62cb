package dev.lanegrad.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dragon4's digits: unique (shortest round-trip) per dtype, and exact half-even rounding at a cap.
 */
class DecimalTest {
  private static String sci(Decimal d) {
    return (d.negative() ? "-" : "") + d.digits() + "e" + d.exp();
  }

  @Test
  void shortestDigitsOfEachDtype() {
    assertEquals("1e-1", sci(Decimal.shortest(0.1f, true)));
    assertEquals("100000001490116119384765625e-1", sci(Decimal.rounded(0.1f, 40)));
    assertEquals("10000000149011612e-1", sci(Decimal.shortest(0.1f, false)));
    assertEquals("-0e0", sci(Decimal.shortest(-0.0, false)));
    assertEquals("15e8", sci(Decimal.shortest(1.5e8, false)));
  }

  @Test
  void searchedDigitsWhereJdk17PrintsADigitTooMany() {
    // JDK 17: Float.toString(1.5e15f) = "1.50000001E15", Double.toString(2e23) =
    // "2.0000000000000001E23"; NumPy prints 1.5e+15 and 2e+23
    assertEquals("15e15", sci(Decimal.searched(1.5e15f, true)));
    assertEquals("2e23", sci(Decimal.searched(2e23, false)));
    assertEquals("-92541e13", sci(Decimal.searched(-0x1.50a986p+46, true)));
    assertEquals("1e-1", sci(Decimal.searched(0.1f, true)));
    assertEquals("10000000149011612e-1", sci(Decimal.searched(0.1f, false)));
    assertEquals("-0e0", sci(Decimal.searched(-0.0, true)));
    assertEquals("5e-324", sci(Decimal.searched(Double.MIN_VALUE, false)));
    assertEquals("1e-45", sci(Decimal.searched(Float.MIN_VALUE, true)));
    assertEquals("1e-323", sci(Decimal.searched(2 * Double.MIN_VALUE, false)));
    assertEquals("34028235e38", sci(Decimal.searched(Float.MAX_VALUE, true)));
    assertEquals("17976931348623157e308", sci(Decimal.searched(Double.MAX_VALUE, false)));
  }

  @Test
  void searchedDigitsEqualJdk19ToStringDigits() {
    // two implementations of one contract: only a JDK 19+ toString is shortest (CI runs 17 and 25)
    org.junit.jupiter.api.Assumptions.assumeTrue(Decimal.TO_STRING_IS_SHORTEST);
    long seed = 20261207L;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 2_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        assertEquals(
            sci(Decimal.fromToString(f, true)), sci(Decimal.searched(f, true)), "seed " + seed);
      }
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        assertEquals(
            sci(Decimal.fromToString(d, false)), sci(Decimal.searched(d, false)), "seed " + seed);
      }
    }
  }

  @Test
  void oneDigitWhenOneDigitRoundTrips() {
    // Java prints 4.9E-324 and 1.4E-45; Dragon4 (and Python) stop at one digit
    assertEquals("5e-324", sci(Decimal.shortest(Double.MIN_VALUE, false)));
    assertEquals("1e-45", sci(Decimal.shortest(Float.MIN_VALUE, true)));
    assertEquals("1e-323", sci(Decimal.shortest(2 * Double.MIN_VALUE, false))); // Java: 9.9E-324
  }

  @Test
  void capRoundsTheExactValueHalfEven() {
    // 2^-9 = 0.001953125 exactly: the tie goes to the even digit
    assertEquals(
        "0.00195312",
        Decimal.fixed(0x1p-9, false, 8).intPart()
            + "."
            + Decimal.fixed(0x1p-9, false, 8).fracPart());
    // 3 * 2^-9 = 0.005859375: even is up
    assertEquals(
        "0.00585938",
        Decimal.fixed(0x3p-9, false, 8).intPart()
            + "."
            + Decimal.fixed(0x3p-9, false, 8).fracPart());
    // not a tie in binary: 0.123456785 is 0.12345678499999999...
    assertEquals(
        "0.12345678",
        Decimal.fixed(0.123456785, false, 8).intPart()
            + "."
            + Decimal.fixed(0.123456785, false, 8).fracPart());
    // a carry through the nines drops the trailing zeros
    Decimal d = Decimal.fixed(0.999999999, false, 8);
    assertEquals("1.", d.intPart() + "." + d.fracPart());
  }

  @Test
  void shortestDigitsReadBack() {
    long seed = 20261130L;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 20000; i++) {
      double x = Double.longBitsToDouble(r.nextLong());
      if (!Double.isFinite(x)) {
        continue;
      }
      Decimal d = Decimal.shortest(x, false);
      double back =
          Double.parseDouble(
              (d.negative() ? "-" : "") + d.digits() + "E" + (d.exp() - d.digits().length() + 1));
      assertEquals(x, back, "seed " + seed + " x=" + x);
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        Decimal e = Decimal.shortest(f, true);
        float fb =
            Float.parseFloat(
                (e.negative() ? "-" : "") + e.digits() + "E" + (e.exp() - e.digits().length() + 1));
        assertEquals(f, fb, "seed " + seed + " f=" + f);
        assertEquals(true, e.digits().length() <= 9, "seed " + seed + " f=" + f);
      }
    }
  }
}
