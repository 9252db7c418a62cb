package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class XorTest {
  @Test
  void learnsXor() {
    Map<String, Double> m = Xor.train();
    // all four points on the right side of 0.5, and a cross-entropy far below ln 2 (chance)
    assertEquals(1.0, m.get("accuracy"));
    assertTrue(m.get("loss") < 0.1, "loss " + m.get("loss"));
  }
}
