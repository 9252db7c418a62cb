package dev.lanegrad.internal.kernels;

/**
 * How many threads a kernel may use, the caller included: {@code -Dlanegrad.threads=N}, else the
 * number of available processors. Read once.
 */
public final class Threads {
  private static final int N = parse(System.getProperty("lanegrad.threads"));

  private Threads() {}

  /** The cap, at least 1. */
  public static int get() {
    return N;
  }

  static int parse(String value) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (value == null || value.isBlank()) {
      return Math.max(1, cores);
    }
    try {
      return Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      // a typo in a tuning flag must not stop the library: fall back to every core
      return Math.max(1, cores);
    }
  }
}
