package dev.lanegrad.internal.ops;

import dev.lanegrad.Tensor;

/**
 * The gradient rule of one op: maps the upstream gradient {@code g} (shaped as the op's output) to
 * one gradient per input. Written with ops, never raw loops, so that a tape recording while the
 * rule runs records the backward pass too (that is how higher orders come out).
 *
 * <p>An entry may be {@code null} for an input that needs no gradient ({@code !e.needs(i)}) or has
 * none (the condition of {@code where}). A returned gradient may keep the broadcast shape of the
 * output: autodiff sums it back to the input's shape in exactly one place.
 *
 * <p>One form everywhere: a {@code static final GradRule FOO_GRAD} directly under its forward
 * {@code foo}, so that searching for {@code static final GradRule} lists every rule. A rule that
 * needs the op's arguments reads them from {@link Entry#attrs()}, which the forward passes to
 * {@link Recorder#recordWith(String, Tensor, GradRule, Object, Tensor)}.
 */
@FunctionalInterface
public interface GradRule {
  Tensor[] grads(Entry e, Tensor g);

  /** What a rule sees of its recorded op. */
  interface Entry {
    /** Input {@code i} as it was when the op ran (a variable's value at that moment). */
    Tensor in(int i);

    /** The op's output (its first output for an op with several). */
    Tensor out();

    /** Output {@code j} of an op with several outputs ({@link MultiGradRule}). */
    default Tensor out(int j) {
      if (j != 0) {
        throw new IllegalArgumentException("GradRule.Entry.out: the op has one output, not " + j);
      }
      return out();
    }

    /** The number of outputs (1 but for a {@link MultiGradRule}'s op). */
    default int outputs() {
      return 1;
    }

    /** Whether input {@code i} needs a gradient (a rule may skip the others). */
    boolean needs(int i);

    int arity();

    /**
     * The arguments other than tensors that the forward recorded for its rule (TF's op attributes:
     * the axes of a reduction as an {@code int[]}, a permutation, a message), so that a rule
     * needing them is still one constant; null when the op recorded none.
     */
    default Object attrs() {
      return null;
    }
  }
}
