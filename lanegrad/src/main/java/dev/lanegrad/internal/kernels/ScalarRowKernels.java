package dev.lanegrad.internal.kernels;

/**
 * The scalar reference of {@link RowKernels}: {@code System.arraycopy} per row, typed loops for
 * rows shorter than {@link #SHORT} (a call per element costs more than the copy), and plain element
 * loops for the sums.
 */
public class ScalarRowKernels implements RowKernels {
  /** Rows shorter than this are copied element by element instead of by System.arraycopy. */
  static final int SHORT = 8;

  @Override
  public void gather(
      Object x, int[] idx, int outer, int perBatch, int n, int k, int inner, Object y) {
    if (inner == 0) {
      return;
    }
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      int xb = o * n * inner;
      int yb = o * k * inner;
      if (inner >= SHORT) {
        for (int j = 0; j < k; j++) {
          int r = idx[ib + j];
          if (r >= 0) {
            System.arraycopy(x, xb + r * inner, y, yb + j * inner, inner);
          }
        }
      } else {
        gatherShort(x, idx, ib, xb, k, inner, y, yb);
      }
    }
  }

  private static void gatherShort(
      Object x, int[] idx, int ib, int xb, int k, int inner, Object y, int yb) {
    if (x instanceof float[] a) {
      float[] b = (float[]) y;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          for (int i = 0; i < inner; i++) {
            b[yb + j * inner + i] = a[xb + r * inner + i];
          }
        }
      }
    } else if (x instanceof double[] a) {
      double[] b = (double[]) y;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          for (int i = 0; i < inner; i++) {
            b[yb + j * inner + i] = a[xb + r * inner + i];
          }
        }
      }
    } else if (x instanceof int[] a) {
      int[] b = (int[]) y;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          for (int i = 0; i < inner; i++) {
            b[yb + j * inner + i] = a[xb + r * inner + i];
          }
        }
      }
    } else {
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          System.arraycopy(x, xb + r * inner, y, yb + j * inner, inner);
        }
      }
    }
  }

  @Override
  public void scatterAddF32(
      float[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, float[] y) {
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          addRowF32(g, (o * k + j) * inner, y, (o * n + r) * inner, inner);
        }
      }
    }
  }

  static void addRowF32(float[] g, int go, float[] y, int yo, int len) {
    for (int i = 0; i < len; i++) {
      y[yo + i] += g[go + i];
    }
  }

  @Override
  public void scatterAddF64(
      double[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, double[] y) {
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          addRowF64(g, (o * k + j) * inner, y, (o * n + r) * inner, inner);
        }
      }
    }
  }

  static void addRowF64(double[] g, int go, double[] y, int yo, int len) {
    for (int i = 0; i < len; i++) {
      y[yo + i] += g[go + i];
    }
  }

  @Override
  public void scatterAddI32(
      int[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, int[] y) {
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          int go = (o * k + j) * inner;
          int yo = (o * n + r) * inner;
          for (int i = 0; i < inner; i++) {
            y[yo + i] += g[go + i];
          }
        }
      }
    }
  }

  @Override
  public void scatterAddI64(
      long[] g, int[] idx, int outer, int perBatch, int n, int k, int inner, long[] y) {
    for (int o = 0; o < outer; o++) {
      int ib = (o / perBatch) * k;
      for (int j = 0; j < k; j++) {
        int r = idx[ib + j];
        if (r >= 0) {
          int go = (o * k + j) * inner;
          int yo = (o * n + r) * inner;
          for (int i = 0; i < inner; i++) {
            y[yo + i] += g[go + i];
          }
        }
      }
    }
  }
}
