package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** TF's GradientTape semantics, one test each: the tape, what it records, and its misuse. */
class GradientTapeTest {

  static void assertValues(double[] expected, Tensor t, double tol) {
    assertNotNull(t, "gradient is null");
    double[] got = t.toDoubleArray();
    assertEquals(expected.length, got.length, "size of " + t);
    for (int i = 0; i < got.length; i++) {
      assertEquals(
          expected[i], got[i], tol * (1 + Math.abs(expected[i])), "element " + i + " of " + t);
    }
  }

  static void assertValue(double expected, Tensor t) {
    assertValues(new double[] {expected}, t, 1e-6);
  }

  // ---------------------------------------------------------------- basics

  @Test
  void squareOfVariable() {
    Variable x = Variable.of(new float[] {3, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.pow(2);
    }
    Tensor g = tape.gradient(y, x);
    assertEquals(DType.FLOAT32, g.dtype());
    assertEquals(Shape.of(2), g.shape());
    assertValues(new double[] {6, 6}, g, 0);
  }

  @Test
  void gradientHasSourceShapeAndDType() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}});
    Variable b = Variable.of(new double[] {1, 1, 1});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.add(b).mul(Tensor.of(new double[][] {{1}, {2}})); // broadcast to (2, 3)
    }
    List<Tensor> g = tape.gradient(y, List.of(x, b));
    assertEquals(Shape.of(1, 3), g.get(0).shape());
    assertEquals(DType.FLOAT64, g.get(0).dtype());
    assertValues(new double[] {3, 3, 3}, g.get(0), 0);
    assertEquals(Shape.of(3), g.get(1).shape());
    assertValues(new double[] {3, 3, 3}, g.get(1), 0);
  }

  @Test
  void unconnectedIsNullOrZerosOfSourceShapeAndDType() {
    Variable a = Variable.of(2f);
    Variable b = Variable.of(new double[][] {{1, 2}});
    Tensor c = Tensor.of(new int[] {1, 2, 3});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      tape.watch(c);
      y = a.mul(a);
    }
    List<Tensor> g = tape.gradient(y, List.of(a, b, c));
    assertValue(4, g.get(0));
    assertNull(g.get(1));
    assertNull(g.get(2));
    List<Tensor> z = tape.gradient(y, List.of(a, b, c), UnconnectedGradients.ZERO);
    assertValue(4, z.get(0));
    assertEquals(DType.FLOAT64, z.get(1).dtype());
    assertEquals(Shape.of(1, 2), z.get(1).shape());
    assertValues(new double[] {0, 0}, z.get(1), 0);
    assertEquals(DType.INT32, z.get(2).dtype());
    assertEquals(Shape.of(3), z.get(2).shape());
    assertNull(tape.gradient(y, List.of(b), null, UnconnectedGradients.NONE).get(0));
  }

  @Test
  void intermediateTensorsAsSources() {
    Tensor x = Tensor.of(3f);
    GradientTape tape = new GradientTape(true);
    Tensor r;
    Tensor z;
    try (tape) {
      tape.watch(x);
      r = x.mul(x);
      z = r.mul(r);
    }
    assertValue(18, tape.gradient(z, r));
    List<Tensor> both = tape.gradient(z, List.of(r, x));
    assertValue(18, both.get(0));
    assertValue(108, both.get(1)); // the gradient flows on through r to x
  }

  @Test
  void severalTargetsAreSummed() {
    Variable x = Variable.of(2.0);
    GradientTape tape = new GradientTape();
    Tensor y1;
    Tensor y2;
    try (tape) {
      y1 = x.mul(x);
      y2 = x.mul(3.0);
    }
    assertValue(7, tape.gradient(List.of(y1, y2), List.of(x)).get(0));
  }

  @Test
  void outputGradientsWeightANonScalarTarget() {
    Variable x = Variable.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.mul(x);
    }
    Tensor w = Tensor.of(new double[] {1, 10, 100});
    // a rejected call leaves the non-persistent tape usable
    assertThrows(
        IllegalArgumentException.class,
        () ->
            tape.gradient(
                y, List.of(x), Tensor.of(new double[] {1, 2}), UnconnectedGradients.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            tape.gradient(
                y, List.of(x), Tensor.of(new float[] {1, 2, 3}), UnconnectedGradients.NONE));
    assertValues(
        new double[] {2, 40, 600},
        tape.gradient(y, List.of(x), w, UnconnectedGradients.NONE).get(0),
        0);
  }

  @Test
  void nonScalarTargetDefaultsToOnes() {
    Variable x = Variable.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.mul(x);
    }
    assertValues(new double[] {2, 4, 6}, tape.gradient(y, x), 0);
  }

  @Test
  void integerSourcesAndTargetsGiveNull() {
    Variable vi = Variable.of(new int[] {1, 2});
    Variable vf = Variable.of(new float[] {1, 2});
    GradientTape tape = new GradientTape(true);
    Tensor yi;
    Tensor yf;
    try (tape) {
      yi = vi.mul(vi);
      yf = vf.mul(vi.cast(DType.FLOAT32));
    }
    assertNull(tape.gradient(yi, vi));
    assertNull(tape.gradient(yf, vi));
    assertValues(new double[] {1, 2}, tape.gradient(yf, vf), 0);
    Tensor s = yi.cast(DType.FLOAT32);
    assertNull(tape.gradient(yi, vf));
    assertNull(tape.gradient(s, vf));
  }

  @Test
  void targetThatIsASourceGetsOnes() {
    Tensor x = Tensor.of(new float[] {1, 2});
    GradientTape tape = new GradientTape(true);
    try (tape) {
      tape.watch(x);
    }
    assertValues(new double[] {1, 1}, tape.gradient(x, x), 0);
    Tensor unwatched = Tensor.of(5.0);
    assertValue(1, tape.gradient(unwatched, unwatched));
    Variable v0 = Variable.of(2f);
    Variable v1 = Variable.of(2f);
    List<Tensor> g = tape.gradient(v0, List.of(v0, v1));
    assertValue(1, g.get(0));
    assertNull(g.get(1));
  }

  @Test
  void variableGradientSumsOverReadsEachWithItsValueThen() {
    Variable x = Variable.of(2.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      Tensor y1 = x.mul(x); // read at 2
      x.assign(3.0);
      Tensor y2 = x.mul(x); // read at 3
      y = y1.add(y2);
      x.assign(100.0); // never changes what was recorded
    }
    assertValue(10, tape.gradient(y, x));
  }

  @Test
  void readValueIsRecorded() {
    Variable x = Variable.of(3.0);
    GradientTape tape = new GradientTape(true);
    Tensor r;
    Tensor y;
    try (tape) {
      r = x.readValue();
      y = r.mul(r);
    }
    assertValue(6, tape.gradient(y, x));
    assertValue(6, tape.gradient(y, r));
  }

  // ---------------------------------------------------------------- persistence

  @Test
  void persistentAnswersManyCalls() {
    Variable x = Variable.of(3f);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (tape) {
      y = x.mul(x);
      z = y.mul(y);
    }
    assertValue(108, tape.gradient(z, x));
    assertValue(6, tape.gradient(y, x));
    assertValue(108, tape.gradient(z, x));
    assertEquals(Shape.of(), tape.jacobian(y, x).shape());
  }

  @Test
  void nonPersistentSecondCallIsAnError() {
    Variable x = Variable.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.mul(x);
    }
    assertValue(6, tape.gradient(y, x));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    assertTrue(e.getMessage().contains("not persistent"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> tape.jacobian(y, x));
    assertTrue(e.getMessage().contains("not persistent"), e.getMessage());
    assertEquals(List.of(x), tape.watchedVariables()); // still answers after freeing its entries
  }

  @Test
  void jacobianIsTheOneCallOfANonPersistentTape() {
    Variable x = Variable.of(new double[] {1, 2});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = x.mul(x);
    }
    assertValues(new double[] {2, 0, 0, 4}, tape.jacobian(y, x), 0);
    assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
  }

  // ---------------------------------------------------------------- recording control

  @Test
  void resetForgetsAndRecordsOn() {
    Variable x = Variable.of(3.0);
    Variable w = Variable.of(5.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      Tensor ignored = w.mul(x);
      tape.reset();
      assertTrue(tape.watchedVariables().isEmpty());
      y = x.mul(x).mul(x);
    }
    List<Tensor> g = tape.gradient(y, List.of(x, w));
    assertValue(27, g.get(0));
    assertNull(g.get(1));
    assertThrows(IllegalStateException.class, tape::reset);
  }

  @Test
  @SuppressWarnings("try") // the paused handle is only closed
  void stopRecordingPausesThisTape() throws Exception {
    Variable x = Variable.of(3.0);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor z;
    try (tape) {
      y = x.mul(x);
      try (AutoCloseable paused = tape.stopRecording()) {
        z = x.mul(x).add(y);
        assertThrows(IllegalStateException.class, tape::stopRecording);
        assertThrows(IllegalStateException.class, tape::reset);
      }
      Tensor again = z.mul(2.0); // recording resumed, but z itself was not recorded
      assertNull(tape.gradient(again, x));
    }
    assertValue(6, tape.gradient(y, x));
    assertNull(tape.gradient(z, x));
    IllegalStateException e = assertThrows(IllegalStateException.class, tape::stopRecording);
    assertTrue(e.getMessage().contains("not recording"), e.getMessage());
  }

  @Test
  @SuppressWarnings("try") // the paused handle is only closed
  void stopRecordingPausesOnlyThatTape() throws Exception {
    Variable x = Variable.of(3.0);
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor y;
    try (outer) {
      try (inner) {
        try (AutoCloseable paused = inner.stopRecording()) {
          y = x.mul(x);
        }
      }
    }
    assertNull(inner.gradient(y, x));
    assertValue(6, outer.gradient(y, x));
  }

  @Test
  void stopGradientBlocksTheFlow() {
    Variable x = Variable.of(3.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    Tensor s;
    try (tape) {
      s = Ops.stopGradient(x.mul(x));
      y = s.mul(x);
    }
    assertValue(9, s);
    assertValue(9, tape.gradient(y, x));
  }

  @Test
  void watchOnAClosedTapeIsAnError() {
    GradientTape tape = new GradientTape();
    tape.close();
    Tensor x = Tensor.of(1f);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.watch(x));
    assertTrue(e.getMessage().contains("watch"), e.getMessage());
    tape.close(); // closing twice is harmless
  }

  @Test
  void watchRejectsNullAndChangesNothing() {
    Variable a = Variable.of(1f);
    GradientTape tape = new GradientTape();
    try (tape) {
      assertThrows(IllegalArgumentException.class, () -> tape.watch(a, null));
      assertThrows(IllegalArgumentException.class, () -> tape.watch((Tensor[]) null));
      assertTrue(tape.watchedVariables().isEmpty());
    }
  }

  @Test
  void nullArgumentsAreIllegalArguments() {
    Variable x = Variable.of(1f);
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      y = x.mul(x);
    }
    assertThrows(IllegalArgumentException.class, () -> tape.gradient(null, x));
    assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, (Tensor) null));
    assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, (List<Tensor>) null));
    assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, Arrays.asList(x, null)));
    assertThrows(
        IllegalArgumentException.class, () -> tape.gradient((List<Tensor>) null, List.of(x)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tape.gradient(y, List.of(x), (UnconnectedGradients) null));
    assertValue(2, tape.gradient(y, x));
  }

  // TF marks a trainable variable accessed when it is assigned in the block, as when it is read:
  // resource_variable_ops.py's assign, assign_add and assign_sub end in _lazy_read, which calls
  // variable_accessed, so `with tf.GradientTape() as t: v.assign(2.0)` leaves t.watched_variables()
  // == (v,), and the tape's gradient of a later use of v reaches it
  @Test
  void assigningInTheBlockWatchesATrainableVariableAsReadingDoes() throws Exception {
    Variable a = Variable.of(1f);
    Variable b = Variable.of(2f);
    Variable c = Variable.of(3f);
    Variable frozen = Variable.builder(4f).trainable(false).build();
    GradientTape tape = new GradientTape(true);
    try (tape) {
      c.assignSub(1f);
      a.assign(5f);
      b.assignAdd(1f);
      frozen.assign(6f); // not trainable: not watched, as TF's `if self.trainable`
    }
    assertEquals(List.of(a, b, c), tape.watchedVariables()); // in creation order, as TF sorts them
    assertValue(5, a);
    assertValue(3, b);
    assertValue(2, c);
    assertValue(6, frozen);

    // a tape that does not watch accessed variables, a paused tape, and an assign that fails
    Variable d = Variable.of(new float[] {1, 2});
    GradientTape explicit = new GradientTape(false, false);
    GradientTape outer = new GradientTape();
    try (outer) {
      try (explicit) {
        try (AutoCloseable paused = outer.stopRecording()) {
          d.assign(new float[] {3, 4});
        }
        assertThrows(IllegalArgumentException.class, () -> a.assign(new float[] {1, 2}));
      }
    }
    assertTrue(explicit.watchedVariables().isEmpty());
    assertTrue(outer.watchedVariables().isEmpty());

    // nested tapes both watch; the gradient of a use after the assign reaches the variable
    Variable e = Variable.of(1f);
    GradientTape t1 = new GradientTape(true);
    GradientTape t2 = new GradientTape(true);
    Tensor y;
    try (t1) {
      try (t2) {
        e.assign(3f);
        y = e.mul(e);
      }
    }
    assertEquals(List.of(e), t1.watchedVariables());
    assertEquals(List.of(e), t2.watchedVariables());
    assertValue(6, t2.gradient(y, e));
  }

  @Test
  void watchedVariablesInCreationOrder() {
    Variable a = Variable.of(1f);
    Variable b = Variable.of(2f);
    Variable c = Variable.builder(3f).trainable(false).build();
    Variable d = Variable.of(4f);
    GradientTape tape = new GradientTape();
    try (tape) {
      Tensor t = d.mul(b).mul(a).mul(c); // c is not trainable: not watched on access
    }
    assertEquals(List.of(a, b, d), tape.watchedVariables());
    GradientTape t2 = new GradientTape(false, false);
    try (t2) {
      Tensor t = a.mul(b);
      t2.watch(c);
      Tensor u = c.mul(b);
    }
    assertEquals(List.of(c), t2.watchedVariables());
  }

  @Test
  void watchAccessedVariablesFalse() {
    Tensor x1 = Tensor.of(5f);
    Variable x2 = Variable.of(3f);
    GradientTape tape = new GradientTape(false, false);
    Tensor y;
    try (tape) {
      tape.watch(x1);
      y = x1.pow(2).add(x2.pow(2));
    }
    List<Tensor> g = tape.gradient(y, List.of(x1, x2));
    assertValue(10, g.get(0));
    assertNull(g.get(1));
  }

  @Test
  void nonTrainableVariableOnlyByWatch() {
    Variable v = Variable.builder(5f).trainable(false).build();
    GradientTape t1 = new GradientTape();
    Tensor y1;
    try (t1) {
      y1 = v.mul(v);
    }
    assertNull(t1.gradient(y1, v));
    GradientTape t2 = new GradientTape();
    Tensor y2;
    try (t2) {
      t2.watch(v);
      y2 = v.mul(v);
    }
    assertValue(10, t2.gradient(y2, v));
  }

  // ---------------------------------------------------------------- threads

  @Test
  void tapeIsConfinedToItsThread() throws Exception {
    Variable x = Variable.of(3f);
    GradientTape tape = new GradientTape(true);
    AtomicReference<Tensor> other = new AtomicReference<>();
    AtomicReference<Throwable> errors = new AtomicReference<>();
    Tensor y;
    try (tape) {
      y = x.mul(x);
      Thread t =
          new Thread(() -> {
            other.set(x.mul(x)); // not recorded: the tape belongs to the main thread
            for (Runnable r :
                List.<Runnable>of(
                    () -> tape.gradient(y, x),
                    () -> tape.watch(x),
                    tape::close,
                    tape::reset,
                    () -> tape.stopRecording(),
                    () -> tape.jacobian(y, x))) {
              try {
                r.run();
                errors.compareAndSet(null, new AssertionError("no exception from another thread"));
              } catch (IllegalStateException expected) {
                // as required
              } catch (Throwable e) {
                errors.compareAndSet(null, e);
              }
            }
          });
      t.start();
      t.join();
    }
    if (errors.get() != null) {
      throw new AssertionError(errors.get());
    }
    assertNull(tape.gradient(other.get(), x));
    assertValue(6, tape.gradient(y, x));
  }

  // ---------------------------------------------------------------- gradient inside the block

  @Test
  void gradientInsideBlockOfNonPersistentTapeStopsItsRecording() {
    Variable x = Variable.of(2f);
    Variable y = Variable.of(3f);
    GradientTape tape = new GradientTape();
    try (tape) {
      Tensor z = y.mul(y);
      assertNull(tape.gradient(z, x)); // seed 001: None
      Tensor after = x.mul(x);
      assertTrue(tape.watchedVariables().contains(y));
      assertTrue(!tape.watchedVariables().contains(x), "recorded after its gradient");
      assertThrows(IllegalStateException.class, () -> tape.watch(x));
    } // closing afterwards is fine
  }

  @Test
  void persistentTapeRecordsItsOwnGradient() {
    Variable x = Variable.of(3.0);
    GradientTape tape = new GradientTape(true);
    Tensor dy;
    try (tape) {
      Tensor y = x.mul(x).mul(x);
      dy = tape.gradient(y, x); // 3x^2 = 27, recorded by this same tape
    }
    assertValue(27, dy);
    assertValue(18, tape.gradient(dy, x));
  }

  // ---------------------------------------------------------------- nesting and higher order

  @Test
  void nestedTapesBothRecord() {
    Variable x = Variable.of(3f);
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor y;
    Tensor dy;
    try (outer) {
      try (inner) {
        y = x.mul(x).mul(x);
      }
      dy = inner.gradient(y, x);
    }
    assertValue(27, dy);
    assertValue(18, outer.gradient(dy, x));
  }

  @Test
  void thirdDerivativeOfCube() {
    Variable x = Variable.of(2.0);
    GradientTape t1 = new GradientTape();
    GradientTape t2 = new GradientTape();
    GradientTape t3 = new GradientTape();
    Tensor d1;
    Tensor d2;
    try (t1) {
      try (t2) {
        try (t3) {
          Tensor y = x.pow(3);
          d1 = t3.gradient(y, x);
        }
        d2 = t2.gradient(d1, x);
      }
    }
    Tensor d3 = t1.gradient(d2, x);
    assertValue(12, d1); // 3x^2
    assertValue(12, d2); // 6x
    assertValue(6, d3);
  }

  interface F {
    Tensor apply(Tensor x);
  }

  /** (first, second) derivatives of sum(f(x)) at x through nested tapes. */
  static Tensor[] twoDerivatives(Tensor x, F f) {
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor d1;
    try (outer) {
      outer.watch(x);
      try (inner) {
        inner.watch(x);
        Tensor y = f.apply(x);
        d1 = inner.gradient(y, x);
      }
    }
    return new Tensor[] {d1, outer.gradient(d1, x)};
  }

  @Test
  void secondDerivatives() {
    Tensor x = Tensor.of(new double[] {0.5, 1.5});
    double a = 0.5;
    double b = 1.5;
    // exp
    Tensor[] d = twoDerivatives(x, Tensor::exp);
    assertValues(new double[] {Math.exp(a), Math.exp(b)}, d[1], 1e-12);
    // log: -1/x^2
    d = twoDerivatives(x, Tensor::log);
    assertValues(new double[] {-1 / (a * a), -1 / (b * b)}, d[1], 1e-12);
    // pow x^2.5: 2.5*1.5*x^0.5
    d = twoDerivatives(x, t -> t.pow(2.5));
    assertValues(new double[] {3.75 * Math.sqrt(a), 3.75 * Math.sqrt(b)}, d[1], 1e-12);
    // pow 2^x as a function of the exponent: ln2^2 2^x
    d = twoDerivatives(x, t -> Ops.pow(Tensor.of(new double[] {2, 2}), t));
    double l2 = Math.log(2);
    assertValues(new double[] {l2 * l2 * Math.pow(2, a), l2 * l2 * Math.pow(2, b)}, d[1], 1e-12);
    // tanh: -2 tanh (1 - tanh^2)
    d = twoDerivatives(x, Tensor::tanh);
    double ta = Math.tanh(a);
    double tb = Math.tanh(b);
    assertValues(new double[] {-2 * ta * (1 - ta * ta), -2 * tb * (1 - tb * tb)}, d[1], 1e-12);
    // sigmoid: s (1 - s) (1 - 2 s)
    d = twoDerivatives(x, Tensor::sigmoid);
    double sa = 1 / (1 + Math.exp(-a));
    double sb = 1 / (1 + Math.exp(-b));
    assertValues(
        new double[] {sa * (1 - sa) * (1 - 2 * sa), sb * (1 - sb) * (1 - 2 * sb)}, d[1], 1e-12);
    // relu and abs: zeros, not null (the first gradient depends on x through its mask)
    Tensor m = Tensor.of(new double[] {-1.5, 0.5});
    d = twoDerivatives(m, Tensor::relu);
    assertValues(new double[] {0, 1}, d[0], 0);
    assertValues(new double[] {0, 0}, d[1], 0);
    d = twoDerivatives(m, Tensor::abs);
    assertValues(new double[] {-1, 1}, d[0], 0);
    assertValues(new double[] {0, 0}, d[1], 0);
  }

  @Test
  void secondDerivativeOfSoftmax() {
    // y = softmax(x)[0] with x = (a, b): dy/da = s0 s1, d2y/da2 = s0 s1 (s1 - s0)
    Tensor x = Tensor.of(new double[] {0.3, -0.4});
    Tensor[] d = twoDerivatives(x, t -> Ops.softmax(t, 0).mul(Tensor.of(new double[] {1, 0})));
    double s0 = Math.exp(0.3) / (Math.exp(0.3) + Math.exp(-0.4));
    double s1 = 1 - s0;
    assertValues(new double[] {s0 * s1, -s0 * s1}, d[0], 1e-12);
    double h = s0 * s1 * (s1 - s0);
    assertValues(new double[] {0, 0}, d[1], 1e-12); // the summed first gradient is constant 0
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor first;
    try (outer) {
      outer.watch(x);
      try (inner) {
        inner.watch(x);
        Tensor y = Ops.softmax(x, 0).mul(Tensor.of(new double[] {1, 0}));
        first = inner.gradient(y, x).mul(Tensor.of(new double[] {1, 0})); // dy/da only
      }
    }
    assertValues(new double[] {h, -h}, outer.gradient(first, x), 1e-12);
  }

  @Test
  void secondDerivativeThroughMatmul() {
    // y = sum((x W)^2): dy/dx = 2 x W W^T, d2 = 2 W W^T summed over columns
    Tensor x = Tensor.of(new double[][] {{1, 2}});
    Tensor w = Tensor.of(new double[][] {{1, 3}, {2, 4}});
    Tensor[] d = twoDerivatives(x, t -> t.matmul(w).square());
    // x W = [5, 11]; dy/dx = 2 [5, 11] W^T = [2*(5+33), 2*(10+44)] = [76, 108]
    assertValues(new double[] {76, 108}, d[0], 1e-12);
    // d/dx sum(2 x W W^T) = 2 * row sums of W W^T = 2 * [10+14, 14+20] = [48, 68]
    assertValues(new double[] {48, 68}, d[1], 1e-12);
  }

  @Test
  void secondDerivativeOfLinearFunctionIsNull() {
    Variable x = Variable.of(3.0);
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor d1;
    try (outer) {
      try (inner) {
        Tensor y = x.mul(3.0);
        d1 = inner.gradient(y, x);
      }
    }
    assertValue(3, d1);
    assertNull(outer.gradient(d1, x));
  }

  // ---------------------------------------------------------------- jacobians

  @Test
  void jacobianShapeAndValues() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    Tensor m;
    Tensor sum;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
      m = Ops.reshape(Ops.concat(List.of(x, x.mul(2.0)), 0), 2, 3);
      sum = y.sum();
    }
    Tensor j = tape.jacobian(y, x);
    assertEquals(Shape.of(3, 3), j.shape());
    assertValues(new double[] {2, 0, 0, 0, 4, 0, 0, 0, 6}, j, 0);
    Tensor jm = tape.jacobian(m, x);
    assertEquals(Shape.of(2, 3, 3), jm.shape());
    assertValues(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 0, 2}, jm, 0);
    assertNull(tape.jacobian(y.sum(), x)); // computed after the block: not recorded
    Tensor s = tape.jacobian(sum, x);
    assertEquals(Shape.of(3), s.shape());
    assertValues(new double[] {2, 4, 6}, s, 0);
    assertNull(tape.jacobian(y, Tensor.of(new double[] {1})));
  }

  @Test
  void batchJacobianShapeAndValues() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor w = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.matmul(w).mul(x.sum(new int[] {1}, true)); // y[b, j] = (x W)[b, j] * sum(x[b])
    }
    Tensor j = tape.batchJacobian(y, x);
    assertEquals(Shape.of(3, 3, 2), j.shape());
    double[] xs = x.toDoubleArray();
    double[] ws = w.toDoubleArray();
    double[] expected = new double[18];
    for (int b = 0; b < 3; b++) {
      double s = xs[2 * b] + xs[2 * b + 1];
      for (int jj = 0; jj < 3; jj++) {
        double xw = xs[2 * b] * ws[jj] + xs[2 * b + 1] * ws[3 + jj];
        for (int k = 0; k < 2; k++) {
          expected[b * 6 + jj * 2 + k] = ws[k * 3 + jj] * s + xw;
        }
      }
    }
    assertValues(expected, j, 1e-12);
    Tensor z = tape.batchJacobian(y, Tensor.of(new double[][] {{1}, {2}, {3}}));
    assertEquals(Shape.of(3, 3, 1), z.shape());
    assertValues(new double[9], z, 0); // unconnected: zeros, as TF
    assertThrows(
        IllegalArgumentException.class, () -> tape.batchJacobian(y.sum(new int[] {1}, false), x));
    assertThrows(
        IllegalArgumentException.class,
        () -> tape.batchJacobian(y, Tensor.of(new double[][] {{1, 2}})));
    assertEquals(
        Shape.of(3, 3, 2), tape.batchJacobian(y, x).shape()); // rejected calls changed nothing
  }

  @Test
  void batchJacobianOnANonPersistentTape() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
    }
    Tensor j = tape.batchJacobian(y, x);
    assertEquals(Shape.of(2, 2, 2), j.shape());
    assertEquals(DType.FLOAT32, j.dtype());
    assertValues(new double[] {2, 0, 0, 4, 6, 0, 0, 8}, j, 0);
    assertThrows(IllegalStateException.class, () -> tape.batchJacobian(y, x));
  }

  // ---------------------------------------------------------------- custom gradients

  @Test
  void customGradientOneInput() {
    // log(1 + e^x) with the stable gradient 1 - 1/(1 + e^x): finite at x = 100
    Tensor x = Tensor.of(100f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y =
          Ops.customGradient(
              x,
              t -> {
                Tensor e = t.exp();
                return CustomGradient.of(
                    e.add(1).log(), g -> g.mul(Ops.subtract(1, Ops.divide(1, e.add(1)))));
              });
    }
    assertEquals(Float.POSITIVE_INFINITY, y.floatValue());
    assertValue(1, tape.gradient(y, x));
  }

  @Test
  void customGradientSeveralInputs() {
    Variable a = Variable.of(2.0);
    Tensor b = Tensor.of(5.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(b);
      y =
          Ops.customGradient(
              List.of(a, b),
              xs ->
                  new CustomGradient(
                      xs.get(0).mul(xs.get(1)),
                      g -> List.of(g.mul(10.0), g.mul(100.0)))); // deliberately not the true one
    }
    assertValue(10, y);
    List<Tensor> g = tape.gradient(y, List.of(a, b));
    assertValue(10, g.get(0));
    assertValue(100, g.get(1));
  }

  @Test
  void customGradientWrongCountIsAnIllegalArgumentWhenGradientRuns() {
    Tensor a = Tensor.of(2.0);
    Tensor b = Tensor.of(3.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(a, b);
      y =
          Ops.customGradient(
              List.of(a, b), xs -> new CustomGradient(xs.get(0).mul(xs.get(1)), g -> List.of(g)));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tape.gradient(y, a));
    assertTrue(e.getMessage().contains("customGradient"), e.getMessage());
  }

  @Test
  void customGradientInsideNestedTapes() {
    // f(x) = x^3 with the custom gradient g * 3 x^2: the outer tape records it, d2 = 6x
    Variable x = Variable.of(2.0);
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor d1;
    try (outer) {
      try (inner) {
        Tensor y =
            Ops.customGradient(
                x, t -> CustomGradient.of(t.mul(t).mul(t), g -> g.mul(t.mul(t)).mul(3.0)));
        d1 = inner.gradient(y, x);
      }
    }
    assertValue(12, d1);
    assertValue(12, outer.gradient(d1, x));
  }

  @Test
  void noTapeNoRecording() {
    Variable x = Variable.of(3.0);
    Tensor y = x.mul(x); // no tape at all: nothing happens
    GradientTape tape = new GradientTape();
    try (tape) {
      assertSame(null, tape.gradient(y, x));
    }
  }

  @Test
  void operandIsTheSameTensorTwice() {
    Tensor x = Tensor.of(new double[] {1, 2});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x).add(x);
    }
    assertArrayEquals(new double[] {3, 5}, tape.gradient(y, x).toDoubleArray());
  }

  // ---------------------------------------------------------------- memory

  static boolean collected(java.lang.ref.WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    return ref.get() == null;
  }

  @Test
  void nonPersistentTapeFreesItsEntriesAfterGradient() throws Exception {
    Variable x = Variable.of(new double[] {1, 2, 3});
    GradientTape tape = new GradientTape();
    List<Object> out = new java.util.ArrayList<>();
    recordThroughIntermediate(tape, x, out); // in a method: no stack slot keeps the intermediate
    Tensor y = (Tensor) out.get(0);
    @SuppressWarnings("unchecked")
    java.lang.ref.WeakReference<Tensor> mid = (java.lang.ref.WeakReference<Tensor>) out.get(1);
    out.clear();
    assertValues(new double[] {2, 4, 6}, tape.gradient(y, x), 0);
    assertTrue(collected(mid), "the tape still holds its recorded intermediates");
    assertEquals(List.of(x), tape.watchedVariables());
  }

  private static void recordThroughIntermediate(GradientTape tape, Variable x, List<Object> out) {
    try (tape) {
      Tensor m = x.mul(x); // an intermediate that only the tape holds
      out.add(m.sum());
      out.add(new java.lang.ref.WeakReference<>(m));
    }
  }

  @Test
  void nothingGlobalKeepsAClosedTapeAlive() throws Exception {
    Variable x = Variable.of(3.0);
    java.lang.ref.WeakReference<GradientTape> closed =
        new java.lang.ref.WeakReference<>(useAndClose(x));
    assertTrue(collected(closed), "a closed tape was kept alive");
    Tensor y = x.mul(x); // recording state is clean again: this runs without any tape
    assertValue(9, y);
  }

  private static GradientTape useAndClose(Variable x) {
    GradientTape tape = new GradientTape(true);
    try (tape) {
      Tensor y = x.mul(x);
      assertValue(6, tape.gradient(y, x));
    }
    return tape;
  }

  // ---------------------------------------------------------------- more corners

  @Test
  void hessianAsJacobianOfAGradient() {
    Tensor x = Tensor.of(new double[] {1, 2});
    GradientTape outer = new GradientTape();
    GradientTape inner = new GradientTape();
    Tensor g;
    try (outer) {
      outer.watch(x);
      try (inner) {
        inner.watch(x);
        Tensor y = x.pow(3).sum().add(x.sum().square()); // sum x^3 + (sum x)^2
        g = inner.gradient(y, x);
      }
    }
    Tensor h = outer.jacobian(g, x);
    assertEquals(Shape.of(2, 2), h.shape());
    assertValues(new double[] {6 + 2, 2, 2, 12 + 2}, h, 1e-12);
  }

  @Test
  @SuppressWarnings("try") // the paused handle is only closed
  void watchInsideStopRecordingTakesEffect() throws Exception {
    Tensor x = Tensor.of(2.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      try (AutoCloseable paused = tape.stopRecording()) {
        tape.watch(x); // TF allows it: the watch counts once recording resumes
      }
      y = x.mul(x);
    }
    assertValue(4, tape.gradient(y, x));
  }

  @Test
  void sourceComputedOnAnotherThreadIsNull() throws Exception {
    Variable x = Variable.of(2.0);
    AtomicReference<Tensor> other = new AtomicReference<>();
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      Thread t = new Thread(() -> other.set(x.mul(3.0)));
      t.start();
      t.join();
      y = other.get().mul(x);
    }
    List<Tensor> g = tape.gradient(y, List.of(other.get(), x));
    assertNull(g.get(0));
    assertValue(6, g.get(1));
  }

  @Test
  void customGradientMayGiveNoGradientToAnInput() {
    Tensor a = Tensor.of(2.0);
    Tensor b = Tensor.of(3.0);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(a, b);
      y =
          Ops.customGradient(
              List.of(a, b),
              xs ->
                  new CustomGradient(
                      xs.get(0).mul(xs.get(1)),
                      g -> java.util.Arrays.asList(g.mul(xs.get(1)), null)));
    }
    List<Tensor> g = tape.gradient(y, List.of(a, b), UnconnectedGradients.ZERO);
    assertValue(3, g.get(0));
    assertValue(0, g.get(1));
  }

  @Test
  void integerTargetWithZeroGivesZeros() {
    Variable v = Variable.of(new int[] {1, 2});
    Variable f = Variable.of(new float[] {1, 2});
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = v.mul(v);
      Tensor unused = f.mul(f);
    }
    List<Tensor> g = tape.gradient(y, List.of(f), UnconnectedGradients.ZERO);
    assertEquals(DType.FLOAT32, g.get(0).dtype());
    assertValues(new double[] {0, 0}, g.get(0), 0);
  }

  @Test
  void targetsListSkipsIntegerTargets() {
    Variable v = Variable.of(new int[] {1, 2});
    Variable f = Variable.of(new float[] {1, 2});
    GradientTape tape = new GradientTape();
    Tensor yi;
    Tensor yf;
    try (tape) {
      yi = v.mul(v);
      yf = f.mul(f);
    }
    assertValues(new double[] {2, 4}, tape.gradient(List.of(yi, yf), List.of(f)).get(0), 0);
  }

  @Test
  void nestedNonPersistentInsideItsOwnBlockIsRecordedByTheOuter() {
    Variable x = Variable.of(3.0);
    GradientTape outer = new GradientTape();
    Tensor dy;
    try (outer) {
      GradientTape inner = new GradientTape();
      try (inner) {
        Tensor y = x.mul(x).mul(x);
        dy = inner.gradient(y, x); // inside inner's block: inner stops, outer records
        Tensor after = x.mul(x);
      }
    }
    assertValue(27, dy);
    assertValue(18, outer.gradient(dy, x));
  }

  @Test
  void kinksAreTfs() {
    Tensor x = Tensor.of(new double[] {0, 1, -1});
    Tensor other = Tensor.of(new double[] {0, 0, 0});
    GradientTape tape = new GradientTape(true);
    Tensor relu;
    Tensor abs;
    Tensor max;
    Tensor min;
    try (tape) {
      tape.watch(x, other);
      relu = x.relu();
      abs = x.abs();
      max = x.maximum(other);
      min = x.minimum(other);
    }
    assertValues(new double[] {0, 1, 0}, tape.gradient(relu, x), 0); // relu'(0) = 0
    assertValues(new double[] {0, 1, -1}, tape.gradient(abs, x), 0); // abs'(0) = 0
    List<Tensor> gmax = tape.gradient(max, List.of(x, other));
    assertValues(new double[] {1, 1, 0}, gmax.get(0), 0); // ties go to the first operand
    assertValues(new double[] {0, 0, 1}, gmax.get(1), 0);
    List<Tensor> gmin = tape.gradient(min, List.of(x, other));
    assertValues(new double[] {1, 0, 1}, gmin.get(0), 0);
    assertValues(new double[] {0, 1, 0}, gmin.get(1), 0);
    GradientTape t2 = new GradientTape();
    Tensor z = Tensor.of(0.0);
    Tensor r;
    try (t2) {
      t2.watch(z);
      r = z.sqrt();
    }
    assertEquals(Double.POSITIVE_INFINITY, t2.gradient(r, z).doubleValue()); // sqrt'(0) = inf
  }
}
