package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.SGD;
import dev.lanegrad.optimizers.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How {@link Model#save} writes a layer's or an optimizer's configuration and {@link Model#load}
 * rebuilds it: a registry by class, as Keras's {@code get_config}/{@code from_config} and {@code
 * register_keras_serializable}. A configuration is a JSON-able map (strings, numbers, booleans,
 * null, lists and maps of them) with Keras's keys; the weights are saved apart, by name, so a
 * configuration holds only what the constructor needs.
 *
 * <pre>{@code
 * Serialization.registerLayer("MyLayer", MyLayer.class,
 *     l -> Map.of("name", l.name(), "units", (long) l.units()),
 *     c -> new MyLayer((String) c.get("name"), ((Number) c.get("units")).intValue()));
 * }</pre>
 *
 * <p>Every layer of this package (with Keras's configuration keys: {@code filters}, {@code
 * kernel_size}, {@code momentum}, {@code return_sequences}, ...), {@link SGD} and {@link Adam} are
 * registered here, and the schedules of {@code dev.lanegrad.optimizers.schedules}. A rebuilt model
 * is built by one forward pass on zeros of the saved input shape, so a layer needs no separate
 * build information in its configuration.
 */
public final class Serialization {
  private record Entry<T>(
      String name,
      Class<T> type,
      Function<T, Map<String, Object>> toConfig,
      Function<Map<String, Object>, T> fromConfig) {
    @SuppressWarnings("unchecked")
    Map<String, Object> config(Object o) {
      return toConfig.apply((T) o);
    }
  }

  private static final Map<Class<?>, Entry<?>> BY_CLASS = new ConcurrentHashMap<>();
  private static final Map<String, Entry<?>> BY_NAME = new ConcurrentHashMap<>();

  private Serialization() {}

  static {
    registerLayer("Dense", Dense.class, Serialization::denseConfig, Serialization::dense);
    registerLayer(
        "Sequential", Sequential.class, Serialization::sequentialConfig, Serialization::sequential);
    OptimizerConfigs.registerAll();
    LayerConfigs.registerAll();
  }

  /**
   * Registers a layer class under a name (Keras's {@code class_name}); replaces an earlier entry.
   *
   * @throws IllegalArgumentException for a null argument or an empty name
   */
  public static <T extends Layer> void registerLayer(
      String name,
      Class<T> type,
      Function<T, Map<String, Object>> toConfig,
      Function<Map<String, Object>, T> fromConfig) {
    put("Serialization.registerLayer", name, type, toConfig, fromConfig);
  }

  /**
   * Registers an optimizer class: its configuration holds the hyper-parameters ({@code
   * learning_rate} the current rate); its step count and slots are saved apart.
   *
   * @throws IllegalArgumentException for a null argument or an empty name
   */
  public static <T extends Optimizer> void registerOptimizer(
      String name,
      Class<T> type,
      Function<T, Map<String, Object>> toConfig,
      Function<Map<String, Object>, T> fromConfig) {
    put("Serialization.registerOptimizer", name, type, toConfig, fromConfig);
  }

  /**
   * Registers a learning-rate schedule class, so that an optimizer following it can be saved: the
   * optimizer's {@code learning_rate} is then the schedule's {@code {"class_name", "config"}}.
   *
   * @throws IllegalArgumentException for a null argument or an empty name
   */
  public static <T extends LearningRateSchedule> void registerSchedule(
      String name,
      Class<T> type,
      Function<T, Map<String, Object>> toConfig,
      Function<Map<String, Object>, T> fromConfig) {
    put("Serialization.registerSchedule", name, type, toConfig, fromConfig);
  }

  private static <T> void put(
      String op,
      String name,
      Class<T> type,
      Function<T, Map<String, Object>> toConfig,
      Function<Map<String, Object>, T> fromConfig) {
    if (name == null || name.isEmpty() || type == null || toConfig == null || fromConfig == null) {
      throw new IllegalArgumentException(op + ": name, type and both functions must be given");
    }
    Entry<T> e = new Entry<>(name, type, toConfig, fromConfig);
    BY_CLASS.put(type, e);
    BY_NAME.put(name, e);
  }

  /** {@code {"class_name": "Dense", "config": {...}}} for a registered object. */
  static Map<String, Object> serialize(String op, Object o) {
    Entry<?> e = BY_CLASS.get(o.getClass());
    if (e == null) {
      throw new IllegalArgumentException(
          op
              + ": "
              + o.getClass().getName()
              + " has no registered configuration; register it with Serialization.registerLayer"
              + " (or registerOptimizer, registerSchedule), or save the weights only with"
              + " saveWeights");
    }
    Map<String, Object> config = e.config(o);
    if (config == null) {
      throw new IllegalStateException(op + ": the configuration of " + e.name() + " is null");
    }
    return map("class_name", e.name(), "config", config);
  }

  /** The object of a {@code {"class_name", "config"}} map, checked to be of {@code type}. */
  @SuppressWarnings("unchecked")
  static <T> T deserialize(String op, Object spec, Class<T> type) {
    if (!(spec instanceof Map<?, ?> m)
        || !(m.get("class_name") instanceof String name)
        || !(m.get("config") instanceof Map<?, ?> config)) {
      throw new IllegalArgumentException(
          op + ": expected {\"class_name\": ..., \"config\": {...}}, got " + spec);
    }
    Entry<?> e = BY_NAME.get(name);
    if (e == null || !type.isAssignableFrom(e.type())) {
      throw new IllegalArgumentException(
          op
              + ": no "
              + type.getSimpleName()
              + " is registered as \""
              + name
              + "\"; register it with Serialization before loading");
    }
    try {
      return (T) e.fromConfig().apply((Map<String, Object>) config);
    } catch (ClassCastException | NullPointerException x) {
      throw new IllegalArgumentException(
          op + ": the configuration of \"" + name + "\" is malformed: " + config + " (" + x + ")",
          x);
    }
  }

  // ---------------------------------------------------------------- built-ins

  private static Map<String, Object> denseConfig(Dense d) {
    Map<String, Object> c =
        map(
            "name",
            d.name(),
            "units",
            (long) d.units(),
            "activation",
            d.activation().name().toLowerCase(Locale.ROOT),
            "use_bias",
            d.bias() != null);
    if (d.dtype() != DType.FLOAT32) {
      c.put("dtype", d.dtype().name().toLowerCase(Locale.ROOT)); // absent: float32
    }
    c.put("trainable", d.trainable());
    c.put("kernel_regularizer", LayerConfigs.regularizer(d, d.kernelRegularizer));
    c.put("bias_regularizer", LayerConfigs.regularizer(d, d.biasRegularizer));
    if (d.activityRegularizer != null) { // absent in files of layers without one
      c.put("activity_regularizer", LayerConfigs.regularizer(d, d.activityRegularizer));
    }
    return c;
  }

  private static Dense dense(Map<String, Object> c) {
    Activation a = LayerConfigs.activation(c, "activation");
    Object dtype = c.get("dtype"); // files written before Dense had a dtype are float32
    Dense d =
        Dense.builder((int) num(c, "units"))
            .activation(a)
            .useBias(bool(c, "use_bias"))
            .dtype(dtype == null ? DType.FLOAT32 : dtypeOf((String) dtype))
            .kernelRegularizer(LayerConfigs.regularizer(c, "kernel_regularizer"))
            .biasRegularizer(LayerConfigs.regularizer(c, "bias_regularizer"))
            .activityRegularizer(LayerConfigs.regularizer(c, "activity_regularizer"))
            .name((String) c.get("name"))
            .build();
    return LayerConfigs.trainable(d, c);
  }

  static DType dtypeOf(String name) {
    if ("float32".equals(name)) {
      return DType.FLOAT32;
    }
    if ("float64".equals(name)) {
      return DType.FLOAT64;
    }
    throw new IllegalArgumentException(
        "Model.load: a layer's dtype must be float32 or float64, got \"" + name + "\"");
  }

  private static Map<String, Object> sequentialConfig(Sequential s) {
    List<Object> layers = new ArrayList<>();
    for (Layer l : s.layers()) {
      layers.add(serialize("Model.save", l));
    }
    Map<String, Object> c = map("name", s.name(), "layers", layers);
    var shape = s.buildShape();
    if (shape == null && !s.layers().isEmpty()) {
      shape = s.layers().get(0).buildShape(); // built through its first layer's inputShape
    }
    if (shape != null) {
      List<Object> dims = new ArrayList<>();
      dims.add(null); // the batch axis, as Keras writes it
      for (int a = 1; a < shape.rank(); a++) {
        dims.add((long) shape.dim(a));
      }
      c.put("build_input_shape", dims);
    }
    return c;
  }

  private static Sequential sequential(Map<String, Object> c) {
    Sequential s = new Sequential((String) c.get("name"));
    for (Object l : (List<?>) c.get("layers")) {
      s.add(deserialize("Model.load", l, Layer.class));
    }
    return s;
  }

  // ---------------------------------------------------------------- helpers

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static double num(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" must be a number, got " + v);
    }
    return n.doubleValue();
  }

  static boolean bool(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" must be true or false, got " + v);
    }
    return b;
  }
}
