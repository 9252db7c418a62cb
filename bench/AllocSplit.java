import dev.lanegrad.*;
import java.lang.management.*;
import java.nio.file.*;

/**
 * Who pays for an eager allocating add: Tensor.add on two n-element float32 tensors in a loop, per
 * add the wall time, the calling thread's CPU time and the whole process's (GC threads included,
 * from /proc/self/task/<tid>/schedstat), with the young collections counted by the MXBeans
 * (docs/benchmarks.md, "Elementwise against numpy by CPU time"):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -Xmn128m -Dlanegrad.threads=1 \
 *   -cp lanegrad/target/benchmarks.jar bench/AllocSplit.java 10000
 * </pre>
 */
public class AllocSplit {
  static long proc() throws Exception {
    long s = 0;
    try (var d = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : d) { try { String x = Files.readString(t.resolve("schedstat")); s += Long.parseLong(x.substring(0, x.indexOf(' '))); } catch (Exception e) {} }
    }
    return s;
  }
  static long thr() throws Exception { String x = Files.readString(Path.of("/proc/thread-self/schedstat")); return Long.parseLong(x.substring(0, x.indexOf(' '))); }
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    float[] x = new float[n]; for (int i = 0; i < n; i++) x[i] = i;
    Tensor ta = Tensor.of(x.clone(), Shape.of(n)), tb = Tensor.of(x.clone(), Shape.of(n));
    Object sink = null;
    for (int round = 0; round < 6; round++) {
      long gcCount0 = 0, gcTime0 = 0;
      for (var g : ManagementFactory.getGarbageCollectorMXBeans()) { gcCount0 += g.getCollectionCount(); gcTime0 += g.getCollectionTime(); }
      long p0 = proc(), t0 = thr(), w0 = System.nanoTime();
      int reps = 20_000_000 / n * 10;
      for (int r = 0; r < reps; r++) sink = ta.add(tb);
      long p1 = proc(), t1 = thr(), w1 = System.nanoTime();
      long gcCount1 = 0, gcTime1 = 0;
      for (var g : ManagementFactory.getGarbageCollectorMXBeans()) { gcCount1 += g.getCollectionCount(); gcTime1 += g.getCollectionTime(); }
      System.out.printf("n=%d wall %.0f ns, thread %.0f, process %.0f ns/op; %d GCs, %.2f ms each, %.0f ns/op of pause%n", n,
        (w1 - w0) / (double) reps, (t1 - t0) / (double) reps, (p1 - p0) / (double) reps, gcCount1 - gcCount0,
        (gcTime1 - gcTime0) / (double) Math.max(1, gcCount1 - gcCount0), (gcTime1 - gcTime0) * 1e6 / reps);
    }
    if (sink == null) throw new AssertionError();
  }
}
