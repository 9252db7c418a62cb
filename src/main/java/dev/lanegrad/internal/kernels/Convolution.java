package dev.lanegrad.internal.kernels;

import java.util.Arrays;

/**
 * 2-D convolution and its two backprops on the GEMM (im2col), NHWC data and HWIO filters. The
 * im2col matrix is built a chunk of rows at a time into a per-thread buffer that is reused (about
 * {@link #CHUNK} elements, so it stays in L2 beside the packed GEMM panels), and every product runs
 * on the {@link Kernels#matmulF32} it is given: with {@code SimdKernels} that is the Vector API
 * GEMM, with {@code ScalarKernels} its scalar twin, which gives the same bits. A 1x1 window at
 * stride 1 without padding skips the copy: the input already is the matrix. The chunks depend only
 * on the shapes, so the results are identical for any thread count.
 */
public final class Convolution {
  /** Elements of one im2col chunk (rows x depth): 1 MiB of floats. */
  static final int CHUNK = 1 << 18;

  // two buffers per thread and dtype: the im2col chunk and a partial filter gradient
  private static final ThreadLocal<float[][]> F32 =
      ThreadLocal.withInitial(Convolution::emptyF32); // standards: allow once per thread

  private static final ThreadLocal<double[][]> F64 =
      ThreadLocal.withInitial(Convolution::emptyF64); // standards: allow once per thread

  private Convolution() {}

  private static float[][] emptyF32() {
    return new float[2][0]; // standards: allow once per thread
  }

  private static double[][] emptyF64() {
    return new double[2][0]; // standards: allow once per thread
  }

  /** Rows of one im2col chunk: about {@link #CHUNK} elements, at least one row. */
  static int chunkRows(ConvGeometry g) {
    return Math.max(1, Math.min(g.rows(), CHUNK / Math.max(1, g.depth())));
  }

  /**
   * Forward convolution {@code y[r, o] = sum_k im2col(x)[r, k] * f[k, o]} over the rows {@code r =
   * (b, oy, ox)} and the depth {@code k = (ky, kx, ci)}: NHWC {@code x}, HWIO {@code f} (already
   * the {@code [depth, o]} matrix), NHWC {@code y} (already the {@code [rows, o]} matrix,
   * overwritten).
   */
  public static void forwardF32(Kernels k, ConvGeometry g, float[] x, float[] f, float[] y) {
    int rows = g.rows();
    int depth = g.depth();
    if (rows == 0 || g.o == 0) {
      return;
    }
    if (g.pointwise()) {
      k.matmulF32(x, 0, f, 0, y, 0, rows, g.o, depth, false, false);
      return;
    }
    int chunk = chunkRows(g);
    float[] col = bufferF32(0, chunk * depth);
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      im2colF32(g, x, r0, m, col);
      k.matmulF32(col, 0, f, 0, y, r0 * g.o, m, g.o, depth, false, false);
    }
  }

  /**
   * The input gradient (TF's Conv2DBackpropInput): {@code dx = col2im(dy f^T)}, the transpose of
   * {@link #forwardF32} applied to {@code dy}. {@code dx} must be zeroed; it is overwritten.
   */
  public static void backpropInputF32(
      Kernels k, ConvGeometry g, float[] f, float[] dy, float[] dx) {
    int rows = g.rows();
    int depth = g.depth();
    if (rows == 0 || depth == 0) {
      return;
    }
    if (g.pointwise()) {
      k.matmulF32(dy, 0, f, 0, dx, 0, rows, depth, g.o, false, true);
      return;
    }
    int chunk = chunkRows(g);
    float[] col = bufferF32(0, chunk * depth);
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      k.matmulF32(dy, r0 * g.o, f, 0, col, 0, m, depth, g.o, false, true);
      col2imF32(g, col, r0, m, dx);
    }
  }

  /**
   * The filter gradient (TF's Conv2DBackpropFilter): {@code df = im2col(x)^T dy}, summed chunk by
   * chunk in row order (the chunks depend on the shapes only, so the bits do not depend on the
   * thread count). {@code df} ({@code [depth, o]}) is overwritten.
   */
  public static void backpropFilterF32(
      Kernels k, ConvGeometry g, float[] x, float[] dy, float[] df) {
    int rows = g.rows();
    int depth = g.depth();
    int size = depth * g.o;
    if (size == 0) {
      return;
    }
    if (rows == 0) {
      Arrays.fill(df, 0, size, 0f);
      return;
    }
    if (g.pointwise()) {
      k.matmulF32(x, 0, dy, 0, df, 0, depth, g.o, rows, true, false);
      return;
    }
    int chunk = chunkRows(g);
    float[] col = bufferF32(0, chunk * depth);
    float[] part = rows > chunk ? bufferF32(1, size) : col;
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      im2colF32(g, x, r0, m, col);
      if (r0 == 0) {
        k.matmulF32(col, 0, dy, 0, df, 0, depth, g.o, m, true, false);
      } else {
        k.matmulF32(col, 0, dy, r0 * g.o, part, 0, depth, g.o, m, true, false);
        for (int i = 0; i < size; i++) {
          df[i] += part[i];
        }
      }
    }
  }

  /** Rows {@code r0 .. r0+m-1} of the im2col matrix of {@code x} into {@code col} (m x depth). */
  static void im2colF32(ConvGeometry g, float[] x, int r0, int m, float[] col) {
    int c = g.c;
    int kwc = g.kw * c;
    int depth = g.kh * kwc;
    int ohw = g.oh * g.ow;
    int b = r0 / ohw;
    int oy = r0 % ohw / g.ow;
    int ox = r0 % g.ow;
    for (int r = 0; r < m; r++) {
      int d = r * depth;
      int iy0 = oy * g.sh - g.pt;
      int ix0 = ox * g.sw - g.pl;
      int kx0 = g.dw == 1 ? Math.max(0, -ix0) : 0;
      int kx1 = g.dw == 1 ? Math.max(kx0, Math.min(g.kw, g.w - ix0)) : 0;
      for (int ky = 0; ky < g.kh; ky++, d += kwc) {
        int iy = iy0 + ky * g.dh;
        if (iy < 0 || iy >= g.h) {
          Arrays.fill(col, d, d + kwc, 0f);
          continue;
        }
        int rowBase = ((b * g.h + iy) * g.w + ix0) * c;
        if (g.dw == 1) {
          // the taps of one window row are adjacent input cells: one run, padding at its ends
          Arrays.fill(col, d, d + kx0 * c, 0f);
          copyF32(x, rowBase + kx0 * c, col, d + kx0 * c, (kx1 - kx0) * c);
          Arrays.fill(col, d + kx1 * c, d + kwc, 0f);
        } else {
          for (int kx = 0; kx < g.kw; kx++) {
            int ix = ix0 + kx * g.dw;
            if (ix < 0 || ix >= g.w) {
              Arrays.fill(col, d + kx * c, d + kx * c + c, 0f);
            } else {
              copyF32(x, rowBase + kx * g.dw * c, col, d + kx * c, c);
            }
          }
        }
      }
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          b++;
        }
      }
    }
  }

  /** The transpose of {@link #im2colF32}: adds rows {@code r0 .. r0+m-1} of {@code col} into dx. */
  static void col2imF32(ConvGeometry g, float[] col, int r0, int m, float[] dx) {
    int c = g.c;
    int kwc = g.kw * c;
    int depth = g.kh * kwc;
    int ohw = g.oh * g.ow;
    int b = r0 / ohw;
    int oy = r0 % ohw / g.ow;
    int ox = r0 % g.ow;
    for (int r = 0; r < m; r++) {
      int d = r * depth;
      int iy0 = oy * g.sh - g.pt;
      int ix0 = ox * g.sw - g.pl;
      for (int ky = 0; ky < g.kh; ky++, d += kwc) {
        int iy = iy0 + ky * g.dh;
        if (iy < 0 || iy >= g.h) {
          continue;
        }
        int rowBase = ((b * g.h + iy) * g.w + ix0) * c;
        for (int kx = 0; kx < g.kw; kx++) {
          int ix = ix0 + kx * g.dw;
          if (ix >= 0 && ix < g.w) {
            int s = d + kx * c;
            int t = rowBase + kx * g.dw * c;
            for (int i = 0; i < c; i++) {
              dx[t + i] += col[s + i];
            }
          }
        }
      }
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          b++;
        }
      }
    }
  }

  private static void copyF32(float[] x, int xo, float[] y, int yo, int n) {
    if (n < 16) { // a call costs more than a few moves
      for (int i = 0; i < n; i++) {
        y[yo + i] = x[xo + i];
      }
    } else {
      System.arraycopy(x, xo, y, yo, n);
    }
  }

  /** This thread's buffer {@code slot} of at least {@code n} floats (grown, never shrunk). */
  private static float[] bufferF32(int slot, int n) {
    float[][] b = F32.get();
    if (b[slot].length < n) {
      b[slot] = new float[n]; // standards: allow a per-thread buffer that only grows
    }
    return b[slot];
  }

  /**
   * Forward convolution {@code y[r, o] = sum_k im2col(x)[r, k] * f[k, o]} over the rows {@code r =
   * (b, oy, ox)} and the depth {@code k = (ky, kx, ci)}: NHWC {@code x}, HWIO {@code f} (already
   * the {@code [depth, o]} matrix), NHWC {@code y} (already the {@code [rows, o]} matrix,
   * overwritten).
   */
  public static void forwardF64(Kernels k, ConvGeometry g, double[] x, double[] f, double[] y) {
    int rows = g.rows();
    int depth = g.depth();
    if (rows == 0 || g.o == 0) {
      return;
    }
    if (g.pointwise()) {
      k.matmulF64(x, 0, f, 0, y, 0, rows, g.o, depth, false, false);
      return;
    }
    int chunk = chunkRows(g);
    double[] col = bufferF64(0, chunk * depth);
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      im2colF64(g, x, r0, m, col);
      k.matmulF64(col, 0, f, 0, y, r0 * g.o, m, g.o, depth, false, false);
    }
  }

  /**
   * The input gradient (TF's Conv2DBackpropInput): {@code dx = col2im(dy f^T)}, the transpose of
   * {@link #forwardF64} applied to {@code dy}. {@code dx} must be zeroed; it is overwritten.
   */
  public static void backpropInputF64(
      Kernels k, ConvGeometry g, double[] f, double[] dy, double[] dx) {
    int rows = g.rows();
    int depth = g.depth();
    if (rows == 0 || depth == 0) {
      return;
    }
    if (g.pointwise()) {
      k.matmulF64(dy, 0, f, 0, dx, 0, rows, depth, g.o, false, true);
      return;
    }
    int chunk = chunkRows(g);
    double[] col = bufferF64(0, chunk * depth);
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      k.matmulF64(dy, r0 * g.o, f, 0, col, 0, m, depth, g.o, false, true);
      col2imF64(g, col, r0, m, dx);
    }
  }

  /**
   * The filter gradient (TF's Conv2DBackpropFilter): {@code df = im2col(x)^T dy}, summed chunk by
   * chunk in row order (the chunks depend on the shapes only, so the bits do not depend on the
   * thread count). {@code df} ({@code [depth, o]}) is overwritten.
   */
  public static void backpropFilterF64(
      Kernels k, ConvGeometry g, double[] x, double[] dy, double[] df) {
    int rows = g.rows();
    int depth = g.depth();
    int size = depth * g.o;
    if (size == 0) {
      return;
    }
    if (rows == 0) {
      Arrays.fill(df, 0, size, 0.0);
      return;
    }
    if (g.pointwise()) {
      k.matmulF64(x, 0, dy, 0, df, 0, depth, g.o, rows, true, false);
      return;
    }
    int chunk = chunkRows(g);
    double[] col = bufferF64(0, chunk * depth);
    double[] part = rows > chunk ? bufferF64(1, size) : col;
    for (int r0 = 0; r0 < rows; r0 += chunk) {
      int m = Math.min(chunk, rows - r0);
      im2colF64(g, x, r0, m, col);
      if (r0 == 0) {
        k.matmulF64(col, 0, dy, 0, df, 0, depth, g.o, m, true, false);
      } else {
        k.matmulF64(col, 0, dy, r0 * g.o, part, 0, depth, g.o, m, true, false);
        for (int i = 0; i < size; i++) {
          df[i] += part[i];
        }
      }
    }
  }

  /** Rows {@code r0 .. r0+m-1} of the im2col matrix of {@code x} into {@code col} (m x depth). */
  static void im2colF64(ConvGeometry g, double[] x, int r0, int m, double[] col) {
    int c = g.c;
    int kwc = g.kw * c;
    int depth = g.kh * kwc;
    int ohw = g.oh * g.ow;
    int b = r0 / ohw;
    int oy = r0 % ohw / g.ow;
    int ox = r0 % g.ow;
    for (int r = 0; r < m; r++) {
      int d = r * depth;
      int iy0 = oy * g.sh - g.pt;
      int ix0 = ox * g.sw - g.pl;
      int kx0 = g.dw == 1 ? Math.max(0, -ix0) : 0;
      int kx1 = g.dw == 1 ? Math.max(kx0, Math.min(g.kw, g.w - ix0)) : 0;
      for (int ky = 0; ky < g.kh; ky++, d += kwc) {
        int iy = iy0 + ky * g.dh;
        if (iy < 0 || iy >= g.h) {
          Arrays.fill(col, d, d + kwc, 0.0);
          continue;
        }
        int rowBase = ((b * g.h + iy) * g.w + ix0) * c;
        if (g.dw == 1) {
          // the taps of one window row are adjacent input cells: one run, padding at its ends
          Arrays.fill(col, d, d + kx0 * c, 0.0);
          copyF64(x, rowBase + kx0 * c, col, d + kx0 * c, (kx1 - kx0) * c);
          Arrays.fill(col, d + kx1 * c, d + kwc, 0.0);
        } else {
          for (int kx = 0; kx < g.kw; kx++) {
            int ix = ix0 + kx * g.dw;
            if (ix < 0 || ix >= g.w) {
              Arrays.fill(col, d + kx * c, d + kx * c + c, 0.0);
            } else {
              copyF64(x, rowBase + kx * g.dw * c, col, d + kx * c, c);
            }
          }
        }
      }
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          b++;
        }
      }
    }
  }

  /** The transpose of {@link #im2colF64}: adds rows {@code r0 .. r0+m-1} of {@code col} into dx. */
  static void col2imF64(ConvGeometry g, double[] col, int r0, int m, double[] dx) {
    int c = g.c;
    int kwc = g.kw * c;
    int depth = g.kh * kwc;
    int ohw = g.oh * g.ow;
    int b = r0 / ohw;
    int oy = r0 % ohw / g.ow;
    int ox = r0 % g.ow;
    for (int r = 0; r < m; r++) {
      int d = r * depth;
      int iy0 = oy * g.sh - g.pt;
      int ix0 = ox * g.sw - g.pl;
      for (int ky = 0; ky < g.kh; ky++, d += kwc) {
        int iy = iy0 + ky * g.dh;
        if (iy < 0 || iy >= g.h) {
          continue;
        }
        int rowBase = ((b * g.h + iy) * g.w + ix0) * c;
        for (int kx = 0; kx < g.kw; kx++) {
          int ix = ix0 + kx * g.dw;
          if (ix >= 0 && ix < g.w) {
            int s = d + kx * c;
            int t = rowBase + kx * g.dw * c;
            for (int i = 0; i < c; i++) {
              dx[t + i] += col[s + i];
            }
          }
        }
      }
      if (++ox == g.ow) {
        ox = 0;
        if (++oy == g.oh) {
          oy = 0;
          b++;
        }
      }
    }
  }

  private static void copyF64(double[] x, int xo, double[] y, int yo, int n) {
    if (n < 16) { // a call costs more than a few moves
      for (int i = 0; i < n; i++) {
        y[yo + i] = x[xo + i];
      }
    } else {
      System.arraycopy(x, xo, y, yo, n);
    }
  }

  /** This thread's buffer {@code slot} of at least {@code n} floats (grown, never shrunk). */
  private static double[] bufferF64(int slot, int n) {
    double[][] b = F64.get();
    if (b[slot].length < n) {
      b[slot] = new double[n]; // standards: allow a per-thread buffer that only grows
    }
    return b[slot];
  }
}
