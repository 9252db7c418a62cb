package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.io.CheckpointFile;
import dev.lanegrad.internal.io.CheckpointFile.Contents;
import dev.lanegrad.internal.io.CheckpointFile.Entry;
import dev.lanegrad.internal.io.CheckpointFile.OptimizerState;
import dev.lanegrad.internal.io.CheckpointFile.Slot;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.SGD;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
  private static final int ROWS = 12;
  private static final int BATCH = 4;
  private static final float[] X = randomFloats(ROWS * 4, 11);
  private static final float[] Y = randomFloats(ROWS * 3, 12);

  @TempDir Path dir;

  @AfterEach
  void clearHook() {
    Checkpoint.writeHook = null;
  }

  // ---------------------------------------------------------------- fixtures

  private static float[] randomFloats(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** Dense(8, relu) on 4 inputs, then Dense(hidden2 -> 3); weights from {@code seed}. */
  private static Sequential model(long seed, int hidden) {
    return new Sequential(
        Dense.builder(hidden)
            .activation(Activation.RELU)
            .inputShape(4)
            .name("d1")
            .kernelInitializer(Initializers.glorotUniform(seed))
            .biasInitializer(Initializers.randomUniform(-0.1, 0.1, seed + 1))
            .build(),
        Dense.builder(3)
            .inputShape(hidden)
            .name("d2")
            .kernelInitializer(Initializers.glorotUniform(seed + 2))
            .biasInitializer(Initializers.randomUniform(-0.1, 0.1, seed + 3))
            .build());
  }

  private static Sequential model(long seed) {
    return model(seed, 8);
  }

  private static Optimizer optimizer(String kind) {
    return switch (kind) {
      case "sgd" -> new SGD(0.1);
      case "momentum" -> new SGD(0.05, 0.9, false);
      case "nesterov" -> new SGD(0.05, 0.9, true);
      case "adam" -> new Adam(0.01);
      default -> throw new AssertionError(kind);
    };
  }

  /** One step on batch {@code k}: rows {@code (k*BATCH) mod ROWS}, a fixed order. */
  private static void step(Layer model, Optimizer opt, int k) {
    int r0 = (k * BATCH) % ROWS;
    float[] xb = new float[BATCH * 4];
    float[] yb = new float[BATCH * 3];
    System.arraycopy(X, r0 * 4, xb, 0, xb.length);
    System.arraycopy(Y, r0 * 3, yb, 0, yb.length);
    Tensor x = Tensor.of(xb, Shape.of(BATCH, 4));
    Tensor y = Tensor.of(yb, Shape.of(BATCH, 3));
    List<Variable> vars = model.trainableVariables();
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Losses.meanSquaredError(y, model.apply(x));
    }
    opt.applyGradients(tape.gradient(loss, vars), vars);
  }

  private static void train(Layer model, Optimizer opt, int from, int steps) {
    for (int k = from; k < from + steps; k++) {
      step(model, opt, k);
    }
  }

  /** The exact bits of a float tensor (floatToRawIntBits / doubleToRawLongBits). */
  private static long[] bits(Tensor t) {
    Object a = Internal.data(t);
    if (a instanceof float[] f) {
      long[] out = new long[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = Float.floatToRawIntBits(f[i]);
      }
      return out;
    }
    double[] d = (double[]) a;
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = Double.doubleToRawLongBits(d[i]);
    }
    return out;
  }

  /** Asserts both models (and optimizers) hold bit-identical variables, slots and iterations. */
  private static void assertSameState(Layer a, Optimizer oa, Layer b, Optimizer ob, String why) {
    List<Variable> va = a.variables();
    List<Variable> vb = b.variables();
    assertEquals(va.size(), vb.size(), why);
    for (int i = 0; i < va.size(); i++) {
      assertEquals(va.get(i).name(), vb.get(i).name(), why);
      assertArrayEquals(bits(va.get(i)), bits(vb.get(i)), why + ": " + va.get(i).name());
      if (oa != null) {
        for (String s : oa.slotNames()) {
          Tensor sa = oa.slot(va.get(i), s);
          Tensor sb = ob.slot(vb.get(i), s);
          String what = why + ": slot " + s + " of " + va.get(i).name();
          if (sa == null) {
            assertNull(sb, what);
          } else {
            assertNotNull(sb, what);
            assertArrayEquals(bits(sa), bits(sb), what);
          }
        }
      }
    }
    if (oa != null) {
      assertEquals(oa.iterations(), ob.iterations(), why + ": iterations");
    }
  }

  private static <T extends Throwable> String thrown(Class<T> type, Runnable r) {
    return assertThrows(type, r::run).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  // ---------------------------------------------------------------- round trip and resume

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam"})
  void roundTripRestoresVariablesSlotsAndIterations(String kind) {
    Sequential m = model(1);
    Optimizer opt = optimizer(kind);
    train(m, opt, 0, 3);
    Path file = dir.resolve("ckpt.lgc");
    Checkpoint.save(file, m, opt);

    Sequential fresh = model(99);
    Optimizer freshOpt = optimizer(kind);
    assertFalse(
        java.util.Arrays.equals(bits(m.variables().get(0)), bits(fresh.variables().get(0))),
        "the fresh model must start elsewhere");
    Checkpoint.restore(file, fresh, freshOpt);
    assertSameState(m, opt, fresh, freshOpt, kind);
    assertEquals(3, freshOpt.iterations());
    if (!kind.equals("sgd")) {
      assertNotNull(freshOpt.slot(fresh.variables().get(0), freshOpt.slotNames().get(0)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd", "momentum", "nesterov", "adam"})
  void resumedTrainingGivesTheSameBitsAsUninterruptedTraining(String kind) {
    int n = 5;
    int more = 7;
    Sequential a = model(1);
    Optimizer oa = optimizer(kind);
    train(a, oa, 0, n);
    Path file = dir.resolve("ckpt.lgc");
    Checkpoint.save(file, a, oa);
    train(a, oa, n, more);

    // a fresh process would build the model from other random weights and a new optimizer; an
    // optimizer that already stepped other variables must not matter either
    Sequential b = model(7);
    Optimizer ob = optimizer(kind);
    train(b, ob, 3, 2);
    Checkpoint.restore(file, b, ob);
    train(b, ob, n, more);
    assertSameState(a, oa, b, ob, kind + " resumed after " + n + " steps");
    assertEquals(n + more, ob.iterations());

    if (!kind.equals("sgd")) {
      // control: without the optimizer's state the result differs, so the check above has teeth
      Sequential c = model(7);
      Optimizer oc = optimizer(kind);
      Checkpoint.restore(file, c);
      train(c, oc, n, more);
      assertFalse(
          java.util.Arrays.equals(bits(a.variables().get(0)), bits(c.variables().get(0))),
          kind + ": restoring the variables alone should not reproduce the run");
    }
  }

  @Test
  void restoringAStepZeroCheckpointForgetsTheOptimizersSlots() {
    Sequential a = model(1);
    Adam oa = new Adam(0.01);
    Path file = dir.resolve("start.lgc");
    Checkpoint.save(file, a, oa); // no step yet: no slots, iterations 0
    train(a, oa, 0, 4);

    Sequential b = model(5);
    Adam ob = new Adam(0.01);
    train(b, ob, 0, 3);
    Checkpoint.restore(file, b, ob);
    assertEquals(0, ob.iterations());
    for (Variable v : b.variables()) {
      assertNull(ob.slot(v, "m"), v.name());
      assertNull(ob.slot(v, "v"), v.name());
    }
    train(b, ob, 0, 4);
    assertSameState(a, oa, b, ob, "from step 0");
  }

  @Test
  void variableListsOfEveryDtypeRoundTrip() {
    List<Variable> vars =
        List.of(
            Variable.builder(new float[] {1.5f, -0f, Float.NaN, Float.POSITIVE_INFINITY})
                .name("f32")
                .build(),
            Variable.builder(
                    Tensor.of(
                        new double[] {Math.PI, -1e300, Double.MIN_VALUE, 0, 1, 2}, Shape.of(2, 3)))
                .name("f64")
                .build(),
            Variable.builder(new int[] {Integer.MIN_VALUE, 7}).name("i32").trainable(false).build(),
            Variable.builder(Long.MAX_VALUE).name("i64").trainable(false).build(),
            Variable.builder(new boolean[] {true, false, true}).name("flags").build(),
            Variable.builder(Internal.make(DType.COMPLEX64, Shape.of(2), new float[] {1, 2, 3, 4}))
                .name("c64")
                .build(),
            Variable.builder(
                    Internal.make(DType.COMPLEX128, Shape.of(1, 1), new double[] {-1, 0.5}))
                .name("c128")
                .build(),
            Variable.builder(Tensor.zeros(Shape.of(0, 3), DType.FLOAT32)).name("empty").build());
    Path file = dir.resolve("vars.lgc");
    Checkpoint.save(file, vars, null);

    List<Variable> fresh = new ArrayList<>();
    for (Variable v : vars) {
      fresh.add(
          Variable.builder(Tensor.zeros(v.shape(), v.dtype()))
              .name(v.name())
              .trainable(v.trainable())
              .build());
    }
    // order does not matter: names do
    java.util.Collections.reverse(fresh);
    Checkpoint.restore(file, fresh, null);
    java.util.Collections.reverse(fresh);
    for (int i = 0; i < vars.size(); i++) {
      Object want = Internal.data(vars.get(i));
      Object got = Internal.data(fresh.get(i));
      String what = vars.get(i).name();
      if (want instanceof float[] f) {
        assertArrayEquals(
            bits(Internal.make(DType.FLOAT32, Shape.of(f.length), f)),
            bits(Internal.make(DType.FLOAT32, Shape.of(f.length), (float[]) got)),
            what);
      } else if (want instanceof double[] d) {
        assertArrayEquals(
            bits(Internal.make(DType.FLOAT64, Shape.of(d.length), d)),
            bits(Internal.make(DType.FLOAT64, Shape.of(d.length), (double[]) got)),
            what);
      } else if (want instanceof int[] x) {
        assertArrayEquals(x, (int[]) got, what);
      } else if (want instanceof long[] x) {
        assertArrayEquals(x, (long[]) got, what);
      } else {
        assertArrayEquals((boolean[]) want, (boolean[]) got, what);
      }
    }
  }

  @Test
  void adamForgetsOneMomentAndRestartsItAtZero() {
    Variable w1 = Variable.of(new float[] {1, 2});
    Variable w2 = Variable.of(new float[] {1, 2});
    Adam a = new Adam(0.1);
    Adam b = new Adam(0.1);
    Tensor g = Tensor.of(new float[] {0.5f, -1f});
    a.applyGradients(List.of(g), List.of(w1));
    b.applyGradients(List.of(g), List.of(w2));
    a.setSlot(w1, "m", null);
    b.setSlot(w2, "m", Tensor.zeros(Shape.of(2), DType.FLOAT32));
    assertNull(a.slot(w1, "m"));
    assertNotNull(a.slot(w1, "v"));
    a.applyGradients(List.of(g), List.of(w1));
    b.applyGradients(List.of(g), List.of(w2));
    assertArrayEquals(bits(w2), bits(w1));
    assertArrayEquals(bits(b.slot(w2, "m")), bits(a.slot(w1, "m")));
  }

  @Test
  void optimizerStateAccessorsRejectBadArguments() {
    Variable w = Variable.of(new float[] {1, 2});
    SGD plain = new SGD(0.1);
    assertEquals(List.of(), plain.slotNames());
    assertEquals(List.of("momentum"), new SGD(0.1, 0.5, false).slotNames());
    assertEquals(List.of("m", "v"), new Adam().slotNames());
    assertContains(
        thrown(IllegalArgumentException.class, () -> plain.slot(w, "momentum")),
        "SGD.slot",
        "unknown slot 'momentum'");
    Adam adam = new Adam();
    assertContains(
        thrown(IllegalArgumentException.class, () -> adam.slot(null, "m")),
        "Adam.slot",
        "'variable'");
    assertContains(
        thrown(IllegalArgumentException.class, () -> adam.setSlot(w, null, null)),
        "Adam.setSlot",
        "'slotName'");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> adam.setSlot(w, "m", Tensor.of(new float[] {1, 2, 3}))),
        "Adam.setSlot",
        "(3,)",
        "(2,)");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> adam.setSlot(w, "m", Tensor.of(new double[] {1, 2}))),
        "float64",
        "float32");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> adam.setSlot(Variable.of(new int[] {1}), "m", null)),
        "int32");
    assertContains(
        thrown(IllegalArgumentException.class, () -> adam.setIterations(-1)),
        "Adam.setIterations",
        "-1");
    assertNull(adam.slot(w, "m"));
    // the slot handed out is a copy: writing to its array does not reach the optimizer
    float[] given = {3, 4};
    adam.setSlot(w, "v", Tensor.of(given));
    given[0] = 99;
    Internal.f32(adam.slot(w, "v"))[1] = 99;
    assertArrayEquals(new float[] {3, 4}, adam.slot(w, "v").toFloatArray());
  }

  // ---------------------------------------------------------------- atomic writes

  /** Writes through until {@code limit} bytes, then fails as a crash or full disk would. */
  private static final class FailingStream extends FilterOutputStream {
    private final long limit;
    private long written;

    FailingStream(OutputStream out, long limit) {
      super(out);
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      long k = Math.min(len, limit - written);
      out.write(b, off, (int) k);
      written += k;
      if (k < len) {
        throw new IOException("simulated crash after " + written + " bytes");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"io", "runtime"})
  void aWriteThatFailsMidwayLeavesThePreviousCheckpointIntact(String failure) throws IOException {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    Path file = dir.resolve("ckpt.lgc");
    Checkpoint.save(file, m, opt);
    byte[] before = Files.readAllBytes(file);
    Sequential expected = model(1);
    Adam expectedOpt = new Adam(0.01);
    train(expected, expectedOpt, 0, 2);

    train(m, opt, 2, 3);
    long half = before.length / 2;
    long[] seen = new long[1];
    Checkpoint.writeHook =
        failure.equals("io")
            ? os -> new FailingStream(os, half)
            : os ->
                new FilterOutputStream(os) {
                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    if (seen[0] + len > half) {
                      throw new IllegalStateException("simulated crash");
                    }
                    seen[0] += len;
                    out.write(b, off, len);
                  }
                };
    if (failure.equals("io")) {
      String msg = thrown(UncheckedIOException.class, () -> Checkpoint.save(file, m, opt));
      assertContains(msg, "Checkpoint.save", file.toString(), "simulated crash");
    } else {
      assertThrows(IllegalStateException.class, () -> Checkpoint.save(file, m, opt));
    }
    Checkpoint.writeHook = null;

    assertArrayEquals(before, Files.readAllBytes(file), "the previous checkpoint changed");
    assertEquals(List.of(file), files(), "a temporary file was left behind");
    Sequential restored = model(3);
    Adam restoredOpt = new Adam(0.01);
    Checkpoint.restore(file, restored, restoredOpt);
    assertSameState(expected, expectedOpt, restored, restoredOpt, "after a failed save");

    // and the next save works and replaces it
    Checkpoint.save(file, m, opt);
    Checkpoint.restore(file, restored, restoredOpt);
    assertSameState(m, opt, restored, restoredOpt, "after the next save");
    assertEquals(List.of(file), files());
  }

  /** Child JVM for the kill test: saves through a stream that stops halfway and waits. */
  static final class StallingSaver {
    public static void main(String[] args) throws Exception {
      Path file = Path.of(args[0]);
      long half = Long.parseLong(args[1]);
      Sequential m = model(1);
      Adam opt = new Adam(0.01);
      train(m, opt, 0, 5);
      Checkpoint.writeHook =
          os ->
              new FilterOutputStream(os) {
                long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  long k = Math.min(len, half - written);
                  out.write(b, off, (int) k);
                  written += k;
                  if (k < len) {
                    out.flush();
                    System.out.println("HALF " + written);
                    System.out.flush();
                    try {
                      Thread.sleep(600_000); // the parent kills us here
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    throw new IOException("not killed");
                  }
                }
              };
      Checkpoint.save(file, m, opt);
      System.out.println("DONE");
    }
  }

  @Test
  @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aProcessKilledMidWriteLeavesThePreviousCheckpointIntact() throws Exception {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    Path file = dir.resolve("ckpt.lgc");
    Checkpoint.save(file, m, opt);
    byte[] before = Files.readAllBytes(file);

    Path err = Files.createTempFile("checkpoint-child", ".err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xshare:auto",
                StallingSaver.class.getName(),
                file.toString(),
                Long.toString(before.length / 2))
            .redirectError(err.toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("HALF")) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        fail("the child did not stall mid-write: " + line + "; stderr: " + Files.readString(err));
      }
      // the child has written half of the new checkpoint into its temporary file: kill -9
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not die");
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(err);
    }

    assertArrayEquals(before, Files.readAllBytes(file), "the previous checkpoint changed");
    List<Path> left = new ArrayList<>(files());
    left.remove(file);
    assertEquals(1, left.size(), "expected the killed write's temporary file: " + left);
    Path tmp = left.get(0);
    assertTrue(
        tmp.getFileName().toString().startsWith(".ckpt.lgc.")
            && tmp.getFileName().toString().endsWith(".tmp"),
        tmp.toString());
    assertEquals(before.length / 2, Files.size(tmp), "the kill came mid-write");

    Sequential restored = model(3);
    Adam restoredOpt = new Adam(0.01);
    Checkpoint.restore(file, restored, restoredOpt);
    assertSameState(m, opt, restored, restoredOpt, "after the kill");
    // the half-written temporary file is not a checkpoint
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.restore(tmp, model(3), new Adam(0.01))),
        "truncated");
  }

  // ---------------------------------------------------------------- validation: nothing changes

  /** Runs {@code r}, which must throw, and checks the model and optimizer did not change. */
  private static String rejectsAndKeeps(Layer model, Optimizer opt, Runnable r) {
    List<long[]> before = state(model, opt);
    String msg = thrown(IllegalArgumentException.class, r);
    List<long[]> after = state(model, opt);
    assertEquals(before.size(), after.size(), msg);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "state " + i + " changed after: " + msg);
    }
    return msg;
  }

  /** The bits of every variable and slot (empty for a missing slot), then the iterations. */
  private static List<long[]> state(Layer model, Optimizer opt) {
    List<long[]> out = new ArrayList<>();
    for (Variable v : model.variables()) {
      out.add(bits(v));
      if (opt != null) {
        for (String s : opt.slotNames()) {
          Tensor t = opt.slot(v, s);
          out.add(t == null ? new long[0] : bits(t));
        }
      }
    }
    out.add(new long[] {opt == null ? 0 : opt.iterations()});
    return out;
  }

  @Test
  void restoringIntoOtherShapesNamesTheVariableAndBothShapes() {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    Path file = dir.resolve("ckpt.lgc");
    Checkpoint.save(file, m, opt);

    Sequential wider = model(2, 5);
    Adam wopt = new Adam(0.01);
    train(wider, wopt, 0, 1);
    String msg = rejectsAndKeeps(wider, wopt, () -> Checkpoint.restore(file, wider, wopt));
    assertContains(msg, "Checkpoint.restore", "'d1/kernel:0'", "(4, 5)", "(4, 8)", file.toString());

    // a variable the file lacks, and one the model lacks
    Sequential three =
        new Sequential(
            model(1).layers().get(0),
            model(1).layers().get(1),
            Dense.builder(2).inputShape(3).name("d3").build());
    msg = rejectsAndKeeps(three, null, () -> Checkpoint.restore(file, three));
    assertContains(msg, "'d3/kernel:0'", "is not in", "d1/bias:0");
    Sequential one = new Sequential(model(1).layers().get(0));
    msg = thrown(IllegalArgumentException.class, () -> Checkpoint.restore(file, one));
    assertContains(msg, "'d2/kernel:0'", "(8, 3)", "no match");
  }

  @Test
  void restoringIntoAnotherOptimizerIsAnErrorAndChangesNothing() {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    Path withAdam = dir.resolve("adam.lgc");
    Checkpoint.save(withAdam, m, opt);
    Path withoutOptimizer = dir.resolve("plain.lgc");
    Checkpoint.save(withoutOptimizer, m);

    Sequential t = model(4);
    SGD sgd = new SGD(0.05, 0.9, false);
    train(t, sgd, 0, 1);
    String msg = rejectsAndKeeps(t, sgd, () -> Checkpoint.restore(withAdam, t, sgd));
    assertContains(msg, "Adam", "[m, v]", "SGD", "[momentum]");
    msg = rejectsAndKeeps(t, sgd, () -> Checkpoint.restore(withoutOptimizer, t, sgd));
    assertContains(msg, "no optimizer state", "pass null");
    // plain SGD and SGD with momentum differ in slots
    msg =
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.restore(withAdam, model(4), new SGD(0.1)));
    assertContains(msg, "[m, v]", "[]");

    // without an optimizer the variables alone are restored, from either file
    Checkpoint.restore(withAdam, t);
    assertSameState(m, null, t, null, "variables only");
  }

  @Test
  void truncatedOrCorruptedFilesAreRejectedAndChangeNothing() throws IOException {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    Path good = dir.resolve("ckpt.lgc");
    Checkpoint.save(good, m, opt);
    byte[] bytes = Files.readAllBytes(good);
    Sequential t = model(2);
    Adam topt = new Adam(0.01);
    train(t, topt, 0, 1);
    Path bad = dir.resolve("bad.lgc");

    // every truncation
    for (int len = 0; len < bytes.length; len += len < 64 ? 1 : 37) {
      Files.write(bad, java.util.Arrays.copyOf(bytes, len));
      String msg = rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt));
      assertContains(msg, "Checkpoint.restore", bad.toString());
    }
    Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertContains(rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt)), "truncated");

    // random single-byte corruptions anywhere: CRC32 catches every one
    long seed = 20261130L;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      byte[] c = bytes.clone();
      int at = r.nextInt(c.length);
      c[at] ^= (byte) (1 + r.nextInt(255));
      Files.write(bad, c);
      String msg = rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt));
      assertTrue(msg.contains(bad.toString()), "seed " + seed + ", flip at " + at + ": " + msg);
    }
    // a flip inside a weight: only the CRC can tell
    byte[] c = bytes.clone();
    // magic 8 + version 4 + count 4 + name 4+11 + dtype 4+7 + rank 4 + dims 8 = 54: in d1's kernel
    c[54 + 17] ^= 1;
    Files.write(bad, c);
    assertContains(
        rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt)), "CRC32 mismatch");
    // extra bytes, another file, a missing file
    Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length + 1));
    rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt));
    Files.writeString(bad, "hello, not a checkpoint");
    assertContains(
        rejectsAndKeeps(t, topt, () -> Checkpoint.restore(bad, t, topt)),
        "not a lanegrad checkpoint");
    Path missing = dir.resolve("missing.lgc");
    assertContains(
        thrown(UncheckedIOException.class, () -> Checkpoint.restore(missing, t, topt)),
        "Checkpoint.restore",
        missing.toString());
  }

  @Test
  void wellFormedButInconsistentFilesAreRejectedAndChangeNothing() {
    Sequential m = model(1);
    Adam opt = new Adam(0.01);
    train(m, opt, 0, 2);
    List<Entry> vars = new ArrayList<>();
    for (Variable v : m.variables()) {
      vars.add(new Entry(v.name(), v.dtype(), v.shape(), Internal.data(v)));
    }
    Variable k = m.variables().get(0);
    Entry kernel = vars.get(0);
    Entry m0 = new Entry(k.name(), k.dtype(), k.shape(), Internal.data(opt.slot(k, "m")));
    Entry wrongShape = new Entry(k.name(), k.dtype(), Shape.of(8, 4), Internal.data(k));
    Entry ints = new Entry("count:0", DType.INT32, Shape.of(), new int[] {1});
    Path file = dir.resolve("crafted.lgc");
    Sequential t = model(2);
    Adam topt = new Adam(0.01);
    train(t, topt, 0, 1);
    // an int variable in both, to carry a slot it cannot have
    Variable count = Variable.builder(3).name("count").trainable(false).build();
    List<Variable> tvars = new ArrayList<>(t.variables());
    tvars.add(count);
    List<Entry> varsAndCount = new ArrayList<>(vars);
    varsAndCount.add(ints);

    Object[][] cases = {
      {"twice", vars(vars, kernel), null},
      {"for variable 'ghost:0'", vars, List.of(new Slot("ghost:0", "m", m0))},
      {"slot 'x'", vars, List.of(new Slot(k.name(), "x", m0))},
      {"(8, 4)", vars, List.of(new Slot(k.name(), "m", wrongShape))},
      {
        "'m' of variable 'd1/kernel:0' twice",
        vars,
        List.of(new Slot(k.name(), "m", m0), new Slot(k.name(), "m", m0))
      },
      {"int32", varsAndCount, List.of(new Slot("count:0", "m", ints))},
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      List<Slot> slots = (List<Slot>) c[2];
      @SuppressWarnings("unchecked")
      List<Entry> entries = (List<Entry>) c[1];
      OptimizerState st =
          new OptimizerState(
              "Adam", "crafted", 7, List.of("m", "v"), slots == null ? List.of() : slots);
      CheckpointFile.write("test", file, new Contents(entries, st), null);
      List<Variable> target = entries == varsAndCount ? tvars : t.variables();
      String msg = rejectsAndKeeps(t, topt, () -> Checkpoint.restore(file, target, topt));
      assertContains(msg, "Checkpoint.restore", (String) c[0]);
    }
  }

  private static List<Entry> vars(List<Entry> a, Entry extra) {
    List<Entry> out = new ArrayList<>(a);
    out.add(extra);
    return out;
  }

  // ---------------------------------------------------------------- bad arguments

  @Test
  void duplicateNamesAreRejectedAtSaveNamingThem() {
    Sequential dup =
        new Sequential(
            Dense.builder(3).inputShape(4).name("same").build(),
            Dense.builder(3).inputShape(3).name("same").build());
    Path file = dir.resolve("dup.lgc");
    String msg = thrown(IllegalArgumentException.class, () -> Checkpoint.save(file, dup));
    assertContains(msg, "Checkpoint.save", "same/kernel:0", "same/bias:0");
    assertFalse(Files.exists(file));
    Variable a = Variable.of(1f);
    Variable b = Variable.of(2f);
    msg = thrown(IllegalArgumentException.class, () -> Checkpoint.save(file, List.of(a, b), null));
    assertContains(msg, "Variable:0");
    // the same variable twice is one variable
    Checkpoint.save(file, List.of(a, a), null);
  }

  @Test
  void nullsAndUnbuiltModelsAreRejectedNamingTheArgument() throws IOException {
    Path file = dir.resolve("x.lgc");
    Sequential m = model(1);
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.save(null, m, null)),
        "Checkpoint.save",
        "'file'");
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.save(file, (Layer) null, null)),
        "'model'");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.save(file, (List<Variable>) null, null)),
        "'variables'");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.save(file, java.util.Arrays.asList(Variable.of(1f), null), null)),
        "variable 1",
        "null");
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.restore(null, m)),
        "Checkpoint.restore",
        "'file'");
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.restore(file, (Layer) null, null)),
        "'model'");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.restore(file, (List<Variable>) null, null)),
        "'variables'");
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.save(file, new Sequential(new Dense(3)))),
        "no variables",
        "is built");
    Checkpoint.save(file, m);
    assertContains(
        thrown(
            IllegalArgumentException.class,
            () -> Checkpoint.restore(file, new Sequential(new Dense(3)))),
        "no variables to restore");
    Files.delete(file);
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.save(file, List.of(), null)),
        "no variables");
    assertContains(
        thrown(
            UncheckedIOException.class, () -> Checkpoint.save(dir.resolve("no/such/dir/x.lgc"), m)),
        "Checkpoint.save",
        "x.lgc");
    assertEquals(List.of(), files());
  }

  @Test
  void defaultLayerNamesMatchAfterClearSession() {
    Supplier<Sequential> build =
        () ->
            new Sequential(
                Dense.builder(4)
                    .inputShape(2)
                    .kernelInitializer(Initializers.glorotUniform(3))
                    .build(),
                Dense.builder(1)
                    .inputShape(4)
                    .kernelInitializer(Initializers.glorotUniform(4))
                    .build());
    Utils.clearSession();
    Sequential a = build.get();
    assertEquals("dense/kernel:0", a.variables().get(0).name());
    Path file = dir.resolve("named.lgc");
    Checkpoint.save(file, a);
    Sequential b = build.get(); // dense_2, dense_3: no match, and the message says why
    assertContains(
        thrown(IllegalArgumentException.class, () -> Checkpoint.restore(file, b)),
        "'dense_2/kernel:0'",
        "Utils.clearSession()");
    Utils.clearSession();
    Sequential c = build.get();
    Checkpoint.restore(file, c);
    assertSameState(a, null, c, null, "after clearSession");
  }
}
