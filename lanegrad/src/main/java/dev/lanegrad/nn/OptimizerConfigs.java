package dev.lanegrad.nn;

import static dev.lanegrad.nn.Serialization.bool;
import static dev.lanegrad.nn.Serialization.map;
import static dev.lanegrad.nn.Serialization.num;

import dev.lanegrad.optimizers.Adagrad;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.AdamW;
import dev.lanegrad.optimizers.Adamax;
import dev.lanegrad.optimizers.Nadam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.RMSprop;
import dev.lanegrad.optimizers.SGD;
import dev.lanegrad.optimizers.schedules.CosineDecay;
import dev.lanegrad.optimizers.schedules.CosineDecayRestarts;
import dev.lanegrad.optimizers.schedules.ExponentialDecay;
import dev.lanegrad.optimizers.schedules.InverseTimeDecay;
import dev.lanegrad.optimizers.schedules.LearningRateSchedule;
import dev.lanegrad.optimizers.schedules.PiecewiseConstantDecay;
import dev.lanegrad.optimizers.schedules.PolynomialDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configurations of the built-in optimizers and learning-rate schedules for {@link
 * Serialization}, with Keras's keys ({@code learning_rate}, {@code beta_1}, {@code
 * initial_learning_rate}, ...). An optimizer's {@code learning_rate} is a number or, for a
 * schedule, {@code {"class_name": "CosineDecay", "config": {...}}} as Keras writes it.
 */
final class OptimizerConfigs {
  private OptimizerConfigs() {}

  static void registerAll() {
    Serialization.registerSchedule(
        "ExponentialDecay",
        ExponentialDecay.class,
        s ->
            map(
                "initial_learning_rate",
                s.initialLearningRate(),
                "decay_steps",
                s.decaySteps(),
                "decay_rate",
                s.decayRate(),
                "staircase",
                s.staircase()),
        c ->
            new ExponentialDecay(
                num(c, "initial_learning_rate"),
                steps(c, "decay_steps"),
                num(c, "decay_rate"),
                bool(c, "staircase")));
    Serialization.registerSchedule(
        "InverseTimeDecay",
        InverseTimeDecay.class,
        s ->
            map(
                "initial_learning_rate",
                s.initialLearningRate(),
                "decay_steps",
                s.decaySteps(),
                "decay_rate",
                s.decayRate(),
                "staircase",
                s.staircase()),
        c ->
            new InverseTimeDecay(
                num(c, "initial_learning_rate"),
                steps(c, "decay_steps"),
                num(c, "decay_rate"),
                bool(c, "staircase")));
    Serialization.registerSchedule(
        "PolynomialDecay",
        PolynomialDecay.class,
        s ->
            map(
                "initial_learning_rate",
                s.initialLearningRate(),
                "decay_steps",
                s.decaySteps(),
                "end_learning_rate",
                s.endLearningRate(),
                "power",
                s.power(),
                "cycle",
                s.cycle()),
        c ->
            new PolynomialDecay(
                num(c, "initial_learning_rate"),
                steps(c, "decay_steps"),
                num(c, "end_learning_rate"),
                num(c, "power"),
                bool(c, "cycle")));
    Serialization.registerSchedule(
        "PiecewiseConstantDecay",
        PiecewiseConstantDecay.class,
        s -> {
          List<Object> b = new ArrayList<>();
          for (long x : s.boundaries()) {
            b.add(x);
          }
          List<Object> v = new ArrayList<>();
          for (double x : s.values()) {
            v.add(x);
          }
          return map("boundaries", b, "values", v);
        },
        c -> {
          List<?> b = list(c, "boundaries");
          List<?> v = list(c, "values");
          long[] bs = new long[b.size()];
          for (int i = 0; i < bs.length; i++) {
            bs[i] = integral("boundaries", b.get(i));
          }
          double[] vs = new double[v.size()];
          for (int i = 0; i < vs.length; i++) {
            if (!(v.get(i) instanceof Number n)) {
              throw new IllegalArgumentException(
                  "Model.load: configuration key \"values\" must hold numbers, got " + v);
            }
            vs[i] = n.doubleValue();
          }
          return new PiecewiseConstantDecay(bs, vs);
        });
    Serialization.registerSchedule(
        "CosineDecay",
        CosineDecay.class,
        s ->
            map(
                "initial_learning_rate",
                s.initialLearningRate(),
                "decay_steps",
                s.decaySteps(),
                "alpha",
                s.alpha(),
                "warmup_target",
                s.warmupTarget(),
                "warmup_steps",
                s.warmupSteps()),
        c -> {
          double init = num(c, "initial_learning_rate");
          // Keras writes warmup_target null when there is no warm-up
          Object target = c.get("warmup_target");
          return new CosineDecay(
              init,
              steps(c, "decay_steps"),
              num(c, "alpha"),
              target == null ? init : num(c, "warmup_target"),
              c.get("warmup_steps") == null ? 0 : integral("warmup_steps", c.get("warmup_steps")));
        });
    Serialization.registerSchedule(
        "CosineDecayRestarts",
        CosineDecayRestarts.class,
        s ->
            map(
                "initial_learning_rate",
                s.initialLearningRate(),
                "first_decay_steps",
                s.firstDecaySteps(),
                "t_mul",
                s.tMul(),
                "m_mul",
                s.mMul(),
                "alpha",
                s.alpha()),
        c ->
            new CosineDecayRestarts(
                num(c, "initial_learning_rate"),
                steps(c, "first_decay_steps"),
                num(c, "t_mul"),
                num(c, "m_mul"),
                num(c, "alpha")));

    Serialization.registerOptimizer(
        "SGD",
        SGD.class,
        o -> common(o, "momentum", o.momentum(), "nesterov", o.nesterov()),
        c ->
            base(SGD.builder(), c)
                .momentum(num(c, "momentum"))
                .nesterov(bool(c, "nesterov"))
                .build());
    Serialization.registerOptimizer(
        "Adam",
        Adam.class,
        o ->
            common(
                o,
                "beta_1",
                o.beta1(),
                "beta_2",
                o.beta2(),
                "epsilon",
                o.epsilon(),
                "amsgrad",
                o.amsgrad()),
        c ->
            base(Adam.builder(), c)
                .beta1(num(c, "beta_1"))
                .beta2(num(c, "beta_2"))
                .epsilon(num(c, "epsilon"))
                .amsgrad(flag(c, "amsgrad"))
                .build());
    Serialization.registerOptimizer(
        "AdamW",
        AdamW.class,
        o ->
            common(
                o,
                "beta_1",
                o.beta1(),
                "beta_2",
                o.beta2(),
                "epsilon",
                o.epsilon(),
                "amsgrad",
                o.amsgrad()),
        c ->
            base(AdamW.builder(), c)
                .beta1(num(c, "beta_1"))
                .beta2(num(c, "beta_2"))
                .epsilon(num(c, "epsilon"))
                .amsgrad(flag(c, "amsgrad"))
                .build());
    Serialization.registerOptimizer(
        "RMSprop",
        RMSprop.class,
        o ->
            common(
                o,
                "rho",
                o.rho(),
                "momentum",
                o.momentum(),
                "epsilon",
                o.epsilon(),
                "centered",
                o.centered()),
        c ->
            base(RMSprop.builder(), c)
                .rho(num(c, "rho"))
                .momentum(num(c, "momentum"))
                .epsilon(num(c, "epsilon"))
                .centered(bool(c, "centered"))
                .build());
    Serialization.registerOptimizer(
        "Adagrad",
        Adagrad.class,
        o ->
            common(
                o,
                "initial_accumulator_value",
                o.initialAccumulatorValue(),
                "epsilon",
                o.epsilon()),
        c ->
            base(Adagrad.builder(), c)
                .initialAccumulatorValue(num(c, "initial_accumulator_value"))
                .epsilon(num(c, "epsilon"))
                .build());
    Serialization.registerOptimizer(
        "Adamax",
        Adamax.class,
        o -> common(o, "beta_1", o.beta1(), "beta_2", o.beta2(), "epsilon", o.epsilon()),
        c ->
            base(Adamax.builder(), c)
                .beta1(num(c, "beta_1"))
                .beta2(num(c, "beta_2"))
                .epsilon(num(c, "epsilon"))
                .build());
    Serialization.registerOptimizer(
        "Nadam",
        Nadam.class,
        o -> common(o, "beta_1", o.beta1(), "beta_2", o.beta2(), "epsilon", o.epsilon()),
        c ->
            base(Nadam.builder(), c)
                .beta1(num(c, "beta_1"))
                .beta2(num(c, "beta_2"))
                .epsilon(num(c, "epsilon"))
                .build());
  }

  /** The options every optimizer has, then its own key-value pairs. */
  private static Map<String, Object> common(Optimizer o, Object... own) {
    Map<String, Object> c = map();
    LearningRateSchedule s = o.learningRateSchedule();
    c.put("learning_rate", s == null ? o.learningRate() : Serialization.serialize("Model.save", s));
    // Keras's keys; null where the option is off, as Keras writes None
    c.put("weight_decay", o.weightDecay() > 0 ? o.weightDecay() : null);
    c.put("clipnorm", o.clipNorm() > 0 ? o.clipNorm() : null);
    c.put("global_clipnorm", o.globalClipNorm() > 0 ? o.globalClipNorm() : null);
    c.put("clipvalue", o.clipValue() > 0 ? o.clipValue() : null);
    Map<String, Object> rest = map(own);
    c.putAll(rest);
    return c;
  }

  /** An optional boolean, false when absent (files written before the key existed). */
  private static boolean flag(Map<String, Object> c, String key) {
    return c.get(key) != null && bool(c, key);
  }

  /** An optional number, 0 (off) when absent or null. */
  private static double optional(Map<String, Object> c, String key) {
    return c.get(key) == null ? 0 : num(c, key);
  }

  /** Sets the common options of {@code c} on {@code b}. */
  private static <B extends Optimizer.Builder<B>> B base(B b, Map<String, Object> c) {
    Object lr = c.get("learning_rate");
    if (lr instanceof Map<?, ?>) {
      b.learningRate(Serialization.deserialize("Model.load", lr, LearningRateSchedule.class));
    } else {
      b.learningRate(num(c, "learning_rate"));
    }
    return b.weightDecay(optional(c, "weight_decay"))
        .clipNorm(optional(c, "clipnorm"))
        .globalClipNorm(optional(c, "global_clipnorm"))
        .clipValue(optional(c, "clipvalue"));
  }

  private static List<?> list(Map<String, Object> c, String key) {
    if (!(c.get(key) instanceof List<?> l)) {
      throw new IllegalArgumentException(
          "Model.load: configuration key \"" + key + "\" must be a list, got " + c.get(key));
    }
    return l;
  }

  private static long steps(Map<String, Object> c, String key) {
    return integral(key, c.get(key));
  }

  private static long integral(String key, Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return (long) n.doubleValue();
    }
    throw new IllegalArgumentException(
        "Model.load: configuration key \"" + key + "\" must be an integer, got " + v);
  }
}
