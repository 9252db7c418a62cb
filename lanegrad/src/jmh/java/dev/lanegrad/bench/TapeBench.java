package dev.lanegrad.bench;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-op overhead on tiny float32 tensors, the peers' eager cases (PyTorch's autograd, see
 * docs/benchmarks.md): {@code y = x*x + b} unrecorded, recorded, with the gradient; a chain of 1000
 * ops ({@code 500 x (z*a, z+c)}) unrecorded, recorded, with and only its backward; and the gradient
 * of {@code x*x} at 3. Divide by the op count for microseconds per op (2 for fwd_*, 1000 for
 * chain1000_*). Run with {@code -prof gc} for bytes per op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TapeBench {
  @Param({"scalar", "2x2"})
  public String shape;

  Tensor x;
  Tensor a;
  Tensor b;
  Tensor c;

  static Tensor shaped(String shape, float v) {
    return "scalar".equals(shape) ? Tensor.of(v) : Tensor.of(v, Shape.of(2, 2));
  }

  @Setup
  public void setup() {
    x = shaped(shape, 3f);
    a = shaped(shape, 0.999f);
    b = shaped(shape, 0.5f);
    c = shaped(shape, 0.001f);
  }

  static Tensor chain(Tensor x, Tensor a, Tensor c) {
    Tensor z = x;
    for (int i = 0; i < 500; i++) {
      z = z.mul(a);
      z = z.add(c);
    }
    return z;
  }

  @Benchmark
  public Tensor fwd_nograd() {
    return x.mul(x).add(b);
  }

  @Benchmark
  public Tensor fwd_record() {
    GradientTape tape = new GradientTape();
    try (tape) {
      tape.watch(x);
      return x.mul(x).add(b);
    }
  }

  @Benchmark
  public Tensor fwd_autograd_grad() {
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x).add(b);
    }
    return tape.gradient(y, x);
  }

  @Benchmark
  public Tensor chain1000_nograd() {
    return chain(x, a, c);
  }

  @Benchmark
  public Tensor chain1000_record() {
    GradientTape tape = new GradientTape();
    try (tape) {
      tape.watch(x);
      return chain(x, a, c);
    }
  }

  @Benchmark
  public Tensor chain1000_backward() {
    GradientTape tape = new GradientTape();
    Tensor z;
    try (tape) {
      tape.watch(x);
      z = chain(x, a, c);
    }
    return tape.gradient(z, x);
  }

  /** A tape with the 1000-op chain recorded outside the timed region. */
  @State(Scope.Thread)
  public static class Recorded {
    GradientTape tape;
    Tensor z;

    @Setup(Level.Invocation)
    public void record(TapeBench s) {
      GradientTape t = new GradientTape();
      try (t) {
        t.watch(s.x);
        z = chain(s.x, s.a, s.c);
      }
      tape = t;
    }
  }

  @Benchmark
  public Tensor chain1000_backward_only(Recorded r) {
    return r.tape.gradient(r.z, x);
  }

  /** The Java peers' program: dy/dx of x*x at x = 3 (6). The shape parameter does not apply. */
  @State(Scope.Thread)
  public static class Three {
    Tensor x3 = Tensor.of(3f);
  }

  @Benchmark
  public Tensor square_grad_at_3(Three t) {
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(t.x3);
      y = t.x3.mul(t.x3);
    }
    return tape.gradient(y, t.x3);
  }
}
