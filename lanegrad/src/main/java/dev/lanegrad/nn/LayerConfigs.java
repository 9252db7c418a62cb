package dev.lanegrad.nn;

import static dev.lanegrad.nn.Serialization.bool;
import static dev.lanegrad.nn.Serialization.map;
import static dev.lanegrad.nn.Serialization.num;

import dev.lanegrad.DType;
import dev.lanegrad.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configurations of the built-in layers for {@link Model#save}, with Keras 2's keys ({@code
 * filters}, {@code kernel_size}, {@code strides}, {@code padding}, {@code momentum}, {@code
 * return_sequences}, ...) plus {@code name}, {@code trainable} and {@code dtype}. Initializers are
 * not kept (the weights are saved); regularizers are, since they change the loss of resumed
 * training. A seeded {@link Dropout} keeps how many masks it has drawn, so that resumed training
 * draws the masks the original would have.
 */
final class LayerConfigs {
  private LayerConfigs() {}

  static void registerAll() {
    Serialization.registerLayer(
        "Flatten", Flatten.class, LayerConfigs::base, c -> finish(Flatten.builder(), c));
    Serialization.registerLayer(
        "Reshape",
        Reshape.class,
        l -> with(base(l), "target_shape", longs(l.targetShape())),
        c -> finish(Reshape.builder(ints(c, "target_shape")), c));
    Serialization.registerLayer(
        "Activation",
        ActivationLayer.class,
        l -> with(base(l), "activation", activationName(l.activation())),
        c -> finish(ActivationLayer.builder(activation(c, "activation")), c));
    Serialization.registerLayer(
        "Dropout",
        Dropout.class,
        l -> {
          Map<String, Object> c = with(base(l), "rate", l.rate());
          c.put("seed", l.seed);
          c.put("seed_calls", l.calls.get());
          return c;
        },
        c -> {
          Dropout d = new Dropout(num(c, "rate"), seed(c), str(c, "name"));
          d.calls.set((long) num(c, "seed_calls"));
          return trainable(d, c);
        });
    Serialization.registerLayer(
        "BatchNormalization",
        BatchNormalization.class,
        l -> {
          Map<String, Object> c = with(base(l), "axis", -1L);
          c.put("momentum", l.momentum);
          c.put("epsilon", l.epsilon);
          c.put("center", l.center);
          c.put("scale", l.scale);
          return c;
        },
        c ->
            finish(
                BatchNormalization.builder()
                    .momentum(num(c, "momentum"))
                    .epsilon(num(c, "epsilon"))
                    .center(bool(c, "center"))
                    .scale(bool(c, "scale")),
                c));
    Serialization.registerLayer(
        "LayerNormalization",
        LayerNormalization.class,
        l -> {
          Map<String, Object> c = with(base(l), "axis", -1L);
          c.put("epsilon", l.epsilon);
          c.put("center", l.center);
          c.put("scale", l.scale);
          return c;
        },
        c ->
            finish(
                LayerNormalization.builder()
                    .epsilon(num(c, "epsilon"))
                    .center(bool(c, "center"))
                    .scale(bool(c, "scale")),
                c));
    Serialization.registerLayer(
        "Embedding",
        Embedding.class,
        l -> {
          Map<String, Object> c = with(base(l), "input_dim", (long) l.inputDim);
          c.put("output_dim", (long) l.outputDim);
          c.put("embeddings_regularizer", regularizer(l, l.regularizer));
          return c;
        },
        c ->
            finish(
                Embedding.builder((int) num(c, "input_dim"), (int) num(c, "output_dim"))
                    .embeddingsRegularizer(regularizer(c, "embeddings_regularizer")),
                c));
    Serialization.registerLayer(
        "Conv1D",
        Conv1D.class,
        LayerConfigs::conv,
        c -> finish(conv(Conv1D.builder((int) num(c, "filters"), 1), c), c));
    Serialization.registerLayer(
        "Conv2D",
        Conv2D.class,
        LayerConfigs::conv,
        c -> finish(conv(Conv2D.builder((int) num(c, "filters"), 1), c), c));
    Serialization.registerLayer(
        "MaxPooling1D",
        MaxPooling1D.class,
        LayerConfigs::pool,
        c -> finish(pool(MaxPooling1D.builder(1), c), c));
    Serialization.registerLayer(
        "MaxPooling2D",
        MaxPooling2D.class,
        LayerConfigs::pool,
        c -> finish(pool(MaxPooling2D.builder(1), c), c));
    Serialization.registerLayer(
        "AveragePooling1D",
        AveragePooling1D.class,
        LayerConfigs::pool,
        c -> finish(pool(AveragePooling1D.builder(1), c), c));
    Serialization.registerLayer(
        "AveragePooling2D",
        AveragePooling2D.class,
        LayerConfigs::pool,
        c -> finish(pool(AveragePooling2D.builder(1), c), c));
    Serialization.registerLayer(
        "GlobalAveragePooling1D",
        GlobalAveragePooling1D.class,
        LayerConfigs::global,
        c -> trainable(new GlobalAveragePooling1D(str(c, "name"), bool(c, "keepdims")), c));
    Serialization.registerLayer(
        "GlobalAveragePooling2D",
        GlobalAveragePooling2D.class,
        LayerConfigs::global,
        c -> trainable(new GlobalAveragePooling2D(str(c, "name"), bool(c, "keepdims")), c));
    Serialization.registerLayer(
        "GlobalMaxPooling1D",
        GlobalMaxPooling1D.class,
        LayerConfigs::global,
        c -> trainable(new GlobalMaxPooling1D(str(c, "name"), bool(c, "keepdims")), c));
    Serialization.registerLayer(
        "GlobalMaxPooling2D",
        GlobalMaxPooling2D.class,
        LayerConfigs::global,
        c -> trainable(new GlobalMaxPooling2D(str(c, "name"), bool(c, "keepdims")), c));
    Serialization.registerLayer(
        "SimpleRNN",
        SimpleRNN.class,
        LayerConfigs::recurrent,
        c -> seedCalls(finish(recurrent(SimpleRNN.builder((int) num(c, "units")), c), c), c));
    Serialization.registerLayer(
        "LSTM",
        LSTM.class,
        LayerConfigs::recurrent,
        c -> seedCalls(finish(recurrent(LSTM.builder((int) num(c, "units")), c), c), c));
    Serialization.registerLayer(
        "GRU",
        GRU.class,
        LayerConfigs::recurrent,
        c -> seedCalls(finish(recurrent(GRU.builder((int) num(c, "units")), c), c), c));
    Serialization.registerLayer(
        "MultiHeadAttention",
        MultiHeadAttention.class,
        l -> {
          Map<String, Object> c = with(base(l), "num_heads", (long) l.numHeads);
          c.put("key_dim", (long) l.keyDim);
          c.put("value_dim", (long) l.valueDim);
          c.put("output_shape", l.outputDim > 0 ? (Long) (long) l.outputDim : null); // Keras: None
          c.put("use_bias", l.useBias);
          c.put("dropout", l.dropout);
          c.put("seed", l.seed);
          c.put("seed_calls", l.calls.get());
          return c;
        },
        c -> {
          MultiHeadAttention.Builder b =
              MultiHeadAttention.builder((int) num(c, "num_heads"), (int) num(c, "key_dim"))
                  .valueDim((int) num(c, "value_dim"))
                  .useBias(bool(c, "use_bias"))
                  .dtype(dtype(c))
                  .name(str(c, "name"));
          if (c.get("output_shape") != null) {
            b.outputShape((int) num(c, "output_shape"));
          }
          b.dropout(num(c, "dropout"));
          Long seed = seed(c);
          if (seed != null) {
            b.seed(seed);
          }
          MultiHeadAttention m = trainable(b.build(), c);
          m.calls.set((long) num(c, "seed_calls"));
          return m;
        });
  }

  // ---------------------------------------------------------------- families

  private static Map<String, Object> conv(Conv l) {
    Map<String, Object> c = with(base(l), "filters", (long) l.filters());
    c.put("kernel_size", longs(l.kernelSize));
    c.put("strides", longs(l.strides));
    c.put("padding", l.padding.name().toLowerCase(Locale.ROOT));
    c.put("dilation_rate", longs(l.dilation));
    c.put("activation", activationName(l.activation));
    c.put("use_bias", l.useBias);
    c.put("kernel_regularizer", regularizer(l, l.kernelRegularizer));
    c.put("bias_regularizer", regularizer(l, l.biasRegularizer));
    return c;
  }

  private static <B extends Conv.Builder<B, L>, L extends Conv> B conv(B b, Map<String, Object> c) {
    return b.kernelSize(ints(c, "kernel_size"))
        .strides(ints(c, "strides"))
        .padding(padding(c))
        .dilationRate(ints(c, "dilation_rate"))
        .activation(activation(c, "activation"))
        .useBias(bool(c, "use_bias"))
        .kernelRegularizer(regularizer(c, "kernel_regularizer"))
        .biasRegularizer(regularizer(c, "bias_regularizer"));
  }

  private static Map<String, Object> pool(Pooling l) {
    Map<String, Object> c = with(base(l), "pool_size", longs(l.pool));
    c.put("strides", longs(l.strides));
    c.put("padding", l.padding.name().toLowerCase(Locale.ROOT));
    return c;
  }

  private static <B extends Pooling.Builder<B, L>, L extends Pooling> B pool(
      B b, Map<String, Object> c) {
    return b.poolSize(ints(c, "pool_size")).strides(ints(c, "strides")).padding(padding(c));
  }

  private static Map<String, Object> global(GlobalPooling l) {
    return with(base(l), "keepdims", l.keepdims);
  }

  private static Map<String, Object> recurrent(RecurrentLayer l) {
    Map<String, Object> c = with(base(l), "units", (long) l.units());
    c.put("activation", activationName(l.activation));
    c.put("recurrent_activation", activationName(l.recurrentActivation));
    c.put("use_bias", l.useBias);
    c.put("return_sequences", l.returnSequences());
    c.put("go_backwards", l.goBackwards);
    c.put("return_state", l.returnState);
    c.put("dropout", l.dropout);
    c.put("recurrent_dropout", l.recurrentDropout);
    c.put("seed", l.seed);
    c.put("seed_calls", l.calls.get());
    c.put("kernel_regularizer", regularizer(l, l.kernelRegularizer));
    c.put("recurrent_regularizer", regularizer(l, l.recurrentRegularizer));
    c.put("bias_regularizer", regularizer(l, l.biasRegularizer));
    return c;
  }

  private static <B extends RecurrentLayer.Builder<B, L>, L extends RecurrentLayer> B recurrent(
      B b, Map<String, Object> c) {
    Long seed = seed(c);
    if (seed != null) {
      b.seed(seed);
    }
    return b.activation(activation(c, "activation"))
        .returnState(bool(c, "return_state"))
        .dropout(num(c, "dropout"))
        .recurrentDropout(num(c, "recurrent_dropout"))
        .recurrentActivation(activation(c, "recurrent_activation"))
        .useBias(bool(c, "use_bias"))
        .returnSequences(bool(c, "return_sequences"))
        .goBackwards(bool(c, "go_backwards"))
        .kernelRegularizer(regularizer(c, "kernel_regularizer"))
        .recurrentRegularizer(regularizer(c, "recurrent_regularizer"))
        .biasRegularizer(regularizer(c, "bias_regularizer"));
  }

  // ---------------------------------------------------------------- common keys

  /** A seeded layer's {@code seed} (null: unseeded). */
  private static Long seed(Map<String, Object> c) {
    Object seed = c.get("seed");
    if (seed != null && !(seed instanceof Long)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"seed\" must be an integer or null, got " + seed);
    }
    return (Long) seed;
  }

  /** Puts back how many masks a seeded recurrent layer has drawn. */
  private static <L extends RecurrentLayer> L seedCalls(L l, Map<String, Object> c) {
    l.calls.set((long) num(c, "seed_calls"));
    return l;
  }

  static Map<String, Object> base(Layer l) {
    Map<String, Object> c =
        map(
            "name",
            l.name(),
            "trainable",
            l.trainable(),
            "dtype",
            l.dtype().name().toLowerCase(Locale.ROOT));
    if (l.activityRegularizer != null) { // absent in files of layers without one
      c.put("activity_regularizer", regularizer(l, l.activityRegularizer));
    }
    return c;
  }

  private static Map<String, Object> with(Map<String, Object> c, String key, Object value) {
    c.put(key, value);
    return c;
  }

  private static <B extends LayerBuilder<B, L>, L extends Layer> L finish(
      B b, Map<String, Object> c) {
    return trainable(b.name(str(c, "name")).dtype(dtype(c)).build(), c);
  }

  static <L extends Layer> L trainable(L l, Map<String, Object> c) {
    if (c.containsKey("trainable")) {
      l.setTrainable(bool(c, "trainable"));
    }
    if (c.get("activity_regularizer") != null) {
      l.activityRegularizer = regularizer(c, "activity_regularizer");
    }
    return l;
  }

  static String str(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" must be a string, got " + v);
    }
    return s;
  }

  static DType dtype(Map<String, Object> c) {
    Object v = c.get("dtype");
    return v == null ? DType.FLOAT32 : Serialization.dtypeOf(String.valueOf(v));
  }

  private static List<Object> longs(int[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (int x : v) {
      out.add((long) x);
    }
    return out;
  }

  private static int[] ints(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" must be a list of integers, got " + v);
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Long x) || x != (int) (long) x) {
        throw new IllegalArgumentException(
            "Model.load: configuration key \"" + key + "\" must be a list of integers, got " + v);
      }
      out[i] = (int) (long) x;
    }
    return out;
  }

  private static Padding padding(Map<String, Object> c) {
    String p = str(c, "padding");
    if (p.equals("valid")) {
      return Padding.VALID;
    }
    if (p.equals("same")) {
      return Padding.SAME;
    }
    throw new IllegalArgumentException(
        "Model.load: padding must be \"valid\" or \"same\", got \"" + p + "\"");
  }

  static String activationName(Activation a) {
    return a.name().toLowerCase(Locale.ROOT);
  }

  static Activation activation(Map<String, Object> c, String key) {
    String act = str(c, key);
    try {
      return Activation.valueOf(act.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Model.load: unknown activation \"" + act + "\"", e);
    }
  }

  /**
   * Keras's {@code {"class_name": "L1L2", "config": {"l1": ..., "l2": ...}}} (or {@code L1}, {@code
   * L2}) for a regularizer of {@link Regularizers}, null for none.
   *
   * @throws IllegalArgumentException for a regularizer of another kind (a lambda), which cannot be
   *     written
   */
  static Object regularizer(Layer l, Regularizer r) {
    if (r == null) {
      return null;
    }
    if (!(r instanceof Regularizers.Penalty p)) {
      throw new IllegalArgumentException(
          "Model.save: layer \""
              + l.name()
              + "\" has a regularizer that is not one of Regularizers.l1/l2/l1l2 ("
              + r
              + "); it cannot be saved: use saveWeights, or a regularizer of Regularizers");
    }
    return p.config();
  }

  static Regularizer regularizer(Map<String, Object> c, String key) {
    Object v = c.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)
        || !(m.get("class_name") instanceof String name)
        || !(m.get("config") instanceof Map<?, ?> rc)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" is not a regularizer: " + v);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) rc;
    switch (name) {
      case "L1":
        return Regularizers.l1(num(config, "l1"));
      case "L2":
        return Regularizers.l2(num(config, "l2"));
      case "L1L2":
        return Regularizers.l1l2(num(config, "l1"), num(config, "l2"));
      default:
        throw new IllegalArgumentException(
            "Model.load: unknown regularizer \"" + name + "\" under \"" + key + "\"");
    }
  }
}
