package dev.lanegrad.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Is a {@code VectorOperators} operator that reaches a shared static lane loop as a constant
 * argument intrinsified, as a hard-coded {@code .add(...)} is? Each invocation runs four binary
 * operators (add, sub, mul, max) and four comparisons (lt, le, eq, ne) over float arrays of {@code
 * n}, the way the kernels dispatch: a switch on our enum picks the loop. {@code hard}: one loop per
 * operator with the lane method written out (how the kernels were written). {@code shared}: one
 * loop taking a {@code VectorOperators.Binary} / {@code Comparison}, called from each case with a
 * constant; C2 inlines it per call site, so the operator is a constant there. {@code variable}: the
 * same shared loop called with an operator read from a field, the control that shows what a
 * non-constant operator costs (the lane op is not intrinsified and boxes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Benchmark)
public class OperatorBench {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int[] OPS = {0, 1, 2, 3};

  @Param({"1024", "65536"})
  public int n;

  float[] a;
  float[] b;
  float[] y;
  boolean[] m;
  VectorOperators.Binary[] binaries;
  VectorOperators.Comparison[] comparisons;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(20261207);
    a = new float[n];
    b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
      b[i] = (float) r.nextGaussian();
    }
    y = new float[n];
    m = new boolean[n];
    binaries =
        new VectorOperators.Binary[] {
          VectorOperators.ADD, VectorOperators.SUB, VectorOperators.MUL, VectorOperators.MAX
        };
    comparisons =
        new VectorOperators.Comparison[] {
          VectorOperators.LT, VectorOperators.LE, VectorOperators.EQ, VectorOperators.NE
        };
  }

  @Benchmark
  public float hard() {
    for (int op : OPS) {
      switch (op) {
        case 0 -> addHard(a, b, y, n);
        case 1 -> subHard(a, b, y, n);
        case 2 -> mulHard(a, b, y, n);
        default -> maxHard(a, b, y, n);
      }
      switch (op) {
        case 0 -> ltHard(a, b, m, n);
        case 1 -> leHard(a, b, m, n);
        case 2 -> eqHard(a, b, m, n);
        default -> neHard(a, b, m, n);
      }
    }
    return y[0] + (m[0] ? 1 : 0);
  }

  @Benchmark
  public float shared() {
    for (int op : OPS) {
      switch (op) {
        case 0 -> binary(VectorOperators.ADD, a, b, y, n);
        case 1 -> binary(VectorOperators.SUB, a, b, y, n);
        case 2 -> binary(VectorOperators.MUL, a, b, y, n);
        default -> binary(VectorOperators.MAX, a, b, y, n);
      }
      switch (op) {
        case 0 -> compare(VectorOperators.LT, a, b, m, n);
        case 1 -> compare(VectorOperators.LE, a, b, m, n);
        case 2 -> compare(VectorOperators.EQ, a, b, m, n);
        default -> compare(VectorOperators.NE, a, b, m, n);
      }
    }
    return y[0] + (m[0] ? 1 : 0);
  }

  @Benchmark
  public float variable() {
    for (int op : OPS) {
      binary(binaries[op], a, b, y, n);
      compare(comparisons[op], a, b, m, n);
    }
    return y[0] + (m[0] ? 1 : 0);
  }

  private static void binary(VectorOperators.Binary op, float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).lanewise(op, FloatVector.fromArray(F, b, i)).intoArray(y, i);
    }
  }

  private static void compare(
      VectorOperators.Comparison op, float[] a, float[] b, boolean[] m, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).compare(op, FloatVector.fromArray(F, b, i)).intoArray(m, i);
    }
  }

  private static void addHard(float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(y, i);
    }
  }

  private static void subHard(float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).sub(FloatVector.fromArray(F, b, i)).intoArray(y, i);
    }
  }

  private static void mulHard(float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(y, i);
    }
  }

  private static void maxHard(float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).max(FloatVector.fromArray(F, b, i)).intoArray(y, i);
    }
  }

  private static void ltHard(float[] a, float[] b, boolean[] m, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).lt(FloatVector.fromArray(F, b, i)).intoArray(m, i);
    }
  }

  private static void leHard(float[] a, float[] b, boolean[] m, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i)
          .compare(VectorOperators.LE, FloatVector.fromArray(F, b, i))
          .intoArray(m, i);
    }
  }

  private static void eqHard(float[] a, float[] b, boolean[] m, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i).eq(FloatVector.fromArray(F, b, i)).intoArray(m, i);
    }
  }

  private static void neHard(float[] a, float[] b, boolean[] m, int n) {
    int ub = F.loopBound(n);
    for (int i = 0; i < ub; i += F.length()) {
      FloatVector.fromArray(F, a, i)
          .compare(VectorOperators.NE, FloatVector.fromArray(F, b, i))
          .intoArray(m, i);
    }
  }
}
