import jdk.incubator.vector.*;
import java.lang.management.*;

/**
 * Where the stores of a float32 add fall: the four-vector Vector API loop of SimdElementwise
 * (api512x4, which is peel0), the library's kernel itself (lib), C2's auto-vectorised plain loop
 * (scalar, which peels its pre-loop at run time until its stores are aligned), and the four-vector
 * loop started after 0, 4, 8 or 12 scalar elements (peel0..peel12, moving the stores' offset
 * within a cache line). Per n: 40 rounds, the first 10 dropped; best / median ns per call by the thread's CPU time
 * (docs/benchmarks.md, "Elementwise against numpy by CPU time"):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -cp lanegrad/target/benchmarks.jar \
 *   bench/AddAlign.java [n ...]
 * </pre>
 */
public class AddAlign {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  static void scalar(float[] a, float[] b, float[] y, int n) {
    for (int i = 0; i < n; i++) y[i] = a[i] + b[i];
  }
  // k scalar elements first, then the four-vector loop from i = k
  static void peel(float[] a, float[] b, float[] y, int n, int k) {
    int i = 0; int p = Math.min(n, k);
    for (; i < p; i++) y[i] = a[i] + b[i];
    int L = F.length(); int ub = n - 4 * L;
    for (; i <= ub; i += 4 * L) {
      FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(y, i);
      FloatVector.fromArray(F, a, i + L).add(FloatVector.fromArray(F, b, i + L)).intoArray(y, i + L);
      FloatVector.fromArray(F, a, i + 2 * L).add(FloatVector.fromArray(F, b, i + 2 * L)).intoArray(y, i + 2 * L);
      FloatVector.fromArray(F, a, i + 3 * L).add(FloatVector.fromArray(F, b, i + 3 * L)).intoArray(y, i + 3 * L);
    }
    for (; i < n; i++) y[i] = a[i] + b[i];
  }
  static final dev.lanegrad.internal.kernels.Kernels K = new dev.lanegrad.internal.kernels.SimdKernels();
  static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  public static void main(String[] args) {
    int[] ns = {100_000, 1_000_000};
    if (args.length > 0) { ns = new int[args.length]; for (int i = 0; i < args.length; i++) ns[i] = Integer.parseInt(args[i]); }
    for (int n : ns) {
      float[] a = new float[n], b = new float[n], y = new float[n];
      for (int i = 0; i < n; i++) { a[i] = i; b[i] = 1; }
      int reps = Math.max(20, 50_000_000 / n);
      String[] names = {"api512x4", "lib", "scalar", "peel0", "peel4", "peel8", "peel12"};
      double[][] s = new double[names.length][];
      for (int v = 0; v < names.length; v++) s[v] = new double[40];
      for (int round = 0; round < 40; round++) {
        for (int v = 0; v < names.length; v++) {
          long t0 = MX.getCurrentThreadCpuTime();
          for (int r = 0; r < reps; r++) {
            switch (v) { case 0 -> peel(a, b, y, n, 0); case 1 -> K.binaryF32(dev.lanegrad.internal.kernels.BinaryOp.ADD, a, 0, 1, b, 0, 1, y, 0, n); case 2 -> scalar(a, b, y, n); default -> peel(a, b, y, n, (v - 3) * 4); }
          }
          s[v][round] = (MX.getCurrentThreadCpuTime() - t0) / (double) reps;
        }
      }
      StringBuilder sb = new StringBuilder("n=" + n);
      for (int v = 0; v < names.length; v++) { double[] x = java.util.Arrays.copyOfRange(s[v], 10, 40); java.util.Arrays.sort(x); sb.append(String.format("  %s %.0f/%.0f", names[v], x[0], x[x.length/2])); }
      System.out.println(sb + " ns (best/median)");
    }
  }
}
