package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.format.NumpyFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code Tensor.toString()} (TF's {@code print(t)}) and {@code Variable.toString()}. Expected texts
 * are the seeds' printouts or what NumPy 1.24 prints for the same values; the full NumPy-generated
 * table is {@code internal.format.NumpyFormatFixtureTest}.
 */
class PrintingTest {
  private static Tensor f32(Shape s, float... v) {
    return Internal.make(DType.FLOAT32, s, v);
  }

  private static Tensor f64(Shape s, double... v) {
    return Internal.make(DType.FLOAT64, s, v);
  }

  private static float[] parse(String digits) {
    String[] parts = digits.trim().split(" +");
    float[] v = new float[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  private static long[] arange(int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  // ---------------------------------------------------------------- the seeds

  @Test
  void seedLossLinesComeBackDigitForDigit() {
    // seed 004, "Loss [...] @ iteration N": float32 values built from the printed digits
    String[] lines = {
      "[2.2937498 1.6268195 0.9598893 0.2929592 0.373971  1.0409012]",
      "[1.7777526  1.33482    0.8918874  0.44895482 0.00602198 0.43691063]",
      "[1.3377558  1.00482    0.6718842  0.33894825 0.00601244 0.32692337]",
      "[0.89775896 0.6748199  0.45188093 0.22894192 0.0060029  0.21693611]",
      "[0.457762   0.34481972 0.23187757 0.11893535 0.00599289 0.10694933]",
      "[0.02176547 0.0148201  0.00787473 0.00092936 0.00601578 0.01296139]",
      "[0.00576544 0.00117993 0.00812519 0.01507044 0.02201557 0.02896118]",
    };
    for (String line : lines) {
      float[] v = parse(line.substring(1, line.length() - 1));
      assertEquals(
          "Tensor(" + line + ", shape=(6,), dtype=float32)", f32(Shape.of(6), v).toString(), line);
    }
  }

  @Test
  void seedScalars() {
    // seed 004 "tf.Tensor(108.0, shape=(), dtype=float32) tf.Tensor(6.0, ...)", seed 003 15/6/22
    assertEquals("Tensor(108.0, shape=(), dtype=float32)", f32(Shape.scalar(), 108f).toString());
    assertEquals("Tensor(6.0, shape=(), dtype=float32)", f32(Shape.scalar(), 6f).toString());
    assertEquals("Tensor(15.0, shape=(), dtype=float32)", f32(Shape.scalar(), 15f).toString());
    assertEquals("Tensor(22.0, shape=(), dtype=float32)", f32(Shape.scalar(), 22f).toString());
    assertEquals(
        "Tensor(2.0040548, shape=(), dtype=float32)", f32(Shape.scalar(), 2.0040548f).toString());
  }

  @Test
  void seedFivesFloat64MultiLine() {
    // seed 004: print(tf.multiply(np.ones([3, 3]), 5))
    double[] v = new double[9];
    java.util.Arrays.fill(v, 5);
    assertEquals(
        "Tensor(\n[[5. 5. 5.]\n [5. 5. 5.]\n [5. 5. 5.]], shape=(3, 3), dtype=float64)",
        f64(Shape.of(3, 3), v).toString());
  }

  @Test
  void seedTwentyFiveElementsWrap() {
    // seed 004's np.arange(25), its square and its float32 cast, as print() shows them
    assertEquals(
        "Tensor(\n[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24],"
            + " shape=(25,), dtype=int64)",
        Internal.make(DType.INT64, Shape.of(25), arange(25)).toString());
    long[] sq = arange(25);
    for (int i = 0; i < 25; i++) {
      sq[i] *= sq[i];
    }
    assertEquals(
        "Tensor(\n[  0   1   4   9  16  25  36  49  64  81 100 121 144 169 196 225 256 289\n"
            + " 324 361 400 441 484 529 576], shape=(25,), dtype=int64)",
        Internal.make(DType.INT64, Shape.of(25), sq).toString());
    float[] f = new float[25];
    for (int i = 0; i < 25; i++) {
      f[i] = i;
    }
    assertEquals(
        "Tensor(\n[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n"
            + " 18. 19. 20. 21. 22. 23. 24.], shape=(25,), dtype=float32)",
        f32(Shape.of(25), f).toString());
  }

  @Test
  void seedReprsAsTheNotebooksShowThem() {
    // the notebooks' repr lines with "tf." dropped
    Tensor x = Internal.make(DType.INT64, Shape.of(25), arange(25));
    assertEquals(
        "<Tensor: shape=(25,), dtype=int64, numpy=\n"
            + "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n"
            + "       17, 18, 19, 20, 21, 22, 23, 24])>",
        NumpyFormat.tensorRepr(x));
    float[] f = new float[25];
    for (int i = 0; i < 25; i++) {
      f[i] = i;
    }
    assertEquals(
        "<Tensor: shape=(25,), dtype=float32, numpy=\n"
            + "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n"
            + "       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24.],\n"
            + "      dtype=float32)>",
        NumpyFormat.tensorRepr(f32(Shape.of(25), f)));
    assertEquals(
        "<Tensor: shape=(4, 2), dtype=float32, numpy=\n"
            + "array([[ -26.203785,  648.96906 ],\n"
            + "       [ -52.40757 , 1297.9381  ],\n"
            + "       [ -78.61136 , 1946.9071  ],\n"
            + "       [-104.81514 , 2595.8762  ]], dtype=float32)>",
        NumpyFormat.tensorRepr(
            f32(
                Shape.of(4, 2),
                parse(
                    "-26.203785 648.96906 -52.40757 1297.9381 -78.61136 1946.9071 -104.81514 2595.8762"))));
    assertEquals(
        "<Tensor: shape=(2,), dtype=float32, numpy=array([-66.16483 ,  -8.044242], dtype=float32)>",
        NumpyFormat.tensorRepr(f32(Shape.of(2), -66.16483f, -8.044242f)));
    assertEquals(
        "<Tensor: shape=(), dtype=float32, numpy=16.0>",
        NumpyFormat.tensorRepr(f32(Shape.scalar(), 16f)));
    assertEquals(
        "<Tensor: shape=(2,), dtype=float32, numpy=array([60.147205,  0.      ], dtype=float32)>",
        NumpyFormat.tensorRepr(f32(Shape.of(2), 60.147205f, 0f)));
    assertEquals(
        "<Tensor: shape=(6,), dtype=int64, numpy=array([-3, -1,  1,  3,  5,  7])>",
        NumpyFormat.tensorRepr(
            Internal.make(DType.INT64, Shape.of(6), new long[] {-3, -1, 1, 3, 5, 7})));
  }

  @Test
  void seedVariables() {
    // seed 004 and 001 reprs, and Variable.toString() with the same values
    Variable v = Variable.of(new float[][] {{1, 2}, {3, 4}});
    assertEquals(
        "<Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\n"
            + "array([[1., 2.],\n       [3., 4.]], dtype=float32)>",
        NumpyFormat.variableRepr(v));
    assertEquals(
        "<Variable 'Variable:0' shape=(2, 2) dtype=float32, value=\n[[1. 2.]\n [3. 4.]]>",
        v.toString());
    Variable i = Variable.of(new int[] {1, 2});
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=int32, numpy=array([1, 2], dtype=int32)>",
        NumpyFormat.variableRepr(i));
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=int32, value=[1 2]>", i.toString());
    Variable f = Variable.of(new float[] {1, 2});
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>", f.toString());
    Variable w = Variable.of(2.0040548f);
    assertEquals(
        "<Variable 'Variable:0' shape=() dtype=float32, numpy=2.0040548>",
        NumpyFormat.variableRepr(w));
    assertEquals("<Variable 'Variable:0' shape=() dtype=float32, value=2.0040548>", w.toString());
    Variable x = Variable.of(new float[][] {{10, 20, 30, 40}});
    assertEquals(
        "<Variable 'Variable:0' shape=(1, 4) dtype=float32, value=[[10. 20. 30. 40.]]>",
        x.toString());
  }

  @Test
  void seedVariablesOfOtherKinds() {
    // seed 000: bool and complex variables, and "y = w * x + b  # [ 4.,  8., 14.]"
    Variable b =
        Variable.of(
            Internal.make(DType.BOOL, Shape.of(4), new boolean[] {false, false, false, true}));
    assertEquals(
        "<Variable 'Variable:0' shape=(4,) dtype=bool, value=[False False False  True]>",
        b.toString());
    Variable c =
        Variable.of(Internal.make(DType.COMPLEX128, Shape.of(2), new double[] {5, 4, 6, 1}));
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=complex128, value=[5.+4.j 6.+1.j]>", c.toString());
    assertEquals(
        "Tensor([ 4.  8. 14.], shape=(3,), dtype=float32)", f32(Shape.of(3), 4, 8, 14).toString());
  }

  @Test
  void pythonFormatWidensScalars() {
    // seed 003: print(f"Final loss: {get_loss(w)}") of a float32 scalar shows float64 digits
    float loss = 5.0925916816879635e-09f;
    assertEquals("5.0925916816879635e-09", NumpyFormat.pythonFormat(f32(Shape.scalar(), loss)));
    assertEquals("5.0925917e-09", NumpyFormat.str(f32(Shape.scalar(), loss)));
    assertEquals("[1. 2.]", NumpyFormat.pythonFormat(f32(Shape.of(2), 1, 2)));
    assertEquals(
        "(0.10000000149011612+1j)",
        NumpyFormat.pythonFormat(
            Internal.make(DType.COMPLEX64, Shape.scalar(), new float[] {0.1f, 1})));
    // seed 004: f'Weight {w}' formats a variable as its repr
    assertEquals(
        "<Variable 'Variable:0' shape=() dtype=float32, numpy=2.0040548>",
        NumpyFormat.variableRepr(Variable.of(2.0040548f)));
  }

  @Test
  void variablePrintsItsCurrentValue() {
    Variable v = Variable.of(new float[] {1, 2});
    v.assignAdd(new float[] {1, 1});
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[2. 3.]>", v.toString());
    Variable named = Variable.builder(5.0f).name("dense/bias").build();
    assertEquals("<Variable 'dense/bias:0' shape=() dtype=float32, value=5.0>", named.toString());
  }

  // ---------------------------------------------------------------- the rules

  @Test
  void maxprecPadsFractionsWithSpaces() {
    assertEquals(
        "Tensor([ 0.12345679 12.5       ], shape=(2,), dtype=float64)",
        f64(Shape.of(2), 0.123456789, 12.5).toString());
    assertEquals(
        "Tensor([  3.1415927  -2.5       100.       ], shape=(3,), dtype=float32)",
        f32(Shape.of(3), 3.14159265f, -2.5f, 100f).toString());
    assertEquals(
        "Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)",
        f32(Shape.of(2, 2), 1, 2, 3, 4).toString());
  }

  @Test
  void float32UsesItsOwnShortestDigits() {
    assertEquals("Tensor([0.1], shape=(1,), dtype=float32)", f32(Shape.of(1), 0.1f).toString());
    assertEquals("Tensor([0.1], shape=(1,), dtype=float64)", f64(Shape.of(1), 0.1).toString());
    // the float32 0.1 widened: 17 digits, capped to 8 in an array, uncapped as a scalar
    assertEquals("Tensor([0.1], shape=(1,), dtype=float64)", f64(Shape.of(1), 0.1f).toString());
    assertEquals("Tensor(0.1, shape=(), dtype=float32)", f32(Shape.scalar(), 0.1f).toString());
    assertEquals(
        "Tensor(0.10000000149011612, shape=(), dtype=float64)",
        f64(Shape.scalar(), 0.1f).toString());
  }

  @Test
  void scientificNotation() {
    assertEquals(
        "Tensor([1.e-05 1.e+00], shape=(2,), dtype=float64)", f64(Shape.of(2), 1e-5, 1).toString());
    assertEquals(
        "Tensor([1.0e+00 1.5e+08], shape=(2,), dtype=float64)",
        f64(Shape.of(2), 1, 1.5e8).toString());
    assertEquals(
        "Tensor([1.0e+00 1.5e+08], shape=(2,), dtype=float32)",
        f32(Shape.of(2), 1, 1.5e8f).toString());
    // ratio 1000 is not > 1000; 1000.5 is
    assertEquals(
        "Tensor([   1. 1000.], shape=(2,), dtype=float64)", f64(Shape.of(2), 1, 1000).toString());
    assertEquals(
        "Tensor([1.0000e+00 1.0005e+03], shape=(2,), dtype=float64)",
        f64(Shape.of(2), 1, 1000.5).toString());
    assertEquals(
        "Tensor([1.e-100 1.e+000], shape=(2,), dtype=float64)",
        f64(Shape.of(2), 1e-100, 1).toString());
  }

  @Test
  void nanInfAndNegativeZero() {
    assertEquals(
        "Tensor([ nan  inf -inf  1.5 -0. ], shape=(5,), dtype=float64)",
        f64(Shape.of(5), Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -0.0)
            .toString());
    assertEquals(
        "Tensor([ 0. -0.], shape=(2,), dtype=float32)", f32(Shape.of(2), 0f, -0f).toString());
    assertEquals("Tensor(-0.0, shape=(), dtype=float32)", f32(Shape.scalar(), -0f).toString());
    assertEquals(
        "Tensor(nan, shape=(), dtype=float64)", f64(Shape.scalar(), Double.NaN).toString());
  }

  @Test
  void integersBoolsAndComplex() {
    assertEquals(
        "Tensor([-9223372036854775808  9223372036854775807], shape=(2,), dtype=int64)",
        Internal.make(DType.INT64, Shape.of(2), new long[] {Long.MIN_VALUE, Long.MAX_VALUE})
            .toString());
    assertEquals(
        "Tensor([ True False  True], shape=(3,), dtype=bool)",
        Internal.make(DType.BOOL, Shape.of(3), new boolean[] {true, false, true}).toString());
    assertEquals(
        "Tensor([1.+2.j 3.-1.j], shape=(2,), dtype=complex128)",
        Internal.make(DType.COMPLEX128, Shape.of(2), new double[] {1, 2, 3, -1}).toString());
  }

  @Test
  void scalarsOfEveryDtype() {
    assertEquals("Tensor(16.0, shape=(), dtype=float32)", f32(Shape.scalar(), 16f).toString());
    assertEquals("Tensor(1e-05, shape=(), dtype=float64)", f64(Shape.scalar(), 1e-5).toString());
    assertEquals("Tensor(1e+16, shape=(), dtype=float64)", f64(Shape.scalar(), 1e16).toString());
    assertEquals(
        "Tensor(123456.789, shape=(), dtype=float64)", f64(Shape.scalar(), 123456.789).toString());
    assertEquals(
        "Tensor(True, shape=(), dtype=bool)",
        Internal.make(DType.BOOL, Shape.scalar(), new boolean[] {true}).toString());
    assertEquals(
        "Tensor(25, shape=(), dtype=int32)",
        Internal.make(DType.INT32, Shape.scalar(), new int[] {25}).toString());
    assertEquals(
        "Tensor(-7, shape=(), dtype=int64)",
        Internal.make(DType.INT64, Shape.scalar(), new long[] {-7}).toString());
    assertEquals(
        "Tensor((1+2j), shape=(), dtype=complex128)",
        Internal.make(DType.COMPLEX128, Shape.scalar(), new double[] {1, 2}).toString());
    assertEquals(
        "Tensor((0.5-1j), shape=(), dtype=complex64)",
        Internal.make(DType.COMPLEX64, Shape.scalar(), new float[] {0.5f, -1}).toString());
  }

  @Test
  void emptyShapes() {
    assertEquals("Tensor([], shape=(0,), dtype=float32)", f32(Shape.of(0)).toString());
    assertEquals("Tensor([], shape=(2, 0), dtype=float64)", f64(Shape.of(2, 0)).toString());
    assertEquals(
        "<Tensor: shape=(2, 0), dtype=float64, numpy=array([], shape=(2, 0), dtype=float64)>",
        NumpyFormat.tensorRepr(f64(Shape.of(2, 0))));
  }

  @Test
  void summariesShowThreeEdgesPerAxis() {
    float[] r1 = new float[1001];
    for (int i = 0; i < r1.length; i++) {
      r1[i] = i;
    }
    assertEquals(
        "Tensor([   0.    1.    2. ...  998.  999. 1000.], shape=(1001,), dtype=float32)",
        f32(Shape.of(1001), r1).toString());
    long[] r2 = arange(2000);
    assertEquals(
        "Tensor(\n[[   0    1    2 ...   47   48   49]\n [  50   51   52 ...   97   98   99]\n"
            + " [ 100  101  102 ...  147  148  149]\n ...\n [1850 1851 1852 ... 1897 1898 1899]\n"
            + " [1900 1901 1902 ... 1947 1948 1949]\n [1950 1951 1952 ... 1997 1998 1999]],"
            + " shape=(40, 50), dtype=int64)",
        Internal.make(DType.INT64, Shape.of(40, 50), r2).toString());
    int[] r3 = new int[1331];
    for (int i = 0; i < r3.length; i++) {
      r3[i] = i;
    }
    String s = NumpyFormat.str(Internal.make(DType.INT32, Shape.of(11, 11, 11), r3));
    assertTrue(
        s.startsWith(
            "[[[   0    1    2 ...    8    9   10]\n  [  11   12   13 ...   19   20   21]\n"),
        s);
    assertTrue(
        s.contains(
            "  [ 352  353  354 ...  360  361  362]]\n\n ...\n\n [[ 968  969  970 ...  976  977  978]\n"),
        s);
    assertTrue(s.endsWith("  [1320 1321 1322 ... 1328 1329 1330]]]"), s);
  }

  @Test
  void tenMillionElementsPrintQuickly() {
    float[] v = new float[10_000_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i / 3f;
    }
    Tensor t = f32(Shape.of(1000, 10000), v);
    String expected =
        "Tensor(\n"
            + "[[0.0000000e+00 3.3333334e-01 6.6666669e-01 ... 3.3323333e+03\n"
            + "  3.3326667e+03 3.3330000e+03]\n"
            + " [3.3333333e+03 3.3336667e+03 3.3340000e+03 ... 6.6656665e+03\n"
            + "  6.6660000e+03 6.6663335e+03]\n"
            + " [6.6666665e+03 6.6670000e+03 6.6673335e+03 ... 9.9990000e+03\n"
            + "  9.9993330e+03 9.9996670e+03]\n"
            + " ...\n"
            + " [3.3233332e+06 3.3233338e+06 3.3233340e+06 ... 3.3266658e+06\n"
            + "  3.3266660e+06 3.3266662e+06]\n"
            + " [3.3266668e+06 3.3266670e+06 3.3266672e+06 ... 3.3299990e+06\n"
            + "  3.3299992e+06 3.3299998e+06]\n"
            + " [3.3300000e+06 3.3300002e+06 3.3300008e+06 ... 3.3333322e+06\n"
            + "  3.3333328e+06 3.3333330e+06]], shape=(1000, 10000), dtype=float32)";
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int k = 0; k < 100; k++) {
            assertEquals(expected, t.toString());
          }
        },
        "100 prints of a summarised 10^7-element tensor must take well under 5 s");
  }
}
