package dev.lanegrad.bench;

import dev.lanegrad.internal.kernels.ReduceOp;
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
 * The fused backprops on float32 through the kernel layer ({@code impl}): {@code reluGrad(dy, x)}
 * and {@code absGrad(dy, x)} at n (12 bytes per element), and the unbroadcast of a bias gradient
 * {@code [batch, 256] -> [256]} (a sum over the leading axis).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BackpropBench {
  static final int UNITS = 256;

  /** dy and x of n elements. */
  @State(Scope.Benchmark)
  public static class Vectors {
    @Param({"1000", "10000", "100000", "1000000", "10000000"})
    public int n;

    float[] dy;
    float[] x;
    float[] y;

    @Setup
    public void setup() {
      SplittableRandom r = new SplittableRandom(20261122);
      dy = ElementwiseBench.gaussian(r, n);
      x = ElementwiseBench.gaussian(r, n);
      y = new float[n];
    }
  }

  /** A bias gradient in the output's shape, [batch, 256]. */
  @State(Scope.Benchmark)
  public static class Bias {
    @Param({"64", "256"})
    public int batch;

    float[] g;
    float[] bias;

    @Setup
    public void setup() {
      g = ElementwiseBench.gaussian(new SplittableRandom(20261122), batch * UNITS);
      bias = new float[UNITS];
    }
  }

  @Benchmark
  public float[] reluGrad(Impl impl, Vectors v) {
    impl.k.reluGradF32(v.dy, 0, v.x, 0, v.y, 0, v.n);
    return v.y;
  }

  @Benchmark
  public float[] absGrad(Impl impl, Vectors v) {
    impl.k.absGradF32(v.dy, 0, v.x, 0, v.y, 0, v.n);
    return v.y;
  }

  @Benchmark
  public float[] unbroadcastBias(Impl impl, Bias b) {
    impl.k.reduceF32(ReduceOp.SUM, b.g, 0, 1, b.batch, UNITS, b.bias, 0);
    return b.bias;
  }
}
