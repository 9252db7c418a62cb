package dev.lanegrad.optimizers;

import dev.lanegrad.Variable;

/**
 * An optimizer whose per-variable slots live in a {@link SlotStore}, one per name of {@link
 * #slotNames()}, each starting at {@link #initialSlotValue}.
 */
abstract class SlottedOptimizer extends Optimizer {
  private SlotStore slots;

  SlottedOptimizer(String name, Builder<?> options) {
    super(name, options);
  }

  /** The value slot {@code index} starts at: 0 unless the optimizer says otherwise. */
  double initialSlotValue(int index) {
    return 0;
  }

  /** The store, made on first use (the slot names depend on the subclass's fields). */
  final SlotStore slots() {
    if (slots == null) {
      double[] initial = new double[slotNames().size()];
      for (int i = 0; i < initial.length; i++) {
        initial[i] = initialSlotValue(i);
      }
      slots = new SlotStore(initial);
    }
    return slots;
  }

  @Override
  protected final Object slotArray(Variable variable, int index) {
    return slots().get(variable, index);
  }

  @Override
  protected final void setSlotArray(Variable variable, int index, Object array) {
    slots().set(variable, index, array);
  }
}
