package dev.lanegrad.bench;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.kernels.ReduceOp;
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
 * Reductions of float32: over all elements ({@code all}: the peers' sum_scalar, mean_scalar, and
 * max) and over the last axis of {@code [n/1000, 1000]} ({@code lastAxis}); {@code kernel*} through
 * the kernel layer ({@code impl}), the others through the Tensor ops. GB/s = 4 * n / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ReduceBench {
  static final int COLS = 1000;

  /**
   * sum, mean or max (not "op", so that a run's -p op=... for ElementwiseBench leaves it alone).
   */
  @Param({"sum", "mean", "max"})
  public String fn;

  @Param({"1000", "10000", "100000", "1000000", "10000000"})
  public int n;

  float[] x;
  float[] one;
  float[] rows;
  Tensor t;
  Tensor tm;
  ReduceOp kind;
  static final int[] LAST = {1};

  @Setup
  public void setup() {
    x = ElementwiseBench.gaussian(new java.util.SplittableRandom(20261122), n);
    one = new float[1];
    rows = new float[n / COLS];
    t = Tensor.of(x.clone(), Shape.of(n));
    tm = Tensor.of(x.clone(), Shape.of(n / COLS, COLS));
    kind = "max".equals(fn) ? ReduceOp.MAX : ReduceOp.SUM;
  }

  @Benchmark
  public float[] kernelAll(Impl impl) {
    impl.k.reduceF32(kind, x, 0, 1, n, 1, one, 0);
    if ("mean".equals(fn)) {
      impl.k.divideF32(one, 0, 1, n);
    }
    return one;
  }

  @Benchmark
  public float[] kernelLastAxis(Impl impl) {
    impl.k.reduceF32(kind, x, 0, n / COLS, COLS, 1, rows, 0);
    if ("mean".equals(fn)) {
      impl.k.divideF32(rows, 0, n / COLS, COLS);
    }
    return rows;
  }

  @Benchmark
  public Tensor all() {
    return switch (fn) {
      case "sum" -> t.sum();
      case "mean" -> t.mean();
      default -> t.max();
    };
  }

  @Benchmark
  public Tensor lastAxis() {
    return switch (fn) {
      case "sum" -> tm.sum(LAST, false);
      case "mean" -> tm.mean(LAST, false);
      default -> tm.max(LAST, false);
    };
  }
}
