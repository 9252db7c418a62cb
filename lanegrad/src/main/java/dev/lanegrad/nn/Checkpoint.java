package dev.lanegrad.nn;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.io.CheckpointFile;
import dev.lanegrad.internal.io.CheckpointFile.Contents;
import dev.lanegrad.internal.io.CheckpointFile.Entry;
import dev.lanegrad.internal.io.CheckpointFile.OptimizerState;
import dev.lanegrad.internal.io.CheckpointFile.Slot;
import dev.lanegrad.optimizers.Optimizer;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Saves and restores a model's variables and an optimizer's state in one file, in the spirit of
 * {@code tf.train.Checkpoint(model=model, optimizer=opt).write(path)} / {@code .read(path)}.
 *
 * <pre>{@code
 * Path file = Path.of("run/ckpt.lgc");
 * Checkpoint.save(file, model, optimizer);          // every variable, Adam's m and v, iterations
 * ...
 * Sequential fresh = buildModel();                  // same layer names and shapes
 * Adam opt = new Adam(0.01);
 * Checkpoint.restore(file, fresh, opt);             // training continues bit for bit
 * }</pre>
 *
 * <p><b>What is saved.</b> Every variable of the model ({@link Layer#variables()}, trainable or
 * not, any dtype), by {@link Variable#name()} ({@code dense/kernel:0}); with an optimizer, its
 * {@link Optimizer#name() name}, {@link Optimizer#iterations() iterations} and, for each of those
 * variables, its {@link Optimizer#slotNames() slots} (SGD's {@code momentum}, Adam's {@code m} and
 * {@code v}). Hyper-parameters (learning rate, betas) are final fields here, so they are not
 * restored (Keras, whose learning rate is a variable, would restore it): they come from the
 * optimizer the code builds, and the file records them for messages only. Layer names are made
 * unique per session ({@code dense}, {@code dense_1}, ...): to restore in the same JVM, name the
 * layers or call {@link Utils#clearSession()} before building the second model.
 *
 * <p><b>Restore is all or nothing.</b> The whole file is read and checked (its CRC32, then every
 * name, dtype and shape against the model, then the optimizer's name and slots) before anything is
 * assigned; any mismatch is an {@link IllegalArgumentException} naming the variable and both
 * shapes, and the model and optimizer are then unchanged. The file and the model must hold the same
 * set of variable names.
 *
 * <p><b>Save is atomic.</b> The bytes go to a temporary file in the target's folder, which is
 * forced to disk ({@code FileChannel.force(true)}) and then renamed over the target with {@code
 * ATOMIC_MOVE}: a crash leaves the previous checkpoint or the new one, never a mix. On a file
 * system without atomic rename the move falls back to a plain replacing move (there a crash during
 * the move itself could leave a damaged file, which {@link #restore} then rejects). On any failure
 * the temporary file is deleted; only a killed process can leave one behind ({@code
 * .<name>.<digits>.tmp}).
 *
 * <p>Not thread-safe with respect to training: save or restore between steps, on the thread that
 * trains. The format is lanegrad's own (documented in the library source), little-endian.
 */
public final class Checkpoint {
  /** Tests only: wraps the stream a save writes to, to simulate a crash midway. */
  static volatile UnaryOperator<OutputStream> writeHook;

  private Checkpoint() {}

  /** Saves the model's variables only: {@code save(file, model, null)}. */
  public static void save(Path file, Layer model) {
    save(file, model, null);
  }

  /**
   * Saves every variable of {@code model} and, unless null, {@code optimizer}'s state.
   *
   * @throws IllegalArgumentException for a null file or model, a model with no variables (not built
   *     yet), or two variables with the same name (named in the message)
   * @throws java.io.UncheckedIOException if the file cannot be written; the old file is then intact
   */
  public static void save(Path file, Layer model, Optimizer optimizer) {
    String op = "Checkpoint.save";
    notNull(op, "file", file);
    notNull(op, "model", model);
    write(op, file, model.variables(), optimizer, "model \"" + model.name() + "\"");
  }

  /**
   * Saves the given variables and, unless null, {@code optimizer}'s state (for variables kept
   * outside a layer).
   *
   * @throws IllegalArgumentException for a null file or list, a null element, an empty list, or two
   *     variables with the same name
   * @throws java.io.UncheckedIOException if the file cannot be written; the old file is then intact
   */
  public static void save(Path file, List<Variable> variables, Optimizer optimizer) {
    String op = "Checkpoint.save";
    notNull(op, "file", file);
    notNull(op, "variables", variables);
    write(op, file, variables, optimizer, "the variable list");
  }

  /** Restores the model's variables only, ignoring any optimizer state in the file. */
  public static void restore(Path file, Layer model) {
    restore(file, model, null);
  }

  /**
   * Restores every variable of {@code model} and, unless null, {@code optimizer}'s state, from a
   * file that {@link #save} wrote; all is checked before anything changes.
   *
   * @throws IllegalArgumentException for a null file or model; a truncated or corrupt file; a
   *     variable missing from the file or the model, or of another dtype or shape (the message
   *     names it and both shapes); an optimizer of another name or slots, or a file saved without
   *     one. Nothing is then changed.
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static void restore(Path file, Layer model, Optimizer optimizer) {
    String op = "Checkpoint.restore";
    notNull(op, "file", file);
    notNull(op, "model", model);
    read(op, file, model.variables(), optimizer, "model \"" + model.name() + "\"");
  }

  /**
   * Restores the given variables (matched by name) and, unless null, {@code optimizer}'s state; as
   * {@link #restore(Path, Layer, Optimizer)}.
   */
  public static void restore(Path file, List<Variable> variables, Optimizer optimizer) {
    String op = "Checkpoint.restore";
    notNull(op, "file", file);
    notNull(op, "variables", variables);
    read(op, file, variables, optimizer, "the variable list");
  }

  // ---------------------------------------------------------------- save

  private static void write(
      String op, Path file, List<Variable> variables, Optimizer optimizer, String what) {
    Map<String, Variable> byName = nonEmpty(op, byName(op, variables, what), what, "save");
    // the arrays are read now: slots are copies (an optimizer step writes them in place) and
    // variables are snapshots (marked shared, so no later step reuses their arrays)
    List<Entry> entries = new ArrayList<>(byName.size());
    for (Variable v : byName.values()) {
      entries.add(Entry.of(v.name(), v));
    }
    OptimizerState state = null;
    if (optimizer != null) {
      List<String> slotNames = optimizer.slotNames();
      List<Slot> slots = new ArrayList<>();
      for (Variable v : byName.values()) {
        if (slotNames.isEmpty() || !v.dtype().isFloating()) {
          continue;
        }
        for (String s : slotNames) {
          Tensor value = optimizer.slot(v, s);
          if (value != null) {
            slots.add(new Slot(v.name(), s, Entry.of(v.name(), value)));
          }
        }
      }
      state =
          new OptimizerState(
              optimizer.name(),
              optimizer.toString(),
              optimizer.iterations(),
              List.copyOf(slotNames),
              slots);
    }
    CheckpointFile.write(op, file, new Contents(entries, state), writeHook);
  }

  // ---------------------------------------------------------------- restore

  private static void read(
      String op, Path file, List<Variable> variables, Optimizer optimizer, String what) {
    Map<String, Variable> byName = nonEmpty(op, byName(op, variables, what), what, "restore");
    Contents c = CheckpointFile.read(op, file);
    String in = " in " + file;

    // 1. check everything
    Map<String, Entry> saved = new LinkedHashMap<>();
    for (Entry e : c.variables()) {
      if (saved.put(e.name(), e) != null) {
        throw new IllegalArgumentException(
            op + ": " + file + " holds variable '" + e.name() + "' twice");
      }
    }
    for (Variable v : byName.values()) {
      Entry e = saved.get(v.name());
      if (e == null) {
        throw new IllegalArgumentException(
            op
                + ": variable '"
                + v.name()
                + "' (shape "
                + v.shape()
                + ", dtype "
                + v.dtype()
                + ") of "
                + what
                + " is not"
                + in
                + ", which holds "
                + new TreeSet<>(saved.keySet())
                + "; default layer names get _1, _2 suffixes per session: name the layers or call "
                + "Utils.clearSession() before building the model");
      }
      if (e.dtype() != v.dtype() || !e.shape().equals(v.shape())) {
        throw new IllegalArgumentException(
            op
                + ": variable '"
                + v.name()
                + "' has shape "
                + v.shape()
                + " dtype "
                + v.dtype()
                + " in "
                + what
                + " but shape "
                + e.shape()
                + " dtype "
                + e.dtype()
                + in);
      }
    }
    for (String name : saved.keySet()) {
      if (!byName.containsKey(name)) {
        Entry e = saved.get(name);
        throw new IllegalArgumentException(
            op
                + ": variable '"
                + name
                + "' (shape "
                + e.shape()
                + ", dtype "
                + e.dtype()
                + ")"
                + in
                + " has no match in "
                + what
                + ", which holds "
                + new TreeSet<>(byName.keySet()));
      }
    }
    Map<Variable, Map<String, Tensor>> slotValues = new LinkedHashMap<>();
    if (optimizer != null) {
      OptimizerState s = c.optimizer();
      if (s == null) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + " holds no optimizer state (it was saved without an optimizer); "
                + "pass null as the optimizer to restore the variables only");
      }
      if (!s.name().equals(optimizer.name()) || !s.slotNames().equals(optimizer.slotNames())) {
        throw new IllegalArgumentException(
            op
                + ": "
                + file
                + " holds the state of "
                + s.description()
                + " with slots "
                + s.slotNames()
                + ", which does not fit "
                + optimizer
                + " with slots "
                + optimizer.slotNames());
      }
      for (Slot sl : s.slots()) {
        Variable v = byName.get(sl.variable());
        if (v == null) {
          throw new IllegalArgumentException(
              op
                  + ": "
                  + file
                  + " holds optimizer slot '"
                  + sl.slot()
                  + "' for variable '"
                  + sl.variable()
                  + "', which "
                  + what
                  + " does not have");
        }
        Entry e = sl.value();
        if (!optimizer.slotNames().contains(sl.slot()) || !v.dtype().isFloating()) {
          throw new IllegalArgumentException(
              op
                  + ": "
                  + file
                  + " holds optimizer slot '"
                  + sl.slot()
                  + "' for variable '"
                  + v.name()
                  + "' (dtype "
                  + v.dtype()
                  + "), which "
                  + optimizer
                  + " cannot hold (its slots: "
                  + optimizer.slotNames()
                  + ", for float32 and float64 variables)");
        }
        if (e.dtype() != v.dtype() || !e.shape().equals(v.shape())) {
          throw new IllegalArgumentException(
              op
                  + ": optimizer slot '"
                  + sl.slot()
                  + "' of variable '"
                  + v.name()
                  + "'"
                  + in
                  + " has shape "
                  + e.shape()
                  + " dtype "
                  + e.dtype()
                  + ", but the variable has "
                  + "shape "
                  + v.shape()
                  + " dtype "
                  + v.dtype());
        }
        Map<String, Tensor> m = slotValues.computeIfAbsent(v, k -> new HashMap<>());
        if (m.put(sl.slot(), e.tensor()) != null) {
          throw new IllegalArgumentException(
              op
                  + ": "
                  + file
                  + " holds optimizer slot '"
                  + sl.slot()
                  + "' of variable '"
                  + v.name()
                  + "' twice");
        }
      }
    }

    // 2. assign: nothing below can fail, every check above passed
    for (Variable v : byName.values()) {
      Entry e = saved.get(v.name());
      v.assign(e.tensor());
    }
    if (optimizer != null) {
      optimizer.setIterations(c.optimizer().iterations());
      for (Variable v : byName.values()) {
        if (!v.dtype().isFloating()) {
          continue;
        }
        // a variable without saved slots had no step yet: forget any the optimizer has for it
        Map<String, Tensor> m = slotValues.getOrDefault(v, Map.of());
        for (String s : optimizer.slotNames()) {
          optimizer.setSlot(v, s, m.get(s));
        }
      }
    }
  }

  /** The variables by name, in order; rejects nulls and duplicate names. */
  private static Map<String, Variable> byName(String op, List<Variable> variables, String what) {
    Map<String, Variable> out = new LinkedHashMap<>();
    Set<String> dups = new LinkedHashSet<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable v = variables.get(i);
      if (v == null) {
        throw new IllegalArgumentException(op + ": variable " + i + " of " + what + " is null");
      }
      Variable old = out.putIfAbsent(v.name(), v);
      if (old != null && old != v) {
        dups.add(v.name());
      }
    }
    if (!dups.isEmpty()) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " has several variables named "
              + dups
              + "; checkpoints match variables by name, so names must be unique (name the layers "
              + "or the variables)");
    }
    return out;
  }

  private static Map<String, Variable> nonEmpty(
      String op, Map<String, Variable> byName, String what, String verb) {
    if (byName.isEmpty()) {
      throw new IllegalArgumentException(
          op
              + ": "
              + what
              + " has no variables to "
              + verb
              + "; a model makes its weights when it"
              + " is built: call it on an input (or give its first layer an inputShape) first");
    }
    return byName;
  }

  private static void notNull(String op, String arg, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": argument '" + arg + "' is null");
    }
  }
}
