package dev.lanegrad;

import static dev.lanegrad.ElementwiseFixtures.B;
import static dev.lanegrad.ElementwiseFixtures.D;
import static dev.lanegrad.ElementwiseFixtures.F;
import static dev.lanegrad.ElementwiseFixtures.I;
import static dev.lanegrad.ElementwiseFixtures.L;
import static dev.lanegrad.ElementwiseFixtures.assertExact;
import static dev.lanegrad.ElementwiseFixtures.assertIae;
import static dev.lanegrad.ElementwiseFixtures.assertTensor;
import static dev.lanegrad.ElementwiseFixtures.bool;
import static dev.lanegrad.ElementwiseFixtures.c128;
import static dev.lanegrad.ElementwiseFixtures.c64;
import static dev.lanegrad.ElementwiseFixtures.f32;
import static dev.lanegrad.ElementwiseFixtures.f32s;
import static dev.lanegrad.ElementwiseFixtures.f64;
import static dev.lanegrad.ElementwiseFixtures.f64s;
import static dev.lanegrad.ElementwiseFixtures.i32;
import static dev.lanegrad.ElementwiseFixtures.i32s;
import static dev.lanegrad.ElementwiseFixtures.i64;
import static dev.lanegrad.ElementwiseFixtures.i64s;
import static dev.lanegrad.ElementwiseFixtures.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.CastOps;
import dev.lanegrad.internal.ops.CompareOps;
import dev.lanegrad.internal.ops.UnaryOps;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Forward values of every elementwise op on every dtype it supports, and its errors. */
class ElementwiseOpsTest {
  static final float NANF = Float.NaN;
  static final float INFF = Float.POSITIVE_INFINITY;
  static final double NAN = Double.NaN;
  static final double INF = Double.POSITIVE_INFINITY;

  // ------------------------------------------------------------------ add, sub, mul

  @Test
  void addOnEveryNumericDtype() {
    Tensor y = ArithmeticOps.add(f32(new float[] {1, 2.5f, -3}), f32(new float[] {10, 0.25f, 3}));
    assertTensor(y, DType.FLOAT32, sh(3));
    assertArrayEquals(new float[] {11, 2.75f, 0}, F(y));
    assertArrayEquals(
        new double[] {0.30000000000000004},
        D(ArithmeticOps.add(f64(new double[] {0.1}), f64(new double[] {0.2}))));
    assertArrayEquals(
        new int[] {5, -1}, I(ArithmeticOps.add(i32(new int[] {2, -4}), i32(new int[] {3, 3}))));
    assertArrayEquals(
        new long[] {1L << 40}, L(ArithmeticOps.add(i64(new long[] {1L << 39}), i64s(1L << 39))));
    Tensor c = ArithmeticOps.add(c64(new float[] {1, 2, 3, 4}), c64(new float[] {0.5f, -1, 1, 1}));
    assertTensor(c, DType.COMPLEX64, sh(2));
    assertArrayEquals(new float[] {1.5f, 1, 4, 5}, F(c));
    assertArrayEquals(
        new double[] {2, 4},
        D(ArithmeticOps.add(c128(new double[] {1, 2}), c128(new double[] {1, 2}))));
  }

  @Test
  void subAndMulOnEveryNumericDtype() {
    assertArrayEquals(
        new float[] {-9, 2.25f},
        F(ArithmeticOps.sub(f32(new float[] {1, 2.5f}), f32(new float[] {10, 0.25f}))));
    assertArrayEquals(new double[] {-1.5}, D(ArithmeticOps.sub(f64s(1), f64s(2.5))));
    assertArrayEquals(
        new int[] {-1, 7}, I(ArithmeticOps.sub(i32(new int[] {2, 4}), i32(new int[] {3, -3}))));
    assertArrayEquals(new long[] {-5}, L(ArithmeticOps.sub(i64s(5), i64s(10))));
    assertArrayEquals(
        new float[] {6, -7.5f},
        F(ArithmeticOps.mul(f32(new float[] {2, 2.5f}), f32(new float[] {3, -3}))));
    assertArrayEquals(new double[] {0.5}, D(ArithmeticOps.mul(f64s(0.25), f64s(2))));
    assertArrayEquals(new int[] {-12}, I(ArithmeticOps.mul(i32s(4), i32s(-3))));
    assertArrayEquals(
        new long[] {6_000_000_000L}, L(ArithmeticOps.mul(i64s(3), i64s(2_000_000_000L))));
    // (1+2i)(3+4i) = -5 + 10i ; (1+2i) - (3+4i) = -2 - 2i
    assertArrayEquals(
        new float[] {-5, 10},
        F(ArithmeticOps.mul(c64(new float[] {1, 2}), c64(new float[] {3, 4}))));
    assertArrayEquals(
        new double[] {-5, 10},
        D(ArithmeticOps.mul(c128(new double[] {1, 2}), c128(new double[] {3, 4}))));
    assertArrayEquals(
        new double[] {-2, -2},
        D(ArithmeticOps.sub(c128(new double[] {1, 2}), c128(new double[] {3, 4}))));
  }

  @Test
  void integerOverflowWraps() {
    assertArrayEquals(
        new int[] {Integer.MIN_VALUE}, I(ArithmeticOps.add(i32s(Integer.MAX_VALUE), i32s(1))));
    assertArrayEquals(
        new int[] {Integer.MAX_VALUE}, I(ArithmeticOps.sub(i32s(Integer.MIN_VALUE), i32s(1))));
    assertArrayEquals(new int[] {0}, I(ArithmeticOps.mul(i32s(65536), i32s(65536))));
    assertArrayEquals(
        new long[] {Long.MIN_VALUE}, L(ArithmeticOps.add(i64s(Long.MAX_VALUE), i64s(1))));
    assertArrayEquals(new int[] {0}, I(UnaryOps.square(i32s(65536))));
    assertArrayEquals(new int[] {Integer.MIN_VALUE}, I(UnaryOps.neg(i32s(Integer.MIN_VALUE))));
    assertArrayEquals(new int[] {Integer.MIN_VALUE}, I(UnaryOps.abs(i32s(Integer.MIN_VALUE))));
    assertArrayEquals(new long[] {Long.MIN_VALUE}, L(UnaryOps.abs(i64s(Long.MIN_VALUE))));
    assertArrayEquals(new int[] {Integer.MIN_VALUE}, I(ArithmeticOps.pow(i32s(2), i32s(31))));
    assertArrayEquals(new int[] {0}, I(ArithmeticOps.pow(i32s(2), i32s(32))));
    long wrapped = BigInteger.valueOf(3).pow(40).longValue();
    assertArrayEquals(new long[] {wrapped}, L(ArithmeticOps.pow(i64s(3), i64s(40))));
  }

  // ------------------------------------------------------------------ div

  @Test
  void divOfFloatsAndComplex() {
    assertExact(
        new float[] {0.5f, INFF, -INFF, NANF},
        F(ArithmeticOps.div(f32(new float[] {1, 1, -1, 0}), f32(new float[] {2, 0, 0, 0}))));
    assertArrayEquals(new double[] {1.0 / 3}, D(ArithmeticOps.div(f64s(1), f64s(3))));
    // (1+2i)/(3+4i) = (11 + 2i)/25
    Tensor c = ArithmeticOps.div(c128(new double[] {1, 2}), c128(new double[] {3, 4}));
    assertEquals(0.44, D(c)[0], 1e-15);
    assertEquals(0.08, D(c)[1], 1e-15);
    Tensor c32 = ArithmeticOps.div(c64(new float[] {1, 2}), c64(new float[] {3, 4}));
    assertArrayEquals(new float[] {0.44f, 0.08f}, F(c32));
    // Smith's algorithm: |b|^2 would overflow a naive formula
    Tensor big =
        ArithmeticOps.div(c128(new double[] {1e300, 1e300}), c128(new double[] {1e300, 1e300}));
    assertArrayEquals(new double[] {1, 0}, D(big));
  }

  @Test
  void divOfIntegersGivesFloat64AsTfTrueDiv() {
    Tensor y = ArithmeticOps.div(i32(new int[] {7, -7, 1, -1, 0}), i32(new int[] {2, 2, 0, 0, 0}));
    assertTensor(y, DType.FLOAT64, sh(5));
    assertExact(new double[] {3.5, -3.5, INF, -INF, NAN}, D(y));
    Tensor z = ArithmeticOps.div(i64(new long[] {1L << 53, 3}), i64s(4));
    assertTensor(z, DType.FLOAT64, sh(2));
    assertArrayEquals(new double[] {(double) (1L << 51), 0.75}, D(z));
  }

  // ------------------------------------------------------------------ pow

  @Test
  void powOfFloatsFollowsCPow() {
    Tensor y =
        ArithmeticOps.pow(
            f64(new double[] {2, -2, -2, 0, 0, 4, 1, -1, NAN, -8, 0}),
            f64(new double[] {3, 2, 3, 0, -1, 0.5, NAN, INF, 0, 1.0 / 3, 0.5}));
    assertExact(new double[] {8, 4, -8, 1, INF, 2, 1, 1, 1, NAN, 0}, D(y));
    assertExact(
        new float[] {8, 4, -8, 1, 0.25f, -0.125f},
        F(
            ArithmeticOps.pow(
                f32(new float[] {2, -2, -2, 5, 2, -2}), f32(new float[] {3, 2, 3, 0, -2, -3}))));
    // exact for integral exponents: 3^20 fits a double exactly
    assertArrayEquals(new double[] {3486784401.0}, D(ArithmeticOps.pow(f64s(3), f64s(20))));
  }

  @Test
  void powOfIntegersIsExactAndRejectsNegativeExponents() {
    assertArrayEquals(
        new int[] {1024, -8, 1, 1, 7, 1, -1},
        I(
            ArithmeticOps.pow(
                i32(new int[] {2, -2, 3, 0, 7, -1, -1}), i32(new int[] {10, 3, 0, 0, 1, 4, 5}))));
    assertArrayEquals(
        new long[] {1L << 62, 9},
        L(ArithmeticOps.pow(i64(new long[] {2, -3}), i64(new long[] {62, 2}))));
    assertIae(
        () -> ArithmeticOps.pow(i32(new int[] {2, 3}), i32(new int[] {1, -1})),
        "pow",
        "Integers to negative integer powers are not allowed",
        "int32");
    assertIae(
        () -> ArithmeticOps.pow(i64s(1), i64s(-2)),
        "Integers to negative integer powers are not allowed",
        "int64");
  }

  @Test
  void powRejectsComplexAndBool() {
    assertIae(
        () -> ArithmeticOps.pow(c64(new float[] {1, 1}), c64(new float[] {1, 1})),
        "pow",
        "complex64");
    assertIae(
        () -> ArithmeticOps.pow(bool(new boolean[] {true}), bool(new boolean[] {true})),
        "pow",
        "bool");
  }

  // ------------------------------------------------------------------ maximum, minimum

  @Test
  void maximumAndMinimum() {
    assertExact(
        new float[] {3, 2, NANF, NANF, 0},
        F(
            ArithmeticOps.maximum(
                f32(new float[] {1, 2, NANF, 1, -0f}), f32(new float[] {3, -2, 1, NANF, 0}))));
    assertExact(
        new float[] {1, -2, NANF, NANF, -0f},
        F(
            ArithmeticOps.minimum(
                f32(new float[] {1, 2, NANF, 1, -0f}), f32(new float[] {3, -2, 1, NANF, 0}))));
    assertArrayEquals(
        new double[] {2, 5}, D(ArithmeticOps.maximum(f64(new double[] {1, 5}), f64s(2))));
    assertArrayEquals(
        new int[] {-1, 4}, I(ArithmeticOps.maximum(i32(new int[] {-5, 4}), i32s(-1))));
    assertArrayEquals(
        new long[] {-5, -1}, L(ArithmeticOps.minimum(i64(new long[] {-5, 4}), i64s(-1))));
    assertIae(
        () -> ArithmeticOps.maximum(c128(new double[] {1, 1}), c128(new double[] {1, 1})),
        "maximum",
        "complex128");
  }

  // ------------------------------------------------------------------ comparisons

  @Test
  void comparisonsOnRealDtypes() {
    Tensor a = f32(new float[] {1, 2, 3, NANF});
    Tensor b = f32s(2);
    Tensor gt = CompareOps.greater(a, b);
    assertTensor(gt, DType.BOOL, sh(4));
    assertArrayEquals(new boolean[] {false, false, true, false}, B(gt));
    assertArrayEquals(new boolean[] {false, true, true, false}, B(CompareOps.greaterEqual(a, b)));
    assertArrayEquals(new boolean[] {true, false, false, false}, B(CompareOps.less(a, b)));
    assertArrayEquals(new boolean[] {true, true, false, false}, B(CompareOps.lessEqual(a, b)));
    assertArrayEquals(new boolean[] {false, true, false, false}, B(CompareOps.equal(a, b)));
    assertArrayEquals(new boolean[] {true, false, true, true}, B(CompareOps.notEqual(a, b)));
    assertArrayEquals(
        new boolean[] {true, false}, B(CompareOps.greater(f64(new double[] {1, -1}), f64s(0))));
    assertArrayEquals(
        new boolean[] {true, false}, B(CompareOps.less(i32(new int[] {1, 5}), i32s(3))));
    assertArrayEquals(
        new boolean[] {false, true}, B(CompareOps.greaterEqual(i64(new long[] {1, 5}), i64s(3))));
  }

  @Test
  void equalityOnBoolAndComplex() {
    Tensor a = bool(new boolean[] {true, false, true, false});
    Tensor b = bool(new boolean[] {true, true, false, false});
    assertArrayEquals(new boolean[] {true, false, false, true}, B(CompareOps.equal(a, b)));
    assertArrayEquals(new boolean[] {false, true, true, false}, B(CompareOps.notEqual(a, b)));
    Tensor c = c64(new float[] {1, 2, 1, 3, 0, 2});
    Tensor d = c64(new float[] {1, 2});
    assertArrayEquals(new boolean[] {true, false, false}, B(CompareOps.equal(c, d)));
    assertArrayEquals(
        new boolean[] {false, true},
        B(CompareOps.notEqual(c128(new double[] {1, 2, 1, 3}), c128(new double[] {1, 2}))));
    assertIae(() -> CompareOps.greater(a, b), "greater", "bool");
    assertIae(() -> CompareOps.less(c, d), "less", "complex64");
  }

  // ------------------------------------------------------------------ unary

  @Test
  void negAbsSquareSignReluOnEveryRealDtype() {
    float[] xf = {1.5f, -2, 0, -0f, NANF};
    assertExact(new float[] {-1.5f, 2, -0f, 0, NANF}, F(UnaryOps.neg(f32(xf))));
    assertExact(new float[] {1.5f, 2, 0, 0, NANF}, F(UnaryOps.abs(f32(xf))));
    assertExact(new float[] {2.25f, 4, 0, 0, NANF}, F(UnaryOps.square(f32(xf))));
    assertExact(new float[] {1, -1, 0, 0, NANF}, F(UnaryOps.sign(f32(xf))));
    assertExact(new float[] {1.5f, 0, 0, 0, NANF}, F(UnaryOps.relu(f32(xf))));
    double[] xd = {3, -0.5, 0};
    assertExact(new double[] {-3, 0.5, -0.0}, D(UnaryOps.neg(f64(xd))));
    assertExact(new double[] {3, 0.5, 0}, D(UnaryOps.abs(f64(xd))));
    assertExact(new double[] {9, 0.25, 0}, D(UnaryOps.square(f64(xd))));
    assertExact(new double[] {1, -1, 0}, D(UnaryOps.sign(f64(xd))));
    assertExact(new double[] {3, 0, 0}, D(UnaryOps.relu(f64(xd))));
    int[] xi = {-7, 0, 3};
    assertArrayEquals(new int[] {7, 0, -3}, I(UnaryOps.neg(i32(xi))));
    assertArrayEquals(new int[] {7, 0, 3}, I(UnaryOps.abs(i32(xi))));
    assertArrayEquals(new int[] {49, 0, 9}, I(UnaryOps.square(i32(xi))));
    assertArrayEquals(new int[] {-1, 0, 1}, I(UnaryOps.sign(i32(xi))));
    assertArrayEquals(new int[] {0, 0, 3}, I(UnaryOps.relu(i32(xi))));
    long[] xl = {-7, 0, 3_000_000_000L};
    assertArrayEquals(new long[] {7, 0, -3_000_000_000L}, L(UnaryOps.neg(i64(xl))));
    assertArrayEquals(new long[] {7, 0, 3_000_000_000L}, L(UnaryOps.abs(i64(xl))));
    assertArrayEquals(new long[] {49, 0, 9_000_000_000_000_000_000L}, L(UnaryOps.square(i64(xl))));
    assertArrayEquals(new long[] {-1, 0, 1}, L(UnaryOps.sign(i64(xl))));
    assertArrayEquals(new long[] {0, 0, 3_000_000_000L}, L(UnaryOps.relu(i64(xl))));
  }

  @Test
  void negAndSquareOfComplex() {
    // (1+2i)^2 = -3 + 4i
    assertArrayEquals(new float[] {-3, 4}, F(UnaryOps.square(c64(new float[] {1, 2}))));
    assertArrayEquals(
        new double[] {-3, 4, -1, 0}, D(UnaryOps.square(c128(new double[] {1, 2, 0, 1}))));
    assertArrayEquals(new float[] {-1, -2}, F(UnaryOps.neg(c64(new float[] {1, 2}))));
    assertTensor(UnaryOps.neg(c128(new double[] {1, 2})), DType.COMPLEX128, sh(1));
    assertIae(() -> UnaryOps.abs(c64(new float[] {1, 2})), "abs", "complex64");
    assertIae(() -> UnaryOps.sign(c64(new float[] {1, 2})), "sign", "complex64");
  }

  @Test
  void transcendentalsOnFloats() {
    assertExact(
        new float[] {2, 0, NANF, INFF}, F(UnaryOps.sqrt(f32(new float[] {4, 0, -1, INFF}))));
    assertExact(
        new double[] {1.4142135623730951, 0, NAN}, D(UnaryOps.sqrt(f64(new double[] {2, 0, -1}))));
    assertExact(
        new float[] {1, (float) Math.E, 0, INFF},
        F(UnaryOps.exp(f32(new float[] {0, 1, -200, 100}))));
    assertExact(new double[] {1, Math.E, 0}, D(UnaryOps.exp(f64(new double[] {0, 1, -1000}))));
    float e = (float) Math.E;
    assertExact(
        new float[] {0, -INFF, NANF, (float) Math.log(e)},
        F(UnaryOps.log(f32(new float[] {1, 0, -1, e}))));
    assertExact(
        new double[] {0, Double.NEGATIVE_INFINITY, NAN, Math.log(10)},
        D(UnaryOps.log(f64(new double[] {1, 0, -1, 10}))));
    assertExact(
        new float[] {0, (float) Math.tanh(0.25f), 1, -1, -0f},
        F(UnaryOps.tanh(f32(new float[] {0, 0.25f, 20, -20, -0f}))));
    assertArrayEquals(
        new double[] {Math.tanh(0.3), 1, -1}, D(UnaryOps.tanh(f64(new double[] {0.3, 400, -400}))));
  }

  @Test
  void sigmoidIsStableForLargeMagnitudes() {
    float tiny = (float) (1.0 / (1.0 + Math.exp(100)));
    assertTrue(tiny > 0);
    assertExact(
        new float[] {0.5f, 1, tiny, 0, (float) (1 / (1 + Math.exp(-2.0)))},
        F(UnaryOps.sigmoid(f32(new float[] {0, 100, -100, -1000, 2}))));
    double[] y = D(UnaryOps.sigmoid(f64(new double[] {0, 800, -710, -800, 2})));
    assertEquals(0.5, y[0]);
    assertEquals(1.0, y[1]);
    // the naive 1/(1+exp(710)) is 1/inf = 0; the stable form keeps the subnormal e^-710
    assertEquals(Math.exp(-710), y[2]);
    assertTrue(y[2] > 0);
    assertEquals(0.0, y[3]);
    assertEquals(1 / (1 + Math.exp(-2.0)), y[4], 1e-16);
    assertExact(new float[] {NANF}, F(UnaryOps.sigmoid(f32s(NANF))));
  }

  @Test
  void transcendentalsRejectIntegersAsTf() {
    assertIae(() -> UnaryOps.sqrt(i32s(4)), "sqrt", "int32");
    assertIae(() -> UnaryOps.exp(i64s(1)), "exp", "int64");
    assertIae(() -> UnaryOps.log(i32s(1)), "log", "int32");
    assertIae(() -> UnaryOps.sigmoid(i32s(1)), "sigmoid", "int32");
    assertIae(() -> UnaryOps.tanh(c64(new float[] {1, 0})), "tanh", "complex64");
    assertIae(() -> UnaryOps.neg(bool(new boolean[] {true})), "neg", "bool");
    assertIae(() -> UnaryOps.relu(bool(new boolean[] {true})), "relu", "bool");
  }

  @Test
  void unaryKeepsShapeIncludingScalarsAndEmpty() {
    Tensor s = UnaryOps.exp(f32s(0));
    assertTensor(s, DType.FLOAT32, Shape.scalar());
    Tensor e = UnaryOps.neg(f32(new float[0], 2, 0, 3));
    assertTensor(e, DType.FLOAT32, sh(2, 0, 3));
    assertEquals(0, F(e).length);
    Tensor m = UnaryOps.square(i32(new int[] {1, 2, 3, 4, 5, 6}, 2, 3));
    assertTensor(m, DType.INT32, sh(2, 3));
  }

  // ------------------------------------------------------------------ fused backprops, mul_no_nan

  @Test
  void reluGradAndAbsGrad() {
    Tensor dy = f32(new float[] {1, 2, 3, 4});
    Tensor x = f32(new float[] {-1, 0, 0.5f, NANF});
    assertExact(new float[] {0, 0, 3, 0}, F(UnaryOps.reluGrad(dy, x)));
    assertExact(new float[] {-1, 0, 3, 0}, F(UnaryOps.absGrad(dy, x)));
    Tensor dyd = f64(new double[] {1, 2, 3});
    Tensor xd = f64(new double[] {-1, 0, 0.5});
    assertExact(new double[] {0, 0, 3}, D(UnaryOps.reluGrad(dyd, xd)));
    assertExact(new double[] {-1, 0, 3}, D(UnaryOps.absGrad(dyd, xd)));
    assertIae(() -> UnaryOps.reluGrad(dy, f32(new float[] {1, 2})), "reluGrad", "(4,)", "(2,)");
    assertIae(() -> UnaryOps.absGrad(dy, dyd), "absGrad", "float32", "float64");
    assertIae(() -> UnaryOps.reluGrad(i32s(1), i32s(1)), "reluGrad", "int32");
    assertIae(() -> UnaryOps.reluGrad(null, x), "reluGrad", "dy");
  }

  @Test
  void mulNoNanIsZeroWhereTheSecondOperandIsZero() {
    assertExact(
        new float[] {0, 0, 6, NANF},
        F(
            ArithmeticOps.mulNoNan(
                f32(new float[] {INFF, NANF, 2, NANF}), f32(new float[] {0, 0, 3, 1}))));
    assertExact(
        new double[] {0, 0, 10},
        D(ArithmeticOps.mulNoNan(f64(new double[] {INF, 1, 5}), f64(new double[] {0, 0, 2}))));
    assertIae(() -> ArithmeticOps.mulNoNan(i32s(1), i32s(1)), "mulNoNan", "int32");
  }

  // ------------------------------------------------------------------ where

  @Test
  void whereSelectsWithThreeWayBroadcasting() {
    Tensor c = bool(new boolean[] {true, false}, 2, 1);
    Tensor a = f32(new float[] {1, 2, 3});
    Tensor b = f32s(-1);
    Tensor y = CompareOps.where(c, a, b);
    assertTensor(y, DType.FLOAT32, sh(2, 3));
    assertArrayEquals(new float[] {1, 2, 3, -1, -1, -1}, F(y));
    Tensor same =
        CompareOps.where(
            bool(new boolean[] {true, false, true}),
            i64(new long[] {1, 2, 3}),
            i64(new long[] {-1, -2, -3}));
    assertArrayEquals(new long[] {1, -2, 3}, L(same));
    Tensor cx =
        CompareOps.where(
            bool(new boolean[] {false, true}),
            c128(new double[] {1, 2, 3, 4}),
            c128(new double[] {9, 9}));
    assertArrayEquals(new double[] {9, 9, 3, 4}, D(cx));
    Tensor bb =
        CompareOps.where(
            bool(new boolean[] {false, true}),
            bool(new boolean[] {true, true}),
            bool(new boolean[] {false, false}));
    assertArrayEquals(new boolean[] {false, true}, B(bb));
    Tensor ints =
        CompareOps.where(
            bool(new boolean[] {true, false, true}, 1, 3),
            i32(new int[] {1, 2}, 2, 1),
            i32(new int[] {7, 8, 9}));
    assertTensor(ints, DType.INT32, sh(2, 3));
    assertArrayEquals(new int[] {1, 8, 1, 2, 8, 2}, I(ints));
    Tensor d = CompareOps.where(bool(new boolean[] {true}), f64s(1), f64(new double[] {5, 6}));
    assertArrayEquals(new double[] {1, 1}, D(d));
  }

  @Test
  void whereErrors() {
    Tensor a = f32(new float[] {1, 2, 3});
    assertIae(() -> CompareOps.where(f32(new float[] {1, 0, 1}), a, a), "where", "bool", "float32");
    assertIae(
        () -> CompareOps.where(bool(new boolean[] {true, false, true}), a, f64s(1)),
        "where",
        "float32",
        "float64");
    assertIae(
        () -> CompareOps.where(bool(new boolean[] {true, false}), a, a), "where", "(2,)", "(3,)");
    assertIae(() -> CompareOps.where(null, a, a), "where", "cond");
    assertIae(() -> CompareOps.where(bool(new boolean[] {true}), null, a), "where", "'a'");
  }

  // ------------------------------------------------------------------ errors

  @Test
  void binaryOperandErrorsNameOpDtypesAndShapes() {
    Tensor a = f32(new float[] {1, 2, 3});
    assertIae(() -> ArithmeticOps.add(a, f64(new double[] {1, 2, 3})), "add", "float32", "float64");
    assertIae(() -> ArithmeticOps.mul(i32s(1), i64s(1)), "mul", "int32", "int64");
    assertIae(() -> CompareOps.greater(a, i32s(1)), "greater", "float32", "int32");
    assertIae(() -> ArithmeticOps.sub(a, f32(new float[] {1, 2})), "sub", "(3,)", "(2,)");
    assertIae(
        () -> ArithmeticOps.add(f32(new float[6], 2, 3), f32(new float[6], 3, 2)),
        "add",
        "(2, 3)",
        "(3, 2)");
    assertIae(() -> ArithmeticOps.add(null, a), "add", "'a'", "null");
    assertIae(() -> ArithmeticOps.div(a, null), "div", "'b'", "null");
    assertIae(() -> UnaryOps.neg(null), "neg", "'x'");
    assertIae(
        () -> ArithmeticOps.add(bool(new boolean[] {true}), bool(new boolean[] {true})),
        "add",
        "bool");
    assertIae(
        () -> ArithmeticOps.div(bool(new boolean[] {true}), bool(new boolean[] {true})),
        "div",
        "bool");
    // shapes whose broadcast holds more elements than a Java array
    assertIae(
        () -> ArithmeticOps.add(f32(new float[50000], 50000, 1), f32(new float[50000], 1, 50000)),
        "add",
        "(50000, 50000)");
  }

  @Test
  void unrecordedAddAndSubComputeTheSameValues() {
    Tensor a = i32(new int[] {1, 2, 3});
    assertArrayEquals(new int[] {2, 3, 4}, I(ArithmeticOps.addUnrecorded(a, i32s(1))));
    assertArrayEquals(new int[] {0, 1, 2}, I(ArithmeticOps.subUnrecorded(a, i32s(1))));
    assertIae(() -> ArithmeticOps.addUnrecorded(a, f32s(1)), "add", "int32", "float32");
  }

  @Test
  void operandsMayBeVariablesReadAtThatMoment() {
    Variable v = new Variable(i32s(1), "Variable", true);
    Tensor y = ArithmeticOps.add(v, i32s(1));
    assertTensor(y, DType.INT32, Shape.scalar());
    assertArrayEquals(new int[] {2}, I(y));
    assertArrayEquals(new int[] {1}, I(v));
  }

  // ------------------------------------------------------------------ seed 004 "Tensor Operations"

  @Test
  void seed004TensorOperations() {
    long[] x = new long[25];
    long[] sq = new long[25];
    long[] twice = new long[25];
    float[] xf = new float[25];
    for (int i = 0; i < 25; i++) {
      x[i] = i;
      sq[i] = (long) i * i;
      twice[i] = 2L * i;
      xf[i] = i;
    }
    Tensor t = i64(x);
    // tf.square(x)
    Tensor square = UnaryOps.square(t);
    assertTensor(square, DType.INT64, sh(25));
    assertArrayEquals(sq, L(square));
    assertEquals(576, L(square)[24]);
    // tf.cast(x, tf.float32)
    Tensor cast = CastOps.cast(t, DType.FLOAT32);
    assertTensor(cast, DType.FLOAT32, sh(25));
    assertArrayEquals(xf, F(cast));
    // tf.multiply(x, x) and x + x
    assertArrayEquals(sq, L(ArithmeticOps.mul(t, t)));
    assertArrayEquals(twice, L(ArithmeticOps.add(t, t)));
    // tf.square(5) prints 25
    assertArrayEquals(new int[] {25}, I(UnaryOps.square(i32s(5))));
    // tf.add(tf.constant([1, 2, 3, 4]), 1)
    Tensor add = ArithmeticOps.add(i32(new int[] {1, 2, 3, 4}), i32s(1));
    assertTensor(add, DType.INT32, sh(4));
    assertArrayEquals(new int[] {2, 3, 4, 5}, I(add));
    // tf.constant([1, 2, 3]) ** 2
    Tensor pow = ArithmeticOps.pow(i32(new int[] {1, 2, 3}), i32s(2));
    assertTensor(pow, DType.INT32, sh(3));
    assertArrayEquals(new int[] {1, 4, 9}, I(pow));
    // np.multiply(tf.constant(5), tf.constant(5))
    Tensor five = ArithmeticOps.mul(i32s(5), i32s(5));
    assertTensor(five, DType.INT32, Shape.scalar());
    assertEquals(25, I(five)[0]);
    // tf.multiply(np.ones([3, 3]), 5): float64
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    Tensor m = ArithmeticOps.mul(f64(ones, 3, 3), f64s(5));
    assertTensor(m, DType.FLOAT64, sh(3, 3));
    assertArrayEquals(new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5}, D(m));
    // tf.Variable(1) + 1
    Variable v = new Variable(i32s(1), "Variable", true);
    Tensor v1 = ArithmeticOps.add(v, i32s(1));
    assertTensor(v1, DType.INT32, Shape.scalar());
    assertEquals(2, I(v1)[0]);
  }

  @Test
  void seed004ThroughTheFace() {
    Tensor x = Tensor.range(25L);
    assertEquals(DType.INT64, x.dtype());
    assertEquals(48L, x.add(x).toLongArray()[24]);
    assertArrayEquals(L(x.square()), L(Ops.multiply(x, x)));
    assertEquals(DType.FLOAT32, Ops.cast(x, DType.FLOAT32).dtype());
    assertEquals(
        "Tensor([2 3 4 5], shape=(4,), dtype=int32)",
        Ops.add(Tensor.of(new int[] {1, 2, 3, 4}), 1).toString());
    assertEquals(
        "Tensor([1 4 9], shape=(3,), dtype=int32)",
        Tensor.of(new int[] {1, 2, 3}).pow(2).toString());
    assertEquals(
        "Tensor(25, shape=(), dtype=int32)", Ops.multiply(Tensor.of(5), Tensor.of(5)).toString());
    assertEquals("Tensor(2, shape=(), dtype=int32)", Variable.of(1).add(1).toString());
    assertEquals("Tensor(25, shape=(), dtype=int32)", Ops.square(5).toString());
  }

  @Test
  void faceOverloadsReachTheOps() {
    Tensor f = Tensor.of(new float[] {1, 2});
    assertEquals("Tensor([3. 6.], shape=(2,), dtype=float32)", f.mul(3).toString());
    assertEquals(
        "Tensor([0.5 1. ], shape=(2,), dtype=float64)",
        Tensor.of(new int[] {1, 2}).div(2).toString());
    assertArrayEquals(new boolean[] {false, true}, f.greater(1.5).toBooleanArray());
    assertArrayEquals(new float[] {1, 1.5f}, f.minimum(1.5).toFloatArray());
    assertArrayEquals(new float[] {-1, 0}, f.sub(2).toFloatArray());
    assertArrayEquals(new float[] {2, 2}, f.maximum(2).toFloatArray());
    assertArrayEquals(new boolean[] {true, false}, f.equal(1).toBooleanArray());
    assertArrayEquals(
        new float[] {1, 0}, Ops.where(new boolean[] {true, false}, f, 0f).toFloatArray());
    assertIae(() -> f.add((Tensor) null), "add");
    assertIae(() -> f.add(Tensor.of(new double[] {1, 2})), "add", "float32", "float64");
  }

  @Test
  void castToTheSameDtypeIsTheTensorItself() {
    Tensor t = f32(new float[] {1, 2});
    assertSame(t, CastOps.cast(t, DType.FLOAT32));
    assertIae(() -> CastOps.cast(t, null), "cast", "dtype");
    assertIae(() -> CastOps.cast(null, DType.FLOAT32), "cast", "'x'");
  }

  @Test
  void resultsNeverAliasTheirInputs() {
    float[] data = {1, 2, 3};
    Tensor a = f32(data);
    Tensor y = ArithmeticOps.add(a, f32s(0));
    assertTrue(Internal.data(y) != data);
    assertArrayEquals(new float[] {1, 2, 3}, data);
  }
}
