package dev.lanegrad.bench;

import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
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
 * float32 {@code C = op(A) op(B)}: {@code kernel} into a preallocated C through the kernel layer
 * ({@code impl} = simd or scalar), {@code ops} through {@code Ops.matmul(a, b, tA, tB)}, allocating
 * its result like numpy's {@code a @ b}. Cases are the peers' (numpy's {@code a @ b} on OpenBLAS):
 * {@code sq<n>} and {@code mlp_b<batch>_<op>_<M>x<K>x<N>[_tA|_tB]}, A stored K x M when tA, B
 * stored N x K when tB, as a framework hands strided views to the BLAS. GFLOP/s = 2*M*N*K / time
 * ({@code bench/peers_tsv.py} converts). The parameter is {@code problem} (the peers call it {@code
 * case}, a Java keyword, so no field can carry that name).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class GemmBench {
  @Param({
    "sq64",
    "sq128",
    "sq256",
    "sq512",
    "sq1024",
    "sq2048",
    "mlp_b64_fwd1_64x784x256",
    "mlp_b64_fwd2_64x256x256",
    "mlp_b64_fwd3_64x256x10",
    "mlp_b64_dW3_256x64x10_tA",
    "mlp_b64_dh2_64x10x256_tB",
    "mlp_b64_dW2_256x64x256_tA",
    "mlp_b64_dh1_64x256x256_tB",
    "mlp_b64_dW1_784x64x256_tA",
    "mlp_b256_fwd1_256x784x256",
    "mlp_b256_fwd2_256x256x256",
    "mlp_b256_fwd3_256x256x10",
    "mlp_b256_dW3_256x256x10_tA",
    "mlp_b256_dh2_256x10x256_tB",
    "mlp_b256_dW2_256x256x256_tA",
    "mlp_b256_dh1_256x256x256_tB",
    "mlp_b256_dW1_784x256x256_tA"
  })
  public String problem;

  int m;
  int n;
  int k;
  boolean tA;
  boolean tB;
  float[] a;
  float[] b;
  float[] c;
  Tensor ta;
  Tensor tb;

  /** M, K, N and the flags of a case name. */
  static int[] parse(String name) {
    if (name.startsWith("sq")) {
      int s = Integer.parseInt(name.substring(2));
      return new int[] {s, s, s, 0, 0};
    }
    String[] parts = name.split("_");
    String[] mkn = parts[3].split("x");
    return new int[] {
      Integer.parseInt(mkn[0]),
      Integer.parseInt(mkn[1]),
      Integer.parseInt(mkn[2]),
      name.endsWith("_tA") ? 1 : 0,
      name.endsWith("_tB") ? 1 : 0
    };
  }

  @Setup
  public void setup() {
    int[] p = parse(problem);
    m = p[0];
    k = p[1];
    n = p[2];
    tA = p[3] == 1;
    tB = p[4] == 1;
    SplittableRandom r = new SplittableRandom(20261122);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    ta = Tensor.of(a.clone(), tA ? Shape.of(k, m) : Shape.of(m, k));
    tb = Tensor.of(b.clone(), tB ? Shape.of(n, k) : Shape.of(k, n));
  }

  @Benchmark
  public float[] kernel(Impl impl) {
    impl.k.matmulF32(a, 0, b, 0, c, 0, m, n, k, tA, tB);
    return c;
  }

  @Benchmark
  public Tensor ops() {
    return Ops.matmul(ta, tb, tA, tB);
  }
}
