package dev.lanegrad.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that Spark can ship to executors: each executor builds its own copy of the
 * model (or optimizer) by calling it, so the lambda must capture only serializable values.
 *
 * <pre>{@code
 * SerializableSupplier<Model> model =
 *     () -> new Sequential(new Dense(32, Activation.RELU), new Dense(10));
 * }</pre>
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
