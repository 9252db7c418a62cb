package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.GradientCheck;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Checks every layer test shares: the gradient with respect to the input through {@link
 * GradientCheck} and with respect to each trainable weight against central differences (the weight
 * moved by {@code assign}), in FLOAT64; a Checkpoint round trip.
 */
final class LayerChecks {
  private LayerChecks() {}

  static Tensor random(long seed, int... dims) {
    SplittableRandom r = new SplittableRandom(seed);
    Shape s = Shape.of(dims);
    double[] a = new double[(int) s.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    return Tensor.of(a, s);
  }

  /**
   * d/dx of f through GradientCheck, and d/dw of {@code L = sum(f(x) * W)} for every trainable
   * weight of {@code layer} against central differences, in FLOAT64.
   */
  static void gradients(Layer layer, UnaryOperator<Tensor> f, Tensor x, double tol) {
    GradientCheck.Result r = GradientCheck.check(f, x);
    assertTrue(r.passed(tol), r.report(tol));
    Tensor y0 = f.apply(x);
    Tensor w = random(77, y0.shape().dims());
    List<Variable> vars = layer.trainableVariables();
    List<Tensor> grads;
    try (GradientTape tape = new GradientTape()) {
      Tensor l = f.apply(x).mul(w).sum();
      grads = tape.gradient(l, vars);
    }
    double h = 1e-6;
    for (int k = 0; k < vars.size(); k++) {
      Variable v = vars.get(k);
      assertEquals(DType.FLOAT64, v.dtype(), v.name());
      double[] value = v.toDoubleArray();
      double[] analytic = grads.get(k).toDoubleArray();
      for (int i = 0; i < value.length; i++) {
        double keep = value[i];
        value[i] = keep + h;
        v.assign(Tensor.of(value, v.shape()));
        double up = f.apply(x).mul(w).sum().doubleValue();
        value[i] = keep - h;
        v.assign(Tensor.of(value, v.shape()));
        double down = f.apply(x).mul(w).sum().doubleValue();
        value[i] = keep;
        v.assign(Tensor.of(value, v.shape()));
        double numeric = (up - down) / (2 * h);
        double err = Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric));
        assertTrue(
            err < tol,
            v.name() + "[" + i + "]: tape " + analytic[i] + ", central differences " + numeric);
      }
    }
  }

  /** Saves {@code a}'s weights, restores them into {@code b} (same names), compares outputs. */
  static void checkpointRoundTrip(Path dir, Layer a, Supplier<Layer> fresh, Tensor x) {
    Path file = dir.resolve(a.name() + ".ckpt");
    Checkpoint.save(file, a);
    Utils.clearSession();
    Layer b = fresh.get();
    b.apply(x); // builds, with other random weights
    Checkpoint.restore(file, b);
    assertEquals(names(a), names(b));
    float[] ya = a.apply(x).toFloatArray();
    float[] yb = b.apply(x).toFloatArray();
    for (int i = 0; i < ya.length; i++) {
      assertEquals(ya[i], yb[i], 0f);
    }
  }

  static List<String> names(Layer l) {
    List<String> out = new ArrayList<>();
    for (Variable v : l.variables()) {
      out.add(v.name() + " " + v.shape() + (v.trainable() ? "" : " non-trainable"));
    }
    return out;
  }

  static void close(float[] expected, float[] actual, float tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }
}
