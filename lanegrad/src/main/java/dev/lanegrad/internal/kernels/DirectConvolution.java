package dev.lanegrad.internal.kernels;

import java.util.Arrays;

/**
 * The float32 convolution without an im2col matrix ({@link ConvKernels}): the forward and the
 * filter gradient run image by image, a padded image first copied into a per-thread buffer with its
 * zero border (so the kernels never test a tap), images split over {@link Threads}. The filter
 * gradient sums fixed groups of images into partial gradients and adds them in group order; the
 * groups depend on the batch only, so the bits are the same for any thread count. {@link
 * Convolution} takes this path where it applies (see {@link #applies}).
 */
final class DirectConvolution {
  /**
   * Largest filter ({@code depth x o} floats) the direct path takes: the forward streams the whole
   * filter per tile of 6 pixels, so it must stay in L2 (512 KiB); larger ones run on the GEMM,
   * whose blocking is made for them.
   */
  static final int MAX_FILTER = 1 << 17;

  /** Images summed into one partial filter gradient, at most: fixed, not per thread. */
  static final int GROUPS = 4;

  /** Multiply-adds below which a call stays on one thread (a hand-off costs microseconds). */
  static final long PARALLEL = 1L << 20;

  // per thread: [0] one padded image or group of images, [1] the partial filter gradients
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(DirectConvolution::empty); // standards: allow once per thread

  // per thread: [0] the pixels' window corners, [1] the depth rows' offsets (see tables)
  private static final ThreadLocal<int[][]> TABLES =
      ThreadLocal.withInitial(DirectConvolution::emptyTables); // standards: allow once per thread

  private static final ConvKernels SCALAR = new ScalarConvKernels(); // standards: allow once

  private DirectConvolution() {}

  /**
   * The direct kernels that match {@code k}: the scalar twin for the scalar reference {@link
   * ScalarKernels} (so that a twin test of {@link Convolution} compares SIMD with scalar here too),
   * else this JVM's.
   */
  static ConvKernels matching(Kernels k) {
    return k.getClass() == ScalarKernels.class ? SCALAR : ConvKernels.get();
  }

  private static float[][] empty() {
    return new float[2][0]; // standards: allow once per thread
  }

  private static int[][] emptyTables() {
    return new int[2][0]; // standards: allow once per thread
  }

  /**
   * This thread's offset tables for images {@code ws} cells wide: {@code [0][p]}, the window corner
   * of output pixel {@code p = oy*ow + ox}; {@code [1][k]}, depth row {@code k = (ky, kx, ci)} from
   * the corner.
   */
  static int[][] tables(ConvGeometry g, int ws) {
    int[][] t = TABLES.get();
    int pixels = g.oh * g.ow;
    int depth = g.depth();
    if (t[0].length < pixels) {
      t[0] = new int[pixels]; // standards: allow a per-thread table that only grows
    }
    if (t[1].length < depth) {
      t[1] = new int[depth]; // standards: allow a per-thread table that only grows
    }
    for (int oy = 0, p = 0; oy < g.oh; oy++) {
      for (int ox = 0; ox < g.ow; ox++, p++) {
        t[0][p] = (oy * g.sh * ws + ox * g.sw) * g.c;
      }
    }
    for (int ky = 0, k = 0; ky < g.kh; ky++) {
      for (int kx = 0; kx < g.kw; kx++) {
        for (int ci = 0; ci < g.c; ci++, k++) {
          t[1][k] = (ky * g.dh * ws + kx * g.dw) * g.c + ci;
        }
      }
    }
    return t;
  }

  private static float[] buffer(int slot, int n) {
    float[][] b = BUFFERS.get();
    if (b[slot].length < n) {
      b[slot] = new float[n]; // standards: allow a per-thread buffer that only grows
    }
    return b[slot];
  }

  /** Whether the direct path takes {@code g}: a window of 6+ taps x channels, a filter in L2. */
  static boolean applies(ConvGeometry g) {
    return !g.pointwise() && g.depth() >= 6 && (long) g.depth() * g.o <= MAX_FILTER;
  }

  /** Rows of the padded image: every tap of every output lands inside. */
  static int paddedH(ConvGeometry g) {
    return g.pt + Math.max(g.h, (g.oh - 1) * g.sh - g.pt + (g.kh - 1) * g.dh + 1);
  }

  static int paddedW(ConvGeometry g) {
    return g.pl + Math.max(g.w, (g.ow - 1) * g.sw - g.pl + (g.kw - 1) * g.dw + 1);
  }

  static boolean padded(ConvGeometry g) {
    return paddedH(g) != g.h || paddedW(g) != g.w;
  }

  /**
   * Images {@code b0 .. b1-1} of x into {@code buf}, each with its zero border; {@code zero}: clear
   * the images first (else the caller knows the border is still zero: only the interior is copied).
   */
  private static void pad(ConvGeometry g, float[] x, int b0, int b1, float[] buf, boolean zero) {
    int hs = paddedH(g);
    int ws = paddedW(g);
    int c = g.c;
    int image = hs * ws * c;
    if (zero) {
      Arrays.fill(buf, 0, (b1 - b0) * image, 0f);
    }
    for (int b = b0; b < b1; b++) {
      for (int iy = 0; iy < g.h; iy++) {
        System.arraycopy(
            x,
            (b * g.h + iy) * g.w * c,
            buf,
            (b - b0) * image + ((iy + g.pt) * ws + g.pl) * c,
            g.w * c);
      }
    }
  }

  private static int parts(ConvGeometry g, int units) {
    long macs = (long) g.rows() * g.depth() * g.o;
    return macs < PARALLEL
        ? 1
        : Math.max(1, Math.min(Math.min(Threads.get(), Threads.callerCap()), units));
  }

  /** {@code y = conv(x, f)} ({@link Convolution#forwardF32}'s contract). */
  static void forward(ConvKernels k, ConvGeometry g, float[] x, float[] f, float[] y) {
    forward(k, g, x, f, y, parts(g, g.n));
  }

  /** {@link #forward} on {@code parts} threads (tests force it). */
  static void forward(ConvKernels k, ConvGeometry g, float[] x, float[] f, float[] y, int parts) {
    parts = Math.max(1, Math.min(parts, g.n));
    if (parts <= 1) {
      forwardImages(k, g, x, f, y, 0, g.n);
      return;
    }
    Task[] task = new Task[parts]; // standards: allow one task array per parallel call
    for (int q = 0; q < parts; q++) {
      int b0 = (int) ((long) g.n * q / parts);
      int b1 = (int) ((long) g.n * (q + 1) / parts);
      task[q] = new Task(k, g, x, f, y, b0, b1, -1); // standards: allow task
    }
    Threads.parallel(task);
  }

  static void forwardImages(
      ConvKernels k, ConvGeometry g, float[] x, float[] f, float[] y, int b0, int b1) {
    int out = g.oh * g.ow * g.o;
    if (!padded(g)) {
      int image = g.h * g.w * g.c;
      int[][] t = tables(g, g.w);
      for (int b = b0; b < b1; b++) {
        k.forwardF32(g, g.w, x, b * image, f, y, b * out, t[0], t[1]);
      }
      return;
    }
    float[] buf = buffer(0, paddedH(g) * paddedW(g) * g.c);
    int[][] t = tables(g, paddedW(g));
    for (int b = b0; b < b1; b++) {
      // one image at a time through the same buffer: its border, zeroed once, stays zero
      pad(g, x, b, b + 1, buf, b == b0);
      k.forwardF32(g, paddedW(g), buf, 0, f, y, b * out, t[0], t[1]);
    }
  }

  /** {@code df = sum over the batch} ({@link Convolution#backpropFilterF32}'s contract). */
  static void filter(ConvKernels k, ConvGeometry g, float[] x, float[] dy, float[] df) {
    filter(k, g, x, dy, df, parts(g, Math.min(GROUPS, g.n)));
  }

  /** {@link #filter} on {@code parts} threads (tests force it). */
  static void filter(ConvKernels k, ConvGeometry g, float[] x, float[] dy, float[] df, int parts) {
    int size = g.depth() * g.o;
    int groups = Math.min(GROUPS, g.n);
    parts = Math.max(1, Math.min(parts, groups));
    // group 0 sums straight into df; the others into partials, added in group order
    float[] partial = groups > 1 ? buffer(1, (groups - 1) * size) : df;
    if (parts <= 1) {
      for (int q = 0; q < groups; q++) {
        filterGroup(k, g, x, dy, q == 0 ? df : partial, q == 0 ? 0 : (q - 1) * size, q, groups);
      }
    } else {
      Task[] task = new Task[parts]; // standards: allow one task array per parallel call
      for (int q = 0; q < parts; q++) {
        task[q] = new Task(k, g, x, dy, df, q, parts, groups); // standards: allow task
        task[q].partial = partial;
      }
      Threads.parallel(task);
    }
    for (int q = 1; q < groups; q++) {
      int po = (q - 1) * size;
      for (int i = 0; i < size; i++) {
        df[i] += partial[po + i];
      }
    }
  }

  /** Group {@code q} of {@code groups}: images {@code [n q / groups, n (q+1) / groups)}. */
  static void filterGroup(
      ConvKernels k,
      ConvGeometry g,
      float[] x,
      float[] dy,
      float[] part,
      int po,
      int q,
      int groups) {
    int b0 = (int) ((long) g.n * q / groups);
    int b1 = (int) ((long) g.n * (q + 1) / groups);
    int dyo = b0 * g.oh * g.ow * g.o;
    if (!padded(g)) {
      k.filterF32(g, g.h, g.w, x, b0 * g.h * g.w * g.c, b1 - b0, dy, dyo, part, po);
      return;
    }
    int hs = paddedH(g);
    int ws = paddedW(g);
    float[] buf = buffer(0, (b1 - b0) * hs * ws * g.c);
    pad(g, x, b0, b1, buf, true);
    k.filterF32(g, hs, ws, buf, 0, b1 - b0, dy, dyo, part, po);
  }

  /** One thread's images (forward, {@code groups < 0}) or groups (filter gradient). */
  private static final class Task implements Runnable {
    private final ConvKernels k;
    private final ConvGeometry g;
    private final float[] x;
    private final float[] b;
    private final float[] out;
    private final int lo;
    private final int hi;
    private final int groups;
    float[] partial;

    Task(
        ConvKernels k,
        ConvGeometry g,
        float[] x,
        float[] b,
        float[] out,
        int lo,
        int hi,
        int groups) {
      this.k = k;
      this.g = g;
      this.x = x;
      this.b = b;
      this.out = out;
      this.lo = lo;
      this.hi = hi;
      this.groups = groups;
    }

    @Override
    public void run() {
      if (groups < 0) {
        forwardImages(k, g, x, b, out, lo, hi);
        return;
      }
      // lo = this part, hi = the parts: groups lo, lo + hi, ...
      int size = g.depth() * g.o;
      for (int q = lo; q < groups; q += hi) {
        filterGroup(k, g, x, b, q == 0 ? out : partial, q == 0 ? 0 : (q - 1) * size, q, groups);
      }
    }
  }
}
