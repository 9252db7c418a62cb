package dev.lanegrad.internal.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads a kernel may use, the caller included: {@code -Dlanegrad.threads=N}, else the
 * number of available processors. Read once.
 */
public final class Threads {
  private static final int N = parse(System.getProperty("lanegrad.threads"));

  private Threads() {}

  /** The cap, at least 1. */
  public static int get() {
    return N;
  }

  /**
   * Starts {@code task} on lanegrad's own workers ({@code get() - 1} daemon threads named
   * lanegrad-kernel-N, created on first use). Not the common pool: its workers erase every
   * ThreadLocal after each task, so a GEMM's packing buffers (600 KiB) were allocated afresh on
   * every parallel call.
   */
  static void fork(ForkJoinTask<?> task) {
    ForkJoinPool pool = Pool.POOL;
    if (ForkJoinTask.getPool() == pool) {
      task.fork();
    } else {
      pool.execute(task);
    }
  }

  private static final class Pool {
    static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, N - 1), Worker::new, null, false);
  }

  private static final class Worker extends ForkJoinWorkerThread {
    private static final AtomicInteger COUNT = new AtomicInteger();

    Worker(ForkJoinPool pool) {
      // preserve thread locals: the packing buffers live in them
      super(null, pool, true);
      setName("lanegrad-kernel-" + COUNT.incrementAndGet());
      setDaemon(true);
    }
  }

  static int parse(String value) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (value == null || value.isBlank()) {
      return Math.max(1, cores);
    }
    try {
      return Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      // a typo in a tuning flag must not stop the library: fall back to every core
      return Math.max(1, cores);
    }
  }
}
