/**
 * Four loop shapes of a float32 add y = a + b, best of 17 rounds after 8 warm-up rounds, ns per call
 * (docs/benchmarks.md, "Elementwise against numpy"):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -Xmn128m bench/AddLoops.java
 * /usr/bin/python3 bench/np_add_best.py     # numpy, timed the same way
 * </pre>
 */
import jdk.incubator.vector.*;

public class AddLoops {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

  static void api(float[] a, float[] b, float[] y, int n) {
    int ub = F.loopBound(n); int i = 0;
    for (; i < ub; i += F.length()) FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(y, i);
    for (; i < n; i++) y[i] = a[i] + b[i];
  }
  static void api256(float[] a, float[] b, float[] y, int n) {
    int ub = F256.loopBound(n); int i = 0;
    for (; i < ub; i += F256.length()) FloatVector.fromArray(F256, a, i).add(FloatVector.fromArray(F256, b, i)).intoArray(y, i);
    for (; i < n; i++) y[i] = a[i] + b[i];
  }
  static void api4(float[] a, float[] b, float[] y, int n) {
    int L = F.length(); int ub = n - 4 * L; int i = 0;
    for (; i <= ub; i += 4 * L) {
      FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(y, i);
      FloatVector.fromArray(F, a, i + L).add(FloatVector.fromArray(F, b, i + L)).intoArray(y, i + L);
      FloatVector.fromArray(F, a, i + 2 * L).add(FloatVector.fromArray(F, b, i + 2 * L)).intoArray(y, i + 2 * L);
      FloatVector.fromArray(F, a, i + 3 * L).add(FloatVector.fromArray(F, b, i + 3 * L)).intoArray(y, i + 3 * L);
    }
    for (; i < n; i++) y[i] = a[i] + b[i];
  }
  static void scalar(float[] a, float[] b, float[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = a[i] + b[i];
  }

  public static void main(String[] args) {
    for (int n : new int[] {10_000, 100_000, 1_000_000}) {
      float[] a = new float[n], b = new float[n], y = new float[n];
      for (int i = 0; i < n; i++) { a[i] = i; b[i] = 1; }
      int reps = Math.max(20, 20_000_000 / n);
      double[] best = {1e18, 1e18, 1e18, 1e18};
      for (int round = 0; round < 25; round++) {
        for (int v = 0; v < 4; v++) {
          long t0 = System.nanoTime();
          for (int r = 0; r < reps; r++) {
            switch (v) { case 0 -> api(a, b, y, n); case 1 -> api256(a, b, y, n); case 2 -> api4(a, b, y, n); default -> scalar(a, b, y, n); }
          }
          double per = (System.nanoTime() - t0) / (double) reps;
          if (round >= 8) best[v] = Math.min(best[v], per);
        }
      }
      System.out.printf("n=%d api512 %.0f api256 %.0f api512x4 %.0f scalar(C2 autovec) %.0f ns%n", n, best[0], best[1], best[2], best[3]);
    }
  }
}
