package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API: a scatter adds each row with whole vectors, then the scalar
 * twin's tail, so every element gets the same additions in the same order as in {@link
 * ScalarRowKernels} (bit for bit). Gathers are copies and stay on {@code System.arraycopy}, which
 * the JIT already turns into vector moves. Integer sums stay on the scalar twin (rare, and C2
 * vectorises the plain loop).
 */
final class SimdRowKernels extends ScalarRowKernels {
  // species in static finals: as a parameter, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  @Override
  public void scatterAddF32(
      float[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, float[] y) {
    if (inner < F.length()) {
      super.scatterAddF32(g, idx, outer, perBatch, n, k, inner, y);
      return;
    }
    int ub = F.loopBound(inner);
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r < 0) {
          continue;
        }
        int go = (o * k + j) * inner;
        int yo = (o * n + r) * inner;
        int i = 0;
        for (; i < ub; i += F.length()) {
          FloatVector.fromArray(F, y, yo + i)
              .add(FloatVector.fromArray(F, g, go + i))
              .intoArray(y, yo + i);
        }
        addRowF32(g, go + i, y, yo + i, inner - i);
      }
    }
  }

  @Override
  public void scatterAddF64(
      double[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, double[] y) {
    if (inner < D.length()) {
      super.scatterAddF64(g, idx, outer, perBatch, n, k, inner, y);
      return;
    }
    int ub = D.loopBound(inner);
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r < 0) {
          continue;
        }
        int go = (o * k + j) * inner;
        int yo = (o * n + r) * inner;
        int i = 0;
        for (; i < ub; i += D.length()) {
          DoubleVector.fromArray(D, y, yo + i)
              .add(DoubleVector.fromArray(D, g, go + i))
              .intoArray(y, yo + i);
        }
        addRowF64(g, go + i, y, yo + i, inner - i);
      }
    }
  }
}
