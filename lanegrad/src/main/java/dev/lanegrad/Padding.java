package dev.lanegrad;

/**
 * The padding of a convolution or pooling window, as TF's {@code padding="VALID"} and {@code
 * "SAME"}.
 *
 * <ul>
 *   <li>{@code VALID}: no padding; only windows that lie inside the input. Output size {@code
 *       ceil((in - (k - 1) * d) / s)} (an input shorter than the dilated window is an {@code
 *       IllegalArgumentException}).
 *   <li>{@code SAME}: output size {@code ceil(in / s)}; the input is padded with {@code max((out -
 *       1) * s + (k - 1) * d + 1 - in, 0)} cells, half of them before and the rest after, so an odd
 *       count puts the extra cell at the end (TF's rule; PyTorch's {@code padding="same"} and
 *       Keras' {@code ZeroPadding} differ). With in = 5, k = 2, s = 2: out = 3, one cell padded,
 *       after the last.
 * </ul>
 */
public enum Padding {
  VALID,
  SAME
}
