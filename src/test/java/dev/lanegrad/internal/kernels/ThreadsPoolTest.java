package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RecursiveAction;
import org.junit.jupiter.api.Test;

/** The kernels' own workers keep their ThreadLocals (the GEMM packing buffers) between tasks. */
class ThreadsPoolTest {
  private static final ThreadLocal<int[]> RUNS = ThreadLocal.withInitial(() -> new int[1]);

  @Test
  void workersAreNamedDaemonsThatKeepThreadLocalsBetweenTasks() {
    Map<Thread, Integer> lastSeen = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      Thread[] ran = new Thread[1];
      int[] count = new int[1];
      RecursiveAction task = new RecursiveAction() {
        @Override
        protected void compute() {
          ran[0] = Thread.currentThread();
          count[0] = ++RUNS.get()[0];
        }
      };
      Threads.fork(task);
      task.join();
      Thread t = ran[0];
      assertTrue(t.isDaemon(), "worker " + t + " must not keep the JVM alive");
      assertTrue(t.getName().startsWith("lanegrad-kernel-"), t.getName());
      // a worker that ran an earlier task still holds that task's ThreadLocal
      int expected = lastSeen.getOrDefault(t, 0) + 1;
      assertEquals(expected, count[0], "task " + i + " on " + t.getName());
      lastSeen.put(t, count[0]);
    }
  }
}
