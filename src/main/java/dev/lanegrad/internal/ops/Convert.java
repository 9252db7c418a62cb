package dev.lanegrad.internal.ops;

import dev.lanegrad.Complex;
import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.List;

/** Java values to tensors and back: creation, dtype inference and conversion, readers. */
public final class Convert {
  private Convert() {}

  /** Tensor.of: {@code dtype}/{@code shape} null when not given. */
  public static Tensor of(Object value, DType dtype, Shape shape) { throw new UnsupportedOperationException("not implemented yet"); }
  public static DType requireDType(String op, DType dtype) { return Check.notNull(op, "dtype", dtype); }
  public static Shape requireShape(String op, Shape shape) { return Check.notNull(op, "shape", shape); }
  /** A copy of the axes (or permutation), rejecting null. */
  public static int[] requireAxes(String op, int[] axes) { return Check.notNull(op, "axes", axes).clone(); }
  /** A copy of the list, rejecting null and null elements. */
  public static List<Tensor> requireTensors(String op, List<Tensor> tensors) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor zeros(Shape shape, DType dtype) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor ones(Shape shape, DType dtype) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor fill(Shape shape, Object scalar) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor range(int n) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor range(long n) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor randomNormal(Shape shape, long seed) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor randomUniform(Shape shape, double lo, double hi, long seed) { throw new UnsupportedOperationException("not implemented yet"); }
  public static float[] toFloatArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static double[] toDoubleArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static int[] toIntArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static long[] toLongArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static boolean[] toBooleanArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Complex[] toComplexArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Object toArray(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  /** Returns t if it has exactly one element, else an IllegalArgumentException naming op. */
  public static Tensor single(String op, Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  /** A 0-d tensor of {@code like}'s dtype holding {@code v} (IAE if the dtype cannot hold it). */
  public static Tensor operand(String op, double v, Tensor like) { throw new UnsupportedOperationException("not implemented yet"); }
  /** One operand of a unary op: a Tensor as is, a Java value converted by Tensor.of rules. */
  public static Tensor operand(String op, Object x) { throw new UnsupportedOperationException("not implemented yet"); }
  /** Two operands of a binary op: a Java value takes the other (tensor) operand's dtype. */
  public static Tensor[] operands(String op, Object a, Object b) { throw new UnsupportedOperationException("not implemented yet"); }
  /** The initial value of a Variable converted to dtype (null: inferred). */
  public static Tensor variableInitial(Object value, DType dtype) { throw new UnsupportedOperationException("not implemented yet"); }
  /** A value for assign/assignAdd/assignSub: the variable's dtype and shape, else IAE. */
  public static Tensor assignOperand(String op, Object value, Variable v) { throw new UnsupportedOperationException("not implemented yet"); }
  /** A fresh copy of the tensor's array. */
  public static Object copyData(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
}
