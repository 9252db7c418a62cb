package dev.lanegrad;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the function given to {@link Ops#customGradient} returns, as the pair that a
 * {@code @tf.custom_gradient} function returns: the forward value, and how to map the upstream
 * gradient to one gradient per input.
 *
 * <pre>{@code
 * // log(1 + e^x) with a stable gradient 1 - 1/(1 + e^x)
 * Tensor y = Ops.customGradient(x, t -> {
 *   Tensor e = t.exp();
 *   return CustomGradient.of(e.add(1).log(), g -> g.mul(Ops.subtract(1, Ops.divide(1, e.add(1)))));
 * });
 * }</pre>
 *
 * @param value the forward result
 * @param grad maps the upstream gradient to the inputs' gradients, in order
 */
public record CustomGradient(Tensor value, Function<Tensor, List<Tensor>> grad) {
  /** Checks that both parts are present. */
  public CustomGradient {
    notNull("CustomGradient", "value", value);
    notNull("CustomGradient", "grad", grad);
  }

  /** For a function of one input: {@code grad} maps the upstream gradient to that input's. */
  public static CustomGradient of(Tensor value, UnaryOperator<Tensor> grad) {
    notNull("CustomGradient.of", "grad", grad);
    return new CustomGradient(value, g -> java.util.Collections.singletonList(grad.apply(g)));
  }

  // a record the user builds holds no door into the library's internals
  private static void notNull(String op, String arg, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": argument '" + arg + "' is null");
    }
  }
}
