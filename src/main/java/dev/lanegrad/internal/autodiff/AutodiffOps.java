package dev.lanegrad.internal.autodiff;

import dev.lanegrad.CustomGradient;
import dev.lanegrad.Tensor;
import java.util.List;
import java.util.function.Function;

/** Ops that talk to the tape itself: stopGradient and customGradient. */
public final class AutodiffOps {
  private AutodiffOps() {}

  public static Tensor stopGradient(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor customGradient(List<Tensor> xs, Function<List<Tensor>, CustomGradient> f) { throw new UnsupportedOperationException("not implemented yet"); }
}
