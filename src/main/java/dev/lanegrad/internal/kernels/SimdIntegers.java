package dev.lanegrad.internal.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane loops of the INT32/INT64 elementwise kernels (wrapping, as the scalar twin) and of the
 * compares of all four numeric types into boolean masks (written from one template: edit every copy
 * alike). Each method runs its vector loop up to the last whole vector and hands the tail to the
 * scalar twin. Integer DIV and POW (which throw), SIGN, and long MUL (no AVX2 instruction) stay on
 * the scalar twin.
 */
final class SimdIntegers {
  // species in static finals: as parameters, every lane op boxes (30x slower)
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> J = LongVector.SPECIES_PREFERRED;
  private static final ScalarKernels TWIN =
      new ScalarKernels(); // standards: allow the scalar twin, once

  private SimdIntegers() {}

  /** Lanes of an INT32 vector. */
  static int lanesI32() {
    return I.length();
  }

  /** Lanes of an INT64 vector. */
  static int lanesI64() {
    return J.length();
  }

  /** y = a op b; ai, bi in {0, 1}, not both 0. */
  static void binaryI32(
      BinaryOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int done =
        switch (op) {
          case ADD -> addI32(a, ao, ai, b, bo, bi, y, yo, n);
          case SUB -> subI32(a, ao, ai, b, bo, bi, y, yo, n);
          case MUL -> mulI32(a, ao, ai, b, bo, bi, y, yo, n);
          case MAX -> maxI32(a, ao, ai, b, bo, bi, y, yo, n);
          case MIN -> minI32(a, ao, ai, b, bo, bi, y, yo, n);
          default -> 0;
        };
    TWIN.binaryI32(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int addI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .add(IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).add(vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.add(IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int subI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .sub(IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).sub(vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.sub(IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int mulI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .mul(IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).mul(vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.mul(IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int maxI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .max(IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).max(vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.max(IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int minI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .min(IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).min(vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.min(IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = op(x) for NEG, ABS, SQUARE, RELU; the others stay scalar. */
  static void unaryI32(UnaryOp op, int[] x, int xo, int[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    switch (op) {
      case NEG -> {
        for (; i < ub; i += step) {
          IntVector.fromArray(I, x, xo + i).neg().intoArray(y, yo + i);
        }
      }
      case ABS -> {
        for (; i < ub; i += step) {
          IntVector.fromArray(I, x, xo + i).abs().intoArray(y, yo + i);
        }
      }
      case SQUARE -> {
        for (; i < ub; i += step) {
          IntVector v = IntVector.fromArray(I, x, xo + i);
          v.mul(v).intoArray(y, yo + i);
        }
      }
      case RELU -> {
        IntVector zero = IntVector.zero(I);
        for (; i < ub; i += step) {
          IntVector.fromArray(I, x, xo + i).max(zero).intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    TWIN.unaryI32(op, x, xo + i, y, yo + i, n - i);
  }

  /** y = a op b; ai, bi in {0, 1}, not both 0. */
  static void binaryI64(
      BinaryOp op, long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    int done =
        switch (op) {
          case ADD -> addI64(a, ao, ai, b, bo, bi, y, yo, n);
          case SUB -> subI64(a, ao, ai, b, bo, bi, y, yo, n);
          case MAX -> maxI64(a, ao, ai, b, bo, bi, y, yo, n);
          case MIN -> minI64(a, ao, ai, b, bo, bi, y, yo, n);
          default -> 0;
        };
    TWIN.binaryI64(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int addI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .add(LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).add(vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.add(LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int subI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .sub(LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).sub(vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.sub(LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int maxI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .max(LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).max(vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.max(LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int minI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, long[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .min(LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).min(vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.min(LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = op(x) for NEG, ABS, RELU; the others stay scalar. */
  static void unaryI64(UnaryOp op, long[] x, int xo, long[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    switch (op) {
      case NEG -> {
        for (; i < ub; i += step) {
          LongVector.fromArray(J, x, xo + i).neg().intoArray(y, yo + i);
        }
      }
      case ABS -> {
        for (; i < ub; i += step) {
          LongVector.fromArray(J, x, xo + i).abs().intoArray(y, yo + i);
        }
      }
      case RELU -> {
        LongVector zero = LongVector.zero(J);
        for (; i < ub; i += step) {
          LongVector.fromArray(J, x, xo + i).max(zero).intoArray(y, yo + i);
        }
      }
      default -> {}
    }
    TWIN.unaryI64(op, x, xo + i, y, yo + i, n - i);
  }

  /** y = a op b as booleans (Java's comparison semantics: NaN compares false except under NE). */
  static void compareF32(
      CompareOp op,
      float[] a,
      int ao,
      int ai,
      float[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    int done =
        switch (op) {
          case GT -> cmpGTF32(a, ao, ai, b, bo, bi, y, yo, n);
          case GE -> cmpGEF32(a, ao, ai, b, bo, bi, y, yo, n);
          case LT -> cmpLTF32(a, ao, ai, b, bo, bi, y, yo, n);
          case LE -> cmpLEF32(a, ao, ai, b, bo, bi, y, yo, n);
          case EQ -> cmpEQF32(a, ao, ai, b, bo, bi, y, yo, n);
          case NE -> cmpNEF32(a, ao, ai, b, bo, bi, y, yo, n);
        };
    TWIN.compareF32(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int cmpGTF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.GT, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GT, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GT, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpGEF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.GE, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GE, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GE, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLTF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.LT, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LT, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LT, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLEF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.LE, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LE, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LE, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpEQF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.EQ, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.EQ, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.EQ, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpNEF32(
      float[] a, int ao, int ai, float[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = F.loopBound(n);
    int step = F.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i)
            .compare(VectorOperators.NE, FloatVector.fromArray(F, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      FloatVector vb = FloatVector.broadcast(F, b[bo]);
      for (; i < ub; i += step) {
        FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.NE, vb).intoArray(y, yo + i);
      }
    } else {
      FloatVector va = FloatVector.broadcast(F, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.NE, FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = a op b as booleans (Java's comparison semantics: NaN compares false except under NE). */
  static void compareF64(
      CompareOp op,
      double[] a,
      int ao,
      int ai,
      double[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    int done =
        switch (op) {
          case GT -> cmpGTF64(a, ao, ai, b, bo, bi, y, yo, n);
          case GE -> cmpGEF64(a, ao, ai, b, bo, bi, y, yo, n);
          case LT -> cmpLTF64(a, ao, ai, b, bo, bi, y, yo, n);
          case LE -> cmpLEF64(a, ao, ai, b, bo, bi, y, yo, n);
          case EQ -> cmpEQF64(a, ao, ai, b, bo, bi, y, yo, n);
          case NE -> cmpNEF64(a, ao, ai, b, bo, bi, y, yo, n);
        };
    TWIN.compareF64(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int cmpGTF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.GT, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.GT, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GT, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpGEF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.GE, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.GE, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GE, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLTF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.LT, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.LT, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LT, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLEF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.LE, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.LE, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LE, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpEQF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.EQ, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.EQ, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.EQ, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpNEF64(
      double[] a, int ao, int ai, double[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = D.loopBound(n);
    int step = D.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i)
            .compare(VectorOperators.NE, DoubleVector.fromArray(D, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      DoubleVector vb = DoubleVector.broadcast(D, b[bo]);
      for (; i < ub; i += step) {
        DoubleVector.fromArray(D, a, ao + i).compare(VectorOperators.NE, vb).intoArray(y, yo + i);
      }
    } else {
      DoubleVector va = DoubleVector.broadcast(D, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.NE, DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = a op b as booleans (Java's comparison semantics: NaN compares false except under NE). */
  static void compareI32(
      CompareOp op, int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int done =
        switch (op) {
          case GT -> cmpGTI32(a, ao, ai, b, bo, bi, y, yo, n);
          case GE -> cmpGEI32(a, ao, ai, b, bo, bi, y, yo, n);
          case LT -> cmpLTI32(a, ao, ai, b, bo, bi, y, yo, n);
          case LE -> cmpLEI32(a, ao, ai, b, bo, bi, y, yo, n);
          case EQ -> cmpEQI32(a, ao, ai, b, bo, bi, y, yo, n);
          case NE -> cmpNEI32(a, ao, ai, b, bo, bi, y, yo, n);
        };
    TWIN.compareI32(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int cmpGTI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.GT, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.GT, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GT, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpGEI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.GE, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.GE, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GE, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLTI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.LT, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.LT, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LT, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLEI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.LE, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.LE, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LE, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpEQI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.EQ, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.EQ, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.EQ, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpNEI32(
      int[] a, int ao, int ai, int[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = I.loopBound(n);
    int step = I.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i)
            .compare(VectorOperators.NE, IntVector.fromArray(I, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      IntVector vb = IntVector.broadcast(I, b[bo]);
      for (; i < ub; i += step) {
        IntVector.fromArray(I, a, ao + i).compare(VectorOperators.NE, vb).intoArray(y, yo + i);
      }
    } else {
      IntVector va = IntVector.broadcast(I, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.NE, IntVector.fromArray(I, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  /** y = a op b as booleans (Java's comparison semantics: NaN compares false except under NE). */
  static void compareI64(
      CompareOp op,
      long[] a,
      int ao,
      int ai,
      long[] b,
      int bo,
      int bi,
      boolean[] y,
      int yo,
      int n) {
    int done =
        switch (op) {
          case GT -> cmpGTI64(a, ao, ai, b, bo, bi, y, yo, n);
          case GE -> cmpGEI64(a, ao, ai, b, bo, bi, y, yo, n);
          case LT -> cmpLTI64(a, ao, ai, b, bo, bi, y, yo, n);
          case LE -> cmpLEI64(a, ao, ai, b, bo, bi, y, yo, n);
          case EQ -> cmpEQI64(a, ao, ai, b, bo, bi, y, yo, n);
          case NE -> cmpNEI64(a, ao, ai, b, bo, bi, y, yo, n);
        };
    TWIN.compareI64(op, a, ao + done * ai, ai, b, bo + done * bi, bi, y, yo + done, n - done);
  }

  private static int cmpGTI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.GT, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.GT, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GT, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpGEI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.GE, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.GE, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.GE, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLTI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.LT, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.LT, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LT, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpLEI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.LE, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.LE, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.LE, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpEQI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.EQ, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.EQ, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.EQ, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }

  private static int cmpNEI64(
      long[] a, int ao, int ai, long[] b, int bo, int bi, boolean[] y, int yo, int n) {
    int ub = J.loopBound(n);
    int step = J.length();
    int i = 0;
    if (ai == 1 && bi == 1) {
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i)
            .compare(VectorOperators.NE, LongVector.fromArray(J, b, bo + i))
            .intoArray(y, yo + i);
      }
    } else if (ai == 1) {
      LongVector vb = LongVector.broadcast(J, b[bo]);
      for (; i < ub; i += step) {
        LongVector.fromArray(J, a, ao + i).compare(VectorOperators.NE, vb).intoArray(y, yo + i);
      }
    } else {
      LongVector va = LongVector.broadcast(J, a[ao]);
      for (; i < ub; i += step) {
        va.compare(VectorOperators.NE, LongVector.fromArray(J, b, bo + i)).intoArray(y, yo + i);
      }
    }
    return i;
  }
}
