package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane loops of the elementwise kernels and fused backprops, FLOAT32 and FLOAT64 (written from one
 * template, so both types read alike: edit every copy alike). Each method runs its vector loop up
 * to the last whole vector and hands the tail to the scalar twin, so a tail is computed exactly as
 * the reference computes it. One loop per operator: an operator passed as a variable is not
 * intrinsified (every lane op would box), so the switch picks a loop whose operator is a constant.
 */
final class SimdElementwise {
  // species in static finals: as parameters, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final ScalarKernels TWIN =
      new ScalarKernels(); // standards: allow the scalar twin, once

  private SimdElementwise() {}

  /** Lanes of a FLOAT32 vector. */
  static int lanesF32() {
    return F.length();
  }

  /** Lanes of a FLOAT64 vector. */
  static int lanesF64() {
    return D.length();
  }

  /** y = a op b for ADD..MIN; ai, bi in {0, 1}, not both 0; POW stays scalar. */
  static void binaryF32(
      BinaryOp op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int done =
        switch (op) {
          case ADD -> addF32(a, ao, ai, b, bo, bi, y, yo, n);
          case SUB -> subF32(a, ao, ai, b, bo, bi, y, yo, n);
          case MUL -> mulF32(a, ao, ai, b, bo, bi, y, yo, n);
          case DIV -> divF32(a, ao, ai, b, bo, bi, y, yo, n);
          case MAX -> maxF32(a, ao, ai, b, bo, bi, y, yo, n);
          case MIN -> minF32(a, ao, ai, b, bo, bi, y, yo, n);
          default -> 0;
        };
    TWIN.binaryF32(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int addF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .add(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).add(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.add(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int subF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .sub(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).sub(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.sub(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int mulF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .mul(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).mul(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.mul(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int divF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .div(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).div(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.div(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int maxF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .max(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).max(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.max(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int minF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .min(FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).min(vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.min(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = op(x); SIGN stays scalar. */
  static void unaryF32(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    int ub = op == UnaryOp.SIGN ? 0 : F.loopBound(n);
    int step = F.length();
    int i = 0;
    switch (op) {
      case NEG -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).neg().intoArray(y, yo + i);
        }
      }
      case ABS -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).abs().intoArray(y, yo + i);
        }
      }
      case SQUARE -> {
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i);
          v.mul(v).intoArray(y, yo + i);
        }
      }
      case SQRT -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).sqrt().intoArray(y, yo + i);
        }
      }
      case EXP -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i);
        }
      }
      case LOG -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i);
        }
      }
      case LOG1P -> {
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.LOG1P).intoArray(y, yo + i);
        }
      }
      case RELU -> {
        FloatVector zero = FloatVector.zero(F);
        for (; i < ub; i += step) {
          FloatVector.fromArray(F, x, xo + i).max(zero).intoArray(y, yo + i);
        }
      }
      case SIGMOID -> {
        // e = exp(-|x|) never overflows: 1/(1+e) for x >= 0, e/(1+e) below (the scalar twin's form)
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (; i < ub; i += step) {
          FloatVector v = FloatVector.fromArray(F, x, xo + i);
          FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
          FloatVector d = one.add(e);
          one.div(d).blend(e.div(d), v.compare(VectorOperators.LT, 0f)).intoArray(y, yo + i);
        }
      }
      case TANH -> {
        // ScalarKernels.tanhF32 (TF's rational form) on lanes: the same multiplies and adds in the
        // same order, so the same bits
        FloatVector hi = FloatVector.broadcast(F, ScalarKernels.TANH_CLAMP);
        FloatVector lo = FloatVector.broadcast(F, -ScalarKernels.TANH_CLAMP);
        for (; i < ub; i += step) {
          FloatVector a = FloatVector.fromArray(F, x, xo + i);
          FloatVector v = a.min(hi).max(lo);
          FloatVector v2 = v.mul(v);
          FloatVector p = v2.mul(ScalarKernels.TANH_P13).add(ScalarKernels.TANH_P11);
          p = v2.mul(p).add(ScalarKernels.TANH_P9);
          p = v2.mul(p).add(ScalarKernels.TANH_P7);
          p = v2.mul(p).add(ScalarKernels.TANH_P5);
          p = v2.mul(p).add(ScalarKernels.TANH_P3);
          p = v2.mul(p).add(ScalarKernels.TANH_P1);
          p = v.mul(p);
          FloatVector q = v2.mul(ScalarKernels.TANH_Q6).add(ScalarKernels.TANH_Q4);
          q = v2.mul(q).add(ScalarKernels.TANH_Q2);
          q = v2.mul(q).add(ScalarKernels.TANH_Q0);
          p.div(q)
              .blend(v, a.abs().compare(VectorOperators.LT, ScalarKernels.TANH_LINEAR))
              .intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    TWIN.unaryF32(op, x, xo + i, y, yo + i, n - i);
  }

  /** y = x &gt; 0 ? dy : 0, with a blend (no branch on the data). */
  static void reluGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    FloatVector zero = FloatVector.zero(F);
    int i = 0;
    for (; i < ub; i += step) {
      VectorMask<Float> pos = FloatVector.fromArray(F, x, xo + i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(F, dy, dyo + i), pos).intoArray(y, yo + i);
    }
    TWIN.reluGradF32(dy, dyo + i, x, xo + i, y, yo + i, n - i);
  }

  /** y = dy, -dy or 0 as x is positive, negative, or 0 or NaN, with blends. */
  static void absGradF32(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    FloatVector zero = FloatVector.zero(F);
    int i = 0;
    for (; i < ub; i += step) {
      FloatVector v = FloatVector.fromArray(F, x, xo + i);
      FloatVector g = FloatVector.fromArray(F, dy, dyo + i);
      zero.blend(g, v.compare(VectorOperators.GT, 0f))
          .blend(g.neg(), v.compare(VectorOperators.LT, 0f))
          .intoArray(y, yo + i);
    }
    TWIN.absGradF32(dy, dyo + i, x, xo + i, y, yo + i, n - i);
  }

  /** y = a op b for ADD..MIN; ai, bi in {0, 1}, not both 0; POW stays scalar. */
  static void binaryF64(
      BinaryOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      double[] y,
      int yo,
      int n) {
    int done =
        switch (op) {
          case ADD -> addF64(a, ao, ai, b, bo, bi, y, yo, n);
          case SUB -> subF64(a, ao, ai, b, bo, bi, y, yo, n);
          case MUL -> mulF64(a, ao, ai, b, bo, bi, y, yo, n);
          case DIV -> divF64(a, ao, ai, b, bo, bi, y, yo, n);
          case MAX -> maxF64(a, ao, ai, b, bo, bi, y, yo, n);
          case MIN -> minF64(a, ao, ai, b, bo, bi, y, yo, n);
          default -> 0;
        };
    TWIN.binaryF64(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int addF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .add(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).add(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.add(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int subF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .sub(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).sub(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int mulF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .mul(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).mul(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int divF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .div(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).div(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.div(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int maxF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .max(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).max(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.max(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int minF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .min(DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).min(vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.min(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = op(x); SIGN stays scalar. */
  static void unaryF64(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    int ub = op == UnaryOp.SIGN ? 0 : D.loopBound(n);
    int step = D.length();
    int i = 0;
    switch (op) {
      case NEG -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).neg().intoArray(y, yo + i);
        }
      }
      case ABS -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).abs().intoArray(y, yo + i);
        }
      }
      case SQUARE -> {
        for (; i < ub; i += step) {
          DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
          v.mul(v).intoArray(y, yo + i);
        }
      }
      case SQRT -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).sqrt().intoArray(y, yo + i);
        }
      }
      case EXP -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i);
        }
      }
      case LOG -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i);
        }
      }
      case LOG1P -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.LOG1P).intoArray(y, yo + i);
        }
      }
      case RELU -> {
        DoubleVector zero = DoubleVector.zero(D);
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).max(zero).intoArray(y, yo + i);
        }
      }
      case SIGMOID -> {
        // e = exp(-|x|) never overflows: 1/(1+e) for x >= 0, e/(1+e) below (the scalar twin's form)
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (; i < ub; i += step) {
          DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
          DoubleVector e = v.abs().neg().lanewise(VectorOperators.EXP);
          DoubleVector d = one.add(e);
          one.div(d).blend(e.div(d), v.compare(VectorOperators.LT, 0.0)).intoArray(y, yo + i);
        }
      }
      case TANH -> {
        for (; i < ub; i += step) {
          DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    TWIN.unaryF64(op, x, xo + i, y, yo + i, n - i);
  }

  /** y = x &gt; 0 ? dy : 0, with a blend (no branch on the data). */
  static void reluGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    DoubleVector zero = DoubleVector.zero(D);
    int i = 0;
    for (; i < ub; i += step) {
      VectorMask<Double> pos =
          DoubleVector.fromArray(D, x, xo + i).compare(VectorOperators.GT, 0.0);
      zero.blend(DoubleVector.fromArray(D, dy, dyo + i), pos).intoArray(y, yo + i);
    }
    TWIN.reluGradF64(dy, dyo + i, x, xo + i, y, yo + i, n - i);
  }

  /** y = dy, -dy or 0 as x is positive, negative, or 0 or NaN, with blends. */
  static void absGradF64(double[] dy, int dyo, double[] x, int xo, double[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    DoubleVector zero = DoubleVector.zero(D);
    int i = 0;
    for (; i < ub; i += step) {
      DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
      DoubleVector g = DoubleVector.fromArray(D, dy, dyo + i);
      zero.blend(g, v.compare(VectorOperators.GT, 0.0))
          .blend(g.neg(), v.compare(VectorOperators.LT, 0.0))
          .intoArray(y, yo + i);
    }
    TWIN.absGradF64(dy, dyo + i, x, xo + i, y, yo + i, n - i);
  }
}
