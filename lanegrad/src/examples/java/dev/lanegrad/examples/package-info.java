/**
 * Runnable examples: the five TensorFlow notebooks this project started from, ported to Java
 * ({@link dev.lanegrad.examples.Seed000Variables}, {@link dev.lanegrad.examples.Seed001Autodiff},
 * {@link dev.lanegrad.examples.Seed002MoreTape}, {@link dev.lanegrad.examples.Seed003Optimizer},
 * {@link dev.lanegrad.examples.Seed004Basics}), and the {@link dev.lanegrad.examples.Demo}, an MLP
 * on the UCI handwritten digits.
 *
 * <p>They are compiled with the tests (they may use JFreeChart, a test-scope dependency; the
 * library itself depends on nothing). Run one from the project folder: {@code ./mvnw -q
 * test-compile exec:exec@demo -Ddemo.main=dev.lanegrad.examples.Seed003Optimizer}; without {@code
 * -Ddemo.main} the demo runs. PNGs go to {@code target/} (or to the folder named by {@code
 * -Dlanegrad.examples.out}). {@code ExamplesTest} runs them all and checks what they print.
 */
package dev.lanegrad.examples;
