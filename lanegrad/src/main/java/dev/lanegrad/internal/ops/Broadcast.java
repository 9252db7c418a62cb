package dev.lanegrad.internal.ops;

import dev.lanegrad.Shape;
import dev.lanegrad.internal.Internal;

/**
 * NumPy broadcasting, planned once per op call: the result shape of two or three operand shapes,
 * and a walk over the output in contiguous runs that a kernel consumes whole.
 *
 * <p>The plan drops size-1 output axes, merges adjacent axes along which every operand is either
 * contiguous or constant, and keeps the innermost merged axis as the run: same shapes and
 * tensor-scalar give one run; {@code [m,n] + [n]} gives m runs with the right operand contiguous;
 * {@code [m,n] + [m,1]} m runs with the right operand repeated ({@code inc == 0}). Outer axes are
 * walked by an odometer that adds strides, so no index is ever divided.
 *
 * <pre>{@code
 * Broadcast p = Broadcast.plan(out, a.shape(), b.shape());
 * for (int r = 0, yo = 0; r < p.runs(); r++, yo += p.run()) {
 *   k.binaryF32(op, a, p.offset(0), p.inc(0), b, p.offset(1), p.inc(1), y, yo, p.run());
 *   p.next();
 * }
 * }</pre>
 */
public final class Broadcast {
  private final int runs;
  private final int run;
  private final int[] inc;
  // outer axes (innermost last): their sizes and each operand's stride along them
  private final int[] dims;
  private final int[][] strides;
  private final int[] counter;
  private final int[] offset;

  private Broadcast(int runs, int run, int[] inc, int[] dims, int[][] strides) {
    this.runs = runs;
    this.run = run;
    this.inc = inc;
    this.dims = dims;
    this.strides = strides;
    this.counter = new int[dims.length];
    this.offset = new int[inc.length];
  }

  /**
   * The broadcast shape of {@code a} and {@code b}, as NumPy: axes aligned at the end, a size-1
   * axis stretches.
   *
   * @throws IllegalArgumentException naming the op and both shapes when they do not broadcast
   */
  public static Shape shape(String op, Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int[] da = Internal.dims(a);
    int[] db = Internal.dims(b);
    int r = Math.max(da.length, db.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int x = dimFromEnd(da, r - 1 - i);
      int y = dimFromEnd(db, r - 1 - i);
      if (x != y && x != 1 && y != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + a
                + " and "
                + b
                + " cannot be broadcast together (incompatible dimensions "
                + x
                + " and "
                + y
                + ")");
      }
      out[i] = x == 1 ? y : x;
    }
    return Shape.of(out);
  }

  /** The broadcast shape of three operands ({@code where}'s condition, a and b). */
  public static Shape shape(String op, Shape c, Shape a, Shape b) {
    Shape ab;
    try {
      ab = shape(op, a, b);
      return shape(op, c, ab);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          op + ": shapes " + c + ", " + a + " and " + b + " cannot be broadcast together", e);
    }
  }

  private static int dimFromEnd(int[] d, int fromEnd) {
    int i = d.length - 1 - fromEnd;
    return i >= 0 ? d[i] : 1;
  }

  /**
   * The axes of {@code from} that broadcasting stretched to reach it from {@code to}: the leading
   * axes {@code to} lacks, and those where {@code to} has 1 and {@code from} more. Summing a
   * gradient of shape {@code from} over them (then reshaping) gives one of shape {@code to}.
   */
  public static int[] expandedAxes(Shape to, Shape from) {
    int[] dt = Internal.dims(to);
    int[] df = Internal.dims(from);
    int lead = df.length - dt.length;
    int count = 0;
    int[] axes = new int[df.length];
    for (int i = 0; i < df.length; i++) {
      if (i < lead || (dt[i - lead] == 1 && df[i] != 1)) {
        axes[count++] = i;
      }
    }
    return java.util.Arrays.copyOf(axes, count);
  }

  /**
   * Plans the walk of {@code out} (already the broadcast shape of {@code ins}).
   *
   * @param out the output shape, with fewer than 2^31 elements
   * @param ins the operand shapes, each broadcastable to {@code out}
   */
  public static Broadcast plan(Shape out, Shape... ins) {
    int[] od = Internal.dims(out);
    int k = ins.length;
    int r = od.length;
    // per output axis, drop size-1 axes; each operand's stride (0 when broadcast along it)
    int[] dims = new int[r];
    int[][] st = new int[k][r];
    int m = 0;
    int[] kept = new int[r];
    for (int i = r - 1; i >= 0; i--) {
      if (od[i] != 1) {
        kept[m++] = i;
      }
    }
    // kept holds output axes innermost first; compute strides from the innermost out
    for (int q = 0; q < k; q++) {
      int[] d = Internal.dims(ins[q]);
      int lead = r - d.length;
      long s = 1;
      int next = r - 1;
      for (int j = 0; j < m; j++) {
        int axis = kept[j];
        // multiply in the operand's dims between the previous kept axis and this one (all 1s)
        for (; next > axis; next--) {
          int ia = next - lead;
          if (ia >= 0) {
            s *= d[ia];
          }
        }
        int ia = axis - lead;
        int dimHere = ia >= 0 ? d[ia] : 1;
        st[q][j] = dimHere == 1 ? 0 : (int) s;
        s *= dimHere;
        next = axis - 1;
      }
    }
    for (int j = 0; j < m; j++) {
      dims[j] = od[kept[j]];
    }
    // merge: axis j+1 (outer) into the merged block j when every operand continues the pattern
    int[] md = new int[m];
    int[][] ms = new int[k][m];
    int n = 0;
    for (int j = 0; j < m; j++) {
      if (n > 0 && mergeable(st, j, ms, n - 1, md[n - 1])) {
        md[n - 1] *= dims[j];
        continue;
      }
      md[n] = dims[j];
      for (int q = 0; q < k; q++) {
        ms[q][n] = st[q][j];
      }
      n++;
    }
    int[] inc = new int[k];
    if (n == 0) {
      // every axis has size 1 (or rank 0): one run of one element
      java.util.Arrays.fill(inc, 1);
      return new Broadcast(1, 1, inc, new int[0], new int[k][0]);
    }
    long total = out.size();
    int run = md[0];
    for (int q = 0; q < k; q++) {
      inc[q] = ms[q][0] == 0 ? 0 : 1;
    }
    // outer axes, stored outermost first for the odometer
    int[] outerDims = new int[n - 1];
    int[][] outerStrides = new int[k][n - 1];
    for (int j = 1; j < n; j++) {
      outerDims[n - 1 - j] = md[j];
      for (int q = 0; q < k; q++) {
        outerStrides[q][n - 1 - j] = ms[q][j];
      }
    }
    int runs = run == 0 ? 0 : (int) (total / run);
    return new Broadcast(runs, run, inc, outerDims, outerStrides);
  }

  private static boolean mergeable(int[][] st, int j, int[][] ms, int block, int blockSize) {
    for (int q = 0; q < st.length; q++) {
      // contiguous continues contiguous; constant continues constant (0 == 0 * size)
      if ((long) st[q][j] != (long) ms[q][block] * blockSize) {
        return false;
      }
    }
    return true;
  }

  /** How many runs cover the output. */
  public int runs() {
    return runs;
  }

  /** The length of every run. */
  public int run() {
    return run;
  }

  /** Operand {@code q}'s step within a run: 1 (contiguous) or 0 (one value repeated). */
  public int inc(int q) {
    return inc[q];
  }

  /** Operand {@code q}'s offset (in elements) at the start of the current run. */
  public int offset(int q) {
    return offset[q];
  }

  /** Advances to the next run. */
  public void next() {
    for (int ax = dims.length - 1; ax >= 0; ax--) {
      if (++counter[ax] < dims[ax]) {
        for (int q = 0; q < offset.length; q++) {
          offset[q] += strides[q][ax];
        }
        return;
      }
      counter[ax] = 0;
      for (int q = 0; q < offset.length; q++) {
        offset[q] -= strides[q][ax] * (dims[ax] - 1);
      }
    }
  }
}
