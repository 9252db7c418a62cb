package dev.lanegrad.bench;

import dev.lanegrad.Shape;
import dev.lanegrad.StepFunction;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.kernels.BinaryOp;
import dev.lanegrad.internal.kernels.Kernels;
import dev.lanegrad.internal.kernels.UnaryOp;
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
 * The peers' elementwise cases (numpy with {@code out=}, see docs/benchmarks.md) on float32: add,
 * mul (12 bytes per element), relu, abs, bcast_add ({@code [n/1000, 1000]} + a row; 8 bytes per
 * element). {@code out}: the kernel layer into a preallocated result ({@code impl} simd / scalar);
 * {@code alloc}: the Tensor op, a new result each call; {@code fn}: the same op inside a {@link
 * StepFunction} call (its result buffer reused); {@code zeroed}: a new {@code float[n]} alone. GB/s
 * = bytes per element * n / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ElementwiseBench {
  static final int COLS = 1000;

  @Param({"add", "mul", "relu", "abs", "bcast_add"})
  public String op;

  @Param({"1000", "10000", "100000", "1000000", "10000000"})
  public int n;

  float[] a;
  float[] b;
  float[] row;
  float[] y;
  Tensor ta;
  Tensor tb;
  Tensor tm;
  Tensor trow;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(20261122);
    a = gaussian(r, n);
    b = gaussian(r, n);
    row = gaussian(r, COLS);
    y = new float[n];
    ta = Tensor.of(a.clone(), Shape.of(n));
    tb = Tensor.of(b.clone(), Shape.of(n));
    tm = Tensor.of(a.clone(), Shape.of(n / COLS, COLS));
    trow = Tensor.of(row.clone(), Shape.of(COLS));
  }

  static float[] gaussian(SplittableRandom r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Benchmark
  public float[] out(Impl impl) {
    Kernels k = impl.k;
    switch (op) {
      case "add" -> k.binaryF32(BinaryOp.ADD, a, 0, 1, b, 0, 1, y, 0, n);
      case "mul" -> k.binaryF32(BinaryOp.MUL, a, 0, 1, b, 0, 1, y, 0, n);
      case "relu" -> k.unaryF32(UnaryOp.RELU, a, 0, y, 0, n);
      case "abs" -> k.unaryF32(UnaryOp.ABS, a, 0, y, 0, n);
      case "bcast_add" -> {
        // the ops layer's plan for [rows, cols] + [cols]: one contiguous run per row
        for (int o = 0; o < n; o += COLS) {
          k.binaryF32(BinaryOp.ADD, a, o, 1, row, 0, 1, y, o, COLS);
        }
      }
      default -> throw new IllegalArgumentException("op " + op);
    }
    return y;
  }

  @Benchmark
  public Tensor alloc() {
    return op();
  }

  private Tensor op() {
    return switch (op) {
      case "add" -> ta.add(tb);
      case "mul" -> ta.mul(tb);
      case "relu" -> ta.relu();
      case "abs" -> ta.abs();
      case "bcast_add" -> tm.add(trow);
      default -> throw new IllegalArgumentException("op " + op);
    };
  }

  /**
   * The allocating op inside a {@link StepFunction} call, as a loop of a tf.function'd step runs
   * it: the result buffer is the last call's, so this is {@code alloc} without the JVM's new array
   * (the call's own cost, a few tens of nanoseconds, included).
   */
  @Benchmark
  public Tensor fn() {
    return stepFn.call();
  }

  private final StepFunction stepFn =
      new StepFunction(in -> {
        sink = op();
        return null;
      });

  // written by fn's body so that the op is not dead code; read by nobody
  Tensor sink;

  /**
   * What a new result costs on its own: {@code new float[n]}, which the JVM zeroes before anyone
   * writes it (C2 elides the zeroing only when an array copy fills the array at once).
   */
  @Benchmark
  public float[] zeroed() {
    return new float[n];
  }
}
