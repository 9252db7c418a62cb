package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.StepFunction;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A Keras layer: a callable with state. Subclasses implement {@link #call}, and create weights in
 * {@link #build} (run once, on the first {@link #apply}, with the input's shape) or in the
 * constructor.
 *
 * <pre>{@code
 * class MyLayer extends Layer {
 *   Variable myVar = Variable.of(10);
 *   List<Variable> myList = List.of(Variable.of(0), Variable.of(1), Variable.of(2));
 *   protected Tensor call(Tensor x) { return x; }
 * }
 * new MyLayer().variables();   // values 10, 0, 1, 2; the layer is named "my_layer"
 * }</pre>
 *
 * <p><b>Tracking.</b> As Keras tracks attributes, a layer finds its state in its subclass's fields:
 * every non-static field holding a {@link Variable}, a {@code Layer}, or a {@code
 * Collection}/{@code Map}/array of them (nested), read in declaration order, superclass fields
 * first. Weights made by {@link #addWeight} but kept in no field come after. A layer's own
 * variables come before its child layers' variables; {@link #variables()} lists all trainable ones
 * before the non-trainable ones; a variable reached twice is listed once. (A subclass in a named
 * module must open its package to {@code dev.lanegrad} for this to read its fields.)
 *
 * <p><b>Names.</b> By default a layer is named after its class in snake case, made unique per name
 * with {@code _1}, {@code _2}, ... as Keras does ({@code dense}, {@code dense_1}, {@code my_layer},
 * {@code sequential}); {@link Utils#clearSession()} resets the counters. A weight is named {@code
 * <layer>/<weight>:0} ({@code dense/kernel:0}).
 */
public abstract class Layer {
  private static final Map<String, Integer> NAME_COUNTS = new HashMap<>();

  private static final ClassValue<Field[]> TRACKED_FIELDS =
      new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
          return trackedFields(type);
        }
      };

  private final String name;

  /** The flag of the innermost {@link #apply(Tensor, boolean)} running on this thread. */
  private static final ThreadLocal<Boolean> TRAINING = new ThreadLocal<>();

  private final List<Variable> created = new ArrayList<>();
  private final List<Map.Entry<Variable, Regularizer>> regularizers = new ArrayList<>();
  // per thread: data-parallel replicas call one layer at once, each on its own micro-batch
  private final ThreadLocal<List<Tensor>> callLosses = ThreadLocal.withInitial(ArrayList::new);

  /** Keras's {@code activity_regularizer}: a penalty on each call's output, or null. */
  volatile Regularizer activityRegularizer;

  private boolean built;
  private Shape buildShape;
  private boolean trainable = true;
  private DType dtype = DType.FLOAT32;

  /** A layer with Keras's default name: the class name in snake case, made unique. */
  protected Layer() {
    this.name = uniqueName(toSnakeCase(baseName(getClass())));
  }

  /**
   * Keras's default name made from {@code base} ({@code "activation"}, {@code "activation_1"}), for
   * layers whose Keras class name differs from the Java one.
   */
  static String defaultName(String base) {
    return uniqueName(base);
  }

  /**
   * Builds the layer at once for inputs of {@code dims} after a batch axis, as a builder's {@code
   * inputShape(...)} does (Keras's {@code input_shape=}); the batch axis is 1 here and prints as
   * {@code None} in {@link Model#summary()}.
   *
   * @throws IllegalArgumentException for no dimensions or one below 1
   */
  final void buildOnInputShape(String what, int[] dims) {
    checkDims(what + ".inputShape", dims);
    int[] full = new int[dims.length + 1];
    full[0] = 1;
    System.arraycopy(dims, 0, full, 1, dims.length);
    Shape s = Shape.of(full);
    checkInput(s, DType.FLOAT32);
    buildIfNeeded(s);
  }

  static int[] checkDims(String what, int[] dims) {
    if (dims == null || dims.length == 0) {
      throw new IllegalArgumentException(what + ": give at least one dimension");
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException(
            what + ": dimensions must be positive, got " + java.util.Arrays.toString(dims));
      }
    }
    return dims.clone();
  }

  static String checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + ".name: the name must be non-empty");
    }
    return name;
  }

  /**
   * A layer with the given name, used as given (not made unique, as Keras).
   *
   * @throws IllegalArgumentException for a null or empty name
   */
  protected Layer(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": a layer name must be a non-empty string, got "
              + (name == null ? "null" : "\"\""));
    }
    this.name = name;
  }

  /** The layer's name: {@code dense}, {@code dense_1}, or the one given. */
  public String name() {
    return name;
  }

  /**
   * The dtype of the layer's weights and computation, as Keras's {@code layer.dtype}: FLOAT32
   * unless a builder's {@code dtype(...)} said FLOAT64; inputs are cast to it.
   */
  public DType dtype() {
    return dtype;
  }

  /** Set by the builders before the layer builds. */
  final void setDtype(String what, DType d) {
    if (d != DType.FLOAT32 && d != DType.FLOAT64) {
      throw new IllegalArgumentException(
          what + ".dtype: a layer computes in float32 or float64, got " + d);
    }
    this.dtype = d;
  }

  /** {@code x} in the layer's dtype (a cast only when it differs). */
  final Tensor toDtype(Tensor x) {
    return x.dtype() == dtype ? x : x.cast(dtype);
  }

  /** True once {@link #build} has run. */
  public boolean built() {
    return built;
  }

  /**
   * Whether the optimizer trains this layer's weights (Keras's {@code layer.trainable}); false
   * moves every weight of this layer and its children to {@link #nonTrainableVariables()}.
   */
  public boolean trainable() {
    return trainable;
  }

  /**
   * Freezes ({@code false}) or unfreezes this layer and its children, as {@code layer.trainable =
   * ...}.
   */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** All weights: {@link #trainableVariables()} then {@link #nonTrainableVariables()}. */
  public List<Variable> variables() {
    List<Variable> out = collect(true);
    out.addAll(collect(false));
    return Collections.unmodifiableList(out);
  }

  /** The weights an optimizer updates: own trainable variables, then each child layer's. */
  public List<Variable> trainableVariables() {
    return Collections.unmodifiableList(collect(true));
  }

  /** The weights an optimizer leaves alone: own non-trainable variables, then each child's. */
  public List<Variable> nonTrainableVariables() {
    return Collections.unmodifiableList(collect(false));
  }

  /** The number of scalars in {@link #variables()}, as Keras's {@code count_params()}. */
  public long countParams() {
    long n = 0;
    for (Variable v : variables()) {
      n += v.size();
    }
    return n;
  }

  /**
   * Runs the layer: on the first call {@link #build} with the input's shape, then {@link #call}.
   *
   * @throws IllegalArgumentException for a null input, or an input the layer rejects (the message
   *     names the layer and the shapes)
   */
  public Tensor apply(Tensor input) {
    Boolean outer = TRAINING.get();
    return apply(input, outer != null && outer);
  }

  /**
   * Runs the layer in training ({@code true}) or inference mode, as Keras's {@code layer(x,
   * training=...)}: {@link Dropout} drops and {@link BatchNormalization} uses and updates batch
   * statistics only when training. {@link Model#fit} calls its model with {@code true}, {@link
   * Model#evaluate} and {@link Model#predict} with {@code false}. A layer called inside another
   * layer's {@link #call} through {@link #apply(Tensor)} inherits the outer call's flag, as in
   * Keras; at the top level {@code apply(x)} infers.
   *
   * <pre>{@code
   * Tensor y = model.apply(x, true);    // dropout active, batch statistics
   * Tensor z = model.apply(x);          // inference: same as apply(x, false)
   * }</pre>
   *
   * @throws IllegalArgumentException for a null input, or an input the layer rejects (the message
   *     names the layer and the shapes)
   */
  public Tensor apply(Tensor input, boolean training) {
    return applyWith(input, training, x -> call(x, training));
  }

  /**
   * What {@link #apply(Tensor, boolean)} does around {@code body}: checks, builds on {@code
   * input}'s shape, sets the training flag for nested calls and clears the previous call's losses
   * (for layers of several inputs, whose public {@code apply} takes more than one tensor).
   */
  final Tensor applyWith(Tensor input, boolean training, UnaryOperator<Tensor> body) {
    if (input == null) {
      throw new IllegalArgumentException("Layer \"" + name + "\": the input is null");
    }
    // before build and before any op a tape could record: a rejected input changes nothing
    checkInput(input.shape(), input.dtype());
    buildIfNeeded(input.shape());
    Boolean outer = TRAINING.get();
    TRAINING.set(training);
    try {
      callLosses.get().clear(); // Keras: the losses of a call replace those of the previous call
      Tensor out = body.apply(input);
      Regularizer r = activityRegularizer;
      if (r != null) {
        addLoss(activityLoss(r, out));
      }
      return out;
    } finally {
      if (outer == null) {
        TRAINING.remove();
      } else {
        TRAINING.set(outer);
      }
    }
  }

  /** The shape and dtype of a layer's input or output, as {@link #checkInput} passes them on. */
  record Spec(Shape shape, DType dtype) {}

  /**
   * Checks an input of this shape and dtype as {@link #call} would, without running anything, and
   * returns what the layer would output, or null when the layer cannot tell without running (the
   * default, for layers of other packages). {@link #apply} calls it before {@link #build} and
   * {@link #call}, so that a rejected input leaves the layer unbuilt and every tape as it was, also
   * when a later layer of a {@link Sequential} is the one that rejects it.
   *
   * @throws IllegalArgumentException for an input the layer rejects (the message names the layer
   *     and the shapes)
   */
  Spec checkInput(Shape shape, DType dtype) {
    return null;
  }

  /** The layer's computation; {@link #apply} has built the layer before calling it. */
  protected abstract Tensor call(Tensor input);

  /**
   * The layer's computation in training or inference mode; the default ignores the flag and calls
   * {@link #call(Tensor)}. Layers that behave differently when training (dropout, batch
   * normalization) override this one, and usually make {@code call(x)} return {@code call(x,
   * false)}.
   */
  protected Tensor call(Tensor input, boolean training) {
    return call(input);
  }

  /**
   * The regularization losses of this layer and its children, as Keras's {@code layer.losses}: each
   * weight regularizer applied to the weight's current value (computed now, so under a tape they
   * are differentiable), then the losses {@link #addLoss added} during the latest call, then the
   * children's. {@link Model#fit} adds their sum to the loss it minimises.
   *
   * <pre>{@code
   * Dense d = Dense.builder(2).kernelRegularizer(Regularizers.l2(0.01)).inputShape(3).build();
   * d.losses();   // [0.01 * sum(kernel^2)]
   * }</pre>
   */
  public List<Tensor> losses() {
    List<Tensor> out = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    gatherLosses(out, seen);
    return Collections.unmodifiableList(out);
  }

  private void gatherLosses(List<Tensor> out, Set<Object> seen) {
    if (!seen.add(this)) {
      return;
    }
    List<Map.Entry<Variable, Regularizer>> regs;
    synchronized (created) {
      regs = new ArrayList<>(regularizers);
    }
    for (Map.Entry<Variable, Regularizer> e : regs) {
      Tensor l = e.getValue().apply(e.getKey());
      if (l == null) {
        throw new IllegalStateException(
            "Layer \"" + name + "\": the regularizer of " + e.getKey().name() + " returned null");
      }
      out.add(l);
    }
    out.addAll(callLosses.get());
    for (Layer c : childLayers()) {
      c.gatherLosses(out, seen);
    }
  }

  /**
   * Keras's {@code _handle_activity_regularization}: the penalty of the output divided by its batch
   * size ({@code divide_no_nan}), so that the strength does not depend on the batch.
   */
  private Tensor activityLoss(Regularizer r, Tensor out) {
    Tensor l = r.apply(out);
    if (l == null) {
      throw new IllegalStateException(
          "Layer \"" + name + "\": the activity regularizer returned null");
    }
    int batch = out.rank() == 0 ? 1 : out.shape().dim(0);
    return batch == 0 ? l.mul(0.0) : l.div((double) batch);
  }

  /**
   * A penalty on the layer's output (Keras's {@code activity_regularizer}), or null: each call adds
   * {@code regularizer(output) / batch} to {@link #losses()}.
   */
  public Regularizer activityRegularizer() {
    return activityRegularizer;
  }

  /**
   * Adds a loss that depends on this call's inputs (Keras's {@code self.add_loss(...)} inside
   * {@code call}, as an activity regularizer does); it is part of {@link #losses()} until the next
   * call of this layer on the same thread.
   *
   * @throws IllegalArgumentException for null
   */
  protected void addLoss(Tensor loss) {
    if (loss == null) {
      throw new IllegalArgumentException("Layer \"" + name + "\".addLoss: the loss is null");
    }
    // fit's step reuses its buffers call to call: the loss must stay readable after the step
    callLosses.get().add(StepFunction.keep(loss));
  }

  /**
   * Creates the weights that depend on the input shape (Keras's {@code build}); runs once, before
   * the first {@link #call}. The default creates nothing.
   *
   * @param inputShape the shape of the first input, batch axis included
   */
  protected void build(Shape inputShape) {}

  /**
   * Creates a weight named {@code <layer>/<name>:0}, as Keras's {@code add_weight}, and tracks it
   * (also when the subclass keeps it in no field).
   *
   * @throws IllegalArgumentException for a null/empty name, null shape, dtype or initializer, or an
   *     initializer that returns another shape or dtype
   */
  protected Variable addWeight(
      String name, Shape shape, DType dtype, Initializer initializer, boolean trainable) {
    String what = "Layer \"" + this.name + "\".addWeight";
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + ": the weight name must be a non-empty string");
    }
    if (shape == null || dtype == null || initializer == null) {
      throw new IllegalArgumentException(
          what + "(\"" + name + "\"): shape, dtype and initializer must not be null");
    }
    Tensor init = initializer.initialize(shape, dtype);
    if (init == null || !init.shape().equals(shape) || init.dtype() != dtype) {
      throw new IllegalArgumentException(
          what
              + "(\""
              + name
              + "\"): the initializer returned "
              + (init == null ? "null" : "shape " + init.shape() + " dtype " + init.dtype())
              + ", expected shape "
              + shape
              + " dtype "
              + dtype);
    }
    Variable v = Variable.builder(init).name(this.name + "/" + name).trainable(trainable).build();
    created.add(v);
    return v;
  }

  /**
   * A weight as {@link #addWeight(String, Shape, DType, Initializer, boolean)} whose {@code
   * regularizer} (unless null) adds {@code regularizer.apply(weight)} to {@link #losses()}, as
   * Keras's {@code add_weight(..., regularizer=...)}.
   */
  protected Variable addWeight(
      String name,
      Shape shape,
      DType dtype,
      Initializer initializer,
      boolean trainable,
      Regularizer regularizer) {
    Variable v = addWeight(name, shape, dtype, initializer, trainable);
    if (regularizer != null) {
      synchronized (created) {
        regularizers.add(Map.entry(v, regularizer));
      }
    }
    return v;
  }

  /**
   * A trainable FLOAT32 weight: {@code addWeight(name, shape, DType.FLOAT32, initializer, true)}.
   */
  protected Variable addWeight(String name, Shape shape, Initializer initializer) {
    return addWeight(name, shape, DType.FLOAT32, initializer, true);
  }

  /** {@code Dense(name=dense, built=true)}-like summary. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ", built=" + built + ")";
  }

  // ---------------------------------------------------------------- internals

  /** Builds once (also used by {@code Dense.builder().inputShape(..)}). */
  final void buildIfNeeded(Shape inputShape) {
    synchronized (created) {
      if (!built) {
        build(inputShape);
        buildShape = inputShape;
        built = true;
      }
    }
  }

  /** The input shape this layer was built on, or null while unbuilt. */
  final Shape buildShape() {
    synchronized (created) {
      return buildShape;
    }
  }

  /** The child layers that tracking finds, in order. */
  final List<Layer> childLayers() {
    List<Variable> vars = new ArrayList<>();
    List<Layer> children = new ArrayList<>();
    scan(vars, children);
    return children;
  }

  /** Whether {@code other} is this layer or tracked inside it, at any depth. */
  final boolean contains(Layer other) {
    Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Layer> todo = new ArrayList<>(List.of(this));
    while (!todo.isEmpty()) {
      Layer l = todo.remove(todo.size() - 1);
      if (l == other) {
        return true;
      }
      if (seen.add(l)) {
        todo.addAll(l.childLayers());
      }
    }
    return false;
  }

  private List<Variable> collect(boolean wantTrainable) {
    List<Variable> out = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(wantTrainable, true, seen, out);
    return out;
  }

  private void collect(
      boolean wantTrainable, boolean parentTrainable, Set<Object> seen, List<Variable> out) {
    if (!seen.add(this)) {
      return;
    }
    boolean layerTrainable = parentTrainable && trainable;
    List<Variable> vars = new ArrayList<>();
    List<Layer> children = new ArrayList<>();
    scan(vars, children);
    for (Variable v : vars) {
      boolean t = layerTrainable && v.trainable();
      if (t == wantTrainable && seen.add(v)) {
        out.add(v);
      }
    }
    for (Layer c : children) {
      c.collect(wantTrainable, layerTrainable, seen, out);
    }
  }

  /** Own variables (fields, then untracked addWeight ones) and child layers, deduplicated. */
  private void scan(List<Variable> vars, List<Layer> children) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(this);
    for (Field f : TRACKED_FIELDS.get(getClass())) {
      Object value;
      try {
        value = f.get(this);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(
            "Layer \"" + name + "\": cannot read field " + f.getName() + " for tracking", e);
      }
      walk(value, vars, children, seen);
    }
    for (Variable v : created) {
      if (seen.add(v)) {
        vars.add(v);
      }
    }
  }

  private static void walk(Object o, List<Variable> vars, List<Layer> children, Set<Object> seen) {
    if (o == null) {
      return;
    }
    if (o instanceof Variable v) {
      if (seen.add(v)) {
        vars.add(v);
      }
    } else if (o instanceof Layer l) {
      if (seen.add(l)) {
        children.add(l);
      }
    } else if (o instanceof Collection<?> c) {
      if (seen.add(c)) {
        for (Object e : c) {
          walk(e, vars, children, seen);
        }
      }
    } else if (o instanceof Map<?, ?> m) {
      if (seen.add(m)) {
        for (Object e : m.values()) {
          walk(e, vars, children, seen);
        }
      }
    } else if (o instanceof Object[] a) {
      if (seen.add(a)) {
        for (Object e : a) {
          walk(e, vars, children, seen);
        }
      }
    }
  }

  /** Instance fields of the subclasses of Layer (and Model), superclass first. */
  private static Field[] trackedFields(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type;
        c != null && c != Layer.class && c != Model.class;
        c = c.getSuperclass()) {
      chain.add(0, c);
    }
    List<Field> fields = new ArrayList<>();
    for (Class<?> c : chain) {
      // getDeclaredFields lists fields in declaration order on HotSpot
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
        } catch (InaccessibleObjectException | SecurityException e) {
          throw new IllegalStateException(
              "Layer tracking cannot read "
                  + c.getName()
                  + "."
                  + f.getName()
                  + ": open its package to module dev.lanegrad (opens ... to dev.lanegrad)",
              e);
        }
        fields.add(f);
      }
    }
    return fields.toArray(new Field[0]);
  }

  private static String baseName(Class<?> c) {
    while (c.getSimpleName().isEmpty() && c.getSuperclass() != null) {
      c = c.getSuperclass(); // anonymous subclass: name it after what it extends
    }
    return c == Layer.class ? "layer" : c.getSimpleName();
  }

  /**
   * Keras's {@code to_snake_case}: {@code MyLayer} → {@code my_layer}, {@code Dense} → {@code
   * dense}.
   */
  static String toSnakeCase(String name) {
    String s = name.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    return s.startsWith("_") ? "private" + s : s;
  }

  private static String uniqueName(String base) {
    synchronized (NAME_COUNTS) {
      int n = NAME_COUNTS.merge(base, 1, Integer::sum) - 1;
      return n == 0 ? base : base + "_" + n;
    }
  }

  static void resetNames() {
    synchronized (NAME_COUNTS) {
      NAME_COUNTS.clear();
    }
  }
}
