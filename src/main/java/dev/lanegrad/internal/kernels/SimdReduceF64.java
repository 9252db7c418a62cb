package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT64 reductions of {@code x} viewed as {@code [outer, r, inner]} (a line-for-line copy of
 * SimdReduceF32 with double lanes: edit both alike). Contiguous runs ({@code inner == 1}) use four
 * vector accumulators (lanes j mod 4L), combined in a fixed order, then the scalar tail: the order
 * depends on the layout only, never on timing or threads. Strided runs ({@code inner >= lanes})
 * reduce whole rows of lanes, j = 0, 1, 2... in order, exactly as the scalar twin does, so they
 * agree to the bit.
 */
final class SimdReduceF64 {
  // species in a static final: as a parameter, every lane op boxes (30x slower)
  private static final VectorSpecies<Double> F = DoubleVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final ScalarKernels TWIN =
      new ScalarKernels(); // standards: allow the scalar twin, once

  private SimdReduceF64() {}

  static void reduce(
      ReduceOp op, double[] x, int xo, int outer, int r, int inner, double[] y, int yo) {
    if (inner == 1 && r >= 4 * L) {
      for (int o = 0; o < outer; o++) {
        y[yo + o] = run(op, x, xo + o * r, r);
      }
    } else if (inner >= L) {
      for (int o = 0; o < outer; o++) {
        rows(op, x, xo + o * r * inner, r, inner, y, yo + o * inner);
      }
    } else {
      TWIN.reduceF64(op, x, xo, outer, r, inner, y, yo);
    }
  }

  /** op over x[xo .. xo + n), n &gt;= 4 lanes. */
  private static double run(ReduceOp op, double[] x, int xo, int n) {
    int ub4 = n - n % (4 * L);
    int i = 0;
    switch (op) {
      case SUM -> {
        // from +0 as the scalar twin starts: a sum of -0.0s is +0.0 in both
        DoubleVector s0 = DoubleVector.zero(F);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        // four accumulators: one add chain would wait on the adder's latency every step
        for (i = 0; i < ub4; i += 4 * L) {
          s0 = s0.add(DoubleVector.fromArray(F, x, xo + i));
          s1 = s1.add(DoubleVector.fromArray(F, x, xo + i + L));
          s2 = s2.add(DoubleVector.fromArray(F, x, xo + i + 2 * L));
          s3 = s3.add(DoubleVector.fromArray(F, x, xo + i + 3 * L));
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
          s += x[xo + i];
        }
        return s;
      }
      case MAX -> {
        DoubleVector s0 = DoubleVector.fromArray(F, x, xo);
        DoubleVector s1 = DoubleVector.fromArray(F, x, xo + L);
        DoubleVector s2 = DoubleVector.fromArray(F, x, xo + 2 * L);
        DoubleVector s3 = DoubleVector.fromArray(F, x, xo + 3 * L);
        for (i = 4 * L; i < ub4; i += 4 * L) {
          s0 = s0.max(DoubleVector.fromArray(F, x, xo + i));
          s1 = s1.max(DoubleVector.fromArray(F, x, xo + i + L));
          s2 = s2.max(DoubleVector.fromArray(F, x, xo + i + 2 * L));
          s3 = s3.max(DoubleVector.fromArray(F, x, xo + i + 3 * L));
        }
        double s = s0.max(s1).max(s2.max(s3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
          s = Math.max(s, x[xo + i]);
        }
        return s;
      }
      default -> {
        DoubleVector s0 = DoubleVector.fromArray(F, x, xo);
        DoubleVector s1 = DoubleVector.fromArray(F, x, xo + L);
        DoubleVector s2 = DoubleVector.fromArray(F, x, xo + 2 * L);
        DoubleVector s3 = DoubleVector.fromArray(F, x, xo + 3 * L);
        for (i = 4 * L; i < ub4; i += 4 * L) {
          s0 = s0.min(DoubleVector.fromArray(F, x, xo + i));
          s1 = s1.min(DoubleVector.fromArray(F, x, xo + i + L));
          s2 = s2.min(DoubleVector.fromArray(F, x, xo + i + 2 * L));
          s3 = s3.min(DoubleVector.fromArray(F, x, xo + i + 3 * L));
        }
        double s = s0.min(s1).min(s2.min(s3)).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
          s = Math.min(s, x[xo + i]);
        }
        return s;
      }
    }
  }

  /** y[i] = op over j of x[xb + j*inner + i], j in order; rows streamed as the scalar twin does. */
  private static void rows(ReduceOp op, double[] x, int xb, int r, int inner, double[] y, int yb) {
    int ub = F.loopBound(inner);
    // start from the identity as the scalar twin does (0 + -0.0 is +0.0)
    TWIN.reduceF64(op, x, xb, 1, 0, inner, y, yb);
    for (int j = 0; j < r; j++) {
      int xr = xb + j * inner;
      int i = 0;
      switch (op) {
        case SUM -> {
          for (; i < ub; i += L) {
            DoubleVector.fromArray(F, y, yb + i)
                .add(DoubleVector.fromArray(F, x, xr + i))
                .intoArray(y, yb + i);
          }
          for (; i < inner; i++) {
            y[yb + i] += x[xr + i];
          }
        }
        case MAX -> {
          for (; i < ub; i += L) {
            DoubleVector.fromArray(F, y, yb + i)
                .max(DoubleVector.fromArray(F, x, xr + i))
                .intoArray(y, yb + i);
          }
          for (; i < inner; i++) {
            y[yb + i] = Math.max(y[yb + i], x[xr + i]);
          }
        }
        default -> {
          for (; i < ub; i += L) {
            DoubleVector.fromArray(F, y, yb + i)
                .min(DoubleVector.fromArray(F, x, xr + i))
                .intoArray(y, yb + i);
          }
          for (; i < inner; i++) {
            y[yb + i] = Math.min(y[yb + i], x[xr + i]);
          }
        }
      }
    }
  }
}
