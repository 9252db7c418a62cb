package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops#fusedBatchNorm}, TF's FusedBatchNormV3 (fused_batch_norm_op.cc): hand values, the
 * Bessel-corrected batch variance beside the saved population one, agreement with the composed
 * {@code moments} + {@code batchNormalization} and their tape gradient in float64 (forward and
 * first order through the fused kernels, second order through the rule's ops), and the errors.
 * Finite differences at first and second order are GradientCheckTest's rows (NnGradientRows).
 */
class FusedBatchNormTest {

  @Test
  void handValuesAndTheFiveOutputs() {
    // channel 0: 1, 3 (mean 2, variance 1); channel 1: 10, 20 (mean 15, variance 25)
    Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 20}});
    List<Tensor> r = Ops.fusedBatchNorm(x, null, null, null, null, 0, true);
    assertArrayEquals(new float[] {-1, -1, 1, 1}, r.get(0).toFloatArray());
    assertArrayEquals(new float[] {2, 15}, r.get(1).toFloatArray());
    // TF's batch_variance: variance * n / (n - 1) ("rest_size_adjust", Bessel's correction)
    assertArrayEquals(new float[] {2, 50}, r.get(2).toFloatArray());
    assertArrayEquals(new float[] {2, 15}, r.get(3).toFloatArray());
    assertArrayEquals(new float[] {1, 25}, r.get(4).toFloatArray(), "saved: population");
    // scale and offset: y = (x - mean) * scale / sqrt(var + eps) + offset
    Tensor s = Tensor.of(new float[] {2, -1});
    Tensor o = Tensor.of(new float[] {0.5f, 3});
    assertArrayEquals(
        new float[] {-1.5f, 4, 2.5f, 2},
        Ops.fusedBatchNorm(x, s, o, null, null, 0, true).get(0).toFloatArray());
    // inference: the given statistics, handed back
    Tensor m = Tensor.of(new float[] {1, 10});
    Tensor v = Tensor.of(new float[] {4, 16});
    List<Tensor> inf = Ops.fusedBatchNorm(x, s, o, m, v, 0, false);
    assertArrayEquals(new float[] {0.5f, 3, 2.5f, 0.5f}, inf.get(0).toFloatArray());
    assertArrayEquals(v.toFloatArray(), inf.get(2).toFloatArray());
    // one row: variance 0, TF's adjustment n / max(n - 1, 1) leaves it 0
    List<Tensor> one =
        Ops.fusedBatchNorm(Tensor.of(new float[][] {{4, 5}}), null, null, null, null, 1, true);
    assertArrayEquals(new float[] {0, 0}, one.get(0).toFloatArray());
    assertArrayEquals(new float[] {0, 0}, one.get(2).toFloatArray());
  }

  static Tensor composed(Tensor x, Tensor s, Tensor o, double eps) {
    int[] axes = new int[x.rank() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    Moments mv = Ops.moments(x, axes, false);
    return Ops.batchNormalization(x, mv.mean(), mv.variance(), o, s, eps);
  }

  static void close(double[] want, double[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + " [" + i + "]");
    }
  }

  /** The fused forward and gradients against the composed ops' in float64, at ranks 2 to 4. */
  @Test
  void matchesTheComposedOpsAndTheirGradients() {
    for (Shape shape : new Shape[] {Shape.of(300, 5), Shape.of(7, 40, 3), Shape.of(4, 9, 9, 33)}) {
      int c = shape.dim(-1);
      Tensor x = Tensor.randomNormal(shape, 3).cast(DType.FLOAT64).mul(2).add(1);
      Tensor s = Tensor.randomNormal(Shape.of(c), 4).cast(DType.FLOAT64);
      Tensor o = Tensor.randomNormal(Shape.of(c), 5).cast(DType.FLOAT64);
      Tensor w = Tensor.randomNormal(shape, 6).cast(DType.FLOAT64);
      Tensor[] in = {x, s, o};
      GradientTape t1 = new GradientTape();
      Tensor y1;
      Tensor l1;
      try (t1) {
        t1.watch(in);
        y1 = Ops.fusedBatchNorm(x, s, o, null, null, 1e-3, true).get(0);
        l1 = y1.mul(w).sum();
      }
      List<Tensor> g1 = t1.gradient(l1, List.of(in));
      GradientTape t2 = new GradientTape();
      Tensor y2;
      Tensor l2;
      try (t2) {
        t2.watch(in);
        y2 = composed(x, s, o, 1e-3);
        l2 = y2.mul(w).sum();
      }
      List<Tensor> g2 = t2.gradient(l2, List.of(in));
      close(y2.toDoubleArray(), y1.toDoubleArray(), 1e-12, "y " + shape);
      for (int i = 0; i < 3; i++) {
        close(
            g2.get(i).toDoubleArray(), g1.get(i).toDoubleArray(), 1e-10, "grad " + i + " " + shape);
      }
    }
  }

  /**
   * A tape recording while the gradient runs gets the rule's ops (nn_grad.py _BatchNormGrad): the
   * second derivative matches the composed ops' second derivative.
   */
  @Test
  void secondOrderMatchesTheComposedOps() {
    Shape shape = Shape.of(6, 2, 3);
    Tensor x = Tensor.randomNormal(shape, 8).cast(DType.FLOAT64);
    Tensor s = Tensor.of(new double[] {1.5, -0.5, 2});
    Tensor w = Tensor.randomNormal(shape, 9).cast(DType.FLOAT64);
    double[][] out = new double[2][];
    for (int k = 0; k < 2; k++) {
      GradientTape outer = new GradientTape();
      Tensor gx;
      Tensor l;
      try (outer) {
        outer.watch(x);
        GradientTape inner = new GradientTape();
        Tensor li;
        try (inner) {
          inner.watch(x);
          Tensor y =
              k == 0
                  ? Ops.fusedBatchNorm(x, s, null, null, null, 1e-3, true).get(0)
                  : composed(x, s, null, 1e-3);
          li = y.mul(w).sum();
        }
        gx = inner.gradient(li, x);
        l = gx.mul(gx).sum();
      }
      out[k] = outer.gradient(l, x).toDoubleArray();
    }
    close(out[1], out[0], 1e-9, "second order");
  }

  @Test
  void onlyYCarriesAGradientAndBadInputIsRejected() {
    Tensor x = Tensor.randomNormal(Shape.of(4, 3), 1);
    GradientTape t = new GradientTape();
    List<Tensor> r;
    Tensor ml;
    try (t) {
      t.watch(x);
      r = Ops.fusedBatchNorm(x, null, null, null, null, 1e-3, true);
      ml = r.get(1).sum();
    }
    assertNull(t.gradient(ml, x), "batch_mean is not differentiable (TF's rule)");
    Tensor c3 = Tensor.ones(Shape.of(3), DType.FLOAT32);
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.fusedBatchNorm(Tensor.of(new float[] {1, 2}), null, null, null, null, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.fusedBatchNorm(x.cast(DType.INT32), null, null, null, null, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Ops.fusedBatchNorm(
                x, Tensor.ones(Shape.of(4), DType.FLOAT32), null, null, null, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.fusedBatchNorm(x, c3.cast(DType.FLOAT64), null, null, null, 0, true));
    assertThrows(
        IllegalArgumentException.class, () -> Ops.fusedBatchNorm(x, null, null, c3, c3, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.fusedBatchNorm(x, null, null, c3, null, 0, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ops.fusedBatchNorm(x, null, null, null, null, -1, true));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Ops.fusedBatchNorm(
                    x, null, Tensor.ones(Shape.of(2, 3), DType.FLOAT32), null, null, 0, true));
    assertTrue(e.getMessage().startsWith("fusedBatchNorm: offset"), e.getMessage());
  }
}
