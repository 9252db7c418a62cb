package dev.lanegrad;

import static dev.lanegrad.TfFixtures.F32;
import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a GradientTape records and answers: watching (explicitly, variables on access, nothing
 * before watch), persistent and non-persistent tapes, several targets and sources, unconnected
 * sources, stopRecording, reset, stopGradient, and the misuses TF refuses. The expected values are
 * TF's and Keras's (docstrings, guides, kernels, gradient functions); each test names its source.
 */
class TapeSemanticsTest {
  @Test
  void watchedConstantSquare() {
    // tf.GradientTape docstring: x = tf.constant(3.0); g.watch(x); y = x * x -> dy_dx = 6.0
    Tensor x = Tensor.of(3.0f);
    GradientTape g = new GradientTape();
    Tensor y;
    try (g) {
      g.watch(x);
      y = x.mul(x);
    }
    close(6.0, g.gradient(y, x), 0);
  }

  @Test
  void persistentTape() {
    // tf.GradientTape docstring: x = 3.0, y = x * x, z = y * y -> dz_dx = 108.0, dy_dx = 6.0
    Tensor x = Tensor.of(3.0f);
    GradientTape g = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (g) {
      g.watch(x);
      y = x.mul(x);
      z = y.mul(y);
    }
    close(108.0, g.gradient(z, x), 0);
    close(6.0, g.gradient(y, x), 0);
  }

  @Test
  void nonPersistentSecondCallIsAnError() {
    // tf.GradientTape docstring: resources are released after gradient() unless persistent;
    // a second call raises RuntimeError ("A non-persistent GradientTape can only be used to
    // compute one set of gradients")
    Tensor x = Tensor.of(3.0f);
    GradientTape g = new GradientTape();
    Tensor y;
    try (g) {
      g.watch(x);
      y = x.mul(x);
    }
    g.gradient(y, x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.gradient(y, x));
    assertTrue(e.getMessage().contains("persistent"), e.getMessage());
  }

  @Test
  void watchAccessedVariablesFalse() {
    // tf.GradientTape docstring (watch_accessed_variables=False): a watched, y = a ** 2;
    // b not watched, z = b ** 3 -> gradient w.r.t. a is 2a, w.r.t. b None
    Variable a = Variable.of(2.0f);
    Variable b = Variable.of(3.0f);
    GradientTape tape = new GradientTape(false, false);
    Tensor y;
    Tensor z;
    try (tape) {
      tape.watch(a);
      y = a.pow(2);
      z = b.pow(3);
    }
    List<Tensor> g = tape.gradient(List.of(y, z), List.of(a, b));
    close(4.0, g.get(0), 0);
    assertNull(g.get(1));
    assertEquals(List.of(a), tape.watchedVariables());
  }

  @Test
  void stopRecording() {
    // GradientTape.stop_recording docstring: x = 4.0; with tape.stop_recording(): y = x ** 2
    // -> tape.gradient(y, x) is None
    Tensor x = Tensor.of(4.0f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      try (AutoCloseable paused = tape.stopRecording()) {
        y = x.pow(2);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    assertNull(tape.gradient(y, x));
  }

  @Test
  void variableSquare() {
    // Autodiff guide: x = tf.Variable(3.0); y = x**2 -> dy_dx = 6.0
    Variable x = Variable.of(3.0f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.pow(2);
    }
    close(6.0, tape.gradient(y, x), 0);
  }

  @Test
  void whatIsWatched() {
    // Autodiff guide "Controlling what the tape watches": x0 trainable, x1 trainable=False,
    // x2 = Variable + 1.0 (a tensor), x3 constant; y = x0**2 + x1**2 + x2**2
    // -> [6.0, None, None, None]; watched_variables() names only 'x0:0'
    Variable x0 = Variable.builder(3.0f).name("x0").build();
    Variable x1 = Variable.builder(3.0f).name("x1").trainable(false).build();
    Tensor x2 = Variable.builder(2.0f).name("x2").build().add(1.0);
    Tensor x3 = Tensor.of(3.0f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x0.pow(2).add(x1.pow(2)).add(x2.pow(2));
    }
    List<Tensor> g = tape.gradient(y, List.of(x0, x1, x2, x3));
    close(6.0, g.get(0), 0);
    assertNull(g.get(1));
    assertNull(g.get(2));
    assertNull(g.get(3));
    assertEquals(1, tape.watchedVariables().size());
    assertEquals("x0:0", tape.watchedVariables().get(0).name());
  }

  @Test
  void persistentTwoGradients() {
    // Autodiff guide: x = 2.0, y = x * x, z = y * y -> 32.0 (4 * x**3) and 4.0 (2 * x)
    Tensor x = Tensor.of(2.0f);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
      z = y.mul(y);
    }
    close(32.0, tape.gradient(z, x), 0);
    close(4.0, tape.gradient(y, x), 0);
  }

  @Test
  void gradientOfSeveralTargetsIsTheirSum() {
    // Autodiff guide "Gradients of non-scalar targets": y0 = x**2, y1 = 1 / x at x = 2
    // -> 3.75
    Variable x = Variable.of(2.0f);
    GradientTape tape = new GradientTape(true);
    Tensor y0;
    Tensor y1;
    try (tape) {
      y0 = x.pow(2);
      y1 = Ops.divide(1, x);
    }
    close(3.75, tape.gradient(List.of(y0, y1), List.of(x)).get(0), F32);
  }

  @Test
  void nonScalarTargetIsSummed() {
    // Autodiff guide: x = tf.Variable(2.); y = x * [3., 4.] -> 7.0
    Variable x = Variable.of(2.0f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.mul(Tensor.of(new float[] {3, 4}));
    }
    close(7.0, tape.gradient(y, x), 0);
  }

  @Test
  void controlFlow() {
    // Autodiff guide "Control flow": x = 1.0 > 0 so result = v0 -> dv0 = 1.0, dv1 None,
    // gradient w.r.t. x None
    Tensor x = Tensor.of(1.0f);
    Variable v0 = Variable.of(2.0f);
    Variable v1 = Variable.of(2.0f);
    GradientTape tape = new GradientTape(true);
    Tensor result;
    try (tape) {
      tape.watch(x);
      if (x.greater(0.0).booleanValue()) {
        result = v0;
      } else {
        result = v1.pow(2);
      }
    }
    List<Tensor> g = tape.gradient(result, List.of(v0, v1));
    close(1.0, g.get(0), 0);
    assertNull(g.get(1));
    assertNull(tape.gradient(result, x));
  }

  @Test
  void unconnectedVariable() {
    // Autodiff guide "Getting a gradient of None": z = y * y -> tape.gradient(z, x) is None
    Variable x = Variable.of(2.0f);
    Variable y = Variable.of(3.0f);
    GradientTape tape = new GradientTape();
    Tensor z;
    try (tape) {
      z = y.mul(y);
    }
    assertNull(tape.gradient(z, x));
  }

  @Test
  void replacedVariableLosesItsGradient() {
    // Autodiff guide: in the second epoch x = x + 1 is a tensor, not a variable ->
    // "ResourceVariable : tf.Tensor(1.0)" then "EagerTensor : None"
    Tensor x = Variable.of(2.0f);
    for (int epoch = 0; epoch < 2; epoch++) {
      GradientTape tape = new GradientTape();
      Tensor y;
      try (tape) {
        y = x.add(1);
      }
      Tensor g = tape.gradient(y, x);
      if (epoch == 0) {
        close(1.0, g, 0);
      } else {
        assertNull(g);
      }
      x = x.add(1);
    }
  }

  @Test
  void integerSourceGivesNone() {
    // Autodiff guide: x = tf.constant(10); g.watch(x); y = x * x -> gradient None (with the
    // warning "The dtype of the watched tensor must be floating")
    Tensor x = Tensor.of(10);
    GradientTape g = new GradientTape();
    Tensor y;
    try (g) {
      g.watch(x);
      y = x.mul(x);
    }
    assertNull(g.gradient(y, x));
  }

  @Test
  void unconnectedZero() {
    // Autodiff guide "Zeros instead of None": x = [2., 2.], z = y**2 with
    // unconnected_gradients=ZERO -> [0. 0.]
    Variable x = Variable.of(new float[] {2, 2});
    Variable y = Variable.of(3.0f);
    GradientTape tape = new GradientTape();
    Tensor z;
    try (tape) {
      z = y.pow(2);
    }
    Tensor g = tape.gradient(z, List.of(x), UnconnectedGradients.ZERO).get(0);
    assertEquals(Shape.of(2), g.shape());
    assertEquals(DType.FLOAT32, g.dtype());
    close(d(0, 0), g, 0);
  }

  @Test
  void stopRecordingBlock() {
    // Advanced autodiff guide "Stop recording": x_sq recorded, y_sq not -> dz/dx = 4.0,
    // dz/dy = None
    Variable x = Variable.of(2.0f);
    Variable y = Variable.of(3.0f);
    GradientTape t = new GradientTape();
    Tensor z;
    try (t) {
      Tensor xsq = x.mul(x);
      Tensor ysq;
      try (AutoCloseable paused = t.stopRecording()) {
        ysq = y.mul(y);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      z = xsq.add(ysq);
    }
    List<Tensor> g = t.gradient(z, List.of(x, y));
    close(4.0, g.get(0), 0);
    assertNull(g.get(1));
  }

  @Test
  void reset() {
    // Advanced autodiff guide "Reset/start recording from scratch": y_sq before reset() is
    // forgotten -> dz/dx = 4.0, dz/dy = None
    Variable x = Variable.of(2.0f);
    Variable y = Variable.of(3.0f);
    GradientTape t = new GradientTape();
    Tensor z;
    try (t) {
      Tensor ysq = y.mul(y);
      t.reset();
      z = x.mul(x).add(ysq);
    }
    List<Tensor> g = t.gradient(z, List.of(x, y));
    close(4.0, g.get(0), 0);
    assertNull(g.get(1));
  }

  @Test
  void stopGradient() {
    // Advanced autodiff guide "Stop gradient": z = x**2 + tf.stop_gradient(y_sq)
    // -> dz/dx = 4.0, dz/dy = None
    Variable x = Variable.of(2.0f);
    Variable y = Variable.of(3.0f);
    GradientTape t = new GradientTape();
    Tensor z;
    try (t) {
      Tensor ysq = y.pow(2);
      z = x.pow(2).add(Ops.stopGradient(ysq));
    }
    List<Tensor> g = t.gradient(z, List.of(x, y));
    close(4.0, g.get(0), 0);
    assertNull(g.get(1));
  }

  @Test
  void outputGradientsWeightTheTarget() {
    // tf.GradientTape.gradient(output_gradients=...): y = x * x, weights [3, 4] at x = [1, 2]
    // -> [2*1*3, 2*2*4] = [6, 16]
    Tensor x = Tensor.of(new double[] {1, 2});
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = x.mul(x);
    }
    List<Tensor> g =
        t.gradient(y, List.of(x), Tensor.of(new double[] {3, 4}), UnconnectedGradients.NONE);
    close(d(6, 16), g.get(0), 0);
  }

  @Test
  void recordedValueSurvivesAssign() {
    // TF eager: the tape captures the value read by ReadVariableOp, so assigning afterwards
    // does not change the gradient: y = x * x at x = 3, then x.assign(5) -> 6
    Variable x = Variable.of(3.0);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      y = x.mul(x);
    }
    x.assign(5.0);
    close(6.0, t.gradient(y, x), 0);
  }

  @Test
  void targetIsItsOwnSource() {
    // backprop_test testGradientOfTargetItself-style: gradient(x, x) is ones
    Variable x = Variable.of(new double[] {1, 2, 3});
    GradientTape t = new GradientTape();
    try (t) {
      t.watch(x);
    }
    close(d(1, 1, 1), t.gradient(x, x), 0);
  }

  @Test
  void intermediateSource() {
    // TF allows an intermediate tensor as a source: y = x * 2; z = y ** 2 -> dz/dy = 2y = 12
    Variable x = Variable.of(3.0);
    GradientTape t = new GradientTape();
    Tensor y;
    Tensor z;
    try (t) {
      y = x.mul(2);
      z = y.pow(2);
    }
    close(12.0, t.gradient(z, y), 0);
  }

  @Test
  void readValueIsRecorded() {
    // TF: v.read_value() / v.value() inside a tape is a recorded ReadVariableOp, so the
    // gradient flows to the variable: y = v.read_value() * 3 -> 3.0
    Variable v = Variable.of(2.0);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      y = v.readValue().mul(3);
    }
    close(3.0, t.gradient(y, v), 0);
    GradientTape t2 = new GradientTape();
    try (t2) {
      y = v.value().mul(4);
    }
    close(4.0, t2.gradient(y, v), 0);
  }

  @Test
  void nonTrainableVariableWatchedExplicitly() {
    // tf.GradientTape.watch docstring: watch() makes any variable (trainable or not) watched
    Variable v = Variable.builder(2.0).trainable(false).build();
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(v);
      y = v.mul(v);
    }
    close(4.0, t.gradient(y, v), 0);
  }

  @Test
  void opsBeforeWatchAreNotRecorded() {
    // TF records an op only if an input is watched when it runs: y = 2x before watch(x),
    // z = 3y after -> gradient(z, x) is None
    Tensor x = Tensor.of(1.0);
    GradientTape t = new GradientTape();
    Tensor z;
    try (t) {
      Tensor y = x.mul(2);
      t.watch(x);
      z = y.mul(3);
    }
    assertNull(t.gradient(z, x));
  }

  @Test
  void sameSourceTwice() {
    // TF: gradient(y, [x, x]) answers each entry: [2x, 2x]
    Tensor x = Tensor.of(3.0);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = x.mul(x);
    }
    List<Tensor> g = t.gradient(y, List.of(x, x));
    close(6.0, g.get(0), 0);
    close(6.0, g.get(1), 0);
  }

  @Test
  void integerTargetGivesNone() {
    // backprop.py: gradients of an integer target are None (only floating targets are
    // differentiable); y = cast(x, int32) * 2
    Tensor x = Tensor.of(3.0);
    GradientTape t = new GradientTape();
    Tensor y;
    try (t) {
      t.watch(x);
      y = x.cast(DType.INT32).mul(2);
    }
    assertNull(t.gradient(y, x));
  }

  /** backprop.py: a non-persistent tape answers once, then raises (here IllegalStateException). */
  @Test
  void aNonPersistentTapeAnswersOnce() {
    Tensor x = Tensor.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
    }
    assertEquals(6f, tape.gradient(y, x).floatValue());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    assertTrue(e.getMessage().contains("persistent"), e.getMessage());
  }
}
