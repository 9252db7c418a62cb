import jdk.internal.misc.Unsafe;

/**
 * What a new result array costs the allocating elementwise ops: float32 add into a new array (the
 * JVM zeroes it first), into an array from Unsafe.allocateUninitializedArray (C2 skips the zeroing),
 * into one reused array (numpy's allocator hands back the block just freed), and a new array alone.
 * Best of 10 rounds of n-element adds after 5 warm-up rounds, one thread, ns per call:
 *
 * <pre>
 * java -Xms1g -Xmx1g -Xmn128m --add-exports java.base/jdk.internal.misc=ALL-UNNAMED bench/ZeroCost.java
 * </pre>
 *
 * (jdk.internal.misc is closed to libraries: the flag is for this measurement only.)
 */
public class ZeroCost {
  static final Unsafe U = Unsafe.getUnsafe();
  static float[] sink;

  static void add(float[] a, float[] b, float[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] = a[i] + b[i];
    }
  }

  public static void main(String[] args) {
    for (int n : new int[] {10_000, 100_000, 1_000_000}) {
      float[] a = new float[n];
      float[] b = new float[n];
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
        b[i] = -i * 0.5f;
      }
      int reps = Math.max(20, 20_000_000 / n);
      double[] best = {1e18, 1e18, 1e18, 1e18};
      for (int round = 0; round < 15; round++) {
        for (int v = 0; v < 4; v++) {
          long t0 = System.nanoTime();
          for (int r = 0; r < reps; r++) {
            float[] y;
            if (v == 0) {
              y = new float[n];
              add(a, b, y);
            } else if (v == 1) {
              y = (float[]) U.allocateUninitializedArray(float.class, n);
              add(a, b, y);
            } else if (v == 2) {
              y = out;
              add(a, b, y);
            } else {
              y = new float[n];
            }
            sink = y;
          }
          double per = (System.nanoTime() - t0) / (double) reps;
          if (round >= 5) {
            best[v] = Math.min(best[v], per);
          }
        }
      }
      System.out.printf(
          "n=%d  new+add %.0f  uninitialized+add %.0f  reused+add %.0f  new alone %.0f%n",
          n, best[0], best[1], best[2], best[3]);
    }
  }
}
