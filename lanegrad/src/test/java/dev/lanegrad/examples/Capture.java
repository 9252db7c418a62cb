package dev.lanegrad.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what a piece of code prints on {@code System.out} (one capture at a time). */
final class Capture {
  private Capture() {}

  /** A {@code main} or snippet that may throw. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  static synchronized String stdout(Body body) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(ps);
      body.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
