package dev.lanegrad.nn;

import java.util.SplittableRandom;

/**
 * Process-wide Keras state: the random generator behind unseeded initializers and shuffling, and
 * the counters behind default layer names.
 *
 * <pre>{@code
 * Utils.setRandomSeed(42);   // tf.keras.utils.set_random_seed(42): reproducible weights and fits
 * Utils.clearSession();      // tf.keras.backend.clear_session(): the next Dense is "dense" again
 * }</pre>
 */
public final class Utils {
  // unseeded, each run differs, as Keras without set_random_seed
  private static SplittableRandom generator = new SplittableRandom();

  private Utils() {}

  /**
   * Seeds the generator that unseeded initializers ({@link Initializers#glorotUniform()}) and
   * unseeded shuffling in {@link Model#fit} draw their seeds from, as {@code
   * tf.keras.utils.set_random_seed(seed)}: the same program then makes the same weights.
   */
  public static synchronized void setRandomSeed(long seed) {
    generator = new SplittableRandom(seed);
  }

  /**
   * Resets the counters of default layer names, as {@code tf.keras.backend.clear_session()}: the
   * next {@code new Dense(2)} is named {@code dense} again.
   */
  public static void clearSession() {
    Layer.resetNames();
  }

  /** A fresh seed from the global generator. */
  static synchronized long nextSeed() {
    return generator.nextLong();
  }
}
