package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kernels' own workers: every part runs once, ThreadLocals survive, failures come back. */
class ThreadsPoolTest {
  private static final ThreadLocal<int[]> RUNS = ThreadLocal.withInitial(() -> new int[1]);

  @Test
  void workersAreNamedDaemonsThatKeepThreadLocalsBetweenParts() {
    Map<Thread, Integer> lastSeen = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      Thread[] ran = new Thread[2];
      int[] count = new int[2];
      Runnable[] parts = new Runnable[2];
      for (int q = 0; q < 2; q++) {
        int slot = q;
        parts[q] =
            () -> {
              ran[slot] = Thread.currentThread();
              count[slot] = ++RUNS.get()[0];
            };
      }
      Threads.parallel(parts);
      assertSame(Thread.currentThread(), ran[0], "part 0 runs on the caller");
      Thread t = ran[1];
      if (t != Thread.currentThread()) {
        assertTrue(t.isDaemon(), "worker " + t + " must not keep the JVM alive");
        assertTrue(t.getName().startsWith("lanegrad-kernel-"), t.getName());
      }
      // a thread that ran an earlier part still holds that part's ThreadLocal
      for (int q = 0; q < 2; q++) {
        int expected = lastSeen.getOrDefault(ran[q], 0) + 1;
        assertEquals(expected, count[q], "part " + q + " of round " + i + " on " + ran[q]);
        lastSeen.put(ran[q], count[q]);
      }
    }
  }

  @Test
  void everyPartRunsOnceWhenManyCallersShareTheWorkers() throws Exception {
    int callers = 4;
    int rounds = 200;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] th = new Thread[callers];
    Throwable[] failed = new Throwable[callers];
    for (int c = 0; c < callers; c++) {
      int id = c;
      th[c] =
          new Thread(() -> {
            try {
              go.await();
              for (int r = 0; r < rounds; r++) {
                Runnable[] parts = new Runnable[3];
                for (int q = 0; q < parts.length; q++) {
                  parts[q] = runs::incrementAndGet;
                }
                Threads.parallel(parts);
              }
            } catch (Throwable e) {
              failed[id] = e;
            }
          });
      th[c].start();
    }
    go.countDown();
    for (Thread t : th) {
      t.join(60_000);
    }
    for (Throwable f : failed) {
      if (f != null) {
        throw new AssertionError(f);
      }
    }
    assertEquals(callers * rounds * 3, runs.get());
  }

  @Test
  void aPartTheCallerTakesBackRunsOnceWheneverTheWorkerWakes() throws Exception {
    // part 0 is empty, so the caller reaches part 1 at once: sometimes before the worker starts it
    // (the caller runs it), sometimes after (the caller waits); pauses let the worker park, so
    // that offers also meet a parked worker. Either way each part runs exactly once.
    AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger()};
    int rounds = 3000;
    for (int r = 0; r < rounds; r++) {
      Runnable[] parts = {runs[0]::incrementAndGet, runs[1]::incrementAndGet};
      Threads.parallel(parts);
      assertEquals(r + 1, runs[0].get(), "part 0, round " + r);
      assertEquals(r + 1, runs[1].get(), "part 1, round " + r);
      if (r % 500 == 499) {
        Thread.sleep(5);
      }
    }
  }

  @Test
  void aFailingPartIsRethrownAfterTheOthersFinish() {
    AtomicInteger finished = new AtomicInteger();
    Runnable[] parts = {
      finished::incrementAndGet,
      () -> {
        throw new IllegalStateException("part 1 failed");
      },
      finished::incrementAndGet
    };
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Threads.parallel(parts));
    assertEquals("part 1 failed", e.getMessage());
    assertEquals(2, finished.get());
    // the workers are idle again: a following call completes
    Runnable[] next = {finished::incrementAndGet, finished::incrementAndGet};
    Threads.parallel(next);
    assertEquals(4, finished.get());
  }
}
