package dev.lanegrad.internal.ops;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.ConvGeometry;
import dev.lanegrad.internal.kernels.Convolution;
import dev.lanegrad.internal.kernels.KernelProvider;
import java.util.Arrays;

/**
 * Convolutions (TF's {@code tf.nn.conv1d/conv2d}, NWC/NHWC data, {@code [k, in, out]}/HWIO filters)
 * and their two backprops, which are ops of their own as TF's {@code Conv2DBackpropInput} and
 * {@code Conv2DBackpropFilter}, so that the gradient of a gradient is again a convolution (TF's
 * nn_grad.py: _Conv2DGrad, _Conv2DBackpropInputGrad, _Conv2DBackpropFilterGrad). Kernels: {@link
 * Convolution}, im2col on the GEMM.
 */
public final class ConvOps {
  private ConvOps() {}

  /**
   * The output size and padding before of one spatial axis, as TF's {@code
   * GetWindowedOutputSizeVerbose}: VALID {@code ceil((in - ek + 1) / s)}; SAME {@code ceil(in / s)}
   * with {@code max((out - 1) s + ek - in, 0)} cells padded, the odd one at the end. Returns {@code
   * {out, padBefore}}.
   */
  static int[] window(
      String op, String axis, int in, int k, int s, int d, boolean same, String what) {
    long ek = (long) (k - 1) * d + 1;
    if (same) {
      int out = (int) ((in + (long) s - 1) / s);
      long total = Math.max((long) (out - 1) * s + ek - in, 0);
      return new int[] {out, (int) (total / 2)};
    }
    if (in < ek) {
      throw new IllegalArgumentException(
          op
              + ": with VALID padding the "
              + axis
              + " "
              + in
              + " is smaller than the "
              + (d > 1 ? "dilated " : "")
              + "window "
              + ek
              + " ("
              + what
              + "); use SAME padding or a smaller window");
    }
    return new int[] {(int) ((in - ek) / s + 1), 0};
  }

  /**
   * Strides or dilations of a 2-D op: positive, given as 1, 2 or 4 (TF's NHWC {@code [1, h, w, 1]})
   * numbers.
   */
  public static int[] spatial(String op, String name, int[] v) {
    Check.notNull(op, name, v);
    int[] hw;
    if (v.length == 1) {
      hw = new int[] {v[0], v[0]};
    } else if (v.length == 2) {
      hw = v.clone();
    } else if (v.length == 4) {
      if (v[0] != 1 || v[3] != 1) {
        throw new IllegalArgumentException(
            op
                + ": "
                + name
                + " "
                + Arrays.toString(v)
                + " must be 1 in the batch and channel positions (NHWC)");
      }
      hw = new int[] {v[1], v[2]};
    } else {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " "
              + Arrays.toString(v)
              + " needs 1, 2 or 4 numbers ([h, w] or [1, h, w, 1])");
    }
    if (hw[0] < 1 || hw[1] < 1) {
      throw new IllegalArgumentException(
          op + ": " + name + " " + Arrays.toString(v) + " must be positive");
    }
    return hw;
  }

  private static void floats(String op, Tensor x, Tensor f, String xName, String fName) {
    Check.notNull(op, xName, x);
    Check.notNull(op, fName, f);
    Check.dtypeIn(op, x, DType.FLOAT32, DType.FLOAT64);
    Check.sameDType(op, x, f);
  }

  // ---------------------------------------------------------------- conv2d

  /**
   * {@code y[b, oy, ox, o] = sum_{ky, kx, c} x[b, oy*sh - pt + ky*dh, ox*sw - pl + kx*dw, c] *
   * f[ky, kx, c, o]} (cells outside x are 0), x {@code [n, h, w, c]}, f {@code [kh, kw, c, o]}.
   */
  public static Tensor conv2d(Tensor x, Tensor f, int[] strides, boolean same, int[] dilations) {
    floats("conv2d", x, f, "input", "filters");
    return forward(x, f, geometry("conv2d", x.shape(), f.shape(), strides, same, dilations));
  }

  /** Checks the shapes of a conv2d and computes its geometry (TF's SAME/VALID rule). */
  static ConvGeometry geometry(
      String op, Shape xs, Shape fs, int[] strides, boolean same, int[] dilations) {
    int[] s = spatial(op, "strides", strides);
    int[] d = spatial(op, "dilations", dilations);
    if (xs.rank() != 4 || fs.rank() != 4) {
      throw new IllegalArgumentException(
          op
              + ": needs input [batch, height, width, channels] and filters [height, width, in, out]"
              + " (rank 4 each), got input "
              + xs
              + " and filters "
              + fs);
    }
    int[] xd = Internal.dims(xs);
    int[] fd = Internal.dims(fs);
    if (xd[3] != fd[2]) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + xs
              + " has "
              + xd[3]
              + " channels but filters "
              + fs
              + " expect "
              + fd[2]
              + " (filters are [height, width, in, out])");
    }
    String what = "input " + xs + ", filters " + fs;
    int[] hy = window(op, "height", xd[1], fd[0], s[0], d[0], same, what);
    int[] wx = window(op, "width", xd[2], fd[1], s[1], d[1], same, what);
    ConvGeometry g =
        new ConvGeometry(
            xd[0], xd[1], xd[2], xd[3], fd[0], fd[1], fd[3], s[0], s[1], d[0], d[1], hy[1], wx[1],
            hy[0], wx[0]);
    Check.size(op, Shape.of(g.n, g.oh, g.ow, g.o));
    return g;
  }

  /**
   * TF's {@code tf.nn.conv2d_backprop_input} and {@code conv2d_backprop_filter} as ops of their own
   * (the gradients of {@code conv2d(x, f, strides, same, dilations)} for an upstream {@code dy},
   * given the shape of the other operand); the gradient rules call them.
   */
  public static Tensor conv2dBackpropInput(
      Shape xShape, Tensor f, Tensor dy, int[] strides, boolean same, int[] dilations) {
    String op = "conv2dBackpropInput";
    floats(op, f, dy, "filters", "dy");
    ConvGeometry g = geometry(op, xShape, f.shape(), strides, same, dilations);
    checkDy(op, g, dy);
    return backpropInput(xShape, f, dy, g);
  }

  /** See {@link #conv2dBackpropInput}. */
  public static Tensor conv2dBackpropFilter(
      Tensor x, Shape fShape, Tensor dy, int[] strides, boolean same, int[] dilations) {
    String op = "conv2dBackpropFilter";
    floats(op, x, dy, "input", "dy");
    ConvGeometry g = geometry(op, x.shape(), fShape, strides, same, dilations);
    checkDy(op, g, dy);
    return backpropFilter(x, fShape, dy, g);
  }

  private static void checkDy(String op, ConvGeometry g, Tensor dy) {
    Shape want = Shape.of(g.n, g.oh, g.ow, g.o);
    if (!dy.shape().equals(want)) {
      throw new IllegalArgumentException(
          op + ": dy has shape " + dy.shape() + " but the convolution's output is " + want);
    }
  }

  /** conv2d on a checked geometry: the forward of conv2d and of the backprops' rules. */
  static Tensor forward(Tensor x, Tensor f, ConvGeometry g) {
    Shape ys = Shape.of(g.n, g.oh, g.ow, g.o);
    Object y = Layout.alloc("conv2d", x.dtype(), (int) ys.size());
    if (x.dtype() == DType.FLOAT32) {
      Convolution.forwardF32(
          KernelProvider.get(), g, Internal.f32(x), Internal.f32(f), (float[]) y);
    } else {
      Convolution.forwardF64(
          KernelProvider.get(), g, Internal.f64(x), Internal.f64(f), (double[]) y);
    }
    Tensor out = Internal.make(x.dtype(), ys, y);
    return Recorder.recordWith("conv2d", out, CONV2D_GRAD, g, x, f);
  }

  // TF's _Conv2DGrad: each input's gradient is a backprop op with the forward's geometry
  static final GradRule CONV2D_GRAD =
      (e, dy) -> {
        ConvGeometry g = (ConvGeometry) e.attrs();
        return new Tensor[] {
          e.needs(0) ? backpropInput(e.in(0).shape(), e.in(1), dy, g) : null,
          e.needs(1) ? backpropFilter(e.in(0), e.in(1).shape(), dy, g) : null
        };
      };

  // ---------------------------------------------------------------- Conv2DBackpropInput

  /**
   * TF's {@code Conv2DBackpropInput}: the gradient of conv2d with respect to its input, {@code
   * dx[b, iy, ix, c] = sum dy[b, oy, ox, o] f[ky, kx, c, o]} over the taps that read {@code (iy,
   * ix)}; shaped {@code xShape}.
   */
  static Tensor backpropInput(Shape xShape, Tensor f, Tensor dy, ConvGeometry g) {
    Object dx = Layout.alloc("conv2dBackpropInput", f.dtype(), (int) xShape.size());
    if (f.dtype() == DType.FLOAT32) {
      Convolution.backpropInputF32(
          KernelProvider.get(), g, Internal.f32(f), Internal.f32(dy), (float[]) dx);
    } else {
      Convolution.backpropInputF64(
          KernelProvider.get(), g, Internal.f64(f), Internal.f64(dy), (double[]) dx);
    }
    Tensor out = Internal.make(f.dtype(), xShape, dx);
    return Recorder.recordWith("conv2dBackpropInput", out, CONV2D_BACKPROP_INPUT_GRAD, g, f, dy);
  }

  // TF's _Conv2DBackpropInputGrad: d/dfilter = Conv2DBackpropFilter(grad, dy), d/ddy = conv2d(grad,
  // f)
  static final GradRule CONV2D_BACKPROP_INPUT_GRAD =
      (e, gx) -> {
        ConvGeometry g = (ConvGeometry) e.attrs();
        return new Tensor[] {
          e.needs(0) ? backpropFilter(gx, e.in(0).shape(), e.in(1), g) : null,
          e.needs(1) ? forward(gx, e.in(0), g) : null
        };
      };

  // ---------------------------------------------------------------- Conv2DBackpropFilter

  /**
   * TF's {@code Conv2DBackpropFilter}: the gradient of conv2d with respect to its filters, {@code
   * df[ky, kx, c, o] = sum_{b, oy, ox} x[b, oy*sh - pt + ky*dh, ox*sw - pl + kx*dw, c] dy[b, oy,
   * ox, o]}; shaped {@code fShape}.
   */
  static Tensor backpropFilter(Tensor x, Shape fShape, Tensor dy, ConvGeometry g) {
    Object df = Layout.alloc("conv2dBackpropFilter", x.dtype(), (int) fShape.size());
    if (x.dtype() == DType.FLOAT32) {
      Convolution.backpropFilterF32(
          KernelProvider.get(), g, Internal.f32(x), Internal.f32(dy), (float[]) df);
    } else {
      Convolution.backpropFilterF64(
          KernelProvider.get(), g, Internal.f64(x), Internal.f64(dy), (double[]) df);
    }
    Tensor out = Internal.make(x.dtype(), fShape, df);
    return Recorder.recordWith("conv2dBackpropFilter", out, CONV2D_BACKPROP_FILTER_GRAD, g, x, dy);
  }

  // TF's _Conv2DBackpropFilterGrad: d/dx = Conv2DBackpropInput(grad, dy), d/ddy = conv2d(x, grad)
  static final GradRule CONV2D_BACKPROP_FILTER_GRAD =
      (e, gf) -> {
        ConvGeometry g = (ConvGeometry) e.attrs();
        return new Tensor[] {
          e.needs(0) ? backpropInput(e.in(0).shape(), gf, e.in(1), g) : null,
          e.needs(1) ? forward(e.in(0), gf, g) : null
        };
      };

  // ---------------------------------------------------------------- conv1d

  /**
   * TF's {@code tf.nn.conv1d}: x {@code [batch, width, in]}, f {@code [k, in, out]}; computed as TF
   * computes it, a conv2d of height 1 between two reshapes (so its gradients are conv2d's).
   */
  public static Tensor conv1d(Tensor x, Tensor f, int stride, boolean same, int dilation) {
    String op = "conv1d";
    floats(op, x, f, "input", "filters");
    if (x.rank() != 3 || f.rank() != 3) {
      throw new IllegalArgumentException(
          op
              + ": needs input [batch, width, channels] and filters [width, in, out] (rank 3"
              + " each), got input "
              + x.shape()
              + " and filters "
              + f.shape());
    }
    if (stride < 1 || dilation < 1) {
      throw new IllegalArgumentException(
          op
              + ": stride "
              + stride
              + " and dilation "
              + dilation
              + " must be positive (input "
              + x.shape()
              + ", filters "
              + f.shape()
              + ")");
    }
    int[] xd = Internal.dims(x.shape());
    int[] fd = Internal.dims(f.shape());
    if (xd[2] != fd[1]) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + x.shape()
              + " has "
              + xd[2]
              + " channels but filters "
              + f.shape()
              + " expect "
              + fd[1]
              + " (filters are [width, in, out])");
    }
    window(
        op,
        "width",
        xd[1],
        fd[0],
        stride,
        dilation,
        same,
        "input " + x.shape() + ", filters " + f.shape());
    Tensor y =
        conv2d(
            ShapeOps.reshape(x, new int[] {xd[0], 1, xd[1], xd[2]}),
            ShapeOps.reshape(f, new int[] {1, fd[0], fd[1], fd[2]}),
            new int[] {1, stride},
            same,
            new int[] {1, dilation});
    int[] yd = Internal.dims(y.shape());
    return ShapeOps.reshape(y, new int[] {yd[0], yd[2], yd[3]});
  }
}
