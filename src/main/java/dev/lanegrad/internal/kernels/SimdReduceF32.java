package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 reductions of {@code x} viewed as {@code [outer, r, inner]}. Contiguous runs ({@code
 * inner == 1}) use four vector accumulators (lanes j mod 4L), combined in a fixed order, then the
 * scalar tail: the order depends on the layout only, never on timing or threads. Strided runs
 * ({@code inner >= lanes}) reduce whole rows of lanes, j = 0, 1, 2... in order, exactly as the
 * scalar twin does, so they agree to the bit.
 */
final class SimdReduceF32 {
  // species in a static final: as a parameter, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Elements per float32 partial sum of a contiguous run: a multiple of 4 lanes. */
  private static final int BLOCK = 64 * L;

  private static final ScalarKernels TWIN =
      new ScalarKernels(); // standards: allow the scalar twin, once

  private SimdReduceF32() {}

  static void reduce(
      ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] y, int yo) {
    if (inner == 1 && r >= 4 * L) {
      for (int o = 0; o < outer; o++) {
        y[yo + o] = run(op, x, xo + o * r, r);
      }
    } else if (inner >= L) {
      for (int o = 0; o < outer; o++) {
        rows(op, x, xo + o * r * inner, r, inner, y, yo + o * inner);
      }
    } else {
      TWIN.reduceF32(op, x, xo, outer, r, inner, y, yo);
    }
  }

  /** op over x[xo .. xo + n), n &gt;= 4 lanes. */
  private static float run(ReduceOp op, float[] x, int xo, int n) {
    int ub4 = n - n % (4 * L);
    int i = 0;
    switch (op) {
      case SUM -> {
        // float32 partial sums over blocks of BLOCK elements, the blocks added in double: one
        // float chain over 10^6 values drifts by 2e-4 relative; TF's tree reduction stays near 1e-7
        double total = 0; // from +0 as the scalar twin starts: a sum of -0.0s is +0.0 in both
        FloatVector z = FloatVector.zero(F);
        while (i < ub4) {
          int end = Math.min(ub4, i + BLOCK);
          FloatVector s0 = z;
          FloatVector s1 = z;
          FloatVector s2 = z;
          FloatVector s3 = z;
          // four accumulators: one add chain would wait on the adder's latency every step
          for (; i < end; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(F, x, xo + i));
            s1 = s1.add(FloatVector.fromArray(F, x, xo + i + L));
            s2 = s2.add(FloatVector.fromArray(F, x, xo + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(F, x, xo + i + 3 * L));
          }
          total += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
          total += x[xo + i];
        }
        return (float) total;
      }
      case MAX -> {
        FloatVector s0 = FloatVector.fromArray(F, x, xo);
        FloatVector s1 = FloatVector.fromArray(F, x, xo + L);
        FloatVector s2 = FloatVector.fromArray(F, x, xo + 2 * L);
        FloatVector s3 = FloatVector.fromArray(F, x, xo + 3 * L);
        for (i = 4 * L; i < ub4; i += 4 * L) {
          s0 = s0.max(FloatVector.fromArray(F, x, xo + i));
          s1 = s1.max(FloatVector.fromArray(F, x, xo + i + L));
          s2 = s2.max(FloatVector.fromArray(F, x, xo + i + 2 * L));
          s3 = s3.max(FloatVector.fromArray(F, x, xo + i + 3 * L));
        }
        float s = s0.max(s1).max(s2.max(s3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
          s = Math.max(s, x[xo + i]);
        }
        return s;
      }
      default -> {
        FloatVector s0 = FloatVector.fromArray(F, x, xo);
        FloatVector s1 = FloatVector.fromArray(F, x, xo + L);
        FloatVector s2 = FloatVector.fromArray(F, x, xo + 2 * L);
        FloatVector s3 = FloatVector.fromArray(F, x, xo + 3 * L);
        for (i = 4 * L; i < ub4; i += 4 * L) {
          s0 = s0.min(FloatVector.fromArray(F, x, xo + i));
          s1 = s1.min(FloatVector.fromArray(F, x, xo + i + L));
          s2 = s2.min(FloatVector.fromArray(F, x, xo + i + 2 * L));
          s3 = s3.min(FloatVector.fromArray(F, x, xo + i + 3 * L));
        }
        float s = s0.min(s1).min(s2.min(s3)).reduceLanes(VectorOperators.MIN);
        for (; i < n; i++) {
          s = Math.min(s, x[xo + i]);
        }
        return s;
      }
    }
  }

  /** y[i] = op over j of x[xb + j*inner + i], j in order; rows streamed as the scalar twin does. */
  private static void rows(ReduceOp op, float[] x, int xb, int r, int inner, float[] y, int yb) {
    int ub = F.loopBound(inner);
    // start from the identity as the scalar twin does (0 + -0.0 is +0.0)
    TWIN.reduceF32(op, x, xb, 1, 0, inner, y, yb);
    for (int j = 0; j < r; j++) {
      int xr = xb + j * inner;
      int i = 0;
      switch (op) {
        case SUM -> {
          for (; i < ub; i += L) {
            FloatVector.fromArray(F, y, yb + i)
                .add(FloatVector.fromArray(F, x, xr + i))
                .intoArray(y, yb + i);
          }
          for (; i < inner; i++) {
            y[yb + i] += x[xr + i];
          }
        }
        case MAX -> {
          for (; i < ub; i += L) {
            FloatVector.fromArray(F, y, yb + i)
                .max(FloatVector.fromArray(F, x, xr + i))
                .intoArray(y, yb + i);
          }
          for (; i < inner; i++) {
            y[yb + i] = Math.max(y[yb + i], x[xr + i]);
          }
        }
        default -> {
          for (; i < ub; i += L) {
            FloatVector.fromArray(F, y, yb + i)
                .min(FloatVector.fromArray(F, x, xr + i))
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
