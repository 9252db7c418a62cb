/**
 * Optimizers with Keras's update formulas: {@code SGD} (plain, momentum, Nesterov) and {@code
 * Adam}.
 */
package dev.lanegrad.optimizers;
