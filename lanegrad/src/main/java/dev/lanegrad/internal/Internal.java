package dev.lanegrad.internal;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;

/**
 * The library's private door into {@link Tensor}'s storage (the JDK's SharedSecrets pattern): the
 * face installs a {@link Bridge} from its static initialiser, so the public classes expose no
 * constructor or raw array, and the internal packages, which the module never exports, still reach
 * them without reflection.
 */
public final class Internal {
  /** Implemented once, inside {@code dev.lanegrad}. */
  public interface Bridge {
    Tensor make(DType dtype, Shape shape, Object data);

    Object data(Tensor t);

    int[] dims(Shape s);

    Tensor snapshot(Variable v);

    Tensor leaseSnapshot(Variable v);

    void release(Variable v, Object array);

    Object updateBuffer(Variable v);

    void commit(Variable v, Object next);

    Object slot(Tensor t);

    void slot(Tensor t, Object value);
  }

  private static Bridge bridge;

  static {
    // make sure Tensor's initialiser (which installs the bridge) has run, whoever comes first
    try {
      Class.forName(Tensor.class.getName(), true, Internal.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Internal() {}

  /** Called once by {@code Tensor}'s static initialiser. */
  public static void install(Bridge b) {
    if (bridge != null) {
      throw new IllegalStateException("lanegrad: internal bridge installed twice");
    }
    bridge = b;
  }

  /**
   * A tensor over {@code data} without a copy: the caller hands the array over and must never write
   * to it again. {@code data} is float[]/double[]/int[]/long[]/boolean[] for the real dtypes and
   * BOOL, and interleaved (re, im) float[]/double[] for COMPLEX64/COMPLEX128.
   */
  public static Tensor make(DType dtype, Shape shape, Object data) {
    return bridge.make(dtype, shape, data);
  }

  /** The tensor's flat row-major array (a Variable's current one). Read only. */
  public static Object data(Tensor t) {
    return bridge.data(t);
  }

  public static float[] f32(Tensor t) {
    return (float[]) bridge.data(t);
  }

  public static double[] f64(Tensor t) {
    return (double[]) bridge.data(t);
  }

  public static int[] i32(Tensor t) {
    return (int[]) bridge.data(t);
  }

  public static long[] i64(Tensor t) {
    return (long[]) bridge.data(t);
  }

  public static boolean[] bool(Tensor t) {
    return (boolean[]) bridge.data(t);
  }

  /** The dimensions of a shape without a copy. Read only. */
  public static int[] dims(Shape s) {
    return bridge.dims(s);
  }

  /**
   * An immutable tensor holding the variable's value now; it shares the variable's array, and marks
   * it shared so that the next assign copies instead of writing in place.
   */
  public static Tensor snapshot(Variable v) {
    return bridge.snapshot(v);
  }

  /**
   * A snapshot that a tape keeps for its backward pass, without marking the array shared: the
   * variable does not reuse the array for an update until {@link #release} gives the lease back.
   * Only for tensors that never leave the tape.
   */
  public static Tensor leaseSnapshot(Variable v) {
    return bridge.leaseSnapshot(v);
  }

  /** Gives back a lease taken by {@link #leaseSnapshot} on {@code array}. */
  public static void release(Variable v, Object array) {
    bridge.release(v, array);
  }

  /**
   * An array to write a variable's next value into (an optimizer's fused step), never the current
   * one and never one that a snapshot, a tape or another thread may hold: the variable keeps its
   * previous array as a spare when nobody else saw it, so a steady training loop alternates between
   * two arrays and allocates nothing. Read the old value from {@link #data}, write the new one
   * here, then {@link #commit}.
   */
  public static Object updateBuffer(Variable v) {
    return bridge.updateBuffer(v);
  }

  /**
   * Installs {@code next} (from {@link #updateBuffer}) as the variable's value in one reference
   * swap: a reader on any thread sees the old value or the new one, never a mix.
   */
  public static void commit(Variable v, Object next) {
    bridge.commit(v, next);
  }

  /** A per-tensor field for autodiff's bookkeeping (null until set). */
  public static Object slot(Tensor t) {
    return bridge.slot(t);
  }

  public static void slot(Tensor t, Object value) {
    bridge.slot(t, value);
  }
}
