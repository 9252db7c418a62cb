package dev.lanegrad.internal.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How many threads a kernel may use, the caller included: {@code -Dlanegrad.threads=N}, else the
 * number of available processors. Read once.
 *
 * <p>Parallel kernels hand their parts to lanegrad's own workers ({@link #parallel}): {@code N - 1}
 * daemon threads named lanegrad-kernel-N, started on first use. The common pool erased every
 * ThreadLocal after each task, so the GEMM packing buffers (600 KiB) were allocated again on every
 * parallel call.
 *
 * <p>A worker spins for {@code -Dlanegrad.threads.spinMicros} (200) after each part before it
 * parks: waking a parked worker costs the caller 4-13 us here (the spinning hand-off 0.2-0.5 us),
 * and the products of a training step come tens of microseconds apart. It spun 2 ms before: on 2
 * cores shared with other processes, a worker spinning through a whole step took its CPU share from
 * the caller's thread, and a Fashion-MNIST epoch ran 1.5x (quiet) to 6x (load 13) slower on 2
 * threads than on 1. A part the worker has not started when the caller is done with its own is
 * taken back by the caller: a late worker (parked, or preempted by another process) costs no wait.
 */
public final class Threads {
  private static final int N = parse(System.getProperty("lanegrad.threads"));
  // how long an idle worker keeps polling before it parks: longer than the gaps between the
  // products of a training step, short enough not to hold a core once the work stops
  // (no spinning when there are more workers than cores: they would take turns burning them)
  private static final long SPIN_NANOS =
      N <= Runtime.getRuntime().availableProcessors()
          ? Math.max(0L, Long.getLong("lanegrad.threads.spinMicros", 200L)) * 1_000L
          : 0L;

  // how long a caller polls for a started part before it parks between polls
  private static final long AWAIT_SPIN_NANOS = 50_000L;

  // the threads a kernel called from this thread may use (caller included); 0 = no cap. Set by
  // the trainer's replica threads so that replicas x intra-op threads stay within the cores.
  private static final ThreadLocal<int[]> CAP = ThreadLocal.withInitial(() -> new int[1]);

  private Threads() {}

  /**
   * Caps the threads that kernels called from the current thread may use, the caller included
   * ({@code 0} removes the cap). Data-parallel replicas call it so that {@code replicas x threads
   * <= cores}; results do not change, since a part runs the same wherever it runs.
   *
   * @throws IllegalArgumentException for a negative cap
   */
  public static void capCurrentThread(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("Threads.capCurrentThread: negative cap " + threads);
    }
    CAP.get()[0] = threads;
  }

  /** The cap, at least 1. */
  public static int get() {
    return N;
  }

  /**
   * The current thread's cap ({@link #capCurrentThread}), or {@code Integer.MAX_VALUE} when it has
   * none. A kernel cuts its work into at most this many parts: a replica capped at 1 that cut a
   * product in two would run both halves itself, and a GEMM's halves each pack the shared operand.
   */
  static int callerCap() {
    int cap = CAP.get()[0];
    return cap == 0 ? Integer.MAX_VALUE : cap;
  }

  /**
   * Runs {@code parts[0]} on the caller and offers every other non-null part to a worker, and
   * returns when all have finished. A part whose worker is busy (another thread's kernel holds it),
   * or that its worker has not started by the time the caller is done with its own, runs on the
   * caller: a worker that was parked, or lost its core to another process, costs the caller no
   * wait, and the result never depends on who ran a part. An exception in a part is rethrown here
   * after every part has finished.
   */
  static void parallel(Runnable[] parts) {
    Worker[] workers = Pool.WORKERS;
    int cap = CAP.get()[0];
    int helpers = cap == 0 ? workers.length : Math.min(workers.length, cap - 1);
    Worker[] taken = new Worker[parts.length]; // standards: allow one array per parallel call
    for (int q = 1; q < parts.length; q++) {
      if (parts[q] != null && q - 1 < helpers && workers[q - 1].offer(parts[q])) {
        taken[q] = workers[q - 1];
      }
    }
    Throwable failure = null;
    for (int q = 0; q < parts.length; q++) {
      if (parts[q] != null && (taken[q] == null || taken[q].reclaim())) {
        taken[q] = null;
        try {
          parts[q].run();
        } catch (RuntimeException | Error e) {
          failure = failure == null ? e : failure;
        }
      }
    }
    for (int q = 1; q < parts.length; q++) {
      if (taken[q] != null) {
        Throwable t = taken[q].await();
        failure = failure == null ? t : failure;
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  private static final class Pool {
    static final Worker[] WORKERS = start(Math.max(0, N - 1));

    private static Worker[] start(int count) {
      Worker[] w = new Worker[count]; // standards: allow once
      for (int i = 0; i < count; i++) {
        w[i] = new Worker(i + 1); // standards: allow once
        w[i].start();
      }
      return w;
    }
  }

  /**
   * One worker: IDLE -> (a caller takes it) HELD -> (the part is set) OFFERED -> (the worker starts
   * it) RUNNING -> DONE -> (collected) IDLE, or OFFERED -> (the caller takes the part back) HELD ->
   * IDLE.
   */
  private static final class Worker extends Thread {
    private static final int IDLE = 0;
    private static final int HELD = 1;
    private static final int OFFERED = 2;
    private static final int RUNNING = 3;
    private static final int DONE = 4;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private Runnable part; // written before OFFERED is published, read after winning it
    private volatile boolean parked;
    private volatile Thread waiter;
    private Throwable failure;

    Worker(int index) {
      super("lanegrad-kernel-" + index);
      setDaemon(true);
    }

    /** Hands {@code r} to this worker, or returns false when another caller holds it. */
    boolean offer(Runnable r) {
      if (!state.compareAndSet(IDLE, HELD)) {
        return false;
      }
      waiter = Thread.currentThread();
      part = r;
      state.set(OFFERED);
      if (parked) {
        LockSupport.unpark(this);
      }
      return true;
    }

    /** Takes back an offered part the worker has not started; true if the caller must run it. */
    boolean reclaim() {
      // through HELD: another caller must not offer a part before this one is cleared
      if (state.compareAndSet(OFFERED, HELD)) {
        part = null;
        waiter = null;
        state.set(IDLE);
        return true;
      }
      return false;
    }

    /** Waits for the started part; returns what it threw, or null. Leaves the worker idle. */
    Throwable await() {
      long start = System.nanoTime();
      while (state.get() != DONE) {
        // the part started no later than the caller's own and is as long: past a short spin the
        // worker lost its core, and a spinning caller would only take CPU time from it
        if (System.nanoTime() - start < AWAIT_SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 20_000L);
        }
      }
      Throwable t = failure;
      failure = null;
      waiter = null;
      state.set(IDLE);
      return t;
    }

    @Override
    public void run() {
      while (true) {
        Runnable r = take();
        try {
          r.run();
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        state.set(DONE);
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }

    private Runnable take() {
      long start = System.nanoTime();
      while (true) {
        if (state.get() == OFFERED && state.compareAndSet(OFFERED, RUNNING)) {
          Runnable r = part;
          part = null;
          return r;
        }
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          parked = true;
          // re-check after announcing the park: an offer that missed the flag left OFFERED set
          if (state.get() != OFFERED) {
            LockSupport.park(this);
          }
          parked = false;
          start = System.nanoTime();
        }
      }
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
