package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The twin test of {@link SimdUpdateKernels} against {@link ScalarUpdateKernels}: every update on
 * seeded random weights, gradients and slots, at sizes under, at and over the lane multiples; the
 * outputs and the updated slots must match bit for bit. The scalar reference itself is checked
 * against Keras's formulas computed by hand.
 */
class UpdateKernelsTest {
  static final int[] SIZES = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 255, 1000, 4099};
  static final UpdateKernels SIMD = new SimdUpdateKernels();
  static final UpdateKernels SCALAR = new ScalarUpdateKernels();

  static final List<String> KINDS =
      List.of(
          "sgd",
          "momentum",
          "nesterov",
          "adam",
          "amsgrad",
          "decay",
          "rmsprop",
          "rmsprop_centered",
          "rmsprop_momentum",
          "rmsprop_centered_momentum",
          "adagrad",
          "adamax",
          "nadam",
          "clipValue",
          "scale",
          "sumSquares");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int n : SIZES) {
      for (String kind : KINDS) {
        out.add(Arguments.of(kind, n));
      }
    }
    return out.stream();
  }

  static float[] floats(SplittableRandom r, int n, boolean positive) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      double v = r.nextGaussian();
      a[i] = (float) (positive ? v * v : v);
    }
    return a;
  }

  static double[] doubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] * 1.000000123;
    }
    return d;
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("cases")
  void simdEqualsTheScalarTwinBitForBit(String kind, int n) {
    long seed = 0x0A7EL * 31 + kind.hashCode() * 17L + n;
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = floats(r, n, false);
    float[] g = floats(r, n, false);
    float[] m = floats(r, n, false);
    float[] v = floats(r, n, true);
    float[] h = floats(r, n, true);
    if (kind.startsWith("rmsprop_centered")) {
      // a centered RMSprop's velocity stays above avg^2 (both are averages of g^2 and g)
      for (int i = 0; i < n; i++) {
        v[i] += m[i] * m[i];
      }
    }
    String why = kind + " n=" + n + " seed=" + seed;
    // float32
    float[] m1 = m.clone(), m2 = m.clone(), v1 = v.clone(), v2 = v.clone();
    float[] h1 = h.clone(), h2 = h.clone();
    float[] y1 = new float[n], y2 = new float[n];
    double s1 = run32(SCALAR, kind, w, g, m1, v1, h1, y1);
    double s2 = run32(SIMD, kind, w, g, m2, v2, h2, y2);
    assertEquals(s1, s2, why + " float32 sum");
    assertArrayEquals(y1, y2, why + " float32 y");
    assertArrayEquals(m1, m2, why + " float32 m");
    assertArrayEquals(v1, v2, why + " float32 v");
    assertArrayEquals(h1, h2, why + " float32 third slot");
    // float64
    double[] wd = doubles(w), gd = doubles(g);
    double[] md1 = doubles(m), md2 = doubles(m), vd1 = doubles(v), vd2 = doubles(v);
    double[] hd1 = doubles(h), hd2 = doubles(h);
    double[] yd1 = new double[n], yd2 = new double[n];
    double t1 = run64(SCALAR, kind, wd, gd, md1, vd1, hd1, yd1);
    double t2 = run64(SIMD, kind, wd, gd, md2, vd2, hd2, yd2);
    assertEquals(t1, t2, why + " float64 sum");
    assertArrayEquals(yd1, yd2, why + " float64 y");
    assertArrayEquals(md1, md2, why + " float64 m");
    assertArrayEquals(vd1, vd2, why + " float64 v");
    assertArrayEquals(hd1, hd2, why + " float64 third slot");
  }

  static double run32(
      UpdateKernels k,
      String kind,
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float[] h,
      float[] y) {
    switch (kind) {
      case "sgd" -> k.sgdF32(w, g, y, 0.05f);
      case "momentum" -> k.momentumF32(w, g, v, y, 0.05f, 0.9f, false);
      case "nesterov" -> k.momentumF32(w, g, v, y, 0.05f, 0.9f, true);
      case "adam" -> k.adamF32(w, g, m, v, y, 0.0013f, 0.1f, 0.001f, 1e-7f);
      case "amsgrad" -> k.adamAmsgradF32(w, g, m, v, h, y, 0.0013f, 0.1f, 0.001f, 1e-7f);
      case "decay" -> k.decayF32(w, y, 0.004f, 0.01f);
      case "rmsprop" -> k.rmspropF32(w, g, v, null, null, y, 0.001f, 0.9f, 0.1f, 1e-7f, 0f);
      case "rmsprop_centered" -> k.rmspropF32(w, g, v, m, null, y, 0.001f, 0.9f, 0.1f, 1e-7f, 0f);
      case "rmsprop_momentum" -> k.rmspropF32(w, g, v, null, h, y, 0.001f, 0.9f, 0.1f, 1e-7f, .5f);
      case "rmsprop_centered_momentum" ->
          k.rmspropF32(w, g, v, m, h, y, 0.001f, 0.9f, 0.1f, 1e-7f, 0.5f);
      case "adagrad" -> k.adagradF32(w, g, v, y, 0.01f, 1e-7f);
      case "adamax" -> k.adamaxF32(w, g, m, v, y, 0.002f, 0.1f, 0.999f, 1e-7f, 0.271f);
      case "nadam" ->
          k.nadamF32(w, g, m, v, y, 0.002f, 0.1f, 0.001f, 0.87f, 0.2f, 0.13f, 0.1f, 0.002f, 1e-7f);
      case "clipValue" -> k.clipValueF32(g, y, -0.5f, 0.5f);
      case "scale" -> k.scaleF32(g, y, 0.7f, 1.3f);
      default -> {
        return k.sumSquaresF32(g);
      }
    }
    return 0;
  }

  static double run64(
      UpdateKernels k,
      String kind,
      double[] w,
      double[] g,
      double[] m,
      double[] v,
      double[] h,
      double[] y) {
    switch (kind) {
      case "sgd" -> k.sgdF64(w, g, y, 0.05);
      case "momentum" -> k.momentumF64(w, g, v, y, 0.05, 0.9, false);
      case "nesterov" -> k.momentumF64(w, g, v, y, 0.05, 0.9, true);
      case "adam" -> k.adamF64(w, g, m, v, y, 0.0013, 0.1, 0.001, 1e-7);
      case "amsgrad" -> k.adamAmsgradF64(w, g, m, v, h, y, 0.0013, 0.1, 0.001, 1e-7);
      case "decay" -> k.decayF64(w, y, 0.004, 0.01);
      case "rmsprop" -> k.rmspropF64(w, g, v, null, null, y, 0.001, 0.9, 0.1, 1e-7, 0);
      case "rmsprop_centered" -> k.rmspropF64(w, g, v, m, null, y, 0.001, 0.9, 0.1, 1e-7, 0);
      case "rmsprop_momentum" -> k.rmspropF64(w, g, v, null, h, y, 0.001, 0.9, 0.1, 1e-7, 0.5);
      case "rmsprop_centered_momentum" ->
          k.rmspropF64(w, g, v, m, h, y, 0.001, 0.9, 0.1, 1e-7, 0.5);
      case "adagrad" -> k.adagradF64(w, g, v, y, 0.01, 1e-7);
      case "adamax" -> k.adamaxF64(w, g, m, v, y, 0.002, 0.1, 0.999, 1e-7, 0.271);
      case "nadam" ->
          k.nadamF64(w, g, m, v, y, 0.002, 0.1, 0.001, 0.87, 0.2, 0.13, 0.1, 0.002, 1e-7);
      case "clipValue" -> k.clipValueF64(g, y, -0.5, 0.5);
      case "scale" -> k.scaleF64(g, y, 0.7, 1.3);
      default -> {
        return k.sumSquaresF64(g);
      }
    }
    return 0;
  }

  @Test
  void theReferenceIsKerasFormulas() {
    // Keras SGD with momentum 0.5, lr 0.1: v = 0.5 * 1 - 0.1 * 2 = 0.3; w = 1 + 0.3 = 1.3;
    // Nesterov: w = 1 + (0.3 * 0.5 - 0.1 * 2) = 0.95
    float[] v = {1f};
    float[] y = new float[1];
    SCALAR.momentumF32(new float[] {1f}, new float[] {2f}, v, y, 0.1f, 0.5f, false);
    assertEquals(0.3f, v[0], 1e-7f);
    assertEquals(1.3f, y[0], 1e-7f);
    v[0] = 1f;
    SCALAR.momentumF32(new float[] {1f}, new float[] {2f}, v, y, 0.1f, 0.5f, true);
    assertEquals(0.95f, y[0], 1e-7f);
    // Adam's first step from m = v = 0 with g = 2, c1 = 0.1, c2 = 0.001: m = 0.2, v = 0.004,
    // y = 1 - 0.2 * 0.5 / (sqrt(0.004) + 0) = 1 - 0.1 / 0.0632455532 = -0.58113883
    double[] m = {0};
    double[] vv = {0};
    double[] yd = new double[1];
    SCALAR.adamF64(new double[] {1}, new double[] {2}, m, vv, yd, 0.5, 0.1, 0.001, 0);
    assertEquals(0.2, m[0], 1e-15);
    assertEquals(0.004, vv[0], 1e-15);
    assertEquals(1 - 0.1 / Math.sqrt(0.004), yd[0], 1e-12);
  }

  @Test
  void subnormalSlotsFlushToZero() {
    // m = 3 ulps above zero with a zero gradient: m + (0 - m) * 0.1 rounds back to m, so without
    // a flush it would stay subnormal for ever (TF runs its CPU kernels with flush-to-zero on)
    for (UpdateKernels k : List.of(SIMD, SCALAR)) {
      for (int n : new int[] {1, 37}) {
        float[] w = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        float[] y = new float[n];
        java.util.Arrays.fill(w, 0.5f);
        java.util.Arrays.fill(m, 3 * Float.MIN_VALUE);
        java.util.Arrays.fill(v, 5 * Float.MIN_VALUE);
        m[0] = 1e-3f; // a normal moment decays as before: 1e-3 + (0 - 1e-3) * 0.1
        k.adamF32(w, new float[n], m, v, y, 0.01f, 0.1f, 0.001f, 1e-7f);
        String at = k.getClass().getSimpleName() + " n=" + n;
        assertEquals(1e-3f + (0 - 1e-3f) * 0.1f, m[0], at);
        for (int i = 1; i < n; i++) {
          assertEquals(0f, m[i], at + " m[" + i + "]");
          assertEquals(0f, v[i], at + " v[" + i + "]");
          assertEquals(0.5f, y[i], at + " y[" + i + "]");
        }
        double[] md = {3 * Double.MIN_VALUE, -Double.MIN_NORMAL / 4};
        double[] ud = {Double.MIN_NORMAL / 2, Double.MIN_NORMAL};
        k.adamaxF64(new double[2], new double[2], md, ud, new double[2], 0.01, 0.1, 0.999, 1e-7, 1);
        assertArrayEquals(new double[] {0, 0}, md, at);
        // u = max(0.999 * MIN_NORMAL / 2, 0) is subnormal: flushed; 0.999 * MIN_NORMAL is too
        assertArrayEquals(new double[] {0, 0}, ud, at);
      }
    }
  }
}
