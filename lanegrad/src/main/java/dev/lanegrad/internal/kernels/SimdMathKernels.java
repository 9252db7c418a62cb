package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link ScalarMathKernels}: float32 EXPM1, SOFTPLUS, ELU and SELU on
 * SimdElementwise's exp/log lanes, ERF, and the arithmetic ones, all giving the twin's bits
 * exactly. The Vector API's own transcendental lanes (SIN, COS, EXP...) are not used: C2 runs
 * platform code for them that rounds apart from the interpreter's Math calls, so bits would change
 * with the JIT's progress. SIN, COS, FLOOR, CEIL, ROUND and every float64 transcendental run the
 * twin.
 */
public class SimdMathKernels extends ScalarMathKernels {
  // species in static finals: as parameters, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  // no vectors below 2x lanes: the setup costs more than it saves
  private static final int MIN_F32 = 2 * F.length();
  private static final int MIN_F64 = 2 * D.length();

  @Override
  public String name() {
    return "simd";
  }

  /** The float32 functions with a lane loop below; the others run the twin whole. */
  private static boolean hasLanesF32(MathOp op) {
    return switch (op) {
      case EXPM1, RECIPROCAL, RSQRT, ERF, SOFTPLUS, SOFTSIGN, ELU, SELU, RELU6 -> true;
      default -> false;
    };
  }

  /** The float64 functions with a lane loop below (no transcendentals: see the class comment). */
  private static boolean hasLanesF64(MathOp op) {
    return op == MathOp.RECIPROCAL
        || op == MathOp.RSQRT
        || op == MathOp.SOFTSIGN
        || op == MathOp.RELU6;
  }

  @Override
  public void unaryF32(MathOp op, float[] x, int xo, float[] y, int yo, int n) {
    if (n < MIN_F32 || !hasLanesF32(op)) {
      super.unaryF32(op, x, xo, y, yo, n);
      return;
    }
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    switch (op) {
      case EXPM1 -> {
        for (; i < ub; i += step) {
          SimdElementwise.expm1(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
      }
      case RECIPROCAL -> {
        for (; i < ub; i += step) {
          one.div(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
        }
      }
      case RSQRT -> {
        for (; i < ub; i += step) {
          one.div(FloatVector.fromArray(F, x, xo + i).sqrt()).intoArray(y, yo + i);
        }
      }
      case ERF -> {
        // ScalarMathKernels.erfF32 on lanes: the same multiplies and adds in the same order
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i).min(4f).max(-4f);
          FloatVector v2 = v.mul(v);
          FloatVector p = v2.mul(ERF_A13).add(ERF_A11);
          p = v2.mul(p).add(ERF_A9);
          p = v2.mul(p).add(ERF_A7);
          p = v2.mul(p).add(ERF_A5);
          p = v2.mul(p).add(ERF_A3);
          p = v2.mul(p).add(ERF_A1);
          p = v.mul(p);
          FloatVector q = v2.mul(ERF_B8).add(ERF_B6);
          q = v2.mul(q).add(ERF_B4);
          q = v2.mul(q).add(ERF_B2);
          q = v2.mul(q).add(ERF_B0);
          p.div(q).intoArray(y, yo + i);
        }
      }
      case SOFTPLUS -> {
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i);
          FloatVector e = SimdElementwise.exp(v);
          FloatVector r = SimdElementwise.log1p(e);
          r = r.blend(e, v.compare(VectorOperators.LT, SOFTPLUS_T_F));
          r.blend(v, v.compare(VectorOperators.GT, -SOFTPLUS_T_F)).intoArray(y, yo + i);
        }
      }
      case SOFTSIGN -> {
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i);
          v.div(v.abs().add(one)).intoArray(y, yo + i);
        }
      }
      case ELU, SELU -> {
        boolean selu = op == MathOp.SELU;
        float sa = selu ? SELU_SCALE_ALPHA_F : 1f;
        float s = selu ? SELU_SCALE_F : 1f;
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i);
          FloatVector neg = SimdElementwise.exp(v).sub(one);
          neg = selu ? neg.mul(sa) : neg;
          VectorMask<Float> lt = v.compare(VectorOperators.LT, zero);
          (selu ? v.mul(s) : v).blend(neg, lt).intoArray(y, yo + i);
        }
      }
      case RELU6 -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).max(zero).min(6f).intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    super.unaryF32(op, x, xo + i, y, yo + i, n - i);
  }

  @Override
  public void unaryF64(MathOp op, double[] x, int xo, double[] y, int yo, int n) {
    if (n < MIN_F64 || !hasLanesF64(op)) {
      super.unaryF64(op, x, xo, y, yo, n);
      return;
    }
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector zero = DoubleVector.zero(D);
    switch (op) {
      case RECIPROCAL -> {
        for (; i < ub; i += step) {
          one.div(DoubleVector.fromArray(D, x, xo + i)).intoArray(y, yo + i);
        }
      }
      case RSQRT -> {
        for (; i < ub; i += step) {
          one.div(DoubleVector.fromArray(D, x, xo + i).sqrt()).intoArray(y, yo + i);
        }
      }
      case SOFTSIGN -> {
        for (; i < ub; i += step) {
          DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
          v.div(v.abs().add(one)).intoArray(y, yo + i);
        }
      }
      case RELU6 -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).max(zero).min(6.0).intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    super.unaryF64(op, x, xo + i, y, yo + i, n - i);
  }

  @Override
  protected void scanRowF32(
      boolean prod, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
    if (n < MIN_F32) {
      super.scanRowF32(prod, a, ao, b, bo, y, yo, n);
      return;
    }
    int i = 0;
    for (int ub = F.loopBound(n); i < ub; i += F.length()) {
      FloatVector va = FloatVector.fromArray(F, a, ao + i);
      FloatVector vb = FloatVector.fromArray(F, b, bo + i);
      (prod ? va.mul(vb) : va.add(vb)).intoArray(y, yo + i);
    }
    super.scanRowF32(prod, a, ao + i, b, bo + i, y, yo + i, n - i);
  }

  @Override
  protected void scanRowF64(
      boolean prod, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
    if (n < MIN_F64) {
      super.scanRowF64(prod, a, ao, b, bo, y, yo, n);
      return;
    }
    int i = 0;
    for (int ub = D.loopBound(n); i < ub; i += D.length()) {
      DoubleVector va = DoubleVector.fromArray(D, a, ao + i);
      DoubleVector vb = DoubleVector.fromArray(D, b, bo + i);
      (prod ? va.mul(vb) : va.add(vb)).intoArray(y, yo + i);
    }
    super.scanRowF64(prod, a, ao + i, b, bo + i, y, yo + i, n - i);
  }
}
