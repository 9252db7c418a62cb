package dev.lanegrad.internal.ops;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The result buffers of one step that runs again and again ({@code StepFunction}, the train step of
 * {@code Model.fit}), planned on the first call and reused by the next ones, as a traced {@code
 * tf.function} reuses its graph's buffers: the i-th array the ops ask for in a call is the i-th
 * array of the call before when its type and length match, else a new one that takes the slot.
 *
 * <p>Reuse is safe because no tensor over an arena array outlives its call: every such tensor
 * carries the call's {@link Epoch}, and reading it once the call has returned throws (the face's
 * {@code Tensor.currentData}); what a call returns is copied out, and a variable assigned from such
 * a tensor copies it ({@link #detach}). Arrays shorter than {@link #MIN_SLOTS} are never taken from
 * the arena: lazily built constants (a scalar a rule caches) stay plain arrays.
 *
 * <p>One arena belongs to one thread while a call runs ({@link #begin}/{@link #end}); kernels'
 * worker threads only write into arrays they are given.
 */
public final class StepArena {
  /** Requests below this many array slots (256 bytes of float) are plain allocations. */
  public static final int MIN_SLOTS = 64;

  private static final ThreadLocal<StepArena> CURRENT = new ThreadLocal<>();

  /** Threads inside a call: zero lets an op skip the thread-local read. */
  private static final AtomicInteger ACTIVE = new AtomicInteger();

  /** Whether tensors of one call may still be read; false once the call has returned. */
  public static final class Epoch {
    volatile boolean live = true;

    public boolean live() {
      return live;
    }
  }

  private static final int SPARES = 64;

  private Object[] plan = new Object[64];
  private int used;
  private final Object[] spares = new Object[SPARES];
  private int spareCount;
  private Epoch epoch;
  private Thread owner;

  /** Starts a call on this thread; returns false (and does nothing) if a call of it is running. */
  public boolean begin() {
    if (owner != null || CURRENT.get() != null) {
      return false; // a call inside a call runs in the outer one's arena
    }
    owner = Thread.currentThread();
    used = 0;
    epoch = new Epoch();
    CURRENT.set(this);
    ACTIVE.incrementAndGet();
    return true;
  }

  /** Ends the call: its tensors expire, and the next call may reuse their arrays. */
  public void end() {
    epoch.live = false;
    ACTIVE.decrementAndGet();
    CURRENT.remove();
    owner = null;
  }

  /** The arrays of the plan (for tests and benchmarks: bytes held between calls). */
  public long heldBytes() {
    long b = 0;
    Object[] all = Arrays.copyOf(plan, plan.length + spareCount);
    System.arraycopy(spares, 0, all, plan.length, spareCount);
    for (Object o : all) {
      if (o instanceof float[] f) {
        b += 4L * f.length;
      } else if (o instanceof double[] d) {
        b += 8L * d.length;
      } else if (o instanceof int[] i) {
        b += 4L * i.length;
      } else if (o instanceof long[] l) {
        b += 8L * l.length;
      } else if (o instanceof boolean[] z) {
        b += z.length;
      }
    }
    return b;
  }

  // ---------------------------------------------------------------- for ops

  /** The arena of a call running on this thread, or null. */
  static StepArena current() {
    return ACTIVE.get() == 0 ? null : CURRENT.get();
  }

  /**
   * An array of {@code m} floats (doubles when {@code dbl}) for a result: the plan's array (zeroed
   * when {@code zero}: the caller's kernel may accumulate) or a new zeroed one that takes the slot;
   * null outside a call or for a short array.
   */
  static Object take(boolean dbl, int m, boolean zero) {
    StepArena a = m < MIN_SLOTS ? null : current();
    if (a == null) {
      return null;
    }
    Object o = a.slot();
    boolean fits =
        dbl
            ? o instanceof double[] && ((double[]) o).length == m
            : o instanceof float[] && ((float[]) o).length == m;
    if (!fits) {
      a.spare(o);
      o = a.fromSpares(dbl, m);
      if (o == null) {
        o = dbl ? new double[m] : new float[m]; // the JVM's zeros
        a.plan[a.used - 1] = o;
        return o;
      }
      a.plan[a.used - 1] = o;
    }
    if (zero) {
      fill(o);
    }
    return o;
  }

  private static void fill(Object o) {
    if (o instanceof double[] d) {
      Arrays.fill(d, 0d);
    } else {
      Arrays.fill((float[]) o, 0f);
    }
  }

  /**
   * Keeps an array that a re-plan pushed out of its slot (a batch of another size): when the shapes
   * come back (the next epoch after a short last batch), the slots take these again instead of new
   * arrays. At most {@code SPARES}, the oldest dropped. Only arrays of earlier calls get here, and
   * one leaves the list when a slot takes it, so no array is handed out twice in a call.
   */
  private void spare(Object o) {
    if (o == null) {
      return;
    }
    if (spareCount == SPARES) {
      System.arraycopy(spares, 1, spares, 0, SPARES - 1);
      spareCount--;
    }
    spares[spareCount++] = o;
  }

  private Object fromSpares(boolean dbl, int m) {
    for (int i = spareCount - 1; i >= 0; i--) {
      Object o = spares[i];
      boolean fits =
          dbl
              ? o instanceof double[] && ((double[]) o).length == m
              : o instanceof float[] && ((float[]) o).length == m;
      if (fits) {
        System.arraycopy(spares, i + 1, spares, i, spareCount - i - 1);
        spares[--spareCount] = null;
        return o;
      }
    }
    return null;
  }

  private Object slot() {
    if (used == plan.length) {
      plan = Arrays.copyOf(plan, 2 * used);
    }
    return plan[used++];
  }

  // ---------------------------------------------------------------- for the face

  /**
   * The epoch of the running call when {@code data} is one of its arena arrays, else null: a tensor
   * made over it expires with the call.
   */
  public static Epoch epochOf(Object data) {
    StepArena a = current();
    if (a == null) {
      return null;
    }
    Object[] p = a.plan;
    for (int i = a.used - 1; i >= 0; i--) {
      if (p[i] == data) {
        return a.epoch;
      }
    }
    return null;
  }

  /**
   * Takes {@code data} out of the running call's plan, so that no later call writes into it: the
   * tensor over it may outlive the call ({@code StepFunction.keep}). The slot gets a new array on
   * the next call, which costs that call one allocation of the array's size (what an eager step
   * pays for every result). Returns false when {@code data} is no arena array of a call running on
   * this thread.
   */
  public static boolean release(Object data) {
    StepArena a = current();
    if (a == null) {
      return false;
    }
    Object[] p = a.plan;
    for (int i = a.used - 1; i >= 0; i--) {
      if (p[i] == data) {
        p[i] = null;
        return true;
      }
    }
    return false;
  }

  /**
   * {@code data} itself, or a copy when it is an arena array of a running call on this thread: for
   * state that outlives the call (a variable's value).
   */
  public static Object detach(Object data) {
    if (epochOf(data) == null) {
      return data;
    }
    if (data instanceof float[] f) {
      return f.clone();
    }
    return ((double[]) data).clone();
  }
}
