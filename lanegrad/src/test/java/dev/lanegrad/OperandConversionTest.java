package dev.lanegrad;

import static dev.lanegrad.TensorCreationTest.assertTensor;
import static dev.lanegrad.TensorCreationTest.iae;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lanegrad.internal.format.NumpyFormat;
import dev.lanegrad.internal.ops.JavaValues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How Java operands of ops become tensors: JavaValues.operand, operands and requireTensors. */
class OperandConversionTest {

  // ---------------------------------------------------------------- a number beside a tensor

  @Test
  void numberTakesTheTensorsDType() {
    Tensor f = JavaValues.operand("mul", 3, Tensor.of(new float[] {1}));
    assertTensor(f, DType.FLOAT32, Shape.scalar());
    assertEquals(3f, f.floatValue());
    assertEquals(0.1f, JavaValues.operand("add", 0.1, Tensor.of(1f)).floatValue());
    assertEquals(0.1, JavaValues.operand("add", 0.1, Tensor.of(1.0)).doubleValue());
    Tensor i = JavaValues.operand("add", 2.0, Tensor.of(new int[] {1, 2}));
    assertTensor(i, DType.INT32, Shape.scalar());
    assertEquals(2, i.intValue());
    Tensor l = JavaValues.operand("add", 3e9, Tensor.of(new long[] {1}));
    assertTensor(l, DType.INT64, Shape.scalar());
    assertEquals(3_000_000_000L, l.longValue());
    Tensor c = JavaValues.operand("add", 2, Tensor.of(1, DType.COMPLEX64));
    assertTensor(c, DType.COMPLEX64, Shape.scalar());
    assertEquals(new Complex(2, 0), c.toArray());
    assertEquals(
        new Complex(-1.5, 0),
        JavaValues.operand("add", -1.5, Tensor.of(new Complex(0, 1))).toArray());
  }

  @Test
  void numberTheDTypeCannotHoldIsAnError() {
    Tensor ints = Tensor.of(new int[] {1, 2});
    iae(() -> JavaValues.operand("add", 1.5, ints), "add", "1.5", "int32", "(2,)");
    iae(() -> JavaValues.operand("greater", 3e9, ints), "greater", "int32", "out of range");
    iae(() -> JavaValues.operand("mul", Double.NaN, Tensor.of(1L)), "mul", "int64", "not finite");
    // as tf.constant([True]) == 1: a number never converts to bool
    iae(() -> JavaValues.operand("equal", 1, Tensor.of(new boolean[] {true})), "equal", "bool");
  }

  @Test
  void tensorFacesPassTheOpName() {
    iae(() -> Tensor.of(new int[] {1}).add(0.5), "add", "int32");
  }

  // ---------------------------------------------------------------- unary operand

  @Test
  void unaryOperand() {
    Tensor t = Tensor.of(new float[] {1});
    assertSame(t, JavaValues.operand("negative", t));
    Variable v = Variable.of(2f);
    assertSame(v, JavaValues.operand("negative", v), "a variable is read by the op itself");
    assertTensor(JavaValues.operand("square", 5), DType.INT32, Shape.scalar());
    assertTensor(JavaValues.operand("exp", new double[][] {{1}}), DType.FLOAT64, Shape.of(1, 1));
    iae(() -> JavaValues.operand("negative", null), "negative: argument 'x' is null");
    iae(() -> JavaValues.operand("abs", "abc"), "abs", "java.lang.String");
    iae(() -> JavaValues.operand("abs", new int[][] {{1}, {2, 3}}), "abs", "ragged", "[1]");
  }

  // ---------------------------------------------------------------- binary operands

  @Test
  void javaValueTakesTheTensorsDTypeOnEitherSide() {
    Tensor ints = Tensor.of(new int[] {1, 2, 3, 4});
    Tensor[] ab = JavaValues.operands("add", ints, 1);
    assertSame(ints, ab[0]);
    assertTensor(ab[1], DType.INT32, Shape.scalar());
    Tensor[] ba = JavaValues.operands("add", 1, ints);
    assertTensor(ba[0], DType.INT32, Shape.scalar());
    assertSame(ints, ba[1]);
    Tensor floats = Tensor.of(new float[] {1});
    assertTensor(JavaValues.operands("mul", floats, 2.5)[1], DType.FLOAT32, Shape.scalar());
    assertTensor(JavaValues.operands("mul", 7L, floats)[0], DType.FLOAT32, Shape.scalar());
    Tensor[] arr = JavaValues.operands("sub", ints, new double[] {1, 2, 3, 4});
    assertTensor(arr[1], DType.INT32, Shape.of(4));
    assertArrayEquals(new int[] {1, 2, 3, 4}, arr[1].toIntArray());
    Tensor[] var = JavaValues.operands("add", Variable.of(1), 1);
    assertTensor(var[1], DType.INT32, Shape.scalar());
  }

  @Test
  void javaValueBesideATensorMustFitItsDType() {
    Tensor ints = Tensor.of(new int[] {1, 2});
    iae(() -> JavaValues.operands("add", ints, 1.5), "add: argument 'b'", "1.5", "int32");
    iae(() -> JavaValues.operands("add", 1.5, ints), "add: argument 'a'", "1.5", "int32");
    iae(() -> JavaValues.operands("add", ints, new double[] {1, 2.5}), "argument 'b'", "at [1]");
    iae(() -> JavaValues.operands("add", ints, "x"), "argument 'b'", "java.lang.String");
  }

  @Test
  void twoTensorsComeBackAsTheyAre() {
    Tensor a = Tensor.of(new int[] {1});
    Tensor b = Tensor.of(new float[] {1});
    Tensor[] t = JavaValues.operands("add", a, b);
    assertSame(a, t[0]);
    assertSame(b, t[1]);
  }

  /** Seed 004 In[17]: tf.multiply(np.ones([3, 3]), 5) is float64. */
  @Test
  void withoutTensorsAScalarTakesTheArraysDType() {
    double[][] ones = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    Tensor[] t = JavaValues.operands("multiply", ones, 5);
    assertTensor(t[0], DType.FLOAT64, Shape.of(3, 3));
    assertTensor(t[1], DType.FLOAT64, Shape.scalar());
    assertEquals(5.0, t[1].doubleValue());
    Tensor[] u = JavaValues.operands("multiply", 5, ones);
    assertTensor(u[0], DType.FLOAT64, Shape.scalar());
    assertTensor(JavaValues.operands("add", new int[] {1}, true)[1], DType.INT32, Shape.scalar());
    iae(() -> JavaValues.operands("add", new int[] {1}, 1.5), "add: argument 'b'", "1.5", "int32");
  }

  /** Seed 004 In[13]-In[17]: Java operands in ops, as the notebook passes Python values. */
  @Test
  void seedOpsWithJavaOperands() {
    // In[13]: print(f'Hello {tf.square(5)}')
    Tensor sq = Ops.square(5);
    assertTensor(sq, DType.INT32, Shape.scalar());
    assertEquals("Hello 25", "Hello " + sq.toArray());
    // In[14]: tf.add(tf.constant([1, 2, 3, 4]), 1)
    Tensor added = Ops.add(Tensor.of(new int[] {1, 2, 3, 4}), 1);
    assertEquals(
        "<Tensor: shape=(4,), dtype=int32, numpy=array([2, 3, 4, 5], dtype=int32)>",
        NumpyFormat.tensorRepr(added));
    assertArrayEquals(
        new int[] {2, 3, 4, 5}, Ops.add(1, Tensor.of(new int[] {1, 2, 3, 4})).toIntArray());
    // In[15]: tf.constant([1, 2, 3]) ** 2
    Tensor p = Ops.pow(Tensor.of(new int[] {1, 2, 3}), 2);
    assertEquals(
        "<Tensor: shape=(3,), dtype=int32, numpy=array([1, 4, 9], dtype=int32)>",
        NumpyFormat.tensorRepr(p));
    // In[16]: np.multiply(tf.constant(5), tf.constant(5))
    assertEquals(25, Ops.multiply(Tensor.of(5), Tensor.of(5)).intValue());
    // In[17]: tf.multiply(np.ones([3, 3]), 5)
    Tensor m = Ops.multiply(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, 5);
    assertEquals(
        "Tensor(\n[[5. 5. 5.]\n [5. 5. 5.]\n [5. 5. 5.]], shape=(3, 3), dtype=float64)",
        m.toString());
    assertArrayEquals(new double[][] {{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}, (double[][]) m.toArray());
  }

  @Test
  void twoArraysMustAgree() {
    Tensor[] t = JavaValues.operands("add", new int[] {1}, new int[][] {{2}});
    assertTensor(t[0], DType.INT32, Shape.of(1));
    assertTensor(t[1], DType.INT32, Shape.of(1, 1));
    iae(
        () -> JavaValues.operands("add", new int[] {1}, new double[] {1}),
        "add",
        "different dtypes",
        "int32",
        "float64",
        "int[]",
        "double[]");
  }

  @Test
  void twoScalarsTakeTheWiderType() {
    assertBoth(JavaValues.operands("add", 1, 2.5f), DType.FLOAT32);
    assertBoth(JavaValues.operands("add", 2.5f, 1), DType.FLOAT32);
    assertBoth(JavaValues.operands("add", 1L, 2), DType.INT64);
    assertBoth(JavaValues.operands("add", 2.5f, 2.5), DType.FLOAT64);
    assertBoth(JavaValues.operands("add", 3L, 2.5f), DType.FLOAT32);
    assertBoth(JavaValues.operands("add", true, 1), DType.INT32);
    assertBoth(JavaValues.operands("add", new Complex(0, 1), 2.0), DType.COMPLEX128);
    assertBoth(JavaValues.operands("add", 1, 2), DType.INT32);
    Tensor[] t = JavaValues.operands("add", 1, 0.1);
    assertEquals(1.0, t[0].doubleValue());
    assertEquals(0.1, t[1].doubleValue());
  }

  private static void assertBoth(Tensor[] t, DType d) {
    assertEquals(d, t[0].dtype());
    assertEquals(d, t[1].dtype());
  }

  @Test
  void nullOperandsSayWhich() {
    Tensor t = Tensor.of(1);
    assertEquals(
        "add: argument 'b' is null", iae(() -> JavaValues.operands("add", t, null)).getMessage());
    assertEquals(
        "add: argument 'a' is null", iae(() -> JavaValues.operands("add", null, t)).getMessage());
    iae(() -> Ops.add(null, 1), "add: argument 'a' is null");
    iae(() -> Ops.multiply(1, null), "multiply: argument 'b' is null");
    iae(() -> Ops.negative(null), "negative: argument 'x' is null");
  }

  // ---------------------------------------------------------------- lists

  @Test
  void requireTensorsCopiesAndRejectsNulls() {
    List<Tensor> list = new ArrayList<>(List.of(Tensor.of(1), Tensor.of(2)));
    List<Tensor> copy = JavaValues.requireTensors("concat", list);
    list.clear();
    assertEquals(2, copy.size());
    assertEquals(2, copy.get(1).intValue());
    iae(() -> JavaValues.requireTensors("concat", null), "concat: argument 'tensors' is null");
    List<Tensor> holed = new ArrayList<>();
    holed.add(Tensor.of(1));
    holed.add(null);
    iae(() -> JavaValues.requireTensors("stack", holed), "stack: tensors[1] is null");
    iae(() -> Ops.concat(holed, 0), "concat: tensors[1] is null");
    assertEquals(0, JavaValues.requireTensors("stack", List.of()).size());
  }

  @Test
  void requireAxesCopies() {
    int[] axes = {0, 1};
    int[] c = JavaValues.requireAxes("sum", axes);
    axes[0] = 5;
    assertArrayEquals(new int[] {0, 1}, c);
    iae(() -> JavaValues.requireAxes("sum", null), "sum: argument 'axes' is null");
  }
}
