package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@link StepFunction} reuses its ops' result buffers from call to call; these tests pin that it
 * computes what the same step computes eagerly (the eager run is the reference, bit for bit), and
 * that no tensor anyone holds ever changes: the returned one, tensors held from eager steps,
 * variables assigned inside, and tensors leaked out of a call (which throw instead).
 */
class StepFunctionTest {
  // 16 x 24 and 24 x 8: every result has at least StepArena.MIN_SLOTS floats, so all are reused
  private static final int B = 16;

  private static List<Variable> mlp() {
    return List.of(
        Variable.of(Tensor.randomUniform(Shape.of(24, 32), -0.3, 0.3, 1)),
        Variable.of(Tensor.zeros(Shape.of(32), DType.FLOAT32)),
        Variable.of(Tensor.randomUniform(Shape.of(32, 8), -0.3, 0.3, 2)));
  }

  private static Tensor x(int seed, int rows) {
    return Tensor.randomUniform(Shape.of(rows, 24), -1, 1, seed);
  }

  /**
   * relu(x W0 + b) W1 against a target, SGD; returns the loss, optionally keeping intermediates.
   */
  private static Tensor step(List<Variable> p, Tensor x, SGD opt, List<Tensor> keep) {
    GradientTape tape = new GradientTape();
    Tensor loss;
    Tensor h;
    try (tape) {
      h = x.matmul(p.get(0)).add(p.get(1)).relu();
      loss = h.matmul(p.get(2)).sub(1.0).square().mean();
    }
    List<Tensor> g = tape.gradient(loss, p);
    opt.applyGradients(g, p);
    if (keep != null) {
      keep.add(h);
      keep.addAll(g);
    }
    return loss;
  }

  /**
   * The same steps eagerly and in a step function, on batches of {@code rows[i]} rows: equal losses
   * and variables, bit for bit; returns the step function.
   */
  private static StepFunction eagerAgainstTraced(int[] rows) {
    List<Variable> eager = mlp();
    List<Variable> traced = mlp();
    SGD o1 = new SGD(0.1);
    SGD o2 = new SGD(0.1);
    StepFunction fn = new StepFunction(in -> step(traced, in.get(0), o2, null));
    for (int i = 0; i < rows.length; i++) {
      Tensor xb = x(10 + i, rows[i]);
      float le = step(eager, xb, o1, null).floatValue();
      float lt = fn.call(xb).floatValue();
      assertEquals(le, lt, 0f, "loss of step " + i);
    }
    for (int k = 0; k < eager.size(); k++) {
      assertArrayEquals(eager.get(k).toFloatArray(), traced.get(k).toFloatArray(), 0f);
    }
    return fn;
  }

  @Test
  void callsComputeWhatEagerStepsComputeBitForBit() {
    StepFunction fn = eagerAgainstTraced(new int[] {B, B, B, B, B, B});
    assertTrue(fn.bufferBytes() >= 4L * B * 32, "the intermediates are kept between calls");
  }

  @Test
  void thePlanFollowsChangingShapes() {
    StepFunction fn = eagerAgainstTraced(new int[] {B, B, 12, B, 12, 12, B});
    // an epoch's short last batch and back: the arrays pushed out of their slots are taken again
    long held = fn.bufferBytes();
    for (int i = 0; i < 6; i++) {
      fn.call(x(40 + i, i % 2 == 0 ? 12 : B));
    }
    assertEquals(held, fn.bufferBytes(), "no array is added once both shapes were seen");
  }

  @Test
  void aDeepProductOnReusedBuffersIsBitIdentical() {
    // depth 300 > the GEMM's depth block (256): the second block adds to C, so the first must
    // overwrite whatever a reused buffer held; the backward pass runs both transposed products
    List<Variable> eager =
        List.of(Variable.of(Tensor.randomUniform(Shape.of(300, 272), -0.1, 0.1, 3)));
    List<Variable> traced =
        List.of(Variable.of(Tensor.randomUniform(Shape.of(300, 272), -0.1, 0.1, 3)));
    SGD o1 = new SGD(0.1);
    SGD o2 = new SGD(0.1);
    java.util.function.BiFunction<List<Variable>, Tensor, Tensor> body =
        (p, xb) -> {
          GradientTape tape = new GradientTape();
          Tensor loss;
          try (tape) {
            loss = xb.matmul(p.get(0)).relu().square().mean();
          }
          (p == eager ? o1 : o2).applyGradients(tape.gradient(loss, p), p);
          return loss;
        };
    StepFunction fn = new StepFunction(in -> body.apply(traced, in.get(0)));
    for (int i = 0; i < 4; i++) {
      Tensor xb = Tensor.randomUniform(Shape.of(40, 300), -1, 1, 200 + i);
      assertEquals(body.apply(eager, xb).floatValue(), fn.call(xb).floatValue(), 0f);
    }
    assertArrayEquals(eager.get(0).toFloatArray(), traced.get(0).toFloatArray(), 0f);
  }

  @Test
  void theBuffersAreReusedNotGrown() {
    List<Variable> p = mlp();
    SGD opt = new SGD(0.1);
    StepFunction fn = new StepFunction(in -> step(p, in.get(0), opt, null));
    fn.call(x(1, B));
    fn.call(x(2, B)); // the plan after the first call (which created no state here)
    long held = fn.bufferBytes();
    for (int i = 0; i < 4; i++) {
      fn.call(x(3 + i, B));
    }
    assertEquals(held, fn.bufferBytes());
  }

  @Test
  void heldEagerIntermediatesAndGradientsKeepTheirValuesAcrossSteps() {
    // the user-written eager loop: h and the gradients of step 0 are held while later steps (eager
    // and traced, same shapes) run; none of them may change
    List<Variable> p = mlp();
    SGD opt = new SGD(0.1);
    List<Tensor> kept = new ArrayList<>();
    step(p, x(20, B), opt, kept);
    List<float[]> before = new ArrayList<>();
    for (Tensor t : kept) {
      before.add(t.toFloatArray());
    }
    StepFunction fn = new StepFunction(in -> step(p, in.get(0), opt, null));
    for (int i = 0; i < 4; i++) {
      step(p, x(21 + i, B), opt, null);
      fn.call(x(30 + i, B));
    }
    for (int k = 0; k < kept.size(); k++) {
      assertArrayEquals(before.get(k), kept.get(k).toFloatArray(), 0f, "held tensor " + k);
    }
  }

  @Test
  void theReturnedTensorIsTheCallersAndKeepsItsValue() {
    Tensor w = Tensor.randomUniform(Shape.of(24, 8), -1, 1, 5);
    StepFunction fn = new StepFunction(in -> in.get(0).matmul(w).relu());
    Tensor xa = x(40, B);
    Tensor r1 = fn.call(xa);
    float[] v1 = r1.toFloatArray();
    assertArrayEquals(xa.matmul(w).relu().toFloatArray(), v1, 0f);
    fn.call(x(41, B));
    fn.call(x(42, B));
    assertArrayEquals(v1, r1.toFloatArray(), 0f, "a later call does not write into it");
    assertEquals(Shape.of(B, 8), r1.shape());
  }

  @Test
  void aTensorLeakedOutOfACallThrowsInsteadOfChanging() {
    Tensor w = Tensor.randomUniform(Shape.of(24, 8), -1, 1, 6);
    List<Tensor> leaked = new ArrayList<>();
    StepFunction fn =
        new StepFunction(in -> {
          Tensor h = in.get(0).matmul(w);
          leaked.add(h);
          leaked.add(h.reshape(B * 8)); // a view over the same buffer
          return h.sum();
        });
    float s = fn.call(x(50, B)).floatValue();
    assertEquals(x(50, B).matmul(w).sum().floatValue(), s, 0f);
    for (Tensor t : leaked) {
      IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
      assertTrue(e.getMessage().contains("StepFunction"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> t.add(1.0));
    }
    assertEquals(Shape.of(B, 8), leaked.get(0).shape(), "the shape stays readable");
  }

  @Test
  void variablesAssignedInsideKeepCopies() {
    Variable v = Variable.of(Tensor.zeros(Shape.of(B, 8), DType.FLOAT32));
    Variable acc = Variable.of(Tensor.zeros(Shape.of(B, 8), DType.FLOAT32));
    Tensor w = Tensor.randomUniform(Shape.of(24, 8), -1, 1, 7);
    StepFunction fn =
        new StepFunction(in -> {
          Tensor h = in.get(0).matmul(w);
          v.assign(h);
          acc.assignAdd(h);
          // created inside from a computed value: a variable that outlives the call
          return Variable.of(h.mul(2.0)).readValue();
        });
    Tensor xa = x(60, B);
    Tensor xb = x(61, B);
    Tensor kept = fn.call(xa);
    float[] ha = xa.matmul(w).toFloatArray();
    assertArrayEquals(ha, v.toFloatArray(), 0f);
    fn.call(xb);
    assertArrayEquals(xb.matmul(w).toFloatArray(), v.toFloatArray(), 0f);
    assertArrayEquals(xa.matmul(w).add(xb.matmul(w)).toFloatArray(), acc.toFloatArray(), 0f);
    assertArrayEquals(xa.matmul(w).mul(2.0).toFloatArray(), kept.toFloatArray(), 0f);
  }

  @Test
  void persistentNestedHigherOrderTapesAndJacobiansAreUnaffected() {
    Tensor w = Tensor.randomUniform(Shape.of(24, 8), -1, 1, 8);
    Tensor xa = x(70, B);
    java.util.function.Function<Tensor, List<Tensor>> body =
        xin -> {
          Variable xv = Variable.of(xin);
          GradientTape outer = new GradientTape(true);
          Tensor y;
          Tensor dy;
          Tensor t;
          try (outer) {
            t = xv.matmul(w).sum(new int[] {0}, false);
            GradientTape inner = new GradientTape();
            try (inner) {
              y = xv.matmul(w).square().sum();
            }
            dy = inner.gradient(y, xv); // 2 (x w) w^T, recorded by outer
            y = dy.square().sum();
          }
          Tensor second = outer.gradient(y, xv);
          Tensor jac = outer.jacobian(t, xv);
          return List.of(dy, second, jac);
        };
    List<Tensor> ref = body.apply(xa);
    List<float[]> got = new ArrayList<>();
    StepFunction fn =
        new StepFunction(in -> {
          List<Tensor> r = body.apply(in.get(0));
          for (Tensor t : r) {
            got.add(t.toFloatArray());
          }
          return null;
        });
    fn.call(xa);
    got.clear();
    fn.call(xa); // the second call runs on reused buffers
    assertEquals(3, got.size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(ref.get(k).toFloatArray(), got.get(k), 0f, "result " + k);
    }
  }

  @Test
  void aCallUnderAnOpenTapeIsEagerSoThatTheTapeSeesThroughIt() {
    Variable w = Variable.of(Tensor.randomUniform(Shape.of(24, 8), -1, 1, 9));
    StepFunction fn = new StepFunction(in -> in.get(0).matmul(w).square().sum());
    Tensor xa = x(80, B);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = fn.call(xa);
    }
    Tensor g = tape.gradient(y, w);
    assertNotNull(g);
    // d/dw sum((x w)^2) = 2 x^T (x w)
    Tensor expect = Ops.matmul(xa, xa.matmul(w).mul(2.0), true, false);
    assertArrayEquals(expect.toFloatArray(), g.toFloatArray(), 1e-4f);
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StepFunction(null));
    StepFunction fn = new StepFunction(in -> null);
    assertThrows(IllegalArgumentException.class, () -> fn.call((Tensor[]) null));
    assertThrows(IllegalArgumentException.class, () -> fn.call((List<Tensor>) null));
  }

  @Test
  void trainOnBatchIsFitsStep() {
    Sequential a = new Sequential(new Dense(32, Activation.RELU), new Dense(8));
    Sequential b = new Sequential(new Dense(32, Activation.RELU), new Dense(8));
    Tensor xs = x(100, B);
    Tensor ys = Tensor.randomUniform(Shape.of(B, 8), 0, 1, 101);
    a.apply(xs);
    b.apply(xs);
    for (int k = 0; k < a.variables().size(); k++) {
      b.variables().get(k).assign(a.variables().get(k));
    }
    a.compile(new SGD(0.05), Losses::meanSquaredError);
    b.compile(new SGD(0.05), Losses::meanSquaredError);
    assertThrows(IllegalArgumentException.class, () -> a.trainOnBatch(null, ys));
    List<Double> la = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      la.add(a.trainOnBatch(xs, ys));
    }
    FitOptions o = FitOptions.builder().epochs(3).batchSize(B).shuffle(false).verbose(0).build();
    List<Double> lb = b.fit(xs, ys, o).history().get("loss");
    assertEquals(lb, la, "one full batch per epoch: fit's epoch losses are the batch losses");
    List<Variable> wa = a.variables();
    List<Variable> wb = b.variables();
    for (int k = 0; k < wa.size(); k++) {
      assertArrayEquals(wb.get(k).toFloatArray(), wa.get(k).toFloatArray(), 0f);
    }
    Sequential c = new Sequential(new Dense(2));
    assertThrows(IllegalStateException.class, () -> c.trainOnBatch(xs, ys));
  }
}
