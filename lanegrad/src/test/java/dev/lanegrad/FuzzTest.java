package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.callbacks.EarlyStopping;
import dev.lanegrad.callbacks.TerminateOnNaN;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Initializer;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Layer;
import dev.lanegrad.nn.Loss;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.SGD;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls every public constructor and method of {@code dev.lanegrad}, {@code dev.lanegrad.nn},
 * {@code dev.lanegrad.optimizers} (and its schedules), {@code dev.lanegrad.metrics}, {@code
 * dev.lanegrad.callbacks} and {@code dev.lanegrad.data}, found by reflection (receivers of other
 * classes built through their public builders, constructors and factories with generated arguments;
 * a member that never got a receiver or arguments fails the run), with random valid and invalid
 * arguments (nulls, empty and ragged arrays, 0-sized dimensions, rank 0 to 8, wrong dtypes, shapes
 * that do not broadcast, negative and out-of-range axes, element counts over {@code
 * Integer.MAX_VALUE}, NaN and infinities, closed, used and foreign tapes, lists with nulls),
 * sometimes under a recording tape whose gradient is then asked for. Every call must return or
 * throw an {@link IllegalArgumentException}/{@link IllegalStateException} whose message starts with
 * the operation's name (or an {@link java.io.UncheckedIOException} naming the operation and the
 * file); after a rejected call every variable involved holds its old value, the receiving optimizer
 * its step count, the receiving metric its result, and no tape is left on the thread. Anything else
 * (NPE, AIOOBE, CCE, NegativeArraySize, ArithmeticException, OutOfMemoryError,
 * UnsupportedOperationException, StackOverflowError, a call over the time budget) is an escape. All
 * escapes are collected and summarised by exception class and method.
 *
 * <p>Each call draws its arguments from its own generator, seeded from the run's seed and the
 * call's index, so one escape replays alone: {@code -Dfuzz.seed=S -Dfuzz.call=I}. {@code
 * -Dfuzz.calls=N} changes the count (default 100 000).
 */
class FuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 0x1a2e9a4dL);
  static final int CALLS = Integer.getInteger("fuzz.calls", 100_000);
  static final long ONLY = Long.getLong("fuzz.call", -1L);

  /** A call slower than this is a hang (generous: the machine is shared). */
  static final long BUDGET_NANOS = 20_000_000_000L;

  /** The message starts with the operation's name: {@code add: ...}, {@code Dense.apply: ...}. */
  static final Pattern NAMED = Pattern.compile("(?s)^[A-Za-z_][\\w.$<>\\[\\]()'\"/-]{0,80}: .*");

  /**
   * Members whose arguments the generators do not make: the registries take a class and the two
   * functions that turn it into a configuration and back (SaveEveryLayerTest covers them).
   */
  static final Pattern NEVER_BUILT = Pattern.compile("Serialization\\.register.*");

  static final Class<?>[] ARRAY_TYPES = {
    float[].class,
    float[][].class,
    double[][].class,
    int[].class,
    long[][].class,
    boolean[].class,
    Complex[].class,
    String.class,
    Object.class
  };

  /** Members not fuzzed, with why. */
  static final Map<String, String> EXCLUDED =
      Map.of(
          "Ops.enableCheckNumerics", "global switch for every thread; NumericsTest covers it",
          "Utils.setRandomSeed", "global random state other test classes share",
          "Utils.clearSession", "global layer-name counters other test classes share");

  @TempDir static Path dir;

  // ---------------------------------------------------------------- the public API

  static List<Executable> members() throws Exception {
    Path root = Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Executable> out = new ArrayList<>();
    for (String pkg :
        List.of(
            "dev/lanegrad",
            "dev/lanegrad/nn",
            "dev/lanegrad/optimizers",
            "dev/lanegrad/optimizers/schedules",
            "dev/lanegrad/metrics",
            "dev/lanegrad/callbacks",
            "dev/lanegrad/data")) {
      List<Path> files;
      try (var s = Files.list(root.resolve(pkg))) {
        files = s.filter(f -> f.toString().endsWith(".class")).sorted().toList();
      }
      for (Path f : files) {
        String name =
            root.relativize(f)
                .toString()
                .replace('/', '.')
                .replace('\\', '.')
                .replace(".class", "");
        Class<?> c = Class.forName(name, false, FuzzTest.class.getClassLoader());
        if (!isPublicApi(c)) {
          continue;
        }
        API_CLASSES.add(c);
        if (!Modifier.isAbstract(c.getModifiers()) && !c.isEnum()) {
          out.addAll(Arrays.asList(c.getConstructors()));
        }
        for (Method m : c.getMethods()) {
          Class<?> d = m.getDeclaringClass();
          if (d == Object.class
              || d == Enum.class
              || d == Record.class
              || m.isSynthetic()
              || m.isBridge()
              || !d.getPackageName().startsWith("dev.lanegrad")) {
            continue;
          }
          if (c.isEnum()
              && Modifier.isStatic(m.getModifiers())
              && (m.getName().equals("values") || m.getName().equals("valueOf"))) {
            continue; // compiler-made, JDK behaviour
          }
          if (m.getDeclaringClass() != c && !Modifier.isAbstract(c.getModifiers())) {
            // inherited: fuzzed on the class that declares it, with receivers of all subclasses
            if (!Modifier.isAbstract(d.getModifiers())) {
              continue;
            }
          }
          if (EXCLUDED.containsKey(d.getSimpleName() + "." + m.getName())) {
            continue;
          }
          out.add(m);
        }
      }
    }
    // one entry per (declaring class, signature): inherited methods of abstract classes once
    Map<String, Executable> unique = new LinkedHashMap<>();
    for (Executable e : out) {
      unique.putIfAbsent(key(e), e);
    }
    List<Executable> list = new ArrayList<>(unique.values());
    list.sort(Comparator.comparing(FuzzTest::key));
    return list;
  }

  /** The public classes of the fuzzed packages: where an abstract type finds a concrete one. */
  static final List<Class<?>> API_CLASSES = Collections.synchronizedList(new ArrayList<>());

  static boolean isPublicApi(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isSynthetic();
  }

  static String key(Executable e) {
    Class<?> d = e.getDeclaringClass();
    String n = d.getName().substring(d.getPackageName().length() + 1).replace('$', '.');
    StringBuilder s =
        new StringBuilder(n)
            .append('.')
            .append(e instanceof Constructor ? "<init>" : e.getName())
            .append('(');
    Class<?>[] p = e.getParameterTypes();
    for (int i = 0; i < p.length; i++) {
      s.append(i == 0 ? "" : ", ").append(p[i].getSimpleName());
    }
    return s.append(')').toString();
  }

  // ---------------------------------------------------------------- one call

  /** What a call involved and must leave as it was if rejected. */
  static final class Ctx {
    final SplittableRandom r;
    final Executable member;
    final List<GradientTape> tapesToClose = new ArrayList<>();
    final IdentityHashMap<Variable, Object> variables = new IdentityHashMap<>();
    int depth;

    Ctx(SplittableRandom r, Executable member) {
      this.r = r;
      this.member = member;
    }

    void involve(Variable v) {
      if (v != null && !variables.containsKey(v)) {
        variables.put(v, copy(Internal.data(v)));
      }
    }
  }

  record Outcome(String member, String kind, String detail, String args, long call) {}

  static final class Run {
    final List<Outcome> escapes = Collections.synchronizedList(new ArrayList<>());
    volatile long calls;
    volatile long followUps;
    volatile long rejected;
    volatile long returned;
    volatile long current = -1;
    volatile long started;
    volatile String currentDesc = "";
    volatile String currentKey = "";
    volatile int generation;
    volatile long slowest;
    volatile String slowestCall = "";
    final Map<String, long[]> time = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, Long> tapeGrowth = Collections.synchronizedMap(new TreeMap<>());

    /** Members whose arguments or receiver were built at least once (the others never ran). */
    final java.util.Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();
  }

  static Object copy(Object data) {
    if (data instanceof float[] a) return a.clone();
    if (data instanceof double[] a) return a.clone();
    if (data instanceof int[] a) return a.clone();
    if (data instanceof long[] a) return a.clone();
    if (data instanceof boolean[] a) return a.clone();
    return data;
  }

  static boolean sameData(Object a, Object b) {
    if (a instanceof float[] x) return b instanceof float[] y && Arrays.equals(x, y);
    if (a instanceof double[] x) return b instanceof double[] y && Arrays.equals(x, y);
    if (a instanceof int[] x) return b instanceof int[] y && Arrays.equals(x, y);
    if (a instanceof long[] x) return b instanceof long[] y && Arrays.equals(x, y);
    if (a instanceof boolean[] x) return b instanceof boolean[] y && Arrays.equals(x, y);
    return a == b;
  }

  /** One call: plan, invoke, classify; returns the result (null if it threw). */
  static Object oneCall(Run run, List<Executable> members, long i) {
    SplittableRandom r = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L);
    Executable m = members.get(r.nextInt(members.size()));
    if (slow(m) && r.nextInt(4) != 0) {
      m =
          members.get(
              r.nextInt(members.size())); // file writes (an fsync each) and training, less often
    }
    LAMBDAS.clear();
    TAPES.keySet().retainAll(FOREIGN);
    Ctx ctx = new Ctx(r, m);
    Gen g = new Gen(ctx);
    GradientTape ambient = null;
    List<Tensor> watched = new ArrayList<>();
    Object receiver = null;
    Object[] args;
    String desc;
    try {
      if (r.nextInt(10) < 4) {
        ambient = new GradientTape(r.nextBoolean(), r.nextInt(4) != 0);
        ctx.tapesToClose.add(ambient);
      }
      receiver =
          Modifier.isStatic(m.getModifiers()) || m instanceof Constructor
              ? null
              : g.receiver(m.getDeclaringClass());
      Type[] types = m.getGenericParameterTypes();
      Class<?>[] raw = m.getParameterTypes();
      args = new Object[types.length];
      for (int a = 0; a < types.length; a++) {
        args[a] = g.value(raw[a], types[a], a);
      }
      if (ambient != null) {
        if (receiver instanceof Tensor t && r.nextBoolean()) {
          ambient.watch(t);
          watched.add(t);
        }
        for (Object a : args) {
          if (a instanceof Tensor t && r.nextBoolean()) {
            ambient.watch(t);
            watched.add(t);
          }
        }
      }
      desc = describe(receiver, args);
    } catch (Throwable t) {
      // the generator itself uses the API: a throw here is a finding of its own kind
      closeAll(ctx);
      if (!(t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
        run.escapes.add(
            new Outcome(
                "(argument generation for " + key(m) + ")",
                t.getClass().getSimpleName(),
                stack(t),
                "",
                i));
      }
      return null;
    }
    run.currentDesc = desc;
    run.currentKey = key(m);
    run.called.add(key(m));
    // the variables that a rejected call must leave intact, and the tapes' sizes
    if (receiver instanceof Variable v) ctx.involve(v);
    if (receiver instanceof Layer l) involveLayer(ctx, l);
    for (Object a : args) involveDeep(ctx, a, 0);
    int entriesBefore = ambient == null ? -1 : entries(ambient);
    // state beyond variables that a rejected call must leave alone: an optimizer's step count and
    // a metric's value so far
    String stateBefore = state(receiver);

    Object result = null;
    Throwable thrown = null;
    long t0 = System.nanoTime();
    try {
      if (m instanceof Constructor<?> c) {
        result = c.newInstance(args);
      } else {
        result = ((Method) m).invoke(receiver, args);
      }
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    } catch (IllegalAccessException | InstantiationException e) {
      thrown = new AssertionError("reflection: " + e, e);
    } catch (Throwable e) {
      thrown = e;
    }
    run.calls++;
    String k = key(m);
    long[] tm = run.time.computeIfAbsent(k, x -> new long[2]);
    long took = System.nanoTime() - t0;
    tm[0] += took;
    tm[1]++;
    if (took > run.slowest) {
      run.slowest = took;
      run.slowestCall = k + " -Dfuzz.call=" + i;
    }
    if (thrown == null) {
      run.returned++;
    } else {
      classify(run, k, thrown, desc, i, m, receiver);
      if (thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException) {
        run.rejected++;
        for (Map.Entry<Variable, Object> e : ctx.variables.entrySet()) {
          if (!sameData(e.getValue(), Internal.data(e.getKey()))) {
            run.escapes.add(
                new Outcome(
                    k,
                    "variable changed by a rejected call",
                    e.getKey().name() + " " + e.getKey().shape() + " after: " + thrown.getMessage(),
                    desc,
                    i));
          }
        }
        String stateAfter = state(receiver);
        if (!java.util.Objects.equals(stateBefore, stateAfter)) {
          run.escapes.add(
              new Outcome(
                  k,
                  "state changed by a rejected call",
                  stateBefore + " -> " + stateAfter + " after: " + thrown.getMessage(),
                  desc,
                  i));
        }
        if (ambient != null && entriesBefore >= 0 && entries(ambient) != entriesBefore) {
          run.tapeGrowth.merge(k, 1L, Long::sum);
        }
      }
    }
    // follow-up: the ambient tape's gradient of what the call returned
    if (ambient != null && thrown == null && result instanceof Tensor y && !watched.isEmpty()) {
      run.followUps++;
      try {
        if (r.nextBoolean()) {
          ambient.close();
        }
        Tensor src = watched.get(r.nextInt(watched.size()));
        switch (r.nextInt(6)) {
          case 0, 1 -> ambient.gradient(y, watched, UnconnectedGradients.values()[r.nextInt(2)]);
          case 2 -> ambient.gradient(y, src);
          case 3 -> ambient.gradient(List.of(y, y), watched);
          case 4 -> {
            if (y.size() * src.size() <= 4096)
              ambient.jacobian(y, src); // one backward pass per element
          }
          default -> {
            if (y.size() * src.size() <= 4096) ambient.batchJacobian(y, src);
          }
        }
      } catch (Throwable t) {
        classify(
            run,
            "GradientTape.gradient (after " + k + ")",
            t,
            "target "
                + describe(null, new Object[] {y})
                + " sources "
                + describe(null, watched.toArray()),
            i);
      }
    }
    if (result instanceof GradientTape t) {
      ctx.tapesToClose.add(t);
    }
    if (result instanceof AutoCloseable c && !(result instanceof GradientTape)) {
      try {
        c.close();
      } catch (Throwable ignored) {
        // closing a stopRecording() handle of a tape that is gone: nothing to check here
      }
    }
    closeAll(ctx);
    int left = stackSize();
    if (left != 0) {
      run.escapes.add(new Outcome(k, "tape left on the thread's stack", left + " tapes", desc, i));
      clearStack();
    }
    return thrown == null ? result : null;
  }

  /** An optimizer's iterations or a metric's result (NaN-safe as text), or null for others. */
  static String state(Object receiver) {
    try {
      if (receiver instanceof Optimizer o) return "iterations=" + o.iterations();
      if (receiver instanceof dev.lanegrad.metrics.Metric m) return "result=" + m.result();
    } catch (RuntimeException e) {
      return "unreadable: " + e;
    }
    return null;
  }

  /** The message names the operation: it starts with a name and a colon, or mentions the member. */
  static boolean names(String msg, Executable m, Object receiver) {
    if (msg == null || msg.isBlank()) return false;
    if (NAMED.matcher(msg).matches()) return true;
    if (m == null) return false;
    String low = msg.toLowerCase(java.util.Locale.ROOT);
    List<String> words = new ArrayList<>(List.of(m.getDeclaringClass().getSimpleName()));
    if (m instanceof Method) words.add(m.getName());
    if (receiver != null) words.add(receiver.getClass().getSimpleName());
    if (receiver instanceof Layer) words.add("layer");
    for (String w : words) {
      if (!w.isEmpty() && low.contains(w.toLowerCase(java.util.Locale.ROOT))) return true;
    }
    return false;
  }

  static boolean slow(Executable m) {
    String n = m.getName();
    return n.startsWith("save")
        || n.equals("fit")
        || n.equals("evaluate")
        || m.getDeclaringClass().getSimpleName().equals("Checkpoint");
  }

  static void classify(Run run, String k, Throwable t, String desc, long i) {
    classify(run, k, t, desc, i, null, null);
  }

  static void classify(
      Run run, String k, Throwable t, String desc, long i, Executable m, Object receiver) {
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      String msg = t.getMessage();
      if (!names(msg, m, receiver)) {
        run.escapes.add(
            new Outcome(
                k,
                t.getClass().getSimpleName() + " not naming the operation",
                String.valueOf(msg),
                desc,
                i));
      }
      return;
    }
    if (t instanceof java.io.UncheckedIOException
        && (k.contains("Npy")
            || k.contains("Npz")
            || k.contains("Checkpoint")
            || k.startsWith("Model.save")
            || k.startsWith("Model.load"))) {
      return; // a real I/O failure (a folder, a missing folder) on a path we chose
    }
    if (t instanceof java.io.UncheckedIOException
        && t.getMessage() != null
        && t.getMessage().contains(dir.toString())
        && names(t.getMessage(), m, receiver)) {
      return; // an unreadable or unwritable file of ours, named with the operation
    }
    run.escapes.add(new Outcome(k, t.getClass().getSimpleName(), stack(t), desc, i));
  }

  static String stack(Throwable t) {
    StringBuilder s = new StringBuilder(String.valueOf(t));
    StackTraceElement[] st = t.getStackTrace();
    for (int j = 0; j < Math.min(6, st.length); j++) {
      s.append("\n        at ").append(st[j]);
    }
    return s.toString();
  }

  static void closeAll(Ctx ctx) {
    for (int j = ctx.tapesToClose.size() - 1; j >= 0; j--) {
      try {
        ctx.tapesToClose.get(j).close();
      } catch (Throwable ignored) {
        // a tape of another thread: it is not on this thread's stack
      }
    }
  }

  static void involveLayer(Ctx ctx, Layer l) {
    try {
      for (Variable v : l.variables()) ctx.involve(v);
    } catch (RuntimeException | StackOverflowError ignored) {
      // a broken layer is the call's own finding
    }
  }

  static void involveDeep(Ctx ctx, Object a, int depth) {
    if (a == null || depth > 3) return;
    if (a instanceof Variable v) ctx.involve(v);
    else if (a instanceof Layer l) involveLayer(ctx, l);
    else if (a instanceof List<?> list) for (Object o : list) involveDeep(ctx, o, depth + 1);
    else if (a instanceof Map<?, ?> map)
      for (Object o : map.values()) involveDeep(ctx, o, depth + 1);
    else if (a instanceof Object[] arr) for (Object o : arr) involveDeep(ctx, o, depth + 1);
  }

  // ---------------------------------------------------------------- tape internals (read only)

  static final Field TAPE;
  static final Field ENTRIES;
  static final Field STACK;
  static final Field STACK_SIZE;

  static {
    try {
      TAPE = GradientTape.class.getDeclaredField("tape");
      TAPE.setAccessible(true);
      Class<?> tape = Class.forName("dev.lanegrad.internal.autodiff.Tape");
      ENTRIES = tape.getDeclaredField("entries");
      ENTRIES.setAccessible(true);
      STACK = tape.getDeclaredField("STACK");
      STACK.setAccessible(true);
      STACK_SIZE =
          Class.forName("dev.lanegrad.internal.autodiff.Tape$Stack").getDeclaredField("size");
      STACK_SIZE.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static int entries(GradientTape t) {
    try {
      List<?> e = (List<?>) ENTRIES.get(TAPE.get(t));
      return e == null ? -2 : e.size();
    } catch (ReflectiveOperationException e) {
      return -3;
    }
  }

  static int stackSize() {
    try {
      Object s = ((ThreadLocal<?>) STACK.get(null)).get();
      return s == null ? 0 : STACK_SIZE.getInt(s);
    } catch (ReflectiveOperationException e) {
      return 0;
    }
  }

  static void clearStack() {
    try {
      ((ThreadLocal<?>) STACK.get(null)).remove();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- describing arguments

  static String describe(Object receiver, Object[] args) {
    StringBuilder s = new StringBuilder();
    if (receiver != null) {
      s.append("on ").append(show(receiver, 0)).append(' ');
    }
    s.append('(');
    for (int a = 0; a < args.length; a++) {
      s.append(a == 0 ? "" : ", ").append(show(args[a], 0));
    }
    String out = s.append(')').toString();
    return out.length() > 600 ? out.substring(0, 600) + "..." : out;
  }

  static String show(Object o, int depth) {
    if (o == null) return "null";
    if (depth > 2) return "...";
    if (o instanceof Variable v) {
      return "Variable("
          + v.dtype()
          + " "
          + v.shape()
          + (v.trainable() ? "" : " untrainable")
          + ")";
    }
    if (o instanceof Tensor t) {
      String vals = t.size() <= 6 ? " " + flat(t) : "";
      return "Tensor(" + t.dtype() + " " + t.shape() + vals + ")";
    }
    if (o instanceof GradientTape t) return "GradientTape#" + TAPES.getOrDefault(t, "fresh");
    if (o instanceof List<?> l) {
      StringBuilder s = new StringBuilder("List[");
      for (int j = 0; j < l.size(); j++)
        s.append(j == 0 ? "" : ", ").append(show(l.get(j), depth + 1));
      return s.append(']').toString();
    }
    if (o.getClass().isArray()) {
      int n = Array.getLength(o);
      StringBuilder s =
          new StringBuilder(o.getClass().getComponentType().getSimpleName() + "[" + n + "]{");
      for (int j = 0; j < Math.min(n, 6); j++)
        s.append(j == 0 ? "" : ", ").append(show(Array.get(o, j), depth + 1));
      return s.append(n > 6 ? ", ...}" : "}").toString();
    }
    if (o instanceof Layer l) return l.getClass().getSimpleName() + "('" + l.name() + "')";
    if (o instanceof Path p) return "Path(" + dir.relativize(p) + ")";
    if (o instanceof Number
        || o instanceof Boolean
        || o instanceof DType
        || o instanceof Shape
        || o instanceof Complex
        || o instanceof Enum<?>) {
      return o + (o instanceof Float ? "f" : o instanceof Long ? "L" : "");
    }
    if (o instanceof String str) return '"' + str + '"';
    String n = o.getClass().getSimpleName();
    return n.isEmpty() ? LAMBDAS.getOrDefault(o, "lambda") : n;
  }

  static Object flat(Tensor t) {
    Object d = Internal.data(t);
    if (d instanceof float[] a) return Arrays.toString(a);
    if (d instanceof double[] a) return Arrays.toString(a);
    if (d instanceof int[] a) return Arrays.toString(a);
    if (d instanceof long[] a) return Arrays.toString(a);
    if (d instanceof boolean[] a) return Arrays.toString(a);
    return "?";
  }

  static final Map<Object, String> LAMBDAS = Collections.synchronizedMap(new IdentityHashMap<>());
  static final Map<Object, String> TAPES = Collections.synchronizedMap(new IdentityHashMap<>());

  static <T> T named(String name, T lambda) {
    LAMBDAS.put(lambda, name);
    return lambda;
  }

  // ---------------------------------------------------------------- generators

  static final DType[] DTYPES = DType.values();
  static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());

  /** Foreign tapes: made on another thread, one left open there, one closed there. */
  static final List<GradientTape> FOREIGN = new ArrayList<>();

  /** Files the path generator points at, written once: writing one per call costs an fsync. */
  static void makeFixtureFiles() throws IOException {
    Path f = Files.createDirectories(dir.resolve("fixtures"));
    Files.write(
        f.resolve("garbage.bin"),
        new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5, 0, '{', '}'});
    Tensor.of(new float[][] {{1, 2}, {3, 4}}).saveNpy(f.resolve("valid0.npy"));
    Tensor.of(new long[] {1, 2, 3}).saveNpy(f.resolve("valid1.npy"));
    Tensor.of(true).saveNpy(f.resolve("valid2.npy"));
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("a", Tensor.of(new double[] {1, 2}));
    m.put("dense/kernel:0", Tensor.zeros(Shape.of(3, 2), DType.FLOAT32));
    Tensor.saveNpz(f.resolve("valid.npz"), m);
  }

  static synchronized void makeForeignTapes() throws InterruptedException {
    if (!FOREIGN.isEmpty()) return;
    Thread t =
        new Thread(
            () -> {
              GradientTape open = new GradientTape(true);
              GradientTape closed = new GradientTape();
              Variable v = Variable.of(new float[] {1, 2});
              try (closed) {
                v.mul(v);
              }
              open.watch(v);
              FOREIGN.add(open);
              FOREIGN.add(closed);
              TAPES.put(open, "foreign-open");
              TAPES.put(closed, "foreign-closed");
            },
            "fuzz-foreign");
    t.start();
    t.join();
  }

  static final class Gen {
    final Ctx ctx;
    final SplittableRandom r;
    final boolean smallInts;

    Gen(Ctx ctx) {
      this.ctx = ctx;
      this.r = ctx.r;
      String c = ctx.member.getDeclaringClass().getSimpleName();
      // epochs and batches: a huge epoch count is a long loop, not a bug
      this.smallInts =
          c.equals("Model")
              || c.equals("Sequential")
              || c.equals("Builder")
                  && ctx.member.getDeclaringClass().getEnclosingClass() == FitOptions.class;
      // half the calls are coherent: tensors of one dtype and broadcast-compatible shapes, axes
      // and dims that fit them, so that calls get past the checks into the kernels
      this.coherent = r.nextBoolean();
      this.baseType = p(50) ? DType.FLOAT32 : DTYPES[r.nextInt(DTYPES.length)];
      this.base = dims();
    }

    final boolean coherent;
    final DType baseType;
    final int[] base;

    /**
     * A shape that broadcasts with {@code base}: some dims 1, leading dims dropped, or the last two
     * swapped.
     */
    int[] variant() {
      int[] d = base.clone();
      switch (r.nextInt(5)) {
        case 0 -> {
          for (int a = 0; a < d.length; a++) if (p(30)) d[a] = 1;
        }
        case 1 -> d = Arrays.copyOfRange(d, r.nextInt(d.length + 1), d.length);
        case 2 -> {
          if (d.length >= 2) {
            int t = d[d.length - 1];
            d[d.length - 1] = d[d.length - 2];
            d[d.length - 2] = t;
          }
        }
        default -> {}
      }
      return d;
    }

    /** Dims of the same element count as {@code base} (reshape), or a permutation (transpose). */
    int[] coherentInts() {
      int rank = base.length;
      switch (r.nextInt(4)) {
        case 0 -> {
          int[] perm = new int[rank];
          for (int a = 0; a < rank; a++) perm[a] = a;
          for (int a = rank - 1; a > 0; a--) {
            int b = r.nextInt(a + 1);
            int t = perm[a];
            perm[a] = perm[b];
            perm[b] = t;
          }
          if (rank > 0 && p(30)) perm[r.nextInt(rank)] -= rank; // negative axes
          return perm;
        }
        case 1 -> {
          int[] d = base.clone();
          if (rank > 0) d[r.nextInt(rank)] = -1;
          return d;
        }
        case 2 -> {
          long n = 1;
          for (int x : base) n *= x;
          return p(50) ? new int[] {(int) n} : new int[] {-1, 1};
        }
        default -> {
          int[] axes = new int[r.nextInt(Math.max(1, rank + 1))];
          for (int a = 0; a < axes.length; a++) axes[a] = r.nextInt(-rank - 1, rank + 1);
          return axes;
        }
      }
    }

    boolean p(int percent) {
      return r.nextInt(100) < percent;
    }

    /** Tensors, variables and layers made for this call: reused to make aliased arguments. */
    final List<Object> made = new ArrayList<>();

    <T> T remember(T o) {
      if (o != null) made.add(o);
      return o;
    }

    /**
     * Sometimes an object of this type already made for this call (x.add(x), v.assign(v), cycles).
     */
    Object alias(Class<?> raw) {
      if (made.isEmpty() || !p(12)) return null;
      Object o = made.get(r.nextInt(made.size()));
      return raw.isInstance(o) ? o : null;
    }

    Object value(Class<?> raw, Type type, int index) {
      // never a generic container: a List<Tensor> passed as List<Variable> is heap pollution that
      // no type-safe caller can produce
      boolean generic = type instanceof ParameterizedType || raw == List.class || raw == Map.class;
      Object same = raw.isPrimitive() || generic ? null : alias(raw);
      if (same != null) return same;
      return remember(freshValue(raw, type, index));
    }

    Object freshValue(Class<?> raw, Type type, int index) {
      if (raw == int.class) return anInt();
      if (raw == long.class) return aLong();
      if (raw == double.class) return aDouble();
      if (raw == float.class) return (float) aDouble();
      if (raw == boolean.class) return r.nextBoolean();
      if (p(6) && !raw.isPrimitive()) return null;
      if (raw == Tensor.class) return p(15) ? variable() : tensor();
      if (raw == Variable.class) return variable();
      if (raw == Object.class) return object(0);
      if (raw == DType.class) return DTYPES[r.nextInt(DTYPES.length)];
      if (raw == Shape.class) return shape();
      if (raw == int[].class) return intArray();
      if (raw == Tensor[].class) return tensorArray();
      if (raw == GradientTape.class) return tape();
      if (raw == UnconnectedGradients.class) return UnconnectedGradients.values()[r.nextInt(2)];
      if (raw == Complex.class) return new Complex(aDouble(), aDouble());
      // toArray(Class)'s targets, fitting or not; buffers of copyTo, too small or read-only at
      // times
      if (raw == Class.class) return ARRAY_TYPES[r.nextInt(ARRAY_TYPES.length)];
      if (raw == java.nio.FloatBuffer.class) {
        java.nio.FloatBuffer b = java.nio.FloatBuffer.allocate(r.nextInt(0, 40));
        b.position(r.nextInt(0, b.capacity() + 1));
        return p(15) ? b.asReadOnlyBuffer() : b;
      }
      if (raw == java.nio.DoubleBuffer.class) {
        java.nio.DoubleBuffer b = java.nio.DoubleBuffer.allocate(r.nextInt(0, 40));
        b.position(r.nextInt(0, b.capacity() + 1));
        return p(15) ? b.asReadOnlyBuffer() : b;
      }
      if (raw == CustomGradient.class) return CustomGradient.of(tensor(), named("g->g", g -> g));
      if (raw == String.class) return aString();
      if (raw == String[].class) return stringArray();
      if (raw == Path.class) return path();
      if (raw == PrintStream.class) return NULL_OUT;
      if (raw == Activation.class)
        return Activation.values()[r.nextInt(Activation.values().length)];
      if (raw == Initializer.class) return initializer();
      if (raw == Loss.class) return loss();
      if (raw == Optimizer.class) return optimizer();
      if (raw == Layer.class) return layer(0);
      if (raw == Layer[].class) return layerArray();
      if (raw == FitOptions.class) return fitOptions();
      if (raw == Dataset.class) return dataset();
      if (raw == Callback[].class) return callbacks();
      if (raw == List.class) return list(type);
      if (raw == Map.class && type.getTypeName().endsWith("java.lang.Double>")) return logs();
      if (raw == Map.class) return map();
      if (raw == Supplier.class && type.getTypeName().contains("Iterator")) return elements();
      if (raw == Supplier.class) return supplier();
      if (raw == UnaryOperator.class && type.getTypeName().contains("List")) return listUnary();
      if (raw == UnaryOperator.class) return unary();
      if (raw == Function.class) return function(type);
      if (raw == Sequential.class || raw == Dense.class) return layerOf(raw);
      if (raw.isEnum()) {
        Object[] c = raw.getEnumConstants();
        return c[r.nextInt(c.length)];
      }
      if (raw == Map.class) return map();
      return generic(raw, type);
    }

    Object receiver(Class<?> c) {
      return remember(freshReceiver(c));
    }

    Object freshReceiver(Class<?> c) {
      Object o;
      if (c == Tensor.class) o = p(25) ? variable() : tensor();
      else if (c == Variable.class) o = variable();
      else if (c == Shape.class) o = shape();
      else if (c == GradientTape.class) o = tape();
      else if (c == Complex.class) o = new Complex(aDouble(), aDouble());
      else if (c == CustomGradient.class) o = CustomGradient.of(tensor(), named("g->g", g -> g));
      else if (c == Variable.Builder.class) o = Variable.builder(object(0));
      else if (c == Dense.Builder.class) o = Dense.builder(r.nextInt(-1, 4));
      else if (c == FitOptions.Builder.class) o = FitOptions.builder().output(NULL_OUT);
      else if (c == GradientCheck.Result.class) o = gradientCheckResult();
      else if (c == Layer.class) o = layer(0);
      else if (c == Dense.class || c == Sequential.class) o = layerOf(c);
      else if (c.getSimpleName().equals("Model")) o = layerOf(Sequential.class);
      else if (c == Optimizer.class) o = optimizer();
      else if (c == SGD.class) o = new SGD(r.nextDouble(), r.nextDouble(), r.nextBoolean());
      else if (c == Adam.class) o = new Adam(r.nextDouble(0, 0.1));
      else if (c == Loss.class) o = loss();
      else if (c == Initializer.class) o = initializer();
      else if (c == FitOptions.class) o = fitOptions();
      else if (c.getSimpleName().equals("History")) o = history();
      else if (c == Dataset.class) o = dataset();
      // receivers whose constructors random arguments rarely satisfy (class ids below numClasses,
      // a value per boundary and one more): half the time a valid one
      else if (c == dev.lanegrad.metrics.IoU.class && p(50)) {
        o =
            p(50)
                ? new dev.lanegrad.metrics.MeanIoU(r.nextInt(1, 5))
                : new dev.lanegrad.metrics.IoU(3, new int[] {r.nextInt(3)});
      } else if (c == dev.lanegrad.optimizers.schedules.PiecewiseConstantDecay.class && p(50)) {
        o =
            new dev.lanegrad.optimizers.schedules.PiecewiseConstantDecay(
                new long[] {r.nextLong(0, 10)}, new double[] {aDouble(), aDouble()});
      } else if (c.isEnum()) o = c.getEnumConstants()[r.nextInt(c.getEnumConstants().length)];
      else o = generic(c, c);
      return o == null ? freshReceiver(c) : o;
    }

    /**
     * Any other type of the fuzzed packages, built through the public API as a user would: a
     * builder from the enclosing class's {@code builder(...)}, a public constructor, a public
     * static factory of the class, or a concrete public subclass of an abstract type, with
     * generated arguments (so invalid ones too); a rejected construction skips the call.
     */
    Object generic(Class<?> c, Type type) {
      if (c == char.class) return p(80) ? ',' : (char) r.nextInt(0, 128);
      if (c == long[].class) {
        long[] a = new long[r.nextInt(4)];
        for (int j = 0; j < a.length; j++) a[j] = p(80) ? r.nextLong(-2, 20) : aLong();
        return a;
      }
      if (c == double[].class) {
        double[] a = new double[r.nextInt(5)];
        for (int j = 0; j < a.length; j++) a[j] = aDouble();
        return a;
      }
      if (c == int[][].class) {
        int[][] a = new int[r.nextInt(4)][];
        for (int j = 0; j < a.length; j++) a[j] = p(10) ? null : intArray();
        return a;
      }
      if (c == Object[].class) return new Object[] {object(0)};
      if (c.isArray()) {
        Class<?> el = c.getComponentType();
        Object a = Array.newInstance(el, r.nextInt(4));
        for (int j = 0; j < Array.getLength(a); j++) {
          Array.set(a, j, p(10) ? null : value(el, el, j));
        }
        return a;
      }
      if (c == java.util.function.BiFunction.class && type.getTypeName().contains("Tensor")) {
        return switch (r.nextInt(3)) {
          case 0 ->
              named(
                  "(t,p)->|t-p|",
                  (java.util.function.BiFunction<Tensor, Tensor, Tensor>) (t, q) -> t.sub(q).abs());
          case 1 ->
              named(
                  "(t,p)->null",
                  (java.util.function.BiFunction<Tensor, Tensor, Tensor>) (t, q) -> null);
          default ->
              named(
                  "(t,p)->const",
                  (java.util.function.BiFunction<Tensor, Tensor, Tensor>) (t, q) -> Tensor.of(1f));
        };
      }
      if (c == java.util.function.BiFunction.class) {
        return switch (r.nextInt(4)) {
          case 0 ->
              named(
                  "(e,lr)->lr/2",
                  (java.util.function.BiFunction<Integer, Double, Double>) (e, lr) -> lr / 2);
          case 1 ->
              named(
                  "(e,lr)->null",
                  (java.util.function.BiFunction<Integer, Double, Double>) (e, lr) -> null);
          case 2 ->
              named(
                  "(e,lr)->NaN",
                  (java.util.function.BiFunction<Integer, Double, Double>) (e, lr) -> Double.NaN);
          default ->
              named(
                  "(e,lr)->-1",
                  (java.util.function.BiFunction<Integer, Double, Double>) (e, lr) -> -1.0);
        };
      }
      String n = c.getName();
      if (n.equals("dev.lanegrad.data.DatasetIterator")) return dataset().iterator();
      if (n.equals("dev.lanegrad.nn.Model")) return layerOf(Sequential.class);
      if (n.equals("dev.lanegrad.nn.Regularizer")) {
        return switch (r.nextInt(3)) {
          case 0 -> dev.lanegrad.nn.Regularizers.l1(aDouble());
          case 1 -> dev.lanegrad.nn.Regularizers.l2(aDouble());
          default -> dev.lanegrad.nn.Regularizers.l1l2(aDouble(), aDouble());
        };
      }
      if (n.equals("dev.lanegrad.optimizers.schedules.LearningRateSchedule") && p(30)) {
        return switch (r.nextInt(3)) {
          case 0 ->
              named(
                  "step->NaN",
                  (dev.lanegrad.optimizers.schedules.LearningRateSchedule) st -> Double.NaN);
          case 1 ->
              named("step->-1", (dev.lanegrad.optimizers.schedules.LearningRateSchedule) st -> -1);
          default ->
              named(
                  "step->0.01",
                  (dev.lanegrad.optimizers.schedules.LearningRateSchedule) st -> 0.01);
        };
      }
      if (!c.getPackageName().startsWith("dev.lanegrad")) {
        throw new IllegalStateException("FuzzTest: no generator for " + type.getTypeName());
      }
      // a builder: from the enclosing class's static factory that returns it
      if (c.getEnclosingClass() != null && c.getSimpleName().equals("Builder")) {
        Object b = byFactory(c.getEnclosingClass(), c);
        if (b != null) return b;
      }
      if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
        List<Class<?>> concrete = new ArrayList<>();
        synchronized (API_CLASSES) {
          for (Class<?> k : API_CLASSES) {
            if (c.isAssignableFrom(k)
                && k != c
                && !k.isInterface()
                && (!Modifier.isAbstract(k.getModifiers())
                    || k.getSimpleName().equals("Builder"))) {
              concrete.add(k);
            }
          }
        }
        if (concrete.isEmpty()) {
          Object f = byFactory(c, c);
          if (f != null) return f;
          throw new IllegalStateException("FuzzTest: no concrete class for " + n);
        }
        Class<?> k = concrete.get(r.nextInt(concrete.size()));
        return value(k, k, 0);
      }
      Constructor<?>[] cs = c.getConstructors();
      if (cs.length > 0 && (p(70) || byFactory(c, c) == null)) {
        Constructor<?> k = cs[r.nextInt(cs.length)];
        return construct(k, null);
      }
      Object f = byFactory(c, c);
      if (f != null) return f;
      // a class built only through its builder: builder(...) with generated options, then build()
      for (Class<?> inner : c.getClasses()) {
        if (inner.getSimpleName().equals("Builder")) {
          Object builder = byFactory(c, inner);
          if (builder != null) {
            for (Method opt : inner.getMethods()) {
              if (opt.getParameterCount() == 1
                  && inner.isAssignableFrom(opt.getReturnType())
                  && p(30)) {
                builder = invoke(opt, builder);
              }
            }
            return invoke(builderBuild(inner), builder);
          }
        }
      }
      throw new IllegalStateException("FuzzTest: no generator for " + n);
    }

    static Method builderBuild(Class<?> builder) {
      try {
        return builder.getMethod("build");
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("FuzzTest: " + builder + " has no build()", e);
      }
    }

    /** An option or build() on a builder with generated arguments, unwrapping what it throws. */
    Object invoke(Method m, Object target) {
      Object[] a = new Object[m.getParameterCount()];
      for (int j = 0; j < a.length; j++) {
        a[j] = value(m.getParameterTypes()[j], m.getGenericParameterTypes()[j], j);
      }
      return reflect(null, m, target, a);
    }

    /** A public static method of {@code owner} that returns a {@code want}, called; or null. */
    Object byFactory(Class<?> owner, Class<?> want) {
      List<Method> fs = new ArrayList<>();
      for (Method m : owner.getMethods()) {
        if (Modifier.isStatic(m.getModifiers()) && want.isAssignableFrom(m.getReturnType())) {
          fs.add(m);
        }
      }
      if (fs.isEmpty()) return null;
      return construct(null, fs.get(r.nextInt(fs.size())));
    }

    /** Calls a constructor or static method with generated arguments, unwrapping what it throws. */
    Object construct(Constructor<?> k, Method f) {
      Executable e = k != null ? k : f;
      Object[] a = new Object[e.getParameterCount()];
      Class<?>[] raw = e.getParameterTypes();
      Type[] types = e.getGenericParameterTypes();
      for (int j = 0; j < a.length; j++) a[j] = value(raw[j], types[j], j);
      return reflect(k, f, null, a);
    }

    /** A reflective call whose own exception comes out as it was thrown. */
    static Object reflect(Constructor<?> k, Method m, Object target, Object[] a) {
      try {
        return k != null ? k.newInstance(a) : m.invoke(target, a);
      } catch (InvocationTargetException ex) {
        Throwable t = ex.getCause();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error er) throw er;
        throw new IllegalStateException("FuzzTest: " + t, t);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("FuzzTest: " + ex, ex);
      }
    }

    /** A generator for {@code Dataset.fromGenerator}: fine, empty, null, or elements with nulls. */
    Supplier<java.util.Iterator<List<Tensor>>> elements() {
      Tensor x = tensor();
      return switch (r.nextInt(4)) {
        case 0 -> named("()->[x, x]", () -> List.of(List.of(x), List.of(x)).iterator());
        case 1 -> named("()->empty", () -> java.util.Collections.<List<Tensor>>emptyIterator());
        case 2 -> named("()->null", () -> null);
        default ->
            named(
                "()->[null element]",
                () -> Arrays.asList((List<Tensor>) null, Arrays.asList((Tensor) null)).iterator());
      };
    }

    /** A map for {@code Dataset.map}: identity, null, an empty list, squared features. */
    UnaryOperator<List<Tensor>> listUnary() {
      return switch (r.nextInt(4)) {
        case 0 -> named("e->e", e -> e);
        case 1 -> named("e->null", e -> null);
        case 2 -> named("e->[]", e -> List.of());
        default ->
            named(
                "e->[x^2, ...]",
                e -> {
                  List<Tensor> out = new ArrayList<>(e);
                  if (!out.isEmpty()) out.set(0, out.get(0).square());
                  return out;
                });
      };
    }

    /** Keras-style logs for callbacks: the usual keys, NaN, infinities, nulls, or none. */
    Map<String, Double> logs() {
      if (p(5)) return null;
      Map<String, Double> m = new LinkedHashMap<>();
      String[] keys = {"loss", "accuracy", "val_loss", "val_accuracy", "lr", "auc"};
      for (String k : keys) {
        if (p(60)) m.put(k, p(10) ? null : p(60) ? r.nextDouble(0, 2) : aDouble());
      }
      return m;
    }

    int anInt() {
      if (smallInts) return p(3) ? Integer.MIN_VALUE : r.nextInt(-2, 5);
      if (coherent && p(60))
        return r.nextInt(-base.length - 1, base.length + 2); // an axis near the range
      int k = r.nextInt(100);
      if (k < 75) return r.nextInt(-4, 9);
      if (k < 85) return r.nextInt(2);
      return switch (r.nextInt(5)) {
        case 0 -> Integer.MAX_VALUE;
        case 1 -> Integer.MIN_VALUE;
        case 2 -> Integer.MAX_VALUE - 7; // one over the largest tensor
        case 3 -> -1;
        default -> 100_000;
      };
    }

    long aLong() {
      int k = r.nextInt(100);
      if (k < 80) return r.nextLong(-4, 9);
      return switch (r.nextInt(4)) {
        case 0 -> Long.MAX_VALUE;
        case 1 -> Long.MIN_VALUE;
        case 2 -> Integer.MAX_VALUE - 7L;
        default -> (long) Integer.MAX_VALUE * 3;
      };
    }

    double aDouble() {
      int k = r.nextInt(100);
      if (k < 70) return r.nextDouble(-2, 2);
      return switch (r.nextInt(9)) {
        case 0 -> Double.NaN;
        case 1 -> Double.POSITIVE_INFINITY;
        case 2 -> Double.NEGATIVE_INFINITY;
        case 3 -> 0.0;
        case 4 -> -0.0;
        case 5 -> 1e308;
        case 6 -> 4.9e-324;
        case 7 -> 1.0;
        default -> r.nextInt(-3, 4);
      };
    }

    String aString() {
      return switch (r.nextInt(8)) {
        case 0 -> "";
        case 1 -> "m";
        case 2 -> "v";
        case 3 -> "momentum";
        case 4 -> "loss";
        case 5 -> "accuracy";
        case 6 -> "x/y:0";
        default -> "name" + r.nextInt(3);
      };
    }

    String[] stringArray() {
      int n = r.nextInt(3);
      String[] s = new String[n];
      for (int j = 0; j < n; j++) s[j] = p(15) ? null : aString();
      return s;
    }

    int[] dims() {
      int rank = p(85) ? r.nextInt(5) : r.nextInt(5, 9);
      int[] d = new int[rank];
      int cap = rank > 4 ? 2 : 4;
      for (int a = 0; a < rank; a++) d[a] = p(8) ? 0 : r.nextInt(1, cap);
      return d;
    }

    Shape shape() {
      if (p(8)) {
        // over Integer.MAX_VALUE elements: must be rejected before allocation
        return switch (r.nextInt(3)) {
          case 0 -> Shape.of(100_000, 100_000);
          case 1 -> Shape.of(65_536, 32_768);
          default -> Shape.of(Integer.MAX_VALUE, Integer.MAX_VALUE, 3);
        };
      }
      return Shape.of(dims());
    }

    int[] intArray() {
      if (coherent && p(70)) return coherentInts();
      int k = r.nextInt(100);
      if (k < 5) return new int[0];
      int n = r.nextInt(1, 9);
      int[] a = new int[n];
      for (int j = 0; j < n; j++) {
        a[j] = p(85) ? r.nextInt(-4, 5) : p(50) ? -1 : p(50) ? Integer.MAX_VALUE : 100_000;
      }
      return a;
    }

    /** A valid tensor of random dtype and shape, sometimes with NaN and infinities. */
    Tensor tensor() {
      if (p(1)) {
        // broadcasting these two makes 2^32 elements
        return Tensor.zeros(
            r.nextBoolean() ? Shape.of(65_536, 1) : Shape.of(1, 65_536), DType.FLOAT32);
      }
      if (coherent && p(80))
        return tensor(p(90) ? baseType : DTYPES[r.nextInt(DTYPES.length)], Shape.of(variant()));
      DType d = p(40) ? DType.FLOAT32 : DTYPES[r.nextInt(DTYPES.length)];
      return tensor(d, Shape.of(dims()));
    }

    Tensor tensor(DType d, Shape s) {
      int n = (int) s.size();
      boolean special = p(10);
      Object data =
          switch (d) {
            case FLOAT32 -> {
              float[] a = new float[n];
              for (int j = 0; j < n; j++)
                a[j] = (float) (special && p(30) ? aDouble() : r.nextDouble(-3, 3));
              yield a;
            }
            case FLOAT64 -> {
              double[] a = new double[n];
              for (int j = 0; j < n; j++) a[j] = special && p(30) ? aDouble() : r.nextDouble(-3, 3);
              yield a;
            }
            case INT32 -> {
              int[] a = new int[n];
              for (int j = 0; j < n; j++) a[j] = special && p(30) ? anInt() : r.nextInt(-5, 6);
              yield a;
            }
            case INT64 -> {
              long[] a = new long[n];
              for (int j = 0; j < n; j++) a[j] = special && p(30) ? aLong() : r.nextLong(-5, 6);
              yield a;
            }
            case BOOL -> {
              boolean[] a = new boolean[n];
              for (int j = 0; j < n; j++) a[j] = r.nextBoolean();
              yield a;
            }
            case COMPLEX64 -> {
              float[] a = new float[2 * n];
              for (int j = 0; j < 2 * n; j++) a[j] = (float) r.nextDouble(-3, 3);
              yield a;
            }
            case COMPLEX128 -> {
              double[] a = new double[2 * n];
              for (int j = 0; j < 2 * n; j++) a[j] = r.nextDouble(-3, 3);
              yield a;
            }
          };
      return Internal.make(d, s, data);
    }

    Variable variable() {
      Tensor t =
          coherent
              ? tensor()
              : p(70)
                  ? tensor(
                      p(70) ? DType.FLOAT32 : DTYPES[r.nextInt(DTYPES.length)], Shape.of(dims()))
                  : tensor();
      Variable v =
          Variable.builder(t).trainable(p(85)).name(p(50) ? "v" : "w" + r.nextInt(3)).build();
      ctx.involve(v);
      made.add(v);
      return v;
    }

    Tensor[] tensorArray() {
      int n = r.nextInt(4);
      Tensor[] a = new Tensor[n];
      for (int j = 0; j < n; j++) a[j] = p(8) ? null : p(30) ? variable() : tensor();
      return a;
    }

    /** A Java value for the {@code Object} parameters of Tensor.of, Ops.*, assign ... */
    Object object(int depth) {
      int k = r.nextInt(100);
      if (k < 45) return p(20) ? variable() : tensor();
      if (k < 52) return null;
      if (k < 70)
        return switch (r.nextInt(9)) {
          case 0 -> anInt();
          case 1 -> aLong();
          case 2 -> (float) aDouble();
          case 3 -> aDouble();
          case 4 -> r.nextBoolean();
          case 5 -> new Complex(aDouble(), aDouble());
          case 6 -> (short) 3; // unsupported boxed types
          case 7 -> 'c';
          default -> new java.math.BigDecimal("1.5");
        };
      if (k < 95) return javaArray();
      return switch (r.nextInt(4)) {
        case 0 -> "text";
        case 1 -> List.of(1, 2);
        case 2 -> new Object[] {1, 2};
        default -> new Integer[] {1, null};
      };
    }

    /** Nested primitive arrays: rectangular, ragged, empty, with null rows. */
    Object javaArray() {
      Class<?> el =
          switch (r.nextInt(7)) {
            case 0 -> float.class;
            case 1 -> double.class;
            case 2 -> int.class;
            case 3 -> long.class;
            case 4 -> boolean.class;
            case 5 -> Complex.class;
            default -> p(50) ? float.class : Float.class;
          };
      int rank = p(90) ? r.nextInt(1, 4) : r.nextInt(4, 10);
      return array(el, rank);
    }

    Object array(Class<?> el, int rank) {
      int n = p(10) ? 0 : r.nextInt(1, rank > 3 ? 2 : 4);
      if (rank == 1) {
        Object a = Array.newInstance(el, n);
        for (int j = 0; j < n; j++) {
          if (el == float.class) Array.setFloat(a, j, (float) aDouble());
          else if (el == double.class) Array.setDouble(a, j, aDouble());
          else if (el == int.class) Array.setInt(a, j, anInt());
          else if (el == long.class) Array.setLong(a, j, aLong());
          else if (el == boolean.class) Array.setBoolean(a, j, r.nextBoolean());
          else if (el == Complex.class)
            Array.set(a, j, p(5) ? null : new Complex(aDouble(), aDouble()));
          else if (el == Float.class) Array.set(a, j, p(10) ? null : (float) aDouble());
        }
        return a;
      }
      Object proto = array(el, rank - 1);
      Object a = Array.newInstance(proto.getClass(), n);
      for (int j = 0; j < n; j++) {
        Array.set(
            a, j, p(5) ? null : p(10) ? array(el, rank - 1) : deepCopy(proto)); // ragged, nulls
      }
      return a;
    }

    Object deepCopy(Object a) {
      int n = Array.getLength(a);
      Object c = Array.newInstance(a.getClass().getComponentType(), n);
      for (int j = 0; j < n; j++) {
        Object e = Array.get(a, j);
        Array.set(c, j, e != null && e.getClass().isArray() ? deepCopy(e) : e);
      }
      return c;
    }

    GradientTape tape() {
      int k = r.nextInt(8);
      try {
        makeForeignTapes();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (k == 0) return FOREIGN.get(0);
      if (k == 1) return FOREIGN.get(1);
      GradientTape t = new GradientTape(r.nextBoolean(), r.nextBoolean());
      ctx.tapesToClose.add(t);
      Variable v = variable();
      t.watch(v);
      if (v.dtype().isFloating()) v.mul(v);
      switch (k) {
        case 2 -> TAPES.put(t, "open");
        case 3, 4 -> {
          t.close();
          TAPES.put(t, "closed");
        }
        default -> {
          t.close();
          if (v.dtype().isFloating() && !v.shape().equals(Shape.of(65_536, 1))) {
            t.gradient(v.square().sum(), v); // a non-persistent tape is used up now
          }
          TAPES.put(t, "used");
        }
      }
      return t;
    }

    Path path() {
      return switch (r.nextInt(7)) {
        case 0 -> dir.resolve("out" + r.nextInt(4) + ".npy");
        case 1 -> dir; // a folder
        case 2 -> dir.resolve("no/such/folder/x.npy");
        case 3 -> dir.resolve("fixtures/garbage.bin");
        case 4 -> dir.resolve("fixtures/valid" + r.nextInt(3) + ".npy");
        case 5 -> dir.resolve("fixtures/valid.npz");
        default -> dir.resolve("ckpt" + r.nextInt(3));
      };
    }

    Map<String, Tensor> map() {
      Map<String, Tensor> m = new LinkedHashMap<>();
      int n = r.nextInt(4);
      for (int j = 0; j < n; j++) m.put(p(10) ? "" : "a" + j, p(10) ? null : tensor());
      if (p(5)) m.put(null, tensor());
      return m;
    }

    Initializer initializer() {
      return switch (r.nextInt(9)) {
        case 0 -> Initializers.zeros();
        case 1 -> Initializers.ones();
        case 2 -> Initializers.glorotUniform(r.nextLong());
        case 3 -> Initializers.randomNormal(aDouble(), aDouble(), 1);
        case 4 -> Initializers.randomUniform(aDouble(), aDouble(), 2);
        case 5 -> Initializers.constant(object(0));
        case 6 -> named("init->null", (s, d) -> null);
        case 7 -> named("init->wrong shape", (s, d) -> Tensor.zeros(Shape.of(7), d));
        default -> named("init->wrong dtype", (s, d) -> Tensor.zeros(s, DType.INT64));
      };
    }

    Loss loss() {
      return switch (r.nextInt(7)) {
        case 0 -> Losses.binaryCrossentropy(r.nextBoolean());
        case 1 -> Losses.categoricalCrossentropy(r.nextBoolean());
        case 2 -> Losses.sparseCategoricalCrossentropy(r.nextBoolean());
        case 3 -> named("loss->null", (a, b) -> null);
        case 4 -> named("loss->mse", Losses::meanSquaredError);
        default -> named("loss->mae", Losses::meanAbsoluteError);
      };
    }

    Optimizer optimizer() {
      return switch (r.nextInt(4)) {
        case 0 -> new SGD(r.nextDouble(0, 0.5));
        case 1 -> new SGD(r.nextDouble(0, 0.5), r.nextDouble(), r.nextBoolean());
        case 2 -> new Adam(r.nextDouble(0, 0.1));
        default -> new Adam(r.nextDouble(0, 0.1), r.nextDouble(), r.nextDouble(), 1e-7);
      };
    }

    Layer layerOf(Class<?> c) {
      if (c == Dense.class) return dense();
      Sequential s = new Sequential();
      int n = r.nextInt(3);
      for (int j = 0; j < n; j++) s.add(dense());
      if (p(40)) {
        try {
          s.apply(tensor(DType.FLOAT32, Shape.of(2, 3)));
        } catch (IllegalArgumentException | IllegalStateException ignored) {
          // an empty model, or layers that do not fit: still a model to call things on
        }
      }
      if (p(50)) {
        // compiled, with metrics, for what needs a compiled model (TrainingLogs, trainOnBatch)
        String[] metrics =
            switch (r.nextInt(3)) {
              case 0 -> new String[] {"accuracy"};
              case 1 -> new String[] {"mse", "auc", "auc"};
              default -> new String[0];
            };
        s.compile(
            new SGD(0.01),
            r.nextBoolean() ? Losses::meanSquaredError : Losses.binaryCrossentropy(r.nextBoolean()),
            metrics);
      }
      return s;
    }

    Dense dense() {
      Dense d =
          r.nextBoolean()
              ? new Dense(r.nextInt(0, 4))
              : Dense.builder(r.nextInt(0, 4))
                  .activation(Activation.values()[r.nextInt(5)])
                  .useBias(r.nextBoolean())
                  .build();
      if (p(40)) {
        try {
          d.apply(tensor(DType.FLOAT32, Shape.of(2, r.nextInt(1, 4))));
        } catch (IllegalArgumentException | IllegalStateException ignored) {
          // unbuildable: still a layer
        }
      }
      return d;
    }

    Layer layer(int depth) {
      return switch (r.nextInt(depth > 0 ? 2 : 3)) {
        case 0 -> dense();
        case 1 -> new ScaleLayer();
        default -> layerOf(Sequential.class);
      };
    }

    Layer[] layerArray() {
      int n = r.nextInt(3);
      Layer[] a = new Layer[n];
      for (int j = 0; j < n; j++) {
        Object same = alias(Layer.class);
        a[j] = same != null ? (Layer) same : p(10) ? null : layer(1);
      }
      return a;
    }

    FitOptions fitOptions() {
      FitOptions.Builder b =
          FitOptions.builder()
              .output(NULL_OUT)
              .epochs(r.nextInt(0, 3))
              .batchSize(r.nextInt(1, 5))
              .verbose(r.nextInt(3));
      if (p(30)) b.validationSplit(r.nextDouble());
      if (p(20)) b.validationData(tensor(), tensor());
      if (p(10)) b.validationData(dataset());
      if (p(10)) b.stepsPerEpoch(r.nextInt(0, 3));
      if (p(20)) {
        Callback[] c = callbacks();
        if (c != null && java.util.Arrays.stream(c).allMatch(java.util.Objects::nonNull)) {
          b.callbacks(c);
        }
      }
      return b.build();
    }

    /** Batches of random tensors: ragged, empty, mismatched or fine. */
    Dataset dataset() {
      Tensor x = tensor();
      Tensor y =
          p(50) ? tensor(x.dtype(), Shape.of(x.rank() == 0 ? 1 : x.shape().dim(0))) : tensor();
      try {
        Dataset d = p(20) ? Dataset.fromTensorSlices(x) : Dataset.fromTensorSlices(x, y);
        d = d.batch(r.nextInt(1, 4), r.nextBoolean());
        if (p(20)) d = d.prefetch(2);
        if (p(10)) d = d.repeat();
        return d;
      } catch (IllegalArgumentException e) {
        return Dataset.fromTensorSlices(
                Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {3, 4}))
            .batch(1);
      }
    }

    Callback[] callbacks() {
      if (p(10)) return null;
      Callback[] c = new Callback[r.nextInt(3)];
      for (int i = 0; i < c.length; i++) {
        c[i] = p(20) ? null : p(50) ? new TerminateOnNaN() : EarlyStopping.builder().build();
      }
      return c;
    }

    Object history() {
      Sequential s = new Sequential(new Dense(1));
      s.compile(new SGD(0.01), Losses::meanSquaredError);
      return s.fit(
          tensor(DType.FLOAT32, Shape.of(4, 2)),
          tensor(DType.FLOAT32, Shape.of(4, 1)),
          FitOptions.builder().epochs(1).output(NULL_OUT).verbose(0).build());
    }

    GradientCheck.Result gradientCheckResult() {
      return GradientCheck.check(t -> t.square().sum(), tensor(DType.FLOAT64, Shape.of(dims())));
    }

    List<Object> list(Type type) {
      Type el =
          type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
      String n = el.getTypeName();
      int size = p(10) ? 0 : r.nextInt(1, 4);
      List<Object> l = new ArrayList<>();
      for (int j = 0; j < size; j++) {
        Object same = alias(n.endsWith("Variable") ? Variable.class : Tensor.class);
        if (same != null) l.add(same);
        else if (p(7)) l.add(null);
        else if (n.endsWith("Variable")) l.add(variable());
        else l.add(p(25) ? variable() : tensor());
      }
      return l;
    }

    Supplier<Tensor> supplier() {
      Variable v = variable();
      return switch (r.nextInt(4)) {
        case 0 -> named("()->sum(v^2)", () -> v.mul(v).sum());
        case 1 -> named("()->null", () -> null);
        case 2 -> named("()->v", () -> v);
        default -> {
          Tensor t = tensor();
          yield named("()->const", () -> t);
        }
      };
    }

    UnaryOperator<Tensor> unary() {
      return switch (r.nextInt(4)) {
        case 0 -> named("t->t^2", t -> t.square());
        case 1 -> named("t->null", t -> null);
        case 2 -> named("t->t", t -> t);
        default -> named("t->sum(t)", t -> t.sum());
      };
    }

    Object function(Type type) {
      String s = type.getTypeName();
      boolean listIn = s.startsWith("java.util.function.Function<java.util.List");
      if (s.endsWith("CustomGradient>")) {
        Tensor wrong = tensor();
        return listIn
            ? switch (r.nextInt(5)) {
              case 0 ->
                  named(
                      "xs->product, right grads",
                      (Function<List<Tensor>, CustomGradient>)
                          xs -> {
                            Tensor y = xs.isEmpty() ? Tensor.of(1f) : xs.get(0).square();
                            List<Tensor> gs = new ArrayList<>();
                            for (Tensor x : xs) gs.add(x);
                            return new CustomGradient(y, g -> gs);
                          });
              case 1 ->
                  named(
                      "xs->wrong count",
                      (Function<List<Tensor>, CustomGradient>)
                          xs ->
                              new CustomGradient(
                                  xs.isEmpty() ? Tensor.of(1f) : xs.get(0), g -> List.of()));
              case 2 -> named("xs->null", (Function<List<Tensor>, CustomGradient>) xs -> null);
              case 3 ->
                  named(
                      "xs->null grads",
                      (Function<List<Tensor>, CustomGradient>)
                          xs ->
                              new CustomGradient(
                                  xs.isEmpty() ? Tensor.of(1f) : xs.get(0), g -> null));
              default ->
                  named(
                      "xs->wrong shape grads",
                      (Function<List<Tensor>, CustomGradient>)
                          xs -> {
                            List<Tensor> gs = new ArrayList<>();
                            for (int j = 0; j < xs.size(); j++) gs.add(wrong);
                            return new CustomGradient(
                                xs.isEmpty() ? Tensor.of(1f) : xs.get(0).sum(), g -> gs);
                          });
            }
            : switch (r.nextInt(5)) {
              case 0 ->
                  named(
                      "x->x^2, g*2x",
                      (Function<Tensor, CustomGradient>)
                          x -> CustomGradient.of(x.square(), g -> g.mul(x).mul(2)));
              case 1 -> named("x->null", (Function<Tensor, CustomGradient>) x -> null);
              case 2 ->
                  named(
                      "x->grad null",
                      (Function<Tensor, CustomGradient>) x -> CustomGradient.of(x, g -> null));
              case 3 ->
                  named(
                      "x->wrong shape grad",
                      (Function<Tensor, CustomGradient>)
                          x -> CustomGradient.of(x.sum(), g -> wrong));
              default ->
                  named(
                      "x->list with null",
                      (Function<Tensor, CustomGradient>)
                          x -> new CustomGradient(x, g -> Arrays.asList((Tensor) null)));
            };
      }
      if (s.endsWith("java.util.List<dev.lanegrad.Tensor>>")) {
        // CustomGradient's grad: Tensor -> List<Tensor>
        return switch (r.nextInt(3)) {
          case 0 -> named("g->[g]", (Function<Tensor, List<Tensor>>) g -> List.of(g));
          case 1 -> named("g->null", (Function<Tensor, List<Tensor>>) g -> null);
          default ->
              named(
                  "g->[null]", (Function<Tensor, List<Tensor>>) g -> Arrays.asList((Tensor) null));
        };
      }
      if (listIn) {
        // GradientCheck: List<Tensor> -> Tensor
        return switch (r.nextInt(4)) {
          case 0 ->
              named(
                  "xs->sum(x0^2)",
                  (Function<List<Tensor>, Tensor>)
                      // a user's function: its own NullPointerException is not the library's
                      xs ->
                          xs.isEmpty() || xs.get(0) == null
                              ? Tensor.of(1.0)
                              : xs.get(0).square().sum());
          case 1 -> named("xs->null", (Function<List<Tensor>, Tensor>) xs -> null);
          case 2 ->
              named(
                  "xs->x0",
                  (Function<List<Tensor>, Tensor>) xs -> xs.isEmpty() ? Tensor.of(1.0) : xs.get(0));
          default -> named("xs->int", (Function<List<Tensor>, Tensor>) xs -> Tensor.of(1));
        };
      }
      throw new IllegalStateException("FuzzTest: no generator for " + s);
    }
  }

  /** A user layer with a weight in a field: {@code y = x * scale}. */
  static final class ScaleLayer extends Layer {
    Variable scale = Variable.of(2f);

    @Override
    protected Tensor call(Tensor input) {
      return input.mul(scale);
    }
  }

  // ---------------------------------------------------------------- the run

  /** Found by an early run (a ClassCastException): lists that only unchecked code can build. */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void rawListsReachingTheOptimizerAreRejected() {
    Variable w = Variable.of(new float[] {1, 2});
    List raw = new ArrayList<>(List.of(Tensor.of(new float[] {1, 1})));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new SGD(0.1).applyGradients(raw, raw));
    assertTrue(e.getMessage().contains("variable 0 is a Tensor, not a Variable"), e.getMessage());
    List strings = new ArrayList<>(List.of("g"));
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new SGD(0.1).applyGradients(strings, List.of(w)));
    assertTrue(e.getMessage().contains("gradient 0 is a String, not a Tensor"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2}, w.toFloatArray());
  }

  /** The judge itself: escapes and unnamed messages are caught, named rejections pass. */
  @Test
  void theClassifierCatchesEscapes() throws Exception {
    Run run = new Run();
    Method add = Tensor.class.getMethod("add", Tensor.class);
    classify(
        run,
        "Tensor.add(Tensor)",
        new IllegalArgumentException("add: shapes (2,) and (3,)"),
        "",
        0,
        add,
        null);
    classify(
        run,
        "Tensor.add(Tensor)",
        new IllegalStateException("the Tensor is odd"),
        "",
        1,
        add,
        null);
    assertTrue(run.escapes.isEmpty(), run.escapes::toString);
    classify(run, "Tensor.add(Tensor)", new NullPointerException(), "", 2, add, null);
    classify(run, "Tensor.add(Tensor)", new ArrayIndexOutOfBoundsException(3), "", 3, add, null);
    classify(
        run, "Tensor.add(Tensor)", new IllegalArgumentException("bad value"), "", 4, add, null);
    classify(
        run, "Tensor.add(Tensor)", new IllegalArgumentException((String) null), "", 5, add, null);
    classify(run, "Tensor.add(Tensor)", new OutOfMemoryError(), "", 6, add, null);
    assertTrue(run.escapes.size() == 5, run.escapes::toString);
    // a rejected call that changed a variable is caught by oneCall's check, through sameData
    assertTrue(sameData(new float[] {1, Float.NaN}, new float[] {1, Float.NaN}));
    assertTrue(!sameData(new float[] {1, 2}, new float[] {1, 3}));
    assertTrue(!sameData(new float[] {1}, new double[] {1}));
  }

  @Test
  void everyPublicMemberRejectsBadInputCleanly() throws Exception {
    List<Executable> members = members();
    assertTrue(members.size() > 150, "found only " + members.size() + " public members");
    makeForeignTapes();
    makeFixtureFiles();
    Run run = new Run();
    PrintStream out = System.out;
    PrintStream err = System.err;
    long t0 = System.nanoTime();
    try {
      // models print progress and summaries; keep the test log readable
      System.setOut(NULL_OUT);
      System.setErr(NULL_OUT);
      long from = ONLY >= 0 ? ONLY : 0;
      long to = ONLY >= 0 ? ONLY + 1 : Long.MAX_VALUE;
      while (from < to) {
        long start = from;
        int gen = ++run.generation;
        Thread worker =
            new Thread(
                () -> {
                  // argument sets that the generator itself could not build do not count: go on
                  // until
                  // CALLS real calls ran
                  for (long i = start;
                      (ONLY >= 0 ? i < to : run.calls < CALLS) && run.generation == gen;
                      i++) {
                    run.current = i;
                    run.started = System.nanoTime();
                    try {
                      oneCall(run, members, i);
                    } catch (Throwable t) {
                      run.escapes.add(
                          new Outcome(
                              run.currentKey,
                              "escape in the harness: " + t.getClass().getSimpleName(),
                              stack(t),
                              run.currentDesc,
                              i));
                    }
                  }
                },
                "fuzz-worker");
        worker.setDaemon(true);
        worker.start();
        while (worker.isAlive()) {
          worker.join(200);
          long c = run.current;
          if (worker.isAlive() && c >= start && System.nanoTime() - run.started > BUDGET_NANOS) {
            run.escapes.add(
                new Outcome(
                    run.currentKey,
                    "hang (over " + BUDGET_NANOS / 1_000_000_000 + " s)",
                    "",
                    run.currentDesc,
                    c));
            run.generation++; // abandon it (a daemon): it stops after the call that hung
            break;
          }
        }
        from = worker.isAlive() ? c(run) + 1 : ONLY >= 0 || run.calls >= CALLS ? to : c(run) + 1;
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String summary = summary(run, members, ms);
    System.out.println(summary);
    if (ONLY < 0) {
      assertTrue(run.calls >= CALLS, "ran only " + run.calls + " calls; seed " + SEED);
      List<String> never = new ArrayList<>();
      for (Executable e : members) {
        String k = key(e);
        if (!run.called.contains(k) && !NEVER_BUILT.matcher(k).matches()) never.add(k);
      }
      assertTrue(never.isEmpty(), "members never called (no receiver or arguments): " + never);
    }
    if (!run.escapes.isEmpty()) {
      fail(summary);
    }
  }

  static long c(Run run) {
    return run.current;
  }

  static String summary(Run run, List<Executable> members, long ms) {
    StringBuilder s = new StringBuilder();
    s.append("FuzzTest: seed ")
        .append(SEED)
        .append(" (-Dfuzz.seed=")
        .append(SEED)
        .append("): ")
        .append(run.calls)
        .append(" calls of ")
        .append(members.size())
        .append(" public members + ")
        .append(run.followUps)
        .append(" follow-up gradients in ")
        .append(ms)
        .append(" ms; ")
        .append(run.returned)
        .append(" returned, ")
        .append(run.rejected)
        .append(" rejected with IllegalArgumentException/IllegalStateException; ")
        .append(run.escapes.size())
        .append(" escapes\n");
    if (ONLY >= 0) {
      s.append("  the call: ")
          .append(run.currentKey)
          .append(' ')
          .append(run.currentDesc)
          .append('\n');
    }
    s.append("  not fuzzed: ").append(EXCLUDED).append('\n');
    List<String> never = new ArrayList<>();
    for (Executable e : members) {
      if (!run.called.contains(key(e))) never.add(key(e));
    }
    s.append("  never called (no receiver or arguments could be built): ")
        .append(never.size())
        .append(' ')
        .append(never)
        .append('\n');
    List<Map.Entry<String, long[]>> slow = new ArrayList<>(run.time.entrySet());
    slow.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    s.append("  slowest call: ")
        .append(run.slowest / 1_000_000)
        .append(" ms (")
        .append(run.slowestCall)
        .append(")\n");
    s.append("  slowest members (total ms / calls):");
    for (int j = 0; j < Math.min(8, slow.size()); j++) {
      s.append(' ')
          .append(slow.get(j).getKey())
          .append(' ')
          .append(slow.get(j).getValue()[0] / 1_000_000)
          .append('/')
          .append(slow.get(j).getValue()[1]);
    }
    s.append('\n');
    if (!run.tapeGrowth.isEmpty()) {
      s.append("  (information) rejected calls that left entries on a recording tape: ")
          .append(run.tapeGrowth)
          .append('\n');
    }
    Map<String, Map<String, List<Outcome>>> by = new TreeMap<>();
    synchronized (run.escapes) {
      for (Outcome o : run.escapes) {
        by.computeIfAbsent(o.kind(), x -> new TreeMap<>())
            .computeIfAbsent(o.member(), x -> new ArrayList<>())
            .add(o);
      }
    }
    for (Map.Entry<String, Map<String, List<Outcome>>> e : by.entrySet()) {
      int total = e.getValue().values().stream().mapToInt(List::size).sum();
      s.append("  ").append(e.getKey()).append(": ").append(total).append('\n');
      for (Map.Entry<String, List<Outcome>> m : e.getValue().entrySet()) {
        Outcome first = m.getValue().get(0);
        s.append("    ")
            .append(m.getKey())
            .append(" x")
            .append(m.getValue().size())
            .append("  e.g. -Dfuzz.call=")
            .append(first.call())
            .append(' ')
            .append(first.args())
            .append("\n      ")
            .append(first.detail().replace("\n", "\n      "))
            .append('\n');
      }
    }
    return s.toString();
  }
}
