package dev.lanegrad.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric values by name in insertion order, printed as Keras's progress bar prints them: {@code
 * {loss=0.1235, accuracy=0.9000}} (four decimals, scientific below 1e-3), where a plain map would
 * show float32 noise ({@code 0.8999999761581421}). The values themselves keep every digit.
 */
final class Logs extends LinkedHashMap<String, Double> {
  private static final long serialVersionUID = 1L;

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Double> e : entrySet()) {
      if (b.length() > 1) {
        b.append(", ");
      }
      Double v = e.getValue();
      b.append(e.getKey()).append('=').append(v == null ? "null" : Progress.number(v));
    }
    return b.append('}').toString();
  }
}
