package dev.lanegrad.optimizers;

import dev.lanegrad.Variable;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The per-variable slots of an optimizer (Adam's m and v, RMSprop's velocity, ...), keyed by
 * variable identity: each slot an array of the variable's dtype and size, created on the variable's
 * first step at its initial value (0, or Adagrad's initial accumulator value).
 */
final class SlotStore {
  private final Map<Variable, Object[]> slots = new IdentityHashMap<>();
  private final double[] initial;

  /** A store of {@code initial.length} slots per variable, slot i starting at initial[i]. */
  SlotStore(double... initial) {
    this.initial = initial.clone();
  }

  /** The live array of slot {@code index}, or null. */
  Object get(Variable variable, int index) {
    Object[] a = slots.get(variable);
    return a == null ? null : a[index];
  }

  /** Installs or (null) forgets slot {@code index}. */
  void set(Variable variable, int index, Object array) {
    Object[] a = slots.get(variable);
    if (array == null) {
      if (a != null) {
        a[index] = null;
        boolean empty = true;
        for (Object o : a) {
          empty &= o == null;
        }
        if (empty) {
          slots.remove(variable);
        }
      }
    } else {
      if (a == null) {
        a = new Object[initial.length];
        slots.put(variable, a);
      }
      a[index] = array;
    }
  }

  /** Every slot of {@code variable}, created (at its initial value) where missing. */
  Object[] arrays(Variable variable, int n, boolean f32) {
    Object[] a = slots.get(variable);
    if (a == null) {
      a = new Object[initial.length];
      slots.put(variable, a);
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        if (f32) {
          float[] f = new float[n];
          Arrays.fill(f, (float) initial[i]);
          a[i] = f;
        } else {
          double[] d = new double[n];
          Arrays.fill(d, initial[i]);
          a[i] = d;
        }
      }
    }
    return a;
  }
}
