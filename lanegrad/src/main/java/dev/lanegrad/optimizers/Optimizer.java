package dev.lanegrad.optimizers;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.autodiff.Tape;
import dev.lanegrad.internal.kernels.UpdateKernels;
import dev.lanegrad.optimizers.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Updates variables from their gradients, as a Keras optimizer's {@code apply_gradients}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1);
 * Variable w = Variable.of(5f);
 * GradientTape tape = new GradientTape();
 * Tensor loss;
 * try (tape) { loss = w.square(); }
 * opt.applyGradients(List.of(tape.gradient(loss, w)), List.of(w));   // w = 5 - 0.1 * 10 = 4
 * }</pre>
 *
 * <p>Each variable's update is one fused loop over its array, in place unless a snapshot or a tape
 * shares that array (then the variable first adopts a copy, so recorded values never change). The
 * arithmetic is the variable's dtype's (float32 for float32 variables, as TF computes it). The
 * optimizer keeps its per-variable state (momentum, Adam's moments) keyed by variable identity. Not
 * thread-safe: one thread steps an optimizer at a time.
 *
 * <p>The learning rate is a number or a {@link LearningRateSchedule}, whose value at {@link
 * #iterations()} (0 for the first step) each step uses, as Keras: {@code
 * SGD.builder().learningRate(new CosineDecay(0.1, 1000)).momentum(0.9).build()}.
 *
 * <p>Every optimizer's builder also takes Keras's gradient clipping and decoupled weight decay,
 * applied in Keras 2.15's order ({@code optimizer.py}'s {@code apply_gradients}): first the
 * gradients are clipped, by one rule only, the first set of
 *
 * <pre>
 * clipNorm c:       g = g * c / max(||g||, c)                 each gradient by its own L2 norm
 * globalClipNorm c: g = g * c * min(1 / n, 1 / c)             n = sqrt(sum over all g of ||g||^2)
 * clipValue c:      g = min(max(g, -c), c)
 * </pre>
 *
 * then each variable with a gradient decays, {@code w = w - w * weightDecay * lr}, then the
 * optimizer's own update runs on the decayed {@code w}. A value of 0 turns an option off (Keras's
 * {@code None}); {@code clipNorm} and {@code globalClipNorm} exclude each other.
 */
public abstract class Optimizer {
  private final String name;
  private double learningRate;
  private final LearningRateSchedule schedule;
  private final double clipNorm;
  private final double clipValue;
  private final double globalClipNorm;
  private final double weightDecay;
  private long iterations;

  /**
   * An optimizer with a fixed learning rate.
   *
   * @param name for messages ({@code "SGD"})
   * @param learningRate the step size, {@code >= 0}
   * @throws IllegalArgumentException for a negative or non-finite learning rate
   */
  protected Optimizer(String name, double learningRate) {
    this.name = name;
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          name + ": learningRate must be a finite number >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
    this.schedule = null;
    this.clipNorm = 0;
    this.clipValue = 0;
    this.globalClipNorm = 0;
    this.weightDecay = 0;
  }

  /**
   * An optimizer with the options of a {@link Builder}: a learning rate or a schedule.
   *
   * @param name for messages ({@code "SGD"})
   * @throws IllegalArgumentException for a negative or non-finite learning rate or option, or both
   *     clipNorm and globalClipNorm
   */
  protected Optimizer(String name, Builder<?> options) {
    this.name = name;
    if (options == null) {
      throw new IllegalArgumentException(name + ": the builder must not be null");
    }
    if (options.schedule == null
        && (!(options.learningRate >= 0) || Double.isInfinite(options.learningRate))) {
      throw new IllegalArgumentException(
          name + ": learningRate must be a finite number >= 0, got " + options.learningRate);
    }
    this.learningRate = options.learningRate;
    this.schedule = options.schedule;
    this.clipNorm = option(name, "clipNorm", options.clipNorm);
    this.clipValue = option(name, "clipValue", options.clipValue);
    this.globalClipNorm = option(name, "globalClipNorm", options.globalClipNorm);
    this.weightDecay = option(name, "weightDecay", options.weightDecay);
    if (clipNorm > 0 && globalClipNorm > 0) {
      throw new IllegalArgumentException(
          name
              + ": at most one of clipNorm and globalClipNorm can be set, got clipNorm="
              + clipNorm
              + ", globalClipNorm="
              + globalClipNorm);
    }
  }

  private static double option(String name, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          name + ": " + what + " must be a finite number >= 0 (0: none), got " + v);
    }
    return v;
  }

  /**
   * The options every optimizer has, with Keras's names; each optimizer's {@code builder()} returns
   * its own subclass with its own options and Keras's defaults. The values are checked by {@code
   * build()}.
   *
   * @param <B> the concrete builder, returned by each setter
   */
  public abstract static class Builder<B extends Builder<B>> {
    final String optimizer;
    double learningRate;
    LearningRateSchedule schedule;
    double clipNorm;
    double clipValue;
    double globalClipNorm;
    double weightDecay;

    /**
     * A builder whose learning rate starts at the optimizer's default.
     *
     * @param optimizer the optimizer's name, for messages
     */
    protected Builder(String optimizer, double defaultLearningRate) {
      this.optimizer = optimizer;
      this.learningRate = defaultLearningRate;
    }

    /** A fixed learning rate, {@code >= 0} (checked by {@link #build()}). */
    public B learningRate(double learningRate) {
      this.learningRate = learningRate;
      this.schedule = null;
      return self();
    }

    /**
     * A learning rate that follows {@code schedule}: step {@code n} uses {@code schedule.at(n)}.
     *
     * @throws IllegalArgumentException for null
     */
    public B learningRate(LearningRateSchedule schedule) {
      if (schedule == null) {
        throw new IllegalArgumentException(
            optimizer + ".builder: learningRate(LearningRateSchedule) must not be null");
      }
      this.schedule = schedule;
      return self();
    }

    /** Clips each gradient to this L2 norm (Keras's {@code clipnorm}); 0 (default): no clipping. */
    public B clipNorm(double clipNorm) {
      this.clipNorm = clipNorm;
      return self();
    }

    /** Clips each gradient element into [-c, c] (Keras's {@code clipvalue}); 0 (default): none. */
    public B clipValue(double clipValue) {
      this.clipValue = clipValue;
      return self();
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most this (Keras's {@code
     * global_clipnorm}); 0 (default): none.
     */
    public B globalClipNorm(double globalClipNorm) {
      this.globalClipNorm = globalClipNorm;
      return self();
    }

    /**
     * Decoupled weight decay {@code w = w - w * weightDecay * lr} before each update (Keras's
     * {@code weight_decay}); 0: none, the default except for {@code AdamW}.
     */
    public B weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return self();
    }

    /**
     * The optimizer.
     *
     * @throws IllegalArgumentException for an option out of range, naming the optimizer and value
     */
    public abstract Optimizer build();

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }

  /**
   * Applies one step: each variable with a non-null gradient is updated; a {@code null} gradient
   * leaves its variable alone, as TF does. {@link #iterations()} then grows by one. Every argument
   * is checked before any variable changes.
   *
   * @throws IllegalArgumentException for lists of different sizes, a null list or variable, every
   *     gradient null (or no variables), a non-float variable, or a gradient whose dtype or shape
   *     differs from its variable's; nothing is then changed
   */
  public void applyGradients(List<? extends Tensor> gradients, List<Variable> variables) {
    String what = name + ".applyGradients";
    if (gradients == null || variables == null) {
      throw new IllegalArgumentException(what + ": gradients and variables must not be null");
    }
    if (gradients.size() != variables.size()) {
      throw new IllegalArgumentException(
          what
              + ": got "
              + gradients.size()
              + " gradients for "
              + variables.size()
              + " variables; the lists must have the same size");
    }
    boolean any = false;
    for (int i = 0; i < variables.size(); i++) {
      Object vo = variables.get(i); // checked, not cast: raw or unchecked lists reach here too
      if (!(vo instanceof Variable v)) {
        throw new IllegalArgumentException(
            what
                + ": variable "
                + i
                + " is "
                + (vo == null
                    ? "null"
                    : "a " + vo.getClass().getSimpleName() + ", not a Variable"));
      }
      Object go = gradients.get(i);
      if (go != null && !(go instanceof Tensor)) {
        throw new IllegalArgumentException(
            what + ": gradient " + i + " is a " + go.getClass().getSimpleName() + ", not a Tensor");
      }
      Tensor g = (Tensor) go;
      if (g == null) {
        continue;
      }
      if (!v.dtype().isFloating()) {
        throw new IllegalArgumentException(
            what
                + ": variable '"
                + v.name()
                + "' has dtype "
                + v.dtype()
                + "; only float32 and float64 variables can be optimized");
      }
      if (g.dtype() != v.dtype() || !g.shape().equals(v.shape())) {
        throw new IllegalArgumentException(
            what
                + ": gradient "
                + i
                + " (shape "
                + g.shape()
                + ", dtype "
                + g.dtype()
                + ") does not match variable '"
                + v.name()
                + "' (shape "
                + v.shape()
                + ", dtype "
                + v.dtype()
                + ")");
      }
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException(
          what + ": No gradients provided for any variable: " + names(variables));
    }
    if (schedule != null) {
      double lr = schedule.at(iterations);
      if (!(lr >= 0) || Double.isInfinite(lr)) {
        throw new IllegalStateException(
            what
                + ": the learning-rate schedule "
                + schedule
                + " gave "
                + lr
                + " at step "
                + iterations
                + "; a rate must be a finite number >= 0");
      }
    }
    List<? extends Tensor> clipped = clip(gradients);
    long step = iterations + 1;
    for (int i = 0; i < variables.size(); i++) {
      Tensor g = clipped.get(i);
      if (g != null) {
        Variable v = variables.get(i);
        if (weightDecay > 0) {
          decay(v);
        }
        update(v, g, step);
      }
    }
    iterations = step;
  }

  /** The variables' names, for the message of a step without gradients. */
  private static List<String> names(List<Variable> variables) {
    List<String> names = new ArrayList<>();
    for (Variable v : variables) {
      names.add(v.name());
    }
    return names;
  }

  /** Keras's {@code _clip_gradients}: the first rule set of clipNorm, globalClipNorm, clipValue. */
  private List<? extends Tensor> clip(List<? extends Tensor> gradients) {
    if (clipNorm <= 0 && globalClipNorm <= 0 && clipValue <= 0) {
      return gradients; // nothing allocated on the steps of an optimizer without clipping
    }
    List<Tensor> out = new ArrayList<>(gradients);
    UpdateKernels k = UpdateKernels.get();
    if (clipNorm > 0) {
      // TF's clip_by_norm: g * c / max(sqrt(sum g^2), c), in the gradient's dtype
      for (int i = 0; i < out.size(); i++) {
        Tensor g = out.get(i);
        if (g != null) {
          Object a = Internal.data(g);
          if (a instanceof float[] f) {
            float sum = (float) k.sumSquaresF32(f);
            float norm = sum > 0 ? (float) Math.sqrt(sum) : sum;
            float c = (float) clipNorm;
            float[] y = new float[f.length];
            k.scaleF32(f, y, c, Math.max(norm, c));
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          } else {
            double[] d = (double[]) a;
            double sum = k.sumSquaresF64(d);
            double norm = sum > 0 ? Math.sqrt(sum) : sum;
            double[] y = new double[d.length];
            k.scaleF64(d, y, clipNorm, Math.max(norm, clipNorm));
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          }
        }
      }
    } else if (globalClipNorm > 0) {
      // TF's clip_by_global_norm: n = sqrt(2 * sum of l2_loss), scale = c * min(1/n, 1/c) plus
      // (n - n), which is NaN for a non-finite n; float32 unless a float64 gradient takes part
      boolean f32 = true;
      for (Tensor g : out) {
        f32 &= g == null || g.dtype() == DType.FLOAT32;
      }
      double halves = 0;
      float halves32 = 0f;
      for (Tensor g : out) {
        if (g != null) {
          Object a = Internal.data(g);
          if (f32) {
            halves32 += (float) k.sumSquaresF32((float[]) a) / 2f;
          } else {
            halves +=
                a instanceof float[] f
                    ? (float) k.sumSquaresF32(f) / 2f
                    : k.sumSquaresF64((double[]) a) / 2;
          }
        }
      }
      double scale;
      if (f32) {
        float n = (float) Math.sqrt(halves32 * 2f);
        float c = (float) globalClipNorm;
        scale = c * Math.min(1f / n, 1f / c) + (n - n);
      } else {
        double n = Math.sqrt(halves * 2);
        scale = globalClipNorm * Math.min(1 / n, 1 / globalClipNorm) + (n - n);
      }
      for (int i = 0; i < out.size(); i++) {
        Tensor g = out.get(i);
        if (g != null) {
          Object a = Internal.data(g);
          if (a instanceof float[] f) {
            float[] y = new float[f.length];
            k.scaleF32(f, y, (float) scale, 1f);
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          } else {
            double[] d = (double[]) a;
            double[] y = new double[d.length];
            k.scaleF64(d, y, scale, 1);
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          }
        }
      }
    } else {
      for (int i = 0; i < out.size(); i++) {
        Tensor g = out.get(i);
        if (g != null) {
          Object a = Internal.data(g);
          if (a instanceof float[] f) {
            float[] y = new float[f.length];
            k.clipValueF32(f, y, (float) -clipValue, (float) clipValue);
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          } else {
            double[] d = (double[]) a;
            double[] y = new double[d.length];
            k.clipValueF64(d, y, -clipValue, clipValue);
            out.set(i, Internal.make(g.dtype(), g.shape(), y));
          }
        }
      }
    }
    return out;
  }

  /** Keras's {@code _apply_weight_decay}: {@code w = w - w * wd * lr} in the variable's dtype. */
  private void decay(Variable v) {
    Object w = Internal.data(v);
    Object next = Internal.updateBuffer(v);
    double lr = learningRate();
    if (w instanceof float[] f) {
      UpdateKernels.get().decayF32(f, (float[]) next, (float) weightDecay, (float) lr);
    } else {
      UpdateKernels.get().decayF64((double[]) w, (double[]) next, weightDecay, lr);
    }
    Internal.commit(v, next);
  }

  /**
   * Computes {@code loss} under a tape and applies its gradients to {@code variables}, as Keras's
   * {@code minimize}: {@code opt.minimize(() -> w.square(), List.of(w))}.
   *
   * @return the loss before the step
   */
  public Tensor minimize(Supplier<Tensor> loss, List<Variable> variables) {
    if (loss == null || variables == null) {
      throw new IllegalArgumentException(name + ".minimize: loss and variables must not be null");
    }
    // the loss and its gradient record on the enclosing tapes; a rejected call forgets them
    Object mark = Tape.mark();
    try {
      Tensor value;
      GradientTape tape = new GradientTape();
      try (tape) {
        value = loss.get();
      }
      if (value == null) {
        throw new IllegalArgumentException(name + ".minimize: the loss function returned null");
      }
      applyGradients(tape.gradient(value, variables), variables);
      return value;
    } catch (IllegalArgumentException | IllegalStateException e) {
      Tape.rollback(mark);
      throw e;
    }
  }

  /**
   * Updates one variable. Called with arguments already checked: {@code gradient} has the
   * variable's dtype (float32 or float64) and shape; {@code step} is {@link #iterations()} + 1.
   */
  protected abstract void update(Variable variable, Tensor gradient, long step);

  /** The number of steps applied so far. */
  public long iterations() {
    return iterations;
  }

  /**
   * The current learning rate: the one the next step uses. With a schedule, its value at {@link
   * #iterations()}.
   */
  public double learningRate() {
    return schedule == null ? learningRate : schedule.at(iterations);
  }

  /** The L2 norm each gradient is clipped to; 0 for none. */
  public double clipNorm() {
    return clipNorm;
  }

  /** The bound each gradient element is clipped into, {@code [-clipValue, clipValue]}; 0: none. */
  public double clipValue() {
    return clipValue;
  }

  /** The joint L2 norm all gradients are scaled to at most; 0 for none. */
  public double globalClipNorm() {
    return globalClipNorm;
  }

  /** The decoupled weight decay; 0 for none. */
  public double weightDecay() {
    return weightDecay;
  }

  /** The schedule's {@code toString()} or the fixed rate, for {@code toString()}. */
  protected String learningRateString() {
    return schedule == null ? Double.toString(learningRate) : schedule.toString();
  }

  /**
   * The options set on every optimizer, for {@code toString()}: {@code ", clipNorm=1.0,
   * weightDecay=0.004"}, or empty.
   */
  protected String commonOptionsString() {
    StringBuilder b = new StringBuilder();
    String[] names = {"clipNorm", "clipValue", "globalClipNorm", "weightDecay"};
    double[] values = {clipNorm, clipValue, globalClipNorm, weightDecay};
    for (int i = 0; i < names.length; i++) {
      if (values[i] > 0) {
        b.append(", ").append(names[i]).append('=').append(values[i]);
      }
    }
    return b.toString();
  }

  /** The schedule the learning rate follows, or null for a fixed rate. */
  public LearningRateSchedule learningRateSchedule() {
    return schedule;
  }

  /**
   * Changes the learning rate used by the next steps, as assigning Keras's {@code
   * optimizer.learning_rate} ({@code ReduceLROnPlateau} and {@code LearningRateScheduler} call it):
   * {@code opt.setLearningRate(opt.learningRate() * 0.1)}.
   *
   * @throws IllegalArgumentException for a negative or non-finite rate; the rate is then unchanged
   * @throws IllegalStateException for an optimizer built with a {@link LearningRateSchedule}, whose
   *     rate is not settable (Keras raises {@code TypeError} there)
   */
  public void setLearningRate(double learningRate) {
    if (schedule != null) {
      throw new IllegalStateException(
          name
              + ".setLearningRate: this optimizer was built with the learning-rate schedule "
              + schedule
              + ", hence its learning rate is not settable; build it with a number to set it");
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          name
              + ".setLearningRate: learningRate must be a finite number >= 0, got "
              + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** The optimizer's name, {@code "SGD"} or {@code "Adam"}. */
  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- state (for checkpoints)

  /**
   * The names of the per-variable slots this optimizer keeps, as Keras's {@code get_slot_names()}:
   * {@code [momentum]} for SGD with momentum, {@code [m, v]} for Adam, none for plain SGD. {@code
   * dev.lanegrad.nn.Checkpoint} saves and restores them by these names.
   */
  public List<String> slotNames() {
    return List.of();
  }

  /**
   * A copy of one slot of a variable, as Keras's {@code get_slot(var, name)}: same dtype and shape
   * as the variable; {@code null} while the variable has had no step (its slots then start at
   * zero). {@code adam.slot(w, "m")}.
   *
   * @throws IllegalArgumentException for a null argument or a name not in {@link #slotNames()}
   */
  public Tensor slot(Variable variable, String slotName) {
    int i = slotIndex("slot", variable, slotName);
    Object a = slotArray(variable, i);
    return a == null ? null : Internal.make(variable.dtype(), variable.shape(), copyOf(a));
  }

  /**
   * Replaces one slot of a variable with a copy of {@code value} (as restoring a checkpoint does),
   * or with {@code null} forgets it: it restarts at zero, as before the variable's first step.
   *
   * @throws IllegalArgumentException for a null variable or name, a name not in {@link
   *     #slotNames()}, a non-float variable, or a value whose dtype or shape differs from the
   *     variable's; nothing is then changed
   */
  public void setSlot(Variable variable, String slotName, Tensor value) {
    int i = slotIndex("setSlot", variable, slotName);
    if (!variable.dtype().isFloating()) {
      throw new IllegalArgumentException(
          name
              + ".setSlot: variable '"
              + variable.name()
              + "' has dtype "
              + variable.dtype()
              + "; only float32 and float64 variables have slots");
    }
    if (value != null
        && (value.dtype() != variable.dtype() || !value.shape().equals(variable.shape()))) {
      throw new IllegalArgumentException(
          name
              + ".setSlot: the value for slot '"
              + slotName
              + "' (shape "
              + value.shape()
              + ", dtype "
              + value.dtype()
              + ") does not match variable '"
              + variable.name()
              + "' (shape "
              + variable.shape()
              + ", dtype "
              + variable.dtype()
              + ")");
    }
    setSlotArray(variable, i, value == null ? null : copyOf(Internal.data(value)));
  }

  /**
   * Sets the number of steps applied so far, as Keras's {@code optimizer.iterations.assign(n)}: the
   * next step is {@code n + 1} (Adam's bias correction continues from it).
   *
   * @throws IllegalArgumentException for a negative count
   */
  public void setIterations(long iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException(
          name + ".setIterations: iterations must be >= 0, got " + iterations);
    }
    this.iterations = iterations;
  }

  /**
   * The live array of slot {@code index} (in {@link #slotNames()} order) of {@code variable}, or
   * null if it has none yet. Subclasses with slots override this and {@link #setSlotArray}.
   */
  protected Object slotArray(Variable variable, int index) {
    return null;
  }

  /**
   * Installs {@code array} (the variable's dtype and element count, handed over) as slot {@code
   * index} of {@code variable}, or removes that slot when {@code array} is null.
   */
  protected void setSlotArray(Variable variable, int index, Object array) {
    throw new IllegalStateException(
        name + ": " + getClass().getName() + " lists slots but does not override setSlotArray");
  }

  private int slotIndex(String op, Variable variable, String slotName) {
    if (variable == null || slotName == null) {
      throw new IllegalArgumentException(
          name
              + "."
              + op
              + ": argument '"
              + (variable == null ? "variable" : "slotName")
              + "' is null");
    }
    int i = slotNames().indexOf(slotName);
    if (i < 0) {
      throw new IllegalArgumentException(
          name
              + "."
              + op
              + ": unknown slot '"
              + slotName
              + "'; "
              + this
              + " has slots "
              + slotNames());
    }
    return i;
  }

  private static Object copyOf(Object a) {
    return a instanceof float[] f ? f.clone() : ((double[]) a).clone();
  }
}
