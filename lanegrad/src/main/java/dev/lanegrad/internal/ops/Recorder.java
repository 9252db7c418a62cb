package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/**
 * The hook through which every op offers its output to the tapes. Ops declare it and autodiff
 * installs it, so ops never import autodiff. With no tape active on this thread the cost of {@link
 * #record} is one thread-local read (inside {@link Hook#active()}).
 */
public final class Recorder {
  /** Installed by autodiff. */
  public interface Hook {
    /** True when some tape is recording on the calling thread. */
    boolean active();

    /**
     * Records {@code y = op(inputs)} on each active tape that watches one of the inputs; {@code
     * attrs} (may be null) is what the rule reads from {@link GradRule.Entry#attrs()}.
     */
    void record(String op, Tensor y, GradRule rule, Object attrs, Tensor[] inputs);

    /** {@link #record} for an op with several outputs, all distinct from the inputs. */
    void recordMulti(String op, Tensor[] ys, MultiGradRule rule, Object attrs, Tensor[] inputs);
  }

  // written once in autodiff's class initialiser, which happens-before any tape exists
  private static Hook hook;

  private Recorder() {}

  public static void install(Hook h) {
    hook = h;
  }

  /**
   * True when some tape records on this thread. A gradient rule that finds it true is itself being
   * recorded (a higher order), so it must compute with ops rather than with a raw kernel.
   */
  public static boolean recording() {
    Hook h = hook;
    return h != null && h.active();
  }

  public static Tensor record(String op, Tensor y, GradRule rule, Tensor a) {
    if (Numerics.enabled) { // checked before recording: a rejected op leaves the tapes as they were
      Numerics.afterOp(op, y, new Tensor[] {a});
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.record(op, y, rule, null, new Tensor[] {a});
    }
    return y;
  }

  public static Tensor record(String op, Tensor y, GradRule rule, Tensor a, Tensor b) {
    if (Numerics.enabled) {
      Numerics.afterOp(op, y, new Tensor[] {a, b});
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.record(op, y, rule, null, new Tensor[] {a, b});
    }
    return y;
  }

  public static Tensor record(String op, Tensor y, GradRule rule, Tensor... inputs) {
    if (Numerics.enabled) {
      Numerics.afterOp(op, y, inputs);
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.record(op, y, rule, null, inputs.clone());
    }
    return y;
  }

  /**
   * {@link #record(String, Tensor, GradRule, Tensor)} for an op whose rule needs some of its
   * arguments: {@code attrs} reaches the rule as {@link GradRule.Entry#attrs()}. It is kept as it
   * is, so the op must not change it afterwards.
   */
  public static Tensor recordWith(String op, Tensor y, GradRule rule, Object attrs, Tensor a) {
    if (Numerics.enabled) {
      Numerics.afterOp(op, y, new Tensor[] {a});
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.record(op, y, rule, attrs, new Tensor[] {a});
    }
    return y;
  }

  /** {@link #recordWith(String, Tensor, GradRule, Object, Tensor)} for any number of inputs. */
  public static Tensor recordWith(
      String op, Tensor y, GradRule rule, Object attrs, Tensor... inputs) {
    if (Numerics.enabled) {
      Numerics.afterOp(op, y, inputs);
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.record(op, y, rule, attrs, inputs.clone());
    }
    return y;
  }

  /**
   * Records an op with several outputs {@code ys} (each a new tensor) as one op: its rule gets one
   * upstream gradient per output. Returns {@code ys}.
   */
  public static Tensor[] recordMulti(
      String op, Tensor[] ys, MultiGradRule rule, Object attrs, Tensor... inputs) {
    if (Numerics.enabled) {
      for (Tensor y : ys) {
        Numerics.afterOp(op, y, inputs);
      }
    }
    Hook h = hook;
    if (h != null && h.active()) {
      h.recordMulti(op, ys.clone(), rule, attrs, inputs.clone());
    }
    return ys;
  }
}
