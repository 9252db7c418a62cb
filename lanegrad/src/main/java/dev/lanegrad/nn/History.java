package dev.lanegrad.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Model#fit} recorded, one value per epoch under Keras's keys: {@code loss}, {@code
 * accuracy}, {@code val_loss}, {@code val_accuracy} (the last three when they apply).
 *
 * <pre>{@code
 * History h = model.fit(x, y, 10, 32);
 * double last = h.get("loss").get(h.epochs() - 1);
 * }</pre>
 */
public final class History {
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private int epochs;

  History() {}

  /** Every series, in Keras's key order; read-only. */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      out.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(e.getValue())));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * One series: {@code get("val_loss")}.
   *
   * @throws IllegalArgumentException for a key that was not recorded (the message lists the keys)
   */
  public List<Double> get(String key) {
    List<Double> v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "History.get: no key \"" + key + "\"; recorded keys are " + values.keySet());
    }
    return Collections.unmodifiableList(new ArrayList<>(v));
  }

  /** The number of epochs recorded. */
  public int epochs() {
    return epochs;
  }

  void record(Map<String, Double> epochLogs) {
    for (Map.Entry<String, Double> e : epochLogs.entrySet()) {
      values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    epochs++;
  }

  /**
   * {@code History{epochs=2, loss=[0.6931, 0.5012], accuracy=[0.5000, 0.7500]}}: values rounded as
   * Keras's progress bar prints them; {@link #get} keeps every digit.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("History{epochs=").append(epochs);
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      b.append(", ").append(e.getKey()).append("=[");
      List<Double> l = e.getValue();
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(l.get(i) == null ? "null" : Progress.number(l.get(i)));
      }
      b.append(']');
    }
    return b.append('}').toString();
  }
}
