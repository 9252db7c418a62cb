package dev.lanegrad.callbacks;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model after each epoch, as Keras 2's {@code tf.keras.callbacks.ModelCheckpoint} with
 * {@code save_freq="epoch"}: the whole model ({@code Model.save}) or only its weights ({@code
 * Model.saveWeights}, safetensors). The file path may hold Python format fields filled from the
 * epoch (counted from 1, as Keras) and the epoch's logs: {@code
 * "ckpt/model-{epoch:02d}-{val_loss:.4f}.lgm"} gives {@code ckpt/model-03-0.2871.lgm}. Defaults:
 * monitor {@code val_loss}, saveBestOnly false, saveWeightsOnly false, mode {@code auto} (larger is
 * better when the name contains {@code acc} or starts with {@code fmeasure}).
 *
 * <pre>{@code
 * ModelCheckpoint best = ModelCheckpoint.builder("ckpt/best.lgm").monitor("val_accuracy")
 *     .saveBestOnly(true).build();
 * }</pre>
 *
 * <p>With saveBestOnly a file is written only when the monitored value beats the best so far
 * (strictly); a missing monitor key skips the save with a warning, as Keras. Every save replaces
 * its file atomically (a temporary file renamed over it), so an exception thrown later in training,
 * by a callback or the data, leaves the last checkpoint whole. Supported format fields: {@code
 * {name}} and {@code {name:spec}} with a spec of the form {@code [0][width][.precision](d|f|e|g)}.
 */
public final class ModelCheckpoint extends Callback {
  private static final Pattern FIELD =
      Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\\}");
  private static final Pattern SPEC = Pattern.compile("(0?)(\\d*)(?:\\.(\\d+))?([dfeg]?)");

  private final String filepath;
  private final String monitor;
  private final boolean saveBestOnly;
  private final boolean saveWeightsOnly;
  private final boolean greater;
  private double best;
  private Path lastSaved;

  private ModelCheckpoint(Builder b) {
    filepath = b.filepath;
    monitor = b.monitor;
    saveBestOnly = b.saveBestOnly;
    saveWeightsOnly = b.saveWeightsOnly;
    greater =
        Monitor.greater(
            "ModelCheckpoint", b.mode, monitor.contains("acc") || monitor.startsWith("fmeasure"));
    best =
        b.initialValueThreshold != null
            ? b.initialValueThreshold
            : greater ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /**
   * A builder for a checkpoint written to {@code filepath} (format fields allowed).
   *
   * @throws IllegalArgumentException for a null or empty path, or a malformed format field
   */
  public static Builder builder(String filepath) {
    if (filepath == null || filepath.isEmpty()) {
      throw new IllegalArgumentException("ModelCheckpoint.builder: the file path is null or empty");
    }
    Matcher m = FIELD.matcher(filepath);
    while (m.find()) {
      if (m.group(2) != null && !SPEC.matcher(m.group(2)).matches()) {
        throw new IllegalArgumentException(
            "ModelCheckpoint.builder: unsupported format spec \""
                + m.group(2)
                + "\" in "
                + filepath);
      }
    }
    return new Builder(filepath);
  }

  /** Builds a {@link ModelCheckpoint}; options named as Keras's arguments. */
  public static final class Builder {
    private final String filepath;
    private String monitor = "val_loss";
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private String mode = "auto";
    private Double initialValueThreshold;

    private Builder(String filepath) {
      this.filepath = filepath;
    }

    /** The logs key that decides the best model (default {@code val_loss}). */
    public Builder monitor(String monitor) {
      this.monitor = Monitor.checkMonitor("ModelCheckpoint.monitor", monitor);
      return this;
    }

    /** Save only when the monitored value improves on the best so far. */
    public Builder saveBestOnly(boolean saveBestOnly) {
      this.saveBestOnly = saveBestOnly;
      return this;
    }

    /** Save the weights (safetensors) instead of the whole model. */
    public Builder saveWeightsOnly(boolean saveWeightsOnly) {
      this.saveWeightsOnly = saveWeightsOnly;
      return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public Builder mode(String mode) {
      Monitor.greater("ModelCheckpoint.mode", mode, false);
      this.mode = mode;
      return this;
    }

    /** The value to beat for the first save with saveBestOnly (Keras's initial_value_threshold). */
    public Builder initialValueThreshold(double threshold) {
      this.initialValueThreshold = threshold;
      return this;
    }

    /** The callback. */
    public ModelCheckpoint build() {
      return new ModelCheckpoint(this);
    }
  }

  /**
   * @throws IllegalArgumentException when the path names a key the logs lack, or the model cannot
   *     be saved
   * @throws java.io.UncheckedIOException when the file cannot be written; the previous one is
   *     intact
   */
  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs = orEmpty(logs);
    Path file = Path.of(format(filepath, epoch + 1, logs));
    if (saveBestOnly) {
      Double current = logs.get(monitor);
      if (current == null) {
        System.err.println(
            "ModelCheckpoint: can save best model only with " + monitor + " available, skipping.");
        return;
      }
      if (!(greater ? current > best : current < best)) {
        return;
      }
      best = current;
    }
    if (saveWeightsOnly) {
      requireModel("onEpochEnd").saveWeights(file);
    } else {
      requireModel("onEpochEnd").save(file);
    }
    lastSaved = file;
  }

  /** The file written last, or null. */
  public Path lastSaved() {
    return lastSaved;
  }

  /** The best monitored value so far (with saveBestOnly). */
  public double best() {
    return best;
  }

  /** Python's {@code str.format(epoch=epoch, **logs)} for the fields this callback supports. */
  static String format(String path, int epoch, Map<String, Double> logs) {
    Matcher m = FIELD.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String spec = m.group(2) == null ? "" : m.group(2);
      Object value;
      if (key.equals("epoch")) {
        value = (long) epoch;
      } else if (logs.containsKey(key)) {
        value = logs.get(key);
      } else {
        throw new IllegalArgumentException(
            "ModelCheckpoint: the file path "
                + path
                + " uses {"
                + key
                + "}, which the logs lack: "
                + logs.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(field(value, spec)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String field(Object v, String spec) {
    if (spec.isEmpty()) {
      return v instanceof Long l ? Long.toString(l) : Monitor.pythonFloat((Double) v);
    }
    Matcher s = SPEC.matcher(spec);
    if (!s.matches()) {
      throw new IllegalArgumentException(
          "ModelCheckpoint: unsupported format spec \"" + spec + "\"");
    }
    String type = s.group(4).isEmpty() ? (v instanceof Long ? "d" : "g") : s.group(4);
    String f = "%" + s.group(1) + s.group(2) + (s.group(3) != null ? "." + s.group(3) : "") + type;
    if (type.equals("d")) {
      if (!(v instanceof Long)) {
        throw new IllegalArgumentException(
            "ModelCheckpoint: format code 'd' needs an integer, got " + v);
      }
      return String.format(Locale.ROOT, f, v);
    }
    double d = v instanceof Long l ? l : (Double) v;
    // %f and %e print as Python's; %g keeps trailing zeros where Python drops them
    return String.format(Locale.ROOT, f, d);
  }
}
