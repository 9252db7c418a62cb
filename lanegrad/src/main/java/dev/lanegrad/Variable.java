package dev.lanegrad;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.autodiff.Tape;
import dev.lanegrad.internal.format.NumpyFormat;
import dev.lanegrad.internal.ops.ArithmeticOps;
import dev.lanegrad.internal.ops.Check;
import dev.lanegrad.internal.ops.GradRule;
import dev.lanegrad.internal.ops.JavaValues;
import dev.lanegrad.internal.ops.Recorder;
import dev.lanegrad.internal.ops.StepArena;

/**
 * Mutable state, as {@code tf.Variable}: a tensor whose value {@link #assign} replaces.
 *
 * <pre>{@code
 * Variable v = Variable.of(new float[] {1, 2});
 * v.assignAdd(new float[] {1, 1});
 * System.out.println(v); // <Variable 'Variable:0' shape=(2,) dtype=float32, value=[2. 3.]>
 * }</pre>
 *
 * <p>Used in an operation, a variable is read at that moment. A trainable variable is watched by
 * every tape that it is used or assigned under (TF marks an assigned variable accessed too). Values
 * handed out ({@link #readValue()}, values a tape recorded) never change: an assign swaps in a new
 * array and never writes into one that a snapshot may hold, so readers see the old value or the new
 * one, never a mix.
 */
public class Variable extends Tensor {
  private final String name;
  private final boolean trainable;

  /** True once the current array may be seen outside this variable (a snapshot or a tape). */
  private boolean shared;

  /**
   * The array replaced by the last update when nobody else can hold it: the next update's buffer.
   */
  private Object spare;

  /** The thread of the last update; reads from any other thread may still be in flight. */
  private volatile Thread updater = Thread.currentThread();

  /** Set when another thread read the current array: it is then never reused as a spare. */
  private volatile boolean foreignRead;

  /**
   * The array that tapes hold as {@link #leases} snapshots they have not released: a tape keeps a
   * variable's value for its backward pass, and a non-persistent tape gives it back when its one
   * gradient is done (Tape.consume), so that a steady tape-recorded training step can still reuse
   * the replaced array instead of allocating a new one per variable per step.
   */
  private Object leased;

  private int leases;

  /** Creation order: GradientTape.watchedVariables() lists variables by it, as TF does by id. */
  final long seq = SEQ.getAndIncrement();

  private static final java.util.concurrent.atomic.AtomicLong SEQ =
      new java.util.concurrent.atomic.AtomicLong();

  Variable(Tensor initial, String name, boolean trainable) {
    // a StepFunction's buffer is copied: the variable outlives the call
    super(initial.dtype, initial.shape, StepArena.detach(initial.currentData()));
    this.name = name;
    this.trainable = trainable;
    // the initial array belongs to the tensor it came from: never write into it
    this.shared = true;
  }

  /**
   * A trainable variable named {@code Variable:0}; the value is converted as {@link Tensor#of}
   * converts it, and may also be a {@link Tensor}.
   *
   * @throws IllegalArgumentException for a value that {@code Tensor.of} rejects
   */
  public static Variable of(Object initialValue) {
    return builder(initialValue).build();
  }

  /**
   * Options for a new variable: {@code Variable.builder(new int[] {1,
   * 2}).dtype(DType.FLOAT32).build()}.
   */
  public static Builder builder(Object initialValue) {
    return new Builder(initialValue);
  }

  /** Builds a {@link Variable}; every option is optional. */
  public static final class Builder {
    private final Object initialValue;
    private DType dtype;
    private Shape shape;
    private boolean trainable = true;
    private String name = "Variable";

    private Builder(Object initialValue) {
      this.initialValue = initialValue;
    }

    /** Converts the initial value to this dtype (a Tensor of another dtype is rejected). */
    public Builder dtype(DType dtype) {
      this.dtype = Check.notNull("Variable.builder.dtype", "dtype", dtype);
      return this;
    }

    /** The expected shape; it must equal the initial value's shape. */
    public Builder shape(Shape shape) {
      this.shape = Check.notNull("Variable.builder.shape", "shape", shape);
      return this;
    }

    /** Whether tapes watch the variable when it is used (default true). */
    public Builder trainable(boolean trainable) {
      this.trainable = trainable;
      return this;
    }

    /** The name without the {@code :0} suffix: {@code name("x0")} reports {@code x0:0}. */
    public Builder name(String name) {
      Check.notNull("Variable.builder.name", "name", name);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("Variable.builder.name: name is empty");
      }
      this.name = name;
      return this;
    }

    /**
     * The variable.
     *
     * @throws IllegalArgumentException if the value cannot be converted, or its shape differs from
     *     {@link #shape(Shape)}
     */
    public Variable build() {
      Tensor init = JavaValues.variableInitial(initialValue, dtype);
      if (shape != null && !shape.equals(init.shape())) {
        throw new IllegalArgumentException(
            "Variable: the initial value's shape ("
                + init.shape()
                + ") is not compatible with the explicitly supplied shape argument ("
                + shape
                + ")");
      }
      return new Variable(
          init, name.endsWith(":0") ? name.substring(0, name.length() - 2) : name, trainable);
    }
  }

  /** {@code "Variable:0"} by default; layer weights {@code "dense/kernel:0"}. */
  public String name() {
    return name + ":0";
  }

  /** Whether tapes watch this variable when it is used. */
  public boolean trainable() {
    return trainable;
  }

  /**
   * Replaces the value. Java values are converted to this variable's dtype; a Tensor must have this
   * dtype. {@code v.assign(new float[] {3, 4})}.
   *
   * @return this variable
   * @throws IllegalArgumentException for another shape or dtype, or a value the dtype cannot hold;
   *     the old value is then intact
   */
  public Variable assign(Object valueOrTensor) {
    Tensor t = JavaValues.assignOperand("assign", valueOrTensor, this);
    // a tensor's array never changes, so hold it instead of copying; marked shared, so that an
    // in-place update (writableData) copies it first
    swap(Internal.data(t), true);
    Tape.variableAccessed(this);
    return this;
  }

  /** {@code v = v + delta}, with the rules of {@link #assign}. @return this variable */
  public Variable assignAdd(Object delta) {
    Tensor d = JavaValues.assignOperand("assignAdd", delta, this);
    Tensor old = snapshot();
    Object y = Internal.data(ArithmeticOps.addUnrecorded(old, d));
    swap(
        y,
        y == Internal.data(old) || y == Internal.data(d)); // shared if the op handed back an input
    Tape.variableAccessed(this);
    return this;
  }

  /** {@code v = v - delta}, with the rules of {@link #assign}. @return this variable */
  public Variable assignSub(Object delta) {
    Tensor d = JavaValues.assignOperand("assignSub", delta, this);
    Tensor old = snapshot();
    Object y = Internal.data(ArithmeticOps.subUnrecorded(old, d));
    swap(
        y,
        y == Internal.data(old) || y == Internal.data(d)); // shared if the op handed back an input
    Tape.variableAccessed(this);
    return this;
  }

  /** An immutable snapshot of the current value (recorded by a watching tape, as TF's read). */
  public Tensor readValue() {
    return Recorder.record("readValue", snapshot(), READ_VALUE_GRAD, this);
  }

  // a read passes the gradient through to the variable
  private static final GradRule READ_VALUE_GRAD = (e, g) -> new Tensor[] {g};

  /** Same as {@link #readValue()}. */
  public Tensor value() {
    return readValue();
  }

  /** TF's repr: {@code <Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>}. */
  @Override
  public String toString() {
    return NumpyFormat.variableString(this);
  }

  // ---------------------------------------------------------------- internals

  /** Installs a new array; {@code isShared} when someone else may hold it. */
  private synchronized void swap(Object newData, boolean isShared) {
    Object d = StepArena.detach(newData); // a StepFunction's buffer is copied: it is reused
    data = d;
    shared = isShared && d == newData;
  }

  synchronized Tensor snapshot() {
    shared = true;
    return new Tensor(dtype, shape, data);
  }

  /** A snapshot for a tape's own bookkeeping, leased until {@link #release} gives it back. */
  synchronized Tensor leaseSnapshot() {
    if (leased != data) {
      leased = data;
      leases = 0;
    }
    leases++;
    return new Tensor(dtype, shape, data);
  }

  /** Gives back one lease of {@code array}; an array that is no longer leased is ignored. */
  synchronized void release(Object array) {
    if (array == leased && leases > 0) {
      leases--;
    }
  }

  @Override
  Object currentData() {
    if (Thread.currentThread() != updater) {
      foreignRead = true;
    }
    return data;
  }

  /** See {@link Internal#updateBuffer}. */
  synchronized Object updateBuffer() {
    Object s = spare;
    spare = null;
    if (s == null) {
      s =
          java.lang.reflect.Array.newInstance(
              data.getClass().getComponentType(), java.lang.reflect.Array.getLength(data));
    }
    return s;
  }

  /** See {@link Internal#commit}. */
  synchronized void commit(Object next) {
    Object old = data;
    data = StepArena.detach(next); // an update computed by ops in a StepFunction call
    // the updating thread's own reads are over (ops are synchronous); anyone else's may not be
    spare = shared || foreignRead || (old == leased && leases > 0) ? null : old;
    shared = false;
    foreignRead = false;
    updater = Thread.currentThread();
  }
}
