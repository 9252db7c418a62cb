package dev.lanegrad;

import static dev.lanegrad.TensorCreationTest.assertTensor;
import static dev.lanegrad.TensorCreationTest.iae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.format.NumpyFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Variable: builder, names, conversion on creation and assign, snapshots, failed assigns. */
class VariableTest {

  // ---------------------------------------------------------------- seed 004, "Tensor Variable"

  /** In[3]: tf.Variable(initial_value=[1,2]). */
  @Test
  void seedIntVariable() {
    Variable v = Variable.of(new int[] {1, 2});
    assertTensor(v, DType.INT32, Shape.of(2));
    assertEquals("Variable:0", v.name());
    assertTrue(v.trainable());
    assertArrayEquals(new int[] {1, 2}, v.toIntArray());
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=int32, numpy=array([1, 2], dtype=int32)>",
        NumpyFormat.variableRepr(v));
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=int32, value=[1 2]>", v.toString());
  }

  /** In[4]: tf.Variable(initial_value=[1,2], dtype=tf.float32). */
  @Test
  void seedIntsAsFloat32() {
    Variable v = Variable.builder(new int[] {1, 2}).dtype(DType.FLOAT32).build();
    assertTensor(v, DType.FLOAT32, Shape.of(2));
    assertArrayEquals(new float[] {1, 2}, v.toFloatArray());
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>",
        NumpyFormat.variableRepr(v));
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>", v.toString());
  }

  /** In[5]: a vector cannot become a matrix through the shape argument. */
  @Test
  void seedShapeArgumentMustMatch() {
    IllegalArgumentException e =
        iae(() ->
            Variable.builder(new int[] {1, 2, 3, 4})
                .dtype(DType.FLOAT32)
                .shape(Shape.of(2, 2))
                .build());
    assertEquals(
        "Variable: the initial value's shape ((4,)) is not compatible with the explicitly "
            + "supplied shape argument ((2, 2))",
        e.getMessage());
    Variable ok = Variable.builder(new int[] {1, 2}).shape(Shape.of(2)).build();
    assertEquals(Shape.of(2), ok.shape());
  }

  /** The cell after In[5]: tf.Variable([[1, 2], [3, 4]], dtype=tf.float32). */
  @Test
  void seedMatrixVariable() {
    Variable v = Variable.builder(new int[][] {{1, 2}, {3, 4}}).dtype(DType.FLOAT32).build();
    assertTensor(v, DType.FLOAT32, Shape.of(2, 2));
    assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, (float[][]) v.toArray());
    assertEquals(
        "<Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\n"
            + "array([[1., 2.],\n"
            + "       [3., 4.]], dtype=float32)>",
        NumpyFormat.variableRepr(v));
    assertEquals(
        "<Variable 'Variable:0' shape=(2, 2) dtype=float32, value=\n[[1. 2.]\n [3. 4.]]>",
        v.toString());
  }

  // ---------------------------------------------------------------- seed 004, "Evaluating
  // Variables"

  /** In[18]: tf.Variable(1) + 1 is a 0-d int32 tensor 2. */
  @Test
  void seedVariablePlusOne() {
    Tensor t = Variable.of(1).add(1);
    assertEquals(Tensor.class, t.getClass());
    assertTensor(t, DType.INT32, Shape.scalar());
    assertEquals(2, t.intValue());
    assertEquals("<Tensor: shape=(), dtype=int32, numpy=2>", NumpyFormat.tensorRepr(t));
    assertEquals(2, Ops.add(Variable.of(1), 1).intValue());
  }

  /** In[19]: tf.Variable(1).assign_add(3) is the variable, now 4 (TF names it 'UnreadVariable'). */
  @Test
  void seedAssignAddReturnsTheVariable() {
    Variable v = Variable.of(1);
    assertSame(v, v.assignAdd(3));
    assertTensor(v, DType.INT32, Shape.scalar());
    assertEquals(4, v.intValue());
    assertEquals(
        "<Variable 'Variable:0' shape=() dtype=int32, numpy=4>", NumpyFormat.variableRepr(v));
  }

  /** In[20]: tf.Variable(1).assign_add(1).read_value().numpy() is 2. */
  @Test
  void seedAssignAddReadValueNumpy() {
    assertEquals(Integer.valueOf(2), Variable.of(1).assignAdd(1).readValue().toArray());
  }

  // ---------------------------------------------------------------- seed 000, variables

  @Test
  void seed000VariablesOfAllKinds() {
    Tensor myTensor = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    Variable myVariable = Variable.of(myTensor);
    assertTensor(myVariable, DType.FLOAT32, Shape.of(2, 2));
    assertArrayEquals(new float[] {1, 2, 3, 4}, myVariable.toFloatArray());
    Variable boolVariable = Variable.of(new boolean[] {false, false, false, true});
    assertTensor(boolVariable, DType.BOOL, Shape.of(4));
    assertEquals(
        "<Variable 'Variable:0' shape=(4,) dtype=bool, value=[False False False  True]>",
        boolVariable.toString());
    Variable complexVariable = Variable.of(new Complex[] {new Complex(5, 4), new Complex(6, 1)});
    assertTensor(complexVariable, DType.COMPLEX128, Shape.of(2));
    assertArrayEquals(
        new Complex[] {new Complex(5, 4), new Complex(6, 1)}, complexVariable.toComplexArray());
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=complex128, value=[5.+4.j 6.+1.j]>",
        complexVariable.toString());
  }

  /**
   * a = tf.Variable([2.0, 3.0]); a.assign([1, 2]) keeps float32; a.assign([1.0, 2.0, 3.0]) fails.
   */
  @Test
  void seed000AssignKeepsDTypeAndRefusesResize() {
    Variable a = Variable.of(new float[] {2, 3});
    assertSame(a, a.assign(new int[] {1, 2}));
    assertTensor(a, DType.FLOAT32, Shape.of(2));
    assertArrayEquals(new float[] {1, 2}, a.toFloatArray());
    IllegalArgumentException e =
        iae(
            () -> a.assign(new float[] {1, 2, 3}),
            "assign",
            "(3,)",
            "(2,)",
            "Variable:0",
            "float32");
    assertFalse(e.getMessage().isEmpty());
    assertArrayEquals(new float[] {1, 2}, a.toFloatArray(), "a failed assign changes nothing");
  }

  /** y = w * x + b is [4, 8, 14]. */
  @Test
  void seed000VariablesInExpressions() {
    Variable w = Variable.of(new float[] {1, 2, 3});
    Variable b = Variable.of(2f);
    Tensor x = Tensor.of(new float[] {2, 3, 4});
    Tensor y = w.mul(x).add(b);
    assertArrayEquals(new float[] {4, 8, 14}, y.toFloatArray());
    Tensor sq = Variable.of(new float[] {3, 3}).pow(2);
    assertEquals("Tensor([9. 9.], shape=(2,), dtype=float32)", sq.toString());
  }

  // ---------------------------------------------------------------- seed 003

  @Test
  void seed003VariablesAreMutableState() {
    Variable a = Variable.of(5f);
    Variable b = Variable.of(3f);
    assertEquals("Tensor(15.0, shape=(), dtype=float32)", a.mul(b).toString());
    Tensor a1 = a.add(1);
    assertEquals("Tensor(6.0, shape=(), dtype=float32)", a1.toString());
    Tensor c = Tensor.of(4f);
    assertEquals("Tensor(22.0, shape=(), dtype=float32)", a1.mul(b).add(c).toString());
  }

  /** The manual loop: w.assign(w - 0.1 * 2 * w) fifty times, in float32 as TF computes it. */
  @Test
  void seed003ManualGradientDescent() {
    Variable w = Variable.of(5f);
    float expected = 5f;
    for (int i = 0; i < 50; i++) {
      assertSame(w, w.assign(w.sub(w.mul(0.1 * 2))));
      expected = expected - 0.2f * expected;
      assertEquals(expected, w.floatValue(), "step " + i);
    }
    assertEquals(expected * expected, w.square().floatValue());
    assertEquals(DType.FLOAT32, w.dtype());
  }

  // ---------------------------------------------------------------- builder and names

  @Test
  void namesAndTrainable() {
    assertEquals("x0:0", Variable.builder(1).name("x0").build().name());
    assertEquals("x0:0", Variable.builder(1).name("x0:0").build().name());
    assertEquals("dense/kernel:0", Variable.builder(1).name("dense/kernel").build().name());
    assertEquals("Variable:0", Variable.of(1).name(), "TF eager does not make names unique");
    assertFalse(Variable.builder(1).trainable(false).build().trainable());
    assertTrue(Variable.builder(1).trainable(true).build().trainable());
    Variable named = Variable.builder(new float[] {1}).name("w").build();
    assertEquals("<Variable 'w:0' shape=(1,) dtype=float32, value=[1.]>", named.toString());
  }

  @Test
  void builderRejectsBadOptions() {
    iae(() -> Variable.builder(1).name(null), "'name' is null");
    iae(() -> Variable.builder(1).name(""), "name is empty");
    iae(() -> Variable.builder(1).dtype(null), "'dtype' is null");
    iae(() -> Variable.builder(1).shape(null), "'shape' is null");
    iae(() -> Variable.of(null), "Variable", "'initialValue' is null");
    iae(() -> Variable.builder(null).build(), "Variable", "'initialValue' is null");
    iae(() -> Variable.of("x"), "Variable", "java.lang.String");
    iae(() -> Variable.of(new int[][] {{1}, {2, 3}}), "Variable", "ragged", "element [1]");
    iae(() -> Variable.builder(1.5).dtype(DType.INT32).build(), "Variable", "1.5", "int32");
    iae(
        () -> Variable.builder(Tensor.of(new int[] {1})).dtype(DType.FLOAT32).build(),
        "Variable",
        "int32",
        "float32");
    iae(() -> Variable.builder(1).dtype(DType.BOOL).build(), "Variable", "bool");
  }

  @Test
  void variablesFromTensorsAndVariablesAreIndependent() {
    Tensor t = Tensor.of(new float[] {1, 2});
    Variable v = Variable.of(t);
    Variable u = Variable.of(v);
    assertNotSame(v, u);
    v.assign(new float[] {5, 6});
    assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
    assertArrayEquals(new float[] {1, 2}, u.toFloatArray());
    u.assignAdd(new float[] {1, 1});
    assertArrayEquals(new float[] {5, 6}, v.toFloatArray());
    assertArrayEquals(new float[] {2, 3}, u.toFloatArray());
    assertTensor(Variable.builder(t).dtype(DType.FLOAT32).build(), DType.FLOAT32, Shape.of(2));
  }

  // ---------------------------------------------------------------- assign family

  @Test
  void assignConvertsJavaValuesToTheVariablesDType() {
    Variable f = Variable.of(new float[] {1, 2});
    assertSame(f, f.assignAdd(new int[] {1, 1}));
    assertEquals(DType.FLOAT32, f.dtype());
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=float32, value=[2. 3.]>", f.toString());
    assertSame(f, f.assignSub(new double[] {0.5, 0.5}));
    assertArrayEquals(new float[] {1.5f, 2.5f}, f.toFloatArray());
    Variable i = Variable.of(new long[] {10, 20});
    i.assign(new int[] {3, 4});
    assertEquals(DType.INT64, i.dtype());
    assertArrayEquals(new long[] {3, 4}, i.toLongArray());
    i.assignSub(new double[] {1, 2});
    assertArrayEquals(new long[] {2, 2}, i.toLongArray());
    Variable s = Variable.of(0.0);
    s.assign(0.1f);
    assertEquals((double) 0.1f, s.doubleValue());
    s.assign(Tensor.of(2.5));
    assertEquals(2.5, s.doubleValue());
  }

  @Test
  void assignAVariableTakesItsValueNow() {
    Variable v = Variable.of(new float[] {1, 2});
    Variable w = Variable.of(new float[] {0, 0});
    w.assign(v);
    v.assign(new float[] {7, 8});
    assertArrayEquals(new float[] {1, 2}, w.toFloatArray());
    v.assignAdd(v);
    assertArrayEquals(new float[] {14, 16}, v.toFloatArray());
  }

  @Test
  void failedAssignsLeaveTheValueIntact() {
    Variable v = Variable.of(new int[] {1, 2});
    Tensor before = v.readValue();
    assertIntact(v, () -> v.assign(new int[] {1, 2, 3}), "assign", "(3,)", "(2,)");
    assertIntact(v, () -> v.assign(5), "assign", "()", "(2,)");
    assertIntact(
        v,
        () -> v.assign(Tensor.of(new float[] {1, 2})),
        "assign",
        "float32",
        "int32",
        "Variable:0");
    assertIntact(v, () -> v.assign(new double[] {1, 2.5}), "assign", "2.5", "int32");
    assertIntact(v, () -> v.assign(new long[] {1, 1L << 40}), "assign", "int32", "out of range");
    assertIntact(v, () -> v.assign(null), "assign: argument 'value' is null");
    assertIntact(v, () -> v.assign("12"), "assign", "java.lang.String");
    assertIntact(v, () -> v.assignAdd(new int[] {1}), "assignAdd", "(1,)", "(2,)");
    assertIntact(v, () -> v.assignAdd(0.5), "assignAdd", "0.5");
    assertIntact(v, () -> v.assignSub(Tensor.of(new long[] {1, 1})), "assignSub", "int64", "int32");
    assertIntact(v, () -> v.assignSub(null), "assignSub: argument 'value' is null");
    assertIntact(v, () -> v.assign(new int[][] {{1, 2}}), "assign", "(1, 2)", "(2,)");
    assertArrayEquals(new int[] {1, 2}, before.toIntArray());
  }

  private static void assertIntact(Variable v, Executable call, String... fragments) {
    Object[] dataBefore = {Internal.data(v)};
    int[] valueBefore = v.toIntArray();
    iae(call, fragments);
    assertSame(dataBefore[0], Internal.data(v), "the array is not even swapped");
    assertArrayEquals(valueBefore, v.toIntArray());
  }

  // ---------------------------------------------------------------- snapshots and copy-on-write

  @Test
  void snapshotsNeverChange() {
    Variable v = Variable.of(new float[] {1, 2});
    Tensor r = v.readValue();
    Tensor val = v.value();
    Tensor used = v.mul(1);
    assertEquals(Tensor.class, r.getClass());
    v.assign(new float[] {3, 4});
    Tensor r2 = v.readValue();
    v.assignAdd(new float[] {1, 1});
    v.assignSub(new float[] {10, 10});
    assertArrayEquals(new float[] {1, 2}, r.toFloatArray());
    assertArrayEquals(new float[] {1, 2}, val.toFloatArray());
    assertArrayEquals(new float[] {1, 2}, used.toFloatArray());
    assertArrayEquals(new float[] {3, 4}, r2.toFloatArray());
    assertArrayEquals(new float[] {-6, -5}, v.toFloatArray());
  }

  @Test
  void updateBuffersNeverTouchWhatOthersHold() {
    Tensor t = Tensor.of(new float[] {1, 2});
    Variable v = Variable.of(new float[] {0, 0});
    v.assign(t);
    float[] w = (float[]) Internal.updateBuffer(v);
    assertNotSame(Internal.data(t), w, "the assigned tensor's array is never a buffer");
    w[0] = 42;
    w[1] = 2;
    assertArrayEquals(new float[] {1, 2}, v.toFloatArray(), "nothing changes before commit");
    Internal.commit(v, w);
    assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
    assertArrayEquals(new float[] {42, 2}, v.toFloatArray());
    Tensor snap = v.readValue();
    float[] w2 = (float[]) Internal.updateBuffer(v);
    assertNotSame(w, w2);
    w2[0] = 42;
    w2[1] = 7;
    Internal.commit(v, w2);
    assertArrayEquals(new float[] {42, 2}, snap.toFloatArray());
    assertArrayEquals(new float[] {42, 7}, v.toFloatArray());
    float[] w3 = (float[]) Internal.updateBuffer(v);
    assertNotSame(w, w3, "the snapshot's array is never reused as a buffer");
  }

  /** A tape keeps the value it read: later assigns (in place or swapped) never reach it. */
  @Test
  void assignNeverChangesWhatATapeRecorded() {
    Variable v = Variable.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      y = v.mul(v);
      v.assign(10f);
      float[] w = (float[]) Internal.updateBuffer(v);
      w[0] = 20f;
      Internal.commit(v, w);
    }
    assertEquals(9f, y.floatValue());
    assertEquals(6f, tape.gradient(y, v).floatValue(), "d(v*v)/dv at the value read, 3");
    assertEquals(20f, v.floatValue());
  }

  @Test
  void readValueIsRecordedAsIdentity() {
    Variable v = Variable.of(new float[] {1, 2});
    GradientTape tape = new GradientTape();
    Tensor r;
    try (tape) {
      r = v.readValue().mul(3);
    }
    assertArrayEquals(new float[] {3, 3}, tape.gradient(r, v).toFloatArray());
    Variable frozen = Variable.builder(1f).trainable(false).build();
    GradientTape t2 = new GradientTape();
    Tensor q;
    try (t2) {
      q = frozen.readValue().mul(2);
    }
    assertEquals(null, t2.gradient(q, frozen), "a non-trainable variable is not watched");
  }
}
