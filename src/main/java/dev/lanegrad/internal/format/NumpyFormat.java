package dev.lanegrad.internal.format;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;

/** NumPy's str() of arrays and scalars, and TF's print/repr around them. */
public final class NumpyFormat {
  private NumpyFormat() {}

  public static String tensorString(Tensor t) { throw new UnsupportedOperationException("not implemented yet"); }
  public static String variableString(Variable v) { throw new UnsupportedOperationException("not implemented yet"); }
}
