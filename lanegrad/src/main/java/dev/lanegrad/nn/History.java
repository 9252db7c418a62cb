package dev.lanegrad.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Model#fit} recorded, one value per epoch under Keras's keys: {@code loss}, each
 * compiled metric's name ({@code accuracy}, {@code auc}, ...), then {@code val_loss} and {@code
 * val_<name>} with validation data, and {@code lr} when a callback logs it.
 *
 * <pre>{@code
 * History h = model.fit(x, y, 10, 32);
 * double last = h.get("loss").get(h.epochs() - 1);
 * }</pre>
 */
public final class History {
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private int epochs;

  /** An empty history; {@link Model#fit} makes its own, other trainers record into theirs. */
  public History() {}

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

  /**
   * Appends one epoch's logs, as Keras's {@code History.on_epoch_end} does: a trainer outside
   * {@code fit} (lanegrad-spark's {@code SparkTrainer}) records its epochs with it.
   *
   * <pre>{@code
   * History h = new History();
   * h.record(Map.of("loss", 0.69));   // h.get("loss") is [0.69], h.epochs() is 1
   * }</pre>
   *
   * @throws IllegalArgumentException for null logs, a key that is not a String or a value that is
   *     not a Double; nothing is then recorded
   */
  public void record(Map<String, Double> epochLogs) {
    if (epochLogs == null) {
      throw new IllegalArgumentException("History.record: the epoch's logs are null");
    }
    // checked entry by entry before any is recorded: a raw map must fail here, not in a cast
    Map<String, Double> checked = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) epochLogs).entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new IllegalArgumentException(
            "History.record: every key must be a String, got " + describe(e.getKey()));
      }
      if (e.getValue() != null && !(e.getValue() instanceof Double)) {
        throw new IllegalArgumentException(
            "History.record: the value of \""
                + k
                + "\" must be a Double, got "
                + describe(e.getValue()));
      }
      checked.put(k, (Double) e.getValue());
    }
    for (Map.Entry<String, Double> e : checked.entrySet()) {
      values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    epochs++;
  }

  private static String describe(Object o) {
    return o == null ? "null" : "a " + o.getClass().getSimpleName();
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
