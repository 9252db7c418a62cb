package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.SGD;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads: tapes belong to their thread, two threads train two models without seeing each other,
 * variable updates are atomic for readers, and the matmul gives the same bits for any thread count.
 */
@Timeout(120)
class ThreadsTest {

  /** Runs {@code call} on a fresh thread and returns what it threw (null if nothing). */
  private static Throwable onOtherThread(Runnable call) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                call.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "other");
    t.start();
    t.join();
    return thrown.get();
  }

  private static void assertForeign(String call, Runnable r) throws InterruptedException {
    Throwable e = onOtherThread(r);
    assertTrue(e instanceof IllegalStateException, call + " from another thread threw " + e);
    assertTrue(e.getMessage().contains("GradientTape." + call), e.getMessage());
    assertTrue(e.getMessage().contains("thread"), e.getMessage());
  }

  // ---------------------------------------------------------------- (a) tapes are confined

  @Test
  void aTapeUsedFromAnotherThreadIsAnIllegalStateException() throws Exception {
    Variable x = Variable.of(new double[] {1, 2});
    GradientTape tape = new GradientTape(true);
    Tensor y;
    try (tape) {
      y = x.mul(x).sum();
      assertForeign("watch", () -> tape.watch(x));
      assertForeign("stopRecording", tape::stopRecording);
      assertForeign("reset", tape::reset);
      assertForeign("close", tape::close);
      assertForeign("watchedVariables", tape::watchedVariables);
    }
    assertForeign("gradient", () -> tape.gradient(y, x));
    assertForeign("gradient", () -> tape.gradient(y, List.of(x)));
    assertForeign("gradient", () -> tape.gradient(List.of(y), List.of(x)));
    assertForeign("jacobian", () -> tape.jacobian(y, x));
    assertForeign("batchJacobian", () -> tape.batchJacobian(y, x));
    // the rejected calls changed nothing: the owner still gets its gradient
    assertArrayEquals(new double[] {2, 4}, tape.gradient(y, x).toDoubleArray());
  }

  @Test
  void opsOnAnotherThreadAreNotRecordedByThisThreadsTape() throws Exception {
    Variable x = Variable.of(new double[] {1, 2});
    GradientTape tape = new GradientTape(true);
    AtomicReference<Tensor> fromOther = new AtomicReference<>();
    Tensor y;
    try (tape) {
      y = x.mul(3).sum();
      assertNull(onOtherThread(() -> fromOther.set(x.mul(x).sum())));
    }
    assertArrayEquals(new double[] {3, 3}, tape.gradient(y, x).toDoubleArray());
    assertNull(tape.gradient(fromOther.get(), x)); // computed on another thread: not connected
  }

  // ---------------------------------------------------------------- (b) two trainings at once

  /** The bits of every variable after {@code steps} steps, then the bits of every loss. */
  static long[] trainBare(long seed, int steps) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w0 = new double[12];
    for (int i = 0; i < w0.length; i++) w0[i] = r.nextDouble(-1, 1);
    Variable w = Variable.of(Tensor.of(w0, Shape.of(4, 3)));
    Variable b = Variable.of(new double[] {0, 0, 0});
    Tensor x = Tensor.randomNormal(Shape.of(32, 4), seed).cast(DType.FLOAT64);
    Tensor t = Tensor.randomNormal(Shape.of(32, 3), seed + 1).cast(DType.FLOAT64);
    Optimizer opt = new SGD(0.05, 0.9, seed % 2 == 0);
    List<Variable> vars = List.of(w, b);
    long[] out = new long[15 + steps];
    for (int s = 0; s < steps; s++) {
      GradientTape tape = new GradientTape();
      Tensor loss;
      try (tape) {
        loss = x.matmul(w).add(b).tanh().sub(t).square().mean();
      }
      opt.applyGradients(tape.gradient(loss, vars), vars);
      out[15 + s] = Double.doubleToRawLongBits(loss.doubleValue());
    }
    double[] wv = w.toDoubleArray();
    double[] bv = b.toDoubleArray();
    for (int i = 0; i < 12; i++) out[i] = Double.doubleToRawLongBits(wv[i]);
    for (int i = 0; i < 3; i++) out[12 + i] = Double.doubleToRawLongBits(bv[i]);
    return out;
  }

  static long[] trainDense(long seed, int steps) {
    Sequential m =
        new Sequential(
            Dense.builder(16)
                .activation(Activation.RELU)
                .kernelInitializer(Initializers.glorotUniform(seed))
                .build(),
            Dense.builder(8)
                .activation(Activation.TANH)
                .kernelInitializer(Initializers.glorotUniform(seed + 1))
                .build(),
            Dense.builder(1).kernelInitializer(Initializers.glorotUniform(seed + 2)).build());
    Tensor x = Tensor.randomNormal(Shape.of(64, 5), seed + 3);
    Tensor y = Tensor.randomNormal(Shape.of(64, 1), seed + 4);
    Optimizer opt = seed % 2 == 0 ? new Adam(0.01) : new SGD(0.05, 0.5, true);
    List<Long> out = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      GradientTape tape = new GradientTape();
      Tensor loss;
      try (tape) {
        loss = Losses.meanSquaredError(y, m.apply(x));
      }
      List<Variable> vars = m.trainableVariables();
      opt.applyGradients(tape.gradient(loss, vars), vars);
      out.add((long) Float.floatToRawIntBits(loss.floatValue()));
    }
    for (Variable v : m.variables()) {
      for (float f : v.toFloatArray()) out.add((long) Float.floatToRawIntBits(f));
    }
    long[] a = new long[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  private static void twoAtOnce(String what, Callable<long[]> first, Callable<long[]> second)
      throws Exception {
    long[] wantA = first.call();
    long[] wantB = second.call();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<long[]> a =
          pool.submit(() -> {
            start.await();
            return first.call();
          });
      Future<long[]> b =
          pool.submit(() -> {
            start.await();
            return second.call();
          });
      assertArrayEquals(wantA, a.get(60, TimeUnit.SECONDS), what + ": first model");
      assertArrayEquals(wantB, b.get(60, TimeUnit.SECONDS), what + ": second model");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoThreadsTrainingBareVariablesGiveTheSingleThreadedBits() throws Exception {
    twoAtOnce("bare", () -> trainBare(11, 300), () -> trainBare(12, 300));
  }

  @Test
  void twoThreadsTrainingDenseModelsGiveTheSingleThreadedBits() throws Exception {
    twoAtOnce("dense", () -> trainDense(21, 150), () -> trainDense(22, 150));
  }

  // ---------------------------------------------------------------- (c) atomic variables

  /** Every element of a value that one assign wrote is the same number. */
  private static String mixed(float[] v) {
    for (int i = 1; i < v.length; i++) {
      if (Float.floatToRawIntBits(v[i]) != Float.floatToRawIntBits(v[0])) {
        return "element 0 is " + v[0] + " but element " + i + " is " + v[i];
      }
    }
    return null;
  }

  /**
   * Readers of kinds 0 (toFloatArray), 1 (an op) and 2 (readValue) run while {@code write} runs.
   */
  private static void readWhileWriting(Variable v, Runnable write, int... kinds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int kind : kinds) {
      threads.add(
          new Thread(() -> {
            List<Tensor> snapshots = new ArrayList<>();
            List<Float> firsts = new ArrayList<>();
            while (!stop.get() && failure.get() == null) {
              float[] seen =
                  switch (kind) {
                    case 0 -> v.toFloatArray();
                    case 1 -> v.mul(1f).toFloatArray(); // an op reading the variable
                    default -> {
                      Tensor s = v.readValue();
                      if (snapshots.size() < 64) {
                        snapshots.add(s);
                        firsts.add(s.toFloatArray()[0]);
                      }
                      yield s.toFloatArray();
                    }
                  };
              String m = mixed(seen);
              if (m != null) {
                failure.compareAndSet(null, "reader " + kind + " saw a mix: " + m);
              }
            }
            // snapshots taken during the writes never changed afterwards
            for (int i = 0; i < snapshots.size(); i++) {
              float[] now = snapshots.get(i).toFloatArray();
              String m = mixed(now);
              if (m != null || now[0] != firsts.get(i)) {
                failure.compareAndSet(
                    null,
                    "snapshot "
                        + i
                        + " changed: was all "
                        + firsts.get(i)
                        + ", now "
                        + (m != null ? m : "all " + now[0]));
              }
            }
          }));
    }
    threads.forEach(Thread::start);
    try {
      write.run();
    } finally {
      stop.set(true);
      for (Thread t : threads) t.join();
    }
    assertNull(failure.get());
  }

  @Test
  void assignIsAtomicForReadersAndSnapshotsNeverChange() throws Exception {
    int n = 1 << 16;
    Variable v = Variable.of(new float[n]);
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    readWhileWriting(
        v,
        () -> {
          for (int k = 1; k <= 400; k++) {
            float[] next = new float[n];
            java.util.Arrays.fill(next, k);
            if (k % 3 == 0) {
              v.assign(Tensor.of(next));
            } else if (k % 3 == 1) {
              v.assign(next);
            } else {
              v.assignAdd(ones); // every element + 1: still uniform
            }
          }
        },
        0,
        1,
        2);
  }

  private static void optimizerSteps(int... kinds) throws Exception {
    int n = 1 << 16;
    Variable v = Variable.of(new float[n]);
    Tensor g = Tensor.ones(Shape.of(n), DType.FLOAT32);
    SGD sgd = new SGD(0.5, 0.9, false);
    Adam adam = new Adam(0.01);
    readWhileWriting(
        v,
        () -> {
          for (int k = 0; k < 300; k++) {
            (k % 2 == 0 ? sgd : adam).applyGradients(List.of(g), List.of(v));
          }
        },
        kinds);
  }

  /*
   * The optimizers' fused step writes into a private buffer (Internal.updateBuffer) and swaps it
   * in (Internal.commit): a reader on another thread sees the old or the new value, and a
   * snapshot taken during a step never changes. (Before the double buffer, both failed: "element 0
   * is -1.47 but element 2916 is -1.46".)
   */

  @Test
  void optimizerUpdatesNeverChangeSnapshots() throws Exception {
    optimizerSteps(2, 2);
  }

  @Test
  void optimizerUpdatesAreAtomicForReaders() throws Exception {
    optimizerSteps(0, 1);
  }

  // ---------------------------------------------------------------- (d) matmul bits per thread
  // count

  @Test
  void matmulGivesTheSameBitsForAnyThreadCount() throws Exception {
    assumeTrue(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            || ThreadsTest.class.getModule().getLayer() == null,
        "no Vector API");
    for (String type : List.of("F32", "F64")) {
      Class<?> c;
      try {
        c = Class.forName("dev.lanegrad.internal.kernels.SimdGemm" + type);
      } catch (ClassNotFoundException | LinkageError e) {
        assumeTrue(false, "SimdGemm" + type + " is not available: " + e);
        return;
      }
      Constructor<?> make = c.getDeclaredConstructor(int.class);
      make.setAccessible(true);
      boolean f32 = type.equals("F32");
      Class<?> arr = f32 ? float[].class : double[].class;
      Method mm =
          c.getDeclaredMethod(
              "matmul",
              arr,
              int.class,
              arr,
              int.class,
              arr,
              int.class,
              int.class,
              int.class,
              int.class,
              boolean.class,
              boolean.class);
      mm.setAccessible(true);
      // above the fork threshold (m n k >= 2^22) with ragged edges; all transpose flags
      int m = 223;
      int n = 157;
      int k = 131;
      Tensor a = Tensor.randomNormal(Shape.of(m * k), 1);
      Tensor b = Tensor.randomNormal(Shape.of(k * n), 2);
      Object av = f32 ? Internal.f32(a) : a.toDoubleArray();
      Object bv = f32 ? Internal.f32(b) : b.toDoubleArray();
      for (int flags = 0; flags < 4; flags++) {
        boolean ta = (flags & 1) != 0;
        boolean tb = (flags & 2) != 0;
        Object want = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
          Object gemm = make.newInstance(threads);
          Object out = f32 ? new float[m * n] : new double[m * n];
          mm.invoke(gemm, av, 0, bv, 0, out, 0, m, n, k, ta, tb);
          if (want == null) {
            want = out;
          } else if (f32) {
            assertArrayEquals(
                (float[]) want, (float[]) out, type + " threads " + threads + " " + flags);
          } else {
            assertArrayEquals(
                (double[]) want, (double[]) out, type + " threads " + threads + " " + flags);
          }
        }
      }
    }
    // and through the face: the same product twice, and equal to its batched form
    Tensor a = Tensor.randomNormal(Shape.of(300, 200), 3);
    Tensor b = Tensor.randomNormal(Shape.of(200, 100), 4);
    assertArrayEquals(a.matmul(b).toFloatArray(), a.matmul(b).toFloatArray());
    assertArrayEquals(
        a.matmul(b).toFloatArray(), a.expandDims(0).matmul(b.expandDims(0)).toFloatArray());
  }

  @Test
  void layersMadeOnManyThreadsGetUniqueNames() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> names = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        names.add(pool.submit(() -> new Dense(1).name()));
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Future<String> f : names) {
        assertTrue(seen.add(f.get()), "duplicate name " + f.get());
      }
      assertEquals(200, seen.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
