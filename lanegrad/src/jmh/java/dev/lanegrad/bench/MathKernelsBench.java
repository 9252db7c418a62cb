package dev.lanegrad.bench;

import dev.lanegrad.internal.kernels.MathOp;
import dev.lanegrad.internal.kernels.ScalarMathKernels;
import dev.lanegrad.internal.kernels.SimdMathKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The math family's float32 kernels, the Vector API twin against the scalar reference ({@code
 * impl}): erf (Eigen's rational form, same bits both ways), softplus, elu and sin (lane
 * transcendentals), and cumsum along the first axis of {@code [100, n / 100]} (one vector add per
 * row) and along the last (a sequential scan, scalar both ways).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class MathKernelsBench {
  @Param({"erf", "softplus", "elu", "sin", "cumsum_rows", "cumsum_last"})
  public String op;

  @Param({"10000", "1000000"})
  public int n;

  @Param({"simd", "scalar"})
  public String impl;

  ScalarMathKernels k;
  float[] x;
  float[] y;

  @Setup
  public void setup() {
    k = "scalar".equals(impl) ? new ScalarMathKernels() : new SimdMathKernels();
    SplittableRandom r = new SplittableRandom(20261207);
    x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    y = new float[n];
  }

  @Benchmark
  public float[] kernel() {
    switch (op) {
      case "erf" -> k.unaryF32(MathOp.ERF, x, 0, y, 0, n);
      case "softplus" -> k.unaryF32(MathOp.SOFTPLUS, x, 0, y, 0, n);
      case "elu" -> k.unaryF32(MathOp.ELU, x, 0, y, 0, n);
      case "sin" -> k.unaryF32(MathOp.SIN, x, 0, y, 0, n);
      case "cumsum_rows" -> k.scanF32(false, false, false, x, 1, 100, n / 100, y);
      case "cumsum_last" -> k.scanF32(false, false, false, x, n / 100, 100, 1, y);
      default -> throw new IllegalArgumentException("op " + op);
    }
    return y;
  }
}
