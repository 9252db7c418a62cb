package dev.lanegrad.internal.kernels;

/**
 * The fused batch normalization's passes over channels-last data {@code [rows, c]} (float32 or
 * float64 arrays), on {@link BatchNormKernels} and {@link Threads}. The per-channel reductions
 * split the rows into at most {@link #GROUPS} groups fixed by the row count alone (at multiples of
 * {@link BatchNormKernels#BLOCK}), reduce each group, and merge the groups in order, so the bits do
 * not depend on how many threads ran the groups; the elementwise passes split rows anywhere.
 */
public final class BatchNorm {
  /** Reduction groups: 4 lets 1, 2 or 4 threads share the work evenly. */
  static final int GROUPS = 4;

  // below this many elements a pass runs on the caller alone (a hand-off costs more)
  private static final long PARALLEL = 1 << 16;

  private static final int MOMENTS = 0;
  private static final int SUMS = 1;
  private static final int NORMALIZE = 2;
  private static final int BACKPROP = 3;

  private BatchNorm() {}

  /** The groups of a reduction over {@code rows} rows. */
  static int groups(int rows) {
    int blocks = (rows + BatchNormKernels.BLOCK - 1) / BatchNormKernels.BLOCK;
    return Math.max(1, Math.min(GROUPS, blocks));
  }

  /** First row of group {@code q} of {@code groups}. */
  static int groupStart(int rows, int q, int groups) {
    int blocks = (rows + BatchNormKernels.BLOCK - 1) / BatchNormKernels.BLOCK;
    return (int) Math.min(rows, (long) blocks * q / groups * BatchNormKernels.BLOCK);
  }

  private static int parts(int rows, int c, int units) {
    return (long) rows * c < PARALLEL
        ? 1
        : Math.max(1, Math.min(Math.min(Threads.get(), Threads.callerCap()), units));
  }

  /**
   * Per-channel mean and population variance of {@code x} ({@code float[]} or {@code double[]},
   * {@code [rows, c]}) into {@code mean} and {@code variance} (NaN for 0 rows, as TF's 0 / 0).
   */
  public static void moments(Object x, int rows, int c, double[] mean, double[] variance) {
    moments(x, rows, c, mean, variance, 0);
  }

  /** {@link #moments} on {@code parts} threads ({@code 0}: as many as pay; tests force it). */
  static void moments(Object x, int rows, int c, double[] mean, double[] variance, int parts) {
    int groups = groups(rows);
    double[] part = new double[(groups + 1) * 2 * c]; // standards: allow the groups' moments
    run(MOMENTS, rows, c, groups, parts, x, null, null, null, null, null, part);
    // the groups merged in order
    int acc = groups * 2 * c;
    for (int q = 0; q < groups; q++) {
      int n = groupStart(rows, q, groups);
      int nb = groupStart(rows, q + 1, groups) - n;
      for (int i = 0; nb > 0 && i < c; i++) {
        double m = part[q * 2 * c + i];
        ScalarBatchNormKernels.merge(part, acc + i, acc + c + i, n, nb, m, part[q * 2 * c + c + i]);
      }
    }
    for (int i = 0; i < c; i++) {
      mean[i] = rows == 0 ? Double.NaN : part[acc + i];
      variance[i] = rows == 0 ? Double.NaN : part[acc + c + i] / rows;
    }
  }

  /**
   * {@code sumDy[i] = sum dy} and {@code sumDyXc[i] = sum dy (x - mean[i])} per channel, {@code
   * mean} of the arrays' type.
   */
  public static void gradSums(
      Object dy, Object x, Object mean, int rows, int c, double[] sumDy, double[] sumDyXc) {
    gradSums(dy, x, mean, rows, c, sumDy, sumDyXc, 0);
  }

  /** {@link #gradSums} on {@code parts} threads ({@code 0}: as many as pay). */
  static void gradSums(
      Object dy,
      Object x,
      Object mean,
      int rows,
      int c,
      double[] sumDy,
      double[] sumDyXc,
      int parts) {
    int groups = groups(rows);
    double[] part = new double[groups * 2 * c]; // standards: allow the groups' sums per call
    run(SUMS, rows, c, groups, parts, dy, x, mean, null, null, null, part);
    for (int i = 0; i < c; i++) {
      double s = 0;
      double t = 0;
      for (int q = 0; q < groups; q++) {
        s += part[q * 2 * c + i];
        t += part[q * 2 * c + c + i];
      }
      sumDy[i] = s;
      sumDyXc[i] = t;
    }
  }

  /** {@code y = fma(x - shift[i], scale[i], offset[i])}, arrays of one type. */
  public static void normalize(
      Object x, int rows, int c, Object shift, Object scale, Object offset, Object y) {
    run(NORMALIZE, rows, c, 0, 0, x, shift, scale, offset, null, y, null);
  }

  /** {@code dx = fma(-(x - mean[i]), coef[i], dy - dyMean[i]) * scale[i]}, arrays of one type. */
  public static void backprop(
      Object dy,
      Object x,
      Object mean,
      Object dyMean,
      Object coef,
      Object scale,
      int rows,
      int c,
      Object dx) {
    Object[] extra = {dyMean, coef}; // standards: allow the pass's arguments per call
    run(BACKPROP, rows, c, 0, 0, dy, x, mean, scale, extra, dx, null);
  }

  private static void run(
      int kind,
      int rows,
      int c,
      int groups,
      int forced,
      Object a,
      Object b,
      Object d,
      Object e,
      Object[] extra,
      Object out,
      double[] part) {
    boolean reduce = kind == MOMENTS || kind == SUMS;
    int units =
        reduce ? groups : Math.max(1, (rows + BatchNormKernels.BLOCK - 1) / BatchNormKernels.BLOCK);
    int parts = forced > 0 ? Math.min(forced, units) : parts(rows, c, units);
    Task[] task = new Task[parts]; // standards: allow one task array per call
    for (int q = 0; q < parts; q++) {
      task[q] =
          new Task(
              kind, rows, c, groups, q, parts, a, b, d, e, extra, out,
              part); // standards: allow task
    }
    if (parts == 1) {
      task[0].run();
    } else {
      Threads.parallel(task);
    }
  }

  /** One thread's groups (reductions: groups q, q + parts, ...) or rows (elementwise passes). */
  private static final class Task implements Runnable {
    private final int kind;
    private final int rows;
    private final int c;
    private final int groups;
    private final int q;
    private final int parts;
    private final Object a;
    private final Object b;
    private final Object d;
    private final Object e;
    private final Object[] extra;
    private final Object out;
    private final double[] part;

    Task(
        int kind,
        int rows,
        int c,
        int groups,
        int q,
        int parts,
        Object a,
        Object b,
        Object d,
        Object e,
        Object[] extra,
        Object out,
        double[] part) {
      this.kind = kind;
      this.rows = rows;
      this.c = c;
      this.groups = groups;
      this.q = q;
      this.parts = parts;
      this.a = a;
      this.b = b;
      this.d = d;
      this.e = e;
      this.extra = extra;
      this.out = out;
      this.part = part;
    }

    @Override
    public void run() {
      BatchNormKernels k = BatchNormKernels.get();
      if (kind == MOMENTS || kind == SUMS) {
        for (int g = q; g < groups; g += parts) {
          int r0 = groupStart(rows, g, groups);
          int r1 = groupStart(rows, g + 1, groups);
          int o = g * 2 * c;
          if (kind == MOMENTS) {
            if (a instanceof float[]) {
              k.momentsF32((float[]) a, c, r0, r1, part, o);
            } else {
              k.momentsF64((double[]) a, c, r0, r1, part, o);
            }
          } else if (a instanceof float[]) {
            k.gradSumsF32((float[]) a, (float[]) b, (float[]) d, c, r0, r1, part, o);
          } else {
            k.gradSumsF64((double[]) a, (double[]) b, (double[]) d, c, r0, r1, part, o);
          }
        }
        return;
      }
      int r0 = (int) ((long) rows * q / parts);
      int r1 = (int) ((long) rows * (q + 1) / parts);
      if (kind == NORMALIZE) {
        if (a instanceof float[]) {
          k.normalizeF32(
              (float[]) a, (float[]) b, (float[]) d, (float[]) e, c, r0, r1, (float[]) out);
        } else {
          k.normalizeF64(
              (double[]) a, (double[]) b, (double[]) d, (double[]) e, c, r0, r1, (double[]) out);
        }
      } else if (a instanceof float[]) {
        k.backpropF32(
            (float[]) a,
            (float[]) b,
            (float[]) d,
            (float[]) extra[0],
            (float[]) extra[1],
            (float[]) e,
            c,
            r0,
            r1,
            (float[]) out);
      } else {
        k.backpropF64(
            (double[]) a,
            (double[]) b,
            (double[]) d,
            (double[]) extra[0],
            (double[]) extra[1],
            (double[]) e,
            c,
            r0,
            r1,
            (double[]) out);
      }
    }
  }
}
