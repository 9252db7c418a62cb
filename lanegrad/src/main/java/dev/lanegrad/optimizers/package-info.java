/**
 * Optimizers with Keras 2.15's update formulas and defaults: {@code SGD} (plain, momentum,
 * Nesterov), {@code Adam} (and AMSGrad), {@code AdamW}, {@code RMSprop} (centered, momentum),
 * {@code Adagrad}, {@code Adamax} and {@code Nadam}. Each has a builder with Keras's options,
 * gradient clipping ({@code clipNorm}, {@code clipValue}, {@code globalClipNorm}) and decoupled
 * {@code weightDecay} among them, and takes a number or a {@code LearningRateSchedule} as its
 * learning rate: {@code RMSprop.builder().learningRate(0.01).centered(true).clipNorm(1).build()}.
 */
package dev.lanegrad.optimizers;
