package dev.lanegrad;

import static dev.lanegrad.StructureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.NnOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
  // e^0, e^1, e^2 over their sum, and the logs: x - 2 - log(1 + e^-1 + e^-2)
  private static final double[] SM = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};
  private static final double[] LSM = {
    -2.4076059644443806, -1.4076059644443804, -0.4076059644443803
  };

  @Test
  void vectorByHand() {
    assertF64(NnOps.softmax(f64(s(3), 1, 2, 3), 0), s(3), SM);
    assertF64(NnOps.logSoftmax(f64(s(3), 1, 2, 3), -1), s(3), LSM);
    assertF32(
        NnOps.softmax(f32(s(3), 1, 2, 3), 0), s(3), (float) SM[0], (float) SM[1], (float) SM[2]);
    assertF32(
        NnOps.logSoftmax(f32(s(3), 1, 2, 3), 0),
        s(3),
        (float) LSM[0],
        (float) LSM[1],
        (float) LSM[2]);
    assertF32(NnOps.softmax(f32(s(1), 5), 0), s(1), 1);
    assertF32(NnOps.logSoftmax(f32(s(1), 5), 0), s(1), 0);
  }

  @Test
  void eachAxisOfAMatrix() {
    // rows [1,2,3] and [3,2,1]; along axis 0 the pairs (1,3), (2,2), (3,1)
    Tensor x = f64(s(2, 3), 1, 2, 3, 3, 2, 1);
    assertF64(NnOps.softmax(x, 1), s(2, 3), SM[0], SM[1], SM[2], SM[2], SM[1], SM[0]);
    assertF64(NnOps.softmax(x, -1), s(2, 3), SM[0], SM[1], SM[2], SM[2], SM[1], SM[0]);
    double lo = 1 / (1 + Math.exp(2));
    double hi = 1 / (1 + Math.exp(-2));
    assertF64(NnOps.softmax(x, 0), s(2, 3), lo, 0.5, hi, hi, 0.5, lo);
    assertF64(NnOps.softmax(x, -2), s(2, 3), lo, 0.5, hi, hi, 0.5, lo);
    assertF64(
        NnOps.logSoftmax(x, 0),
        s(2, 3),
        Math.log(lo),
        Math.log(0.5),
        Math.log(hi),
        Math.log(hi),
        Math.log(0.5),
        Math.log(lo));
  }

  @Test
  void rowsSumToOneOnRandomRank3() {
    SplittableRandom r = new SplittableRandom(41);
    int[] dims = {3, 4, 5};
    int n = 60;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * 3);
    }
    for (int axis = 0; axis < 3; axis++) {
      float[] y = Internal.f32(NnOps.softmax(f32(dims, v), axis));
      float[] ly = Internal.f32(NnOps.logSoftmax(f32(dims, v), axis - 3));
      int[] kd = dims.clone();
      kd[axis] = 1;
      double[] sums = new double[(int) Shape.of(kd).size()];
      for (int i = 0; i < n; i++) {
        int[] idx = index(i, dims);
        idx[axis] = 0;
        sums[flat(idx, kd)] += y[i];
        assertEquals(Math.log(y[i]), ly[i], 1e-5, "seed 41 axis " + axis);
      }
      for (double sum : sums) {
        assertEquals(1, sum, 1e-6, "seed 41 axis " + axis);
      }
    }
  }

  @Test
  void stableForLargeLogits() {
    double a = 1 / (1 + Math.exp(1));
    assertF32(NnOps.softmax(f32(s(2), 1000, 1001), 0), s(2), (float) a, (float) (1 - a));
    assertF32(NnOps.softmax(f32(s(2), -1000, -1001), 0), s(2), (float) (1 - a), (float) a);
    assertF32(
        NnOps.logSoftmax(f32(s(2), 1000, 1000), 0),
        s(2),
        (float) -Math.log(2),
        (float) -Math.log(2));
    assertF64(NnOps.logSoftmax(f64(s(2), 1000, 0), 0), s(2), -Math.log1p(Math.exp(-1000)), -1000);
    assertF32(NnOps.softmax(f32(s(2), Float.NEGATIVE_INFINITY, 0), 0), s(2), 0, 1);
  }

  @Test
  void emptyTensorsStayEmpty() {
    assertShape(NnOps.softmax(f32(s(0, 3)), 1), 0, 3);
    assertShape(NnOps.logSoftmax(f32(s(2, 0)), 1), 2, 0);
  }

  @Test
  void badInputs() {
    iae(() -> NnOps.softmax(i32(s(2), 1, 2), 0), "softmax", "int32");
    iae(() -> NnOps.logSoftmax(iotaF32(2, 3), 2), "logSoftmax", "axis 2");
    iae(() -> NnOps.softmax(iotaF32(2, 3), -3), "softmax", "axis -3");
    iae(() -> NnOps.softmax(f32(s(), 1), 0), "softmax", "rank", "()");
    iae(() -> NnOps.softmax(null, 0), "softmax", "'x'");
  }

  // ---------------------------------------------------------------- gradients

  @Test
  void gradientsAlongEachAxis() {
    SplittableRandom r = new SplittableRandom(17);
    Tensor x = StructureFixtures.randF64(r, 2, 3, 4);
    for (int axis = -3; axis < 3; axis++) {
      int ax = axis;
      gradCheck("softmax axis " + ax, xs -> NnOps.softmax(xs[0], ax), x);
      gradCheck("logSoftmax axis " + ax, xs -> NnOps.logSoftmax(xs[0], ax), x);
    }
  }

  @Test
  void softmaxGradientOfASumIsZero() {
    // sum(softmax(x)) = 1 whatever x: its gradient is 0
    Tensor x = f64(s(3), 1, 2, 3);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = NnOps.softmax(x, 0);
    }
    double[] g = Internal.f64(t.gradient(y, x));
    for (double v : g) {
      assertEquals(0, v, 1e-15);
    }
  }
}
