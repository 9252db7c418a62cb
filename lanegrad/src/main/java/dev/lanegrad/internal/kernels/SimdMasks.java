package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loops under a boolean mask on the Vector API (dropout's {@code keep ? x * s : 0}): the mask's
 * lanes are loaded straight from the {@code boolean[]}, the product blended with zero; the tail
 * runs {@link ScalarKernels}' arithmetic, so the bits are the scalar twin's.
 */
final class SimdMasks {
  // species in static finals: as a parameter, every lane op boxes
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private SimdMasks() {}

  static void keepScaledF32(float[] x, boolean[] keep, float s, float[] y, int n) {
    int ub = F.loopBound(n);
    int i = 0;
    for (; i < ub; i += F.length()) {
      VectorMask<Float> m = VectorMask.fromArray(F, keep, i);
      FloatVector.zero(F).blend(FloatVector.fromArray(F, x, i).mul(s), m).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = keep[i] ? x[i] * s : 0f;
    }
  }

  static void keepScaledF64(double[] x, boolean[] keep, double s, double[] y, int n) {
    int ub = D.loopBound(n);
    int i = 0;
    for (; i < ub; i += D.length()) {
      VectorMask<Double> m = VectorMask.fromArray(D, keep, i);
      DoubleVector.zero(D).blend(DoubleVector.fromArray(D, x, i).mul(s), m).intoArray(y, i);
    }
    for (; i < n; i++) {
      y[i] = keep[i] ? x[i] * s : 0.0;
    }
  }
}
