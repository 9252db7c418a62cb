package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.ConvGeometry;
import dev.lanegrad.internal.kernels.PoolKernels;

/**
 * Max and average pooling (TF's {@code tf.nn.max_pool1d/2d}, {@code avg_pool1d/2d}, NHWC/NWC) and
 * their backprops as ops of their own, so that second order works as in TF's nn_grad.py: {@code
 * MaxPoolGrad}'s gradient is {@code MaxPoolGradGrad} (a gather of the upstream at each window's
 * argmax) and back (_MaxPoolGradGrad, _MaxPoolGradGradGrad); {@code AvgPoolGrad}'s is an average
 * pooling (_AvgPoolGradGrad). Kernels: {@link PoolKernels}, lanes along the channels.
 */
public final class PoolOps {
  private PoolOps() {}

  private static ConvGeometry geometry(
      String op, Tensor x, int[] poolSize, int[] strides, boolean same) {
    Check.notNull(op, "input", x);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    int[] k = ConvOps.spatial(op, "poolSize", poolSize);
    int[] s = ConvOps.spatial(op, "strides", strides);
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          op + ": needs input [batch, height, width, channels] (rank 4), got " + x.shape());
    }
    int[] xd = Internal.dims(x.shape());
    String what = "input " + x.shape() + ", pool " + k[0] + "x" + k[1];
    int[] hy = ConvOps.window(op, "height", xd[1], k[0], s[0], 1, same, what);
    int[] wx = ConvOps.window(op, "width", xd[2], k[1], s[1], 1, same, what);
    return new ConvGeometry(
        xd[0], xd[1], xd[2], xd[3], k[0], k[1], xd[3], s[0], s[1], 1, 1, hy[1], wx[1], hy[0],
        wx[0]);
  }

  private static Shape outShape(ConvGeometry g) {
    return Shape.of(g.n, g.oh, g.ow, g.c);
  }

  private static Shape inShape(ConvGeometry g) {
    return Shape.of(g.n, g.h, g.w, g.c);
  }

  private static boolean f32(Tensor t) {
    return t.dtype() == DType.FLOAT32;
  }

  // ---------------------------------------------------------------- max pooling

  /** {@code y[b, i, j, c] = max} of the window at {@code (i*sh, j*sw)}; padding never wins. */
  public static Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, boolean same) {
    ConvGeometry g = geometry("maxPool2d", x, poolSize, strides, same);
    return maxPool(x, g);
  }

  static Tensor maxPool(Tensor x, ConvGeometry g) {
    Shape ys = outShape(g);
    Object y = Layout.alloc("maxPool2d", x.dtype(), Check.size("maxPool2d", ys));
    if (f32(x)) {
      PoolKernels.get().maxPoolF32(g, Internal.f32(x), (float[]) y);
    } else {
      PoolKernels.get().maxPoolF64(g, Internal.f64(x), (double[]) y);
    }
    Tensor out = Internal.make(x.dtype(), ys, y);
    return Recorder.recordWith("maxPool2d", out, MAX_POOL_GRAD, g, x);
  }

  // TF's _MaxPoolGrad: the upstream goes to the first max of each window (MaxPoolGrad)
  // (TF's MaxPoolGrad takes the forward's output too, orig_output: each window's max is read)
  static final GradRule MAX_POOL_GRAD =
      (e, dy) -> new Tensor[] {maxPoolBackprop(e.in(0), e.out(), dy, (ConvGeometry) e.attrs())};

  /**
   * {@link #maxPoolBackprop(Tensor, Tensor, Tensor, ConvGeometry)} without the forward's output.
   */
  static Tensor maxPoolBackprop(Tensor x, Tensor dy, ConvGeometry g) {
    return maxPoolBackprop(x, null, dy, g);
  }

  /**
   * TF's MaxPoolGrad: {@code dx} shaped as x, each {@code dy} added at its window's first max. With
   * {@code y}, the pool's output for {@code x}, the max of each window is read from it; else
   * computed again (the same values, so the same result). {@code y} is not an input of the recorded
   * op: its gradient would be zero, as TF's _MaxPoolGradGrad gives for orig_output.
   */
  static Tensor maxPoolBackprop(Tensor x, Tensor y, Tensor dy, ConvGeometry g) {
    Object dx = Layout.alloc("maxPoolGrad", x.dtype(), (int) x.size());
    PoolKernels k = PoolKernels.get();
    if (f32(x)) {
      if (y == null) {
        k.maxPoolGradF32(g, Internal.f32(x), Internal.f32(dy), (float[]) dx);
      } else {
        k.maxPoolGradF32(g, Internal.f32(x), Internal.f32(y), Internal.f32(dy), (float[]) dx);
      }
    } else if (y == null) {
      k.maxPoolGradF64(g, Internal.f64(x), Internal.f64(dy), (double[]) dx);
    } else {
      k.maxPoolGradF64(g, Internal.f64(x), Internal.f64(y), Internal.f64(dy), (double[]) dx);
    }
    Tensor out = Internal.make(x.dtype(), x.shape(), dx);
    return Recorder.recordWith("maxPoolGrad", out, MAX_POOL_BACKPROP_GRAD, g, x, dy);
  }

  // TF's _MaxPoolGradGrad: zeros for the input (the argmax is locally constant), and for dy the
  // upstream gathered at each window's argmax (MaxPoolGradGrad)
  static final GradRule MAX_POOL_BACKPROP_GRAD =
      (e, gx) ->
          new Tensor[] {
            e.needs(0) ? ShapeOps.zerosLike(e.in(0)) : null,
            e.needs(1) ? maxPoolGather(e.in(0), gx, (ConvGeometry) e.attrs()) : null
          };

  /** TF's MaxPoolGradGrad: shaped as the pool's output, {@code gg} at each window's first max. */
  static Tensor maxPoolGather(Tensor x, Tensor gg, ConvGeometry g) {
    Shape ys = outShape(g);
    Object y = Layout.alloc("maxPoolGradGrad", x.dtype(), (int) ys.size());
    if (f32(x)) {
      PoolKernels.get().maxPoolGradGradF32(g, Internal.f32(x), Internal.f32(gg), (float[]) y);
    } else {
      PoolKernels.get().maxPoolGradGradF64(g, Internal.f64(x), Internal.f64(gg), (double[]) y);
    }
    Tensor out = Internal.make(x.dtype(), ys, y);
    return Recorder.recordWith("maxPoolGradGrad", out, MAX_POOL_GATHER_GRAD, g, x, gg);
  }

  // TF's _MaxPoolGradGradGrad: zeros for the input, MaxPoolGrad for gg
  static final GradRule MAX_POOL_GATHER_GRAD =
      (e, gy) ->
          new Tensor[] {
            e.needs(0) ? ShapeOps.zerosLike(e.in(0)) : null,
            e.needs(1) ? maxPoolBackprop(e.in(0), gy, (ConvGeometry) e.attrs()) : null
          };

  // ---------------------------------------------------------------- average pooling

  /**
   * {@code y[b, i, j, c] = mean} of the window's cells that lie inside the input (SAME padding
   * cells are not counted, as TF).
   */
  public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, boolean same) {
    ConvGeometry g = geometry("avgPool2d", x, poolSize, strides, same);
    return avgPool(x, g);
  }

  static Tensor avgPool(Tensor x, ConvGeometry g) {
    Shape ys = outShape(g);
    Object y = Layout.alloc("avgPool2d", x.dtype(), Check.size("avgPool2d", ys));
    if (f32(x)) {
      PoolKernels.get().avgPoolF32(g, Internal.f32(x), (float[]) y);
    } else {
      PoolKernels.get().avgPoolF64(g, Internal.f64(x), (double[]) y);
    }
    Tensor out = Internal.make(x.dtype(), ys, y);
    return Recorder.recordWith("avgPool2d", out, AVG_POOL_GRAD, g, x);
  }

  // TF's _AvgPoolGrad: AvgPoolGrad, which needs only the input's shape
  static final GradRule AVG_POOL_GRAD =
      (e, dy) -> new Tensor[] {avgPoolBackprop(dy, (ConvGeometry) e.attrs())};

  /** TF's AvgPoolGrad: each {@code dy / count} spread over its window's cells inside the input. */
  static Tensor avgPoolBackprop(Tensor dy, ConvGeometry g) {
    Shape xs = inShape(g);
    Object dx = Layout.alloc("avgPoolGrad", dy.dtype(), (int) xs.size());
    if (f32(dy)) {
      PoolKernels.get().avgPoolGradF32(g, Internal.f32(dy), (float[]) dx);
    } else {
      PoolKernels.get().avgPoolGradF64(g, Internal.f64(dy), (double[]) dx);
    }
    Tensor out = Internal.make(dy.dtype(), xs, dx);
    return Recorder.recordWith("avgPoolGrad", out, AVG_POOL_BACKPROP_GRAD, g, dy);
  }

  // TF's _AvgPoolGradGrad: AvgPoolGrad is linear in dy, and its transpose is the pool itself
  static final GradRule AVG_POOL_BACKPROP_GRAD =
      (e, gx) -> new Tensor[] {avgPool(gx, (ConvGeometry) e.attrs())};

  // ---------------------------------------------------------------- the backprops as ops

  /**
   * TF's {@code MaxPoolGrad} and {@code AvgPoolGrad} called directly (tests, and whoever needs an
   * unpooling): the gradients of {@code maxPool2d(x, ...)} / {@code avgPool2d} for an upstream
   * {@code dy} shaped as the pool's output.
   */
  public static Tensor maxPool2dGrad(
      Tensor x, Tensor dy, int[] poolSize, int[] strides, boolean same) {
    ConvGeometry g = geometry("maxPoolGrad", x, poolSize, strides, same);
    dyArg("maxPoolGrad", g, x, dy);
    return maxPoolBackprop(x, dy, g);
  }

  /**
   * {@link #maxPool2dGrad} given the pool's output {@code y = maxPool2d(x, ...)} as well, as TF's
   * {@code MaxPoolGrad(orig_input, orig_output, grad)} takes it: each window's max is read from
   * {@code y} instead of computed again. {@code y} must be that output (its shape is checked).
   */
  public static Tensor maxPool2dGrad(
      Tensor x, Tensor y, Tensor dy, int[] poolSize, int[] strides, boolean same) {
    ConvGeometry g = geometry("maxPoolGrad", x, poolSize, strides, same);
    dyArg("maxPoolGrad", g, x, dy);
    Check.notNull("maxPoolGrad", "y", y);
    Check.sameDType("maxPoolGrad", x, y);
    if (!y.shape().equals(outShape(g))) {
      throw new IllegalArgumentException(
          "maxPoolGrad: y has shape " + y.shape() + " but the pool's output is " + outShape(g));
    }
    return maxPoolBackprop(x, y, dy, g);
  }

  /** See {@link #maxPool2dGrad}; {@code x} gives only the input's shape. */
  public static Tensor avgPool2dGrad(
      Tensor x, Tensor dy, int[] poolSize, int[] strides, boolean same) {
    ConvGeometry g = geometry("avgPoolGrad", x, poolSize, strides, same);
    dyArg("avgPoolGrad", g, x, dy);
    return avgPoolBackprop(dy, g);
  }

  private static void dyArg(String op, ConvGeometry g, Tensor x, Tensor dy) {
    Check.notNull(op, "dy", dy);
    Check.sameDType(op, x, dy);
    if (!dy.shape().equals(outShape(g))) {
      throw new IllegalArgumentException(
          op + ": dy has shape " + dy.shape() + " but the pool's output is " + outShape(g));
    }
  }

  // ---------------------------------------------------------------- 1-D

  /**
   * The 1-D pools as TF computes them ({@code nn_ops.max_pool1d}: expand_dims to height 1, the 2-D
   * pool, squeeze): input {@code [batch, width, channels]}.
   */
  public static Tensor pool1d(String op, Tensor x, int poolSize, int stride, boolean same) {
    Check.notNull(op, "input", x);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    if (x.rank() != 3) {
      throw new IllegalArgumentException(
          op + ": needs input [batch, width, channels] (rank 3), got " + x.shape());
    }
    if (poolSize < 1 || stride < 1) {
      throw new IllegalArgumentException(
          op
              + ": poolSize "
              + poolSize
              + " and stride "
              + stride
              + " must be positive (input "
              + x.shape()
              + ")");
    }
    int[] xd = Internal.dims(x.shape());
    ConvOps.window(
        op, "width", xd[1], poolSize, stride, 1, same, "input " + x.shape() + ", pool " + poolSize);
    Tensor x4 = ShapeOps.reshape(x, new int[] {xd[0], 1, xd[1], xd[2]});
    int[] k = {1, poolSize};
    int[] s = {1, stride};
    Tensor y = op.startsWith("max") ? maxPool2d(x4, k, s, same) : avgPool2d(x4, k, s, same);
    int[] yd = Internal.dims(y.shape());
    return ShapeOps.reshape(y, new int[] {yd[0], yd[2], yd[3]});
  }
}
