package dev.lanegrad;

/**
 * A complex number, the element type of COMPLEX64 and COMPLEX128 values in Java arrays.
 *
 * <p>{@code Tensor.of(new Complex[] {new Complex(1, 2)})} is a COMPLEX128 tensor of shape (1,).
 *
 * @param re the real part
 * @param im the imaginary part
 */
public record Complex(double re, double im) {}
