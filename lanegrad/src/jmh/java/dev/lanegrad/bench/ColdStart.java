package dev.lanegrad.bench;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;

/**
 * A fresh JVM to its first gradient: dy/dx of x*x at 3, then prints {@code FIRST_GRAD_EPOCH_NS
 * <ns>} (wall clock, so {@code bench/coldstart.sh} can subtract the time it spawned the JVM). Not a
 * JMH benchmark: one measurement is one process.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) {
    Tensor x = Tensor.of(3f);
    GradientTape tape = new GradientTape();
    Tensor y;
    try (tape) {
      tape.watch(x);
      y = x.mul(x);
    }
    float g = tape.gradient(y, x).floatValue();
    java.time.Instant now = java.time.Instant.now();
    long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    if (g != 6f) {
      System.err.println("ColdStart: expected gradient 6, got " + g);
      System.exit(1);
    }
    System.out.println("FIRST_GRAD_EPOCH_NS " + ns);
  }
}
