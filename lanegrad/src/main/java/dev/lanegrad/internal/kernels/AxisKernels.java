package dev.lanegrad.internal.kernels;

/**
 * Loops along one axis of a tensor viewed as {@code [outer, n, inner]} (element {@code (o, k, i)}
 * at {@code (o n + k) inner + i}), and index copies, for the ops that have no Vector API form:
 * products, boolean reductions, argmax/argmin, stable argsort, and the gather/scatter by flat index
 * behind topK, sort and einsum's diagonals. Plain loops: their data moves by index or compares,
 * which the lanes of JDK 17's incubator API do not speed up.
 */
public final class AxisKernels {
  private AxisKernels() {}

  /** {@code y[o, i] = prod_k x[o, k, i]} (1 for {@code n = 0}), in order of k. */
  public static void prodF32(float[] x, int outer, int n, int inner, float[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        float p = 1f;
        for (int k = 0, at = o * n * inner + i; k < n; k++, at += inner) p *= x[at];
        y[o * inner + i] = p;
      }
    }
  }

  /** {@link #prodF32} on doubles. */
  public static void prodF64(double[] x, int outer, int n, int inner, double[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double p = 1.0;
        for (int k = 0, at = o * n * inner + i; k < n; k++, at += inner) p *= x[at];
        y[o * inner + i] = p;
      }
    }
  }

  /** {@link #prodF32} on longs, wrapping (ints compute here and narrow: the same bits mod 2^32). */
  public static void prodI64(long[] x, int outer, int n, int inner, long[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        long p = 1L;
        for (int k = 0, at = o * n * inner + i; k < n; k++, at += inner) p *= x[at];
        y[o * inner + i] = p;
      }
    }
  }

  /** {@code y[o, i] = any_k x[o, k, i]} (false for n = 0), or all (true for n = 0). */
  public static void anyAll(boolean any, boolean[] x, int outer, int n, int inner, boolean[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        boolean r = !any;
        for (int k = 0, at = o * n * inner + i; k < n; k++, at += inner) {
          if (x[at] == any) {
            r = any;
            break;
          }
        }
        y[o * inner + i] = r;
      }
    }
  }

  /**
   * {@code y[o, i]} = the first k with the largest (or, {@code !max}, smallest) {@code x[o, k, i]}.
   * A NaN never wins after the first position and wins forever at it, as Eigen's ArgMaxTupleReducer
   * scanning in order.
   */
  public static void argF64(boolean max, double[] x, int outer, int n, int inner, long[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        double best = x[base];
        int at = 0;
        for (int k = 1; k < n; k++) {
          double v = x[base + k * inner];
          if (max ? v > best : v < best) {
            best = v;
            at = k;
          }
        }
        y[o * inner + i] = at;
      }
    }
  }

  /** {@link #argF64} on longs (ints widen here exactly). */
  public static void argI64(boolean max, long[] x, int outer, int n, int inner, long[] y) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        long best = x[base];
        int at = 0;
        for (int k = 1; k < n; k++) {
          long v = x[base + k * inner];
          if (max ? v > best : v < best) {
            best = v;
            at = k;
          }
        }
        y[o * inner + i] = at;
      }
    }
  }

  /**
   * The stable order of each line {@code x[o, :, i]}: {@code y[o, j, i]} is the k of the j-th
   * value, ascending or descending, equal values keeping their order ({@code -0.0 == 0.0}); NaN
   * counts as larger than every number. A merge sort on {@code idx} with {@code tmp} (both at least
   * n long) as scratch.
   */
  public static void argsortF64(
      boolean descending, double[] x, int outer, int n, int inner, int[] y, int[] idx, int[] tmp) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int k = 0; k < n; k++) idx[k] = k;
        for (int width = 1; width < n; width *= 2) {
          for (int lo = 0; lo < n - width; lo += 2 * width) {
            int mid = lo + width;
            int hi = Math.min(lo + 2 * width, n);
            int a = lo;
            int b = mid;
            int t = lo;
            while (a < mid && b < hi) {
              // take from the right run only when strictly before: ties keep their order
              if (beforeF64(descending, x[base + idx[b] * inner], x[base + idx[a] * inner])) {
                tmp[t++] = idx[b++];
              } else {
                tmp[t++] = idx[a++];
              }
            }
            while (a < mid) tmp[t++] = idx[a++];
            while (b < hi) tmp[t++] = idx[b++];
            System.arraycopy(tmp, lo, idx, lo, hi - lo);
          }
        }
        for (int k = 0; k < n; k++) y[base + k * inner] = idx[k];
      }
    }
  }

  // u comes strictly before v in the order; NaN is the largest value, equal to itself
  private static boolean beforeF64(boolean descending, double u, double v) {
    boolean un = u != u;
    boolean vn = v != v;
    if (un || vn) {
      return descending ? un && !vn : vn && !un;
    }
    return descending ? u > v : u < v;
  }

  /** {@link #argsortF64} on longs. */
  public static void argsortI64(
      boolean descending, long[] x, int outer, int n, int inner, int[] y, int[] idx, int[] tmp) {
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        for (int k = 0; k < n; k++) idx[k] = k;
        for (int width = 1; width < n; width *= 2) {
          for (int lo = 0; lo < n - width; lo += 2 * width) {
            int mid = lo + width;
            int hi = Math.min(lo + 2 * width, n);
            int a = lo;
            int b = mid;
            int t = lo;
            while (a < mid && b < hi) {
              long u = x[base + idx[b] * inner];
              long v = x[base + idx[a] * inner];
              if (descending ? u > v : u < v) {
                tmp[t++] = idx[b++];
              } else {
                tmp[t++] = idx[a++];
              }
            }
            while (a < mid) tmp[t++] = idx[a++];
            while (b < hi) tmp[t++] = idx[b++];
            System.arraycopy(tmp, lo, idx, lo, hi - lo);
          }
        }
        for (int k = 0; k < n; k++) y[base + k * inner] = idx[k];
      }
    }
  }

  /** {@code y[j] = x[src[j]]} for j < n; x and y arrays of one primitive type. */
  public static void take(Object x, int[] src, Object y, int n) {
    if (x instanceof float[] xf) {
      float[] yf = (float[]) y;
      for (int j = 0; j < n; j++) yf[j] = xf[src[j]];
    } else if (x instanceof double[] xd) {
      double[] yd = (double[]) y;
      for (int j = 0; j < n; j++) yd[j] = xd[src[j]];
    } else if (x instanceof int[] xi) {
      int[] yi = (int[]) y;
      for (int j = 0; j < n; j++) yi[j] = xi[src[j]];
    } else if (x instanceof long[] xl) {
      long[] yl = (long[]) y;
      for (int j = 0; j < n; j++) yl[j] = xl[src[j]];
    } else {
      boolean[] xb = (boolean[]) x;
      boolean[] yb = (boolean[]) y;
      for (int j = 0; j < n; j++) yb[j] = xb[src[j]];
    }
  }

  /** {@code y[dst[j]] += g[j]} for j < n, in order of j; y starts zeroed. Real numeric arrays. */
  public static void putAdd(Object g, int[] dst, Object y, int n) {
    if (g instanceof float[] gf) {
      float[] yf = (float[]) y;
      for (int j = 0; j < n; j++) yf[dst[j]] += gf[j];
    } else if (g instanceof double[] gd) {
      double[] yd = (double[]) y;
      for (int j = 0; j < n; j++) yd[dst[j]] += gd[j];
    } else if (g instanceof int[] gi) {
      int[] yi = (int[]) y;
      for (int j = 0; j < n; j++) yi[dst[j]] += gi[j];
    } else {
      long[] gl = (long[]) g;
      long[] yl = (long[]) y;
      for (int j = 0; j < n; j++) yl[dst[j]] += gl[j];
    }
  }
}
