package dev.lanegrad.internal.autodiff;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.ops.GradRule;
import dev.lanegrad.internal.ops.MultiGradRule;
import dev.lanegrad.internal.ops.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The state behind one {@code GradientTape}: what it watches, the ops it recorded, and whether it
 * records now. Tapes live on a per-thread stack; {@link Recorder} asks that stack, so with no tape
 * on the thread an op pays one thread-local read.
 *
 * <p>Every value the tape knows is a node with an id: a watched tensor, a watched variable (by
 * identity, so all its reads share one node), or an op's output. A variable that an op reads is
 * stored as a snapshot of its value then, and the snapshot is mapped to the variable's node: the
 * rule sees the value it ran with, the gradient goes to the variable, and an outer tape that
 * recorded the same read sees a backward pass that uses the snapshot as a function of the variable
 * (that is what makes second derivatives with respect to variables work).
 *
 * <p>Nothing static refers to a tape: the thread's stack holds it only between its construction and
 * its {@code close()}.
 */
public final class Tape {
  static {
    Recorder.install(new Hook());
  }

  private static final ThreadLocal<Stack> STACK = new ThreadLocal<>();

  /** The tapes of one thread, innermost last; {@code recording} counts those not paused. */
  static final class Stack {
    Tape[] tapes = new Tape[4];
    int size;
    int recording;
  }

  /** A value this tape knows. */
  static class Node {
    final int id;

    Node(int id) {
      this.id = id;
    }
  }

  /** One recorded op; it is also the node of its output (one allocation per recorded op). */
  static final class Entry extends Node {
    final String op;
    final GradRule rule;

    /** The inputs as the op saw them (variables as snapshots). */
    final Tensor[] in;

    /** The node id of each input on this tape, -1 for inputs this tape does not watch. */
    final int[] inIds;

    final Tensor out;

    /** The op's arguments its rule reads (GradRule.Entry.attrs), or null. */
    final Object attrs;

    /** For an op with several outputs: its rule, else null. */
    final MultiGradRule multi;

    /** For an op with several outputs: all of them ({@code outs[0] == out}), else null. */
    final Tensor[] outs;

    /** The node id of each output ({@code outIds[0] == id}), or null for one output. */
    final int[] outIds;

    Entry(int id, String op, GradRule rule, Object attrs, Tensor[] in, int[] inIds, Tensor out) {
      super(id);
      this.op = op;
      this.rule = rule;
      this.attrs = attrs;
      this.in = in;
      this.inIds = inIds;
      this.out = out;
      this.multi = null;
      this.outs = null;
      this.outIds = null;
    }

    Entry(
        int[] outIds,
        String op,
        MultiGradRule multi,
        Object attrs,
        Tensor[] in,
        int[] inIds,
        Tensor[] outs) {
      super(outIds[0]);
      this.op = op;
      this.rule = null;
      this.attrs = attrs;
      this.in = in;
      this.inIds = inIds;
      this.out = outs[0];
      this.multi = multi;
      this.outs = outs;
      this.outIds = outIds;
    }
  }

  final boolean persistent;
  final boolean watchAccessedVariables;
  private final Thread owner;
  private final Stack stack;

  /** On the thread's stack: between construction and close (or a non-persistent gradient). */
  private boolean onStack;

  /** Inside a {@code stopRecording()} block. */
  private boolean paused;

  private boolean closed;

  /** A non-persistent tape that has answered its one gradient/jacobian call. */
  boolean used;

  IdentityHashMap<Tensor, Node> nodes = new IdentityHashMap<>();
  ArrayList<Entry> entries = new ArrayList<>();
  int nodeCount;

  /** The variables whose snapshots this tape leased, and those snapshots, in recording order. */
  private ArrayList<Variable> leasedVars;

  private ArrayList<Tensor> leasedSnapshots;

  /** Kept after a non-persistent tape frees its entries: watchedVariables() still answers. */
  private final ArrayList<Variable> watchedVariables = new ArrayList<>();

  /** A new tape that records from now on, on the calling thread. */
  public Tape(boolean persistent, boolean watchAccessedVariables) {
    this.persistent = persistent;
    this.watchAccessedVariables = watchAccessedVariables;
    this.owner = Thread.currentThread();
    Stack s = STACK.get();
    if (s == null) {
      s = new Stack();
      STACK.set(s);
    }
    this.stack = s;
    push();
  }

  // ---------------------------------------------------------------- state

  /** Throws unless called on the thread that created the tape. */
  public void checkThread(String call) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "GradientTape."
              + call
              + ": a GradientTape belongs to the thread that created it ("
              + owner.getName()
              + "); it was used from thread "
              + Thread.currentThread().getName());
    }
  }

  /** True while the tape records (in its block, not paused, not stopped by its gradient). */
  public boolean recording() {
    return onStack && !paused;
  }

  public boolean persistent() {
    return persistent;
  }

  private void push() {
    Stack s = stack;
    if (s.size == s.tapes.length) {
      s.tapes = Arrays.copyOf(s.tapes, s.size * 2);
    }
    s.tapes[s.size++] = this;
    onStack = true;
    if (!paused) {
      s.recording++;
    }
  }

  /** Leaves the thread's stack (tapes may close out of order, so search for it). */
  private void pop() {
    if (!onStack) {
      return;
    }
    Stack s = stack;
    for (int i = s.size - 1; i >= 0; i--) {
      if (s.tapes[i] == this) {
        System.arraycopy(s.tapes, i + 1, s.tapes, i, s.size - i - 1);
        s.tapes[--s.size] = null;
        break;
      }
    }
    if (!paused) {
      s.recording--;
    }
    onStack = false;
  }

  /** The end of the recording block; closing twice is harmless. */
  public void close() {
    checkThread("close");
    pop();
    paused = false;
    closed = true;
  }

  /**
   * Pauses recording until the returned handle is closed.
   *
   * @throws IllegalStateException if the tape is not recording
   */
  public AutoCloseable stopRecording() {
    checkThread("stopRecording");
    if (!recording()) {
      throw new IllegalStateException(
          "GradientTape.stopRecording: the tape is not recording (" + why() + ")");
    }
    paused = true;
    stack.recording--;
    return new AutoCloseable() {
      private boolean done;

      @Override
      public void close() {
        checkThread("stopRecording().close");
        if (done) {
          return;
        }
        done = true;
        if (paused) {
          paused = false;
          if (onStack) {
            stack.recording++;
          }
        }
      }
    };
  }

  /**
   * Forgets everything recorded and watched, and records on as a fresh tape (TF's {@code reset}).
   *
   * @throws IllegalStateException if the tape is not recording
   */
  public void reset() {
    checkThread("reset");
    if (!recording()) {
      throw new IllegalStateException(
          "GradientTape.reset: the tape is not recording (" + why() + ")");
    }
    if (leasedVars != null) {
      // what was recorded before the reset is forgotten, and so is who may hold it: keep it
      leasedVars.forEach(Internal::snapshot);
      leasedVars = null;
      leasedSnapshots = null;
    }
    nodes = new IdentityHashMap<>();
    entries = new ArrayList<>();
    nodeCount = 0;
    watchedVariables.clear();
    used = false;
  }

  private String why() {
    if (closed) {
      return "its block was closed";
    }
    if (paused) {
      return "it is inside a stopRecording() block";
    }
    if (used) {
      return "a non-persistent tape stops recording when its gradient is computed";
    }
    return "it is not active";
  }

  /**
   * Watches tensors (and variables, trainable or not): ops on them are recorded from now on.
   *
   * @throws IllegalStateException if the tape's block is closed or its gradient stopped it
   */
  public void watch(Tensor[] tensors) {
    checkThread("watch");
    if (!onStack) {
      throw new IllegalStateException(
          "GradientTape.watch: the tape is not recording (" + why() + "); watch inside its block");
    }
    for (Tensor t : tensors) {
      if (t instanceof Variable v) {
        watchVariable(v);
      } else if (!nodes.containsKey(t)) {
        nodes.put(t, new Node(nodeCount++));
      }
    }
  }

  /** Whether a tape is open on this thread (recording or paused). */
  public static boolean anyOpen() {
    Stack s = STACK.get();
    return s != null && s.size > 0;
  }

  /**
   * A trainable variable assigned on this thread is watched by every recording tape that watches
   * accessed variables, as a read would be: TF's assign, assign_add and assign_sub end in {@code
   * _lazy_read}, which calls {@code variable_accessed} (resource_variable_ops.py).
   */
  public static void variableAccessed(Variable v) {
    Stack s = STACK.get();
    if (s == null || s.recording == 0 || !v.trainable()) {
      return;
    }
    for (int k = 0; k < s.size; k++) {
      Tape t = s.tapes[k];
      if (!t.paused && t.watchAccessedVariables) {
        t.watchVariable(v);
      }
    }
  }

  private Node watchVariable(Variable v) {
    Node n = nodes.get(v);
    if (n == null) {
      n = new Node(nodeCount++);
      nodes.put(v, n);
      watchedVariables.add(v);
    }
    return n;
  }

  /**
   * The sizes of every tape recording on this thread now, for {@link #rollback}: a public call that
   * rejects its input after running ops (a user's function, a gradient) takes the tapes back to
   * where they were, so that a rejected call leaves them as it found them.
   */
  public static Object mark() {
    Stack s = STACK.get();
    if (s == null || s.recording == 0) {
      return null;
    }
    Object[] m = new Object[s.size];
    for (int k = 0; k < s.size; k++) {
      Tape t = s.tapes[k];
      if (t.entries != null) {
        m[k] =
            new int[] {
              t.entries.size(),
              t.nodeCount,
              t.watchedVariables.size(),
              t.leasedVars == null ? 0 : t.leasedVars.size()
            };
      }
    }
    return new Object[] {s.tapes.clone(), m};
  }

  /** Forgets what the tapes of a {@link #mark} recorded and watched after it. */
  public static void rollback(Object mark) {
    if (mark == null) {
      return;
    }
    Tape[] tapes = (Tape[]) ((Object[]) mark)[0];
    Object[] sizes = (Object[]) ((Object[]) mark)[1];
    for (int k = 0; k < sizes.length; k++) {
      int[] z = (int[]) sizes[k];
      Tape t = tapes[k];
      if (z == null || t == null || t.entries == null) {
        continue;
      }
      t.entries.subList(Math.min(z[0], t.entries.size()), t.entries.size()).clear();
      int ids = z[1];
      t.nodes.values().removeIf(n -> n.id >= ids);
      t.nodeCount = ids;
      t.watchedVariables.subList(z[2], t.watchedVariables.size()).clear();
      if (t.leasedVars != null) {
        // a dropped entry's output may hold a leased array: never give those arrays back
        for (int j = z[3]; j < t.leasedVars.size(); j++) {
          Internal.snapshot(t.leasedVars.get(j));
        }
        t.leasedVars.subList(z[3], t.leasedVars.size()).clear();
        t.leasedSnapshots.subList(z[3], t.leasedSnapshots.size()).clear();
      }
    }
  }

  /** The variables this tape watched, in the order they were first watched. */
  public List<Variable> watchedVariables() {
    return new ArrayList<>(watchedVariables);
  }

  /** Ensures the tape can answer a gradient or jacobian call now. */
  void checkUsable(String call) {
    checkThread(call);
    if (used) {
      throw new IllegalStateException(
          "GradientTape."
              + call
              + ": this GradientTape is not persistent and has already computed"
              + " a gradient; a non-persistent tape answers one gradient or jacobian call"
              + " (create it with new GradientTape(true) to call it more than once)");
    }
  }

  /** TF: a non-persistent tape asked for its gradient inside its block stops recording. */
  void stopIfNotPersistent() {
    if (!persistent) {
      pop();
    }
  }

  /**
   * After a non-persistent tape's one call: free what it recorded, and give the variables' arrays
   * this tape alone held back to them ({@link Internal#leaseSnapshot}), so that the optimizer's
   * next update may write into the array it replaces instead of a new one. A lease is kept (the
   * array is then never reused) when anything but this tape may still see it: a tape recording now
   * (it may have recorded the backward pass, which reads the snapshots), a custom gradient (user
   * code saw them), or a result or recorded output holding the same array.
   */
  void consume(Tensor[] results) {
    if (persistent) {
      return;
    }
    used = true;
    if (leasedVars != null) {
      Stack s = STACK.get();
      boolean safe = s == null || s.recording == 0;
      for (int i = 0; safe && i < entries.size(); i++) {
        safe = !"customGradient".equals(entries.get(i).op);
      }
      if (safe) {
        for (int j = 0; j < leasedVars.size(); j++) {
          Object array = Internal.data(leasedSnapshots.get(j));
          if (holds(results, array) || heldByOutput(array)) {
            Internal.snapshot(leasedVars.get(j)); // marks the array shared for good
          } else {
            Internal.release(leasedVars.get(j), array);
          }
        }
      }
      leasedVars = null;
      leasedSnapshots = null;
    }
    entries = null;
    nodes = null;
  }

  private static boolean holds(Tensor[] ts, Object array) {
    if (ts != null) {
      for (Tensor t : ts) {
        if (t != null && !(t instanceof Variable) && Internal.data(t) == array) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean heldByOutput(Object array) {
    for (Entry e : entries) {
      if (e.outs != null ? holds(e.outs, array) : holds(new Tensor[] {e.out}, array)) {
        return true;
      }
    }
    return false;
  }

  /** The node id of a tensor or variable on this tape, or -1. */
  int idOf(Tensor t) {
    Node n = nodes.get(t);
    return n == null ? -1 : n.id;
  }

  // ---------------------------------------------------------------- recording

  /**
   * The node ids of the inputs this tape watches (watching trainable variables as they are
   * touched), or null if it watches none of them.
   */
  private int[] watchedInputs(Tensor[] inputs) {
    int[] ids = null;
    for (int i = 0; i < inputs.length; i++) {
      Tensor x = inputs[i];
      Node n = nodes.get(x);
      if (n == null && watchAccessedVariables && x instanceof Variable v && v.trainable()) {
        n = watchVariable(v);
      }
      if (n != null) {
        if (ids == null) {
          ids = new int[inputs.length];
          Arrays.fill(ids, -1);
        }
        ids[i] = n.id;
      }
    }
    return ids;
  }

  private void add(
      String op,
      Tensor y,
      GradRule rule,
      Object attrs,
      Tensor[] inputs,
      Tensor[] stored,
      int[] ids) {
    for (int i = 0; i < inputs.length; i++) {
      if (ids[i] >= 0 && stored[i] != inputs[i]) {
        // the snapshot stands for the variable on this tape: its gradient is the variable's
        nodes.put(stored[i], nodes.get(inputs[i]));
      }
    }
    Entry e = new Entry(nodeCount++, op, rule, attrs, stored, ids, y);
    entries.add(e);
    nodes.put(y, e);
  }

  /** {@link #add} for an op with several outputs: one entry, a node per output. */
  private void addMulti(
      String op,
      Tensor[] ys,
      MultiGradRule rule,
      Object attrs,
      Tensor[] inputs,
      Tensor[] stored,
      int[] ids) {
    for (int i = 0; i < inputs.length; i++) {
      if (ids[i] >= 0 && stored[i] != inputs[i]) {
        nodes.put(stored[i], nodes.get(inputs[i]));
      }
    }
    int[] outIds = new int[ys.length];
    outIds[0] = nodeCount++;
    Entry e = new Entry(outIds, op, rule, attrs, stored, ids, ys);
    nodes.put(ys[0], e);
    for (int j = 1; j < ys.length; j++) {
      outIds[j] = nodeCount++;
      nodes.put(ys[j], new Node(outIds[j]));
    }
    entries.add(e);
  }

  /**
   * Variables replaced by snapshots of their value now; other inputs as they are. A snapshot that
   * only this tape keeps is leased (given back by {@link #consume}); one that a second tape records
   * too is marked shared instead, as every snapshot was before leases.
   */
  private Tensor[] stored(Tensor[] inputs) {
    Tensor[] s = inputs;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] instanceof Variable v) {
        if (s == inputs) {
          s = inputs.clone();
        }
        if (persistent) {
          s[i] = Internal.snapshot(v);
        } else {
          s[i] = Internal.leaseSnapshot(v);
          if (leasedVars == null) {
            leasedVars = new ArrayList<>();
            leasedSnapshots = new ArrayList<>();
          }
          leasedVars.add(v);
          leasedSnapshots.add(s[i]);
        }
      }
    }
    return s;
  }

  /** The stored snapshots of {@code inputs} are seen by a second tape: never reuse their arrays. */
  private static void share(Tensor[] inputs) {
    for (Tensor x : inputs) {
      if (x instanceof Variable v) {
        Internal.snapshot(v);
      }
    }
  }

  private static final class Hook implements Recorder.Hook {
    @Override
    public boolean active() {
      Stack s = STACK.get();
      return s != null && s.recording > 0;
    }

    @Override
    public void record(String op, Tensor y, GradRule rule, Object attrs, Tensor[] inputs) {
      Stack s = STACK.get();
      if (s == null || s.recording == 0) {
        return;
      }
      for (Tensor x : inputs) {
        if (x == y) {
          return; // an op that hands back its input adds nothing: uses of y are uses of x
        }
      }
      Tensor[] stored = null;
      for (int k = 0; k < s.size; k++) {
        Tape t = s.tapes[k];
        if (t.paused) {
          continue;
        }
        int[] ids = t.watchedInputs(inputs);
        if (ids == null) {
          continue;
        }
        if (stored == null) {
          stored = t.stored(inputs); // one snapshot per read, shared by all tapes that record it
        } else {
          share(inputs);
        }
        t.add(op, y, rule, attrs, inputs, stored, ids);
      }
    }

    @Override
    public void recordMulti(
        String op, Tensor[] ys, MultiGradRule rule, Object attrs, Tensor[] inputs) {
      Stack s = STACK.get();
      if (s == null || s.recording == 0) {
        return;
      }
      Tensor[] stored = null;
      for (int k = 0; k < s.size; k++) {
        Tape t = s.tapes[k];
        if (t.paused) {
          continue;
        }
        int[] ids = t.watchedInputs(inputs);
        if (ids == null) {
          continue;
        }
        if (stored == null) {
          stored = t.stored(inputs);
        } else {
          share(inputs);
        }
        t.addMulti(op, ys, rule, attrs, inputs, stored, ids);
      }
    }
  }
}
