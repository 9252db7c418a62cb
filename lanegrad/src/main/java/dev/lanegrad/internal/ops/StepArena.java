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

  private Object[] plan = new Object[64];
  private int used;
  private Epoch epoch;
  private StepArena outer;
  private Thread owner;

  /** Starts a call on this thread; returns false (and does nothing) if a call of it is running. */
  public boolean begin() {
    if (owner != null || CURRENT.get() != null) {
      return false; // a call inside a call runs in the outer one's arena
    }
    owner = Thread.currentThread();
    outer = CURRENT.get();
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
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
    outer = null;
    owner = null;
  }

  /** The arrays of the plan (for tests and benchmarks: bytes held between calls). */
  public long heldBytes() {
    long b = 0;
    for (Object o : plan) {
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
   * A float array of {@code m} slots for a result: the plan's array (zeroed when {@code zero}, the
   * caller's kernel may accumulate) or a new zeroed one; null outside a call or for a short array.
   */
  static float[] f32(int m, boolean zero) {
    StepArena a = m < MIN_SLOTS ? null : current();
    if (a == null) {
      return null;
    }
    Object o = a.slot();
    if (o instanceof float[] f && f.length == m) {
      if (zero) {
        Arrays.fill(f, 0f);
      }
      return f;
    }
    float[] f = new float[m];
    a.plan[a.used - 1] = f;
    return f;
  }

  /** As {@link #f32} for doubles. */
  static double[] f64(int m, boolean zero) {
    StepArena a = m < MIN_SLOTS ? null : current();
    if (a == null) {
      return null;
    }
    Object o = a.slot();
    if (o instanceof double[] d && d.length == m) {
      if (zero) {
        Arrays.fill(d, 0d);
      }
      return d;
    }
    double[] d = new double[m];
    a.plan[a.used - 1] = d;
    return d;
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
