/**
 * Learning-rate schedules with Keras's formulas in float32: {@code ExponentialDecay}, {@code
 * PiecewiseConstantDecay}, {@code PolynomialDecay}, {@code InverseTimeDecay}, {@code CosineDecay}
 * (with warm-up) and {@code CosineDecayRestarts}. Pass one to an optimizer's builder in place of a
 * number: {@code Adam.builder().learningRate(new CosineDecay(1e-3, 10_000)).build()}.
 */
package dev.lanegrad.optimizers.schedules;
