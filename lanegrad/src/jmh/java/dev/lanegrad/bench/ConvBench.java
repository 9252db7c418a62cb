package dev.lanegrad.bench;

import dev.lanegrad.Ops;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.ops.ConvOps;
import dev.lanegrad.internal.ops.PoolOps;
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
 * float32 convolution and pooling as a training step runs them: {@code fwd} is {@code Ops.conv2d},
 * {@code dx} and {@code dw} the two backprop ops its gradient calls (TF's
 * Conv2DBackpropInput/Filter), {@code poolFwd}/{@code poolBwd} {@code Ops.maxPool2d} and its
 * MaxPoolGrad as a training step's gradient runs it (given the forward's output, as TF's
 * MaxPoolGrad takes orig_output and torch's backward the forward's argmax); every call allocates
 * its result, as an eager op does. Shapes: the Fashion-MNIST CNN's two convolutions ({@code [b, 28,
 * 28, 1] x [3, 3, 1, 32]}, {@code [b, 13, 13, 32] x [3, 3, 32, 64]}, b = 32 and 128, VALID), a
 * CIFAR-size layer ({@code [64, 32, 32, 64] x [3, 3, 64, 64]}, SAME), and the 2x2 pools between
 * them. Case names are bench/conv_torch.py's; {@code bench/conv.sh} runs both and prints one table.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {

  /** A convolution: {@code b<B>_<H>x<W>x<C>_k<K>x<K>x<O>_<valid|same>}. */
  @State(Scope.Benchmark)
  public static class Conv {
    @Param({
      "b32_28x28x1_k3x3x32_valid",
      "b128_28x28x1_k3x3x32_valid",
      "b32_13x13x32_k3x3x64_valid",
      "b128_13x13x32_k3x3x64_valid",
      "b64_32x32x64_k3x3x64_same"
    })
    public String problem;

    Tensor x;
    Tensor f;
    Tensor dy;
    Shape xShape;
    Shape fShape;
    boolean same;

    @Setup
    public void setup() {
      String[] p = problem.split("_");
      int b = Integer.parseInt(p[0].substring(1));
      String[] hwc = p[1].split("x");
      String[] kko = p[2].substring(1).split("x");
      xShape =
          Shape.of(b, Integer.parseInt(hwc[0]), Integer.parseInt(hwc[1]), Integer.parseInt(hwc[2]));
      fShape =
          Shape.of(
              Integer.parseInt(kko[0]),
              Integer.parseInt(kko[1]),
              Integer.parseInt(hwc[2]),
              Integer.parseInt(kko[2]));
      same = p[3].equals("same");
      x = Tensor.randomNormal(xShape, 1);
      f = Tensor.randomNormal(fShape, 2);
      dy = Tensor.randomNormal(fwdOnce().shape(), 3);
    }

    Tensor fwdOnce() {
      return Ops.conv2d(x, f, ONE, same ? Padding.SAME : Padding.VALID);
    }
  }

  /** A 2x2 max pool at stride 2: {@code b<B>_<H>x<W>x<C>_p2}. */
  @State(Scope.Benchmark)
  public static class Pool {
    @Param({"b32_26x26x32_p2", "b128_26x26x32_p2", "b128_11x11x64_p2", "b64_32x32x64_p2"})
    public String problem;

    Tensor x;
    Tensor y;
    Tensor dy;

    @Setup
    public void setup() {
      String[] p = problem.split("_");
      int b = Integer.parseInt(p[0].substring(1));
      String[] hwc = p[1].split("x");
      x =
          Tensor.randomNormal(
              Shape.of(
                  b, Integer.parseInt(hwc[0]), Integer.parseInt(hwc[1]), Integer.parseInt(hwc[2])),
              4);
      y = Ops.maxPool2d(x, TWO, TWO, Padding.VALID);
      dy = Tensor.randomNormal(y.shape(), 5);
    }
  }

  static final int[] ONE = {1, 1};
  static final int[] TWO = {2, 2};

  @Benchmark
  public Tensor fwd(Conv c) {
    return c.fwdOnce();
  }

  @Benchmark
  public Tensor dx(Conv c) {
    return ConvOps.conv2dBackpropInput(c.xShape, c.f, c.dy, ONE, c.same, ONE);
  }

  @Benchmark
  public Tensor dw(Conv c) {
    return ConvOps.conv2dBackpropFilter(c.x, c.fShape, c.dy, ONE, c.same, ONE);
  }

  @Benchmark
  public Tensor poolFwd(Pool p) {
    return Ops.maxPool2d(p.x, TWO, TWO, Padding.VALID);
  }

  @Benchmark
  public Tensor poolBwd(Pool p) {
    return PoolOps.maxPool2dGrad(p.x, p.y, p.dy, TWO, TWO, false);
  }
}
