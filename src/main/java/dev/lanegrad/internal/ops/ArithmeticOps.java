package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;

/** Elementwise arithmetic, comparisons, where and cast: forwards and gradient rules side by side. */
public final class ArithmeticOps {
  private ArithmeticOps() {}

  public static Tensor add(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sub(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor mul(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor div(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor pow(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor maximum(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor minimum(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor greater(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor greaterEqual(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor less(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor lessEqual(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor equal(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor notEqual(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor addUnrecorded(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor subUnrecorded(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor reluGrad(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor absGrad(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor neg(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor abs(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor square(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sqrt(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor exp(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor log(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sign(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor relu(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sigmoid(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor tanh(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor cast(Tensor x, DType dtype) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor where(Tensor cond, Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
}
