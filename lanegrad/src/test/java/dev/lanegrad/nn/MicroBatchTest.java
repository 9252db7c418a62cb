package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training whose result is fixed by the batch and the micro-batch size, never by the
 * number of replicas that computed the micro-batches.
 */
class MicroBatchTest {
  private static final long SEED = 20261207L;

  /**
   * 3 classes of 6 features; labels from a fixed linear rule, so the model has something to fit.
   */
  private static Tensor[] data(int n) {
    SplittableRandom r = new SplittableRandom(SEED);
    float[][] x = new float[n][6];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
      float s = x[i][0] + 0.5f * x[i][1] - x[i][2];
      y[i] = s < -0.5f ? 0 : s < 0.5f ? 1 : 2;
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  private static Sequential model(boolean regularized) {
    Dense.Builder first =
        Dense.builder(16)
            .activation(Activation.RELU)
            .inputShape(6)
            .kernelInitializer(Initializers.glorotUniform(11));
    if (regularized) {
      first.kernelRegularizer(Regularizers.l2(0.01));
    }
    return new Sequential(
        first.build(),
        Dense.builder(16)
            .activation(Activation.TANH)
            .kernelInitializer(Initializers.glorotUniform(12))
            .build(),
        Dense.builder(3).kernelInitializer(Initializers.glorotUniform(13)).build());
  }

  private static List<float[]> train(
      int microBatch, int replicas, boolean regularized, int epochs) {
    Tensor[] d = data(75);
    Sequential m = model(regularized);
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    FitOptions.Builder o = FitOptions.builder().epochs(epochs).batchSize(32).seed(SEED).verbose(0);
    if (microBatch > 0) {
      o.microBatch(microBatch).replicas(replicas);
    }
    m.fit(d[0], d[1], o.build());
    List<float[]> w = new ArrayList<>();
    for (Variable v : m.trainableVariables()) {
      w.add(v.toFloatArray());
    }
    return w;
  }

  @ParameterizedTest(name = "replicas={0}")
  @ValueSource(ints = {2, 3, 4})
  void weightsAreBitIdenticalForAnyNumberOfReplicas(int replicas) {
    // batches of 32 and a last one of 11, micro-batches of 5: seven per batch, the last short
    List<float[]> one = train(5, 1, true, 3);
    List<float[]> many = train(5, replicas, true, 3);
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), many.get(i), "variable " + i + ", replicas " + replicas);
    }
  }

  @Test
  void batchNormalizationAndDropoutGiveTheSameBitsOnAnyNumberOfReplicas() {
    // moving statistics are updated in micro-batch order and dropout masks come from (seed, step,
    // micro-batch): neither depends on which replica ran which micro-batch
    List<List<float[]>> runs = new ArrayList<>();
    for (int replicas : new int[] {1, 3}) {
      Tensor[] d = data(60);
      Sequential m =
          new Sequential(
              Dense.builder(12)
                  .inputShape(6)
                  .kernelInitializer(Initializers.glorotUniform(21))
                  .build(),
              new BatchNormalization(),
              new ActivationLayer(Activation.RELU),
              new Dropout(0.3, 5L),
              Dense.builder(3).kernelInitializer(Initializers.glorotUniform(22)).build());
      m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
      m.fit(
          d[0],
          d[1],
          FitOptions.builder()
              .epochs(2)
              .batchSize(20)
              .seed(SEED)
              .verbose(0)
              .microBatch(6)
              .replicas(replicas)
              .build());
      List<float[]> w = new ArrayList<>();
      for (Variable v : m.variables()) {
        w.add(v.toFloatArray());
      }
      runs.add(w);
    }
    assertEquals(runs.get(0).size(), runs.get(1).size());
    for (int i = 0; i < runs.get(0).size(); i++) {
      assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "variable " + i);
    }
  }

  @Test
  void microBatchesMatchWholeBatchesWithinFloat32RoundOff() {
    // the same mean gradient summed in another order: after 3 epochs (9 Adam steps) the weights
    // may differ by accumulated float32 round-off only; 1e-4 absolute is ~100x what was seen
    List<float[]> whole = train(0, 1, true, 3);
    List<float[]> micro = train(4, 2, true, 3);
    for (int i = 0; i < whole.size(); i++) {
      float[] a = whole.get(i);
      float[] b = micro.get(i);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-4f, "variable " + i + " element " + j);
      }
    }
  }

  @Test
  void reportedLossAndAccuracyAreThoseOfTheWholeBatch() {
    // one step of SGD(0): the weights never change, so each epoch reports the same loss; with or
    // without micro-batches the reported values are the batch's own
    Tensor[] d = data(40);
    History[] h = new History[2];
    for (int k = 0; k < 2; k++) {
      Sequential m = model(false);
      m.compile(new SGD(0.0), Losses.sparseCategoricalCrossentropy(true), "accuracy");
      FitOptions.Builder o = FitOptions.builder().epochs(1).batchSize(40).shuffle(false).verbose(0);
      if (k == 1) {
        o.microBatch(7).replicas(2);
      }
      h[k] = m.fit(d[0], d[1], o.build());
    }
    assertEquals(h[0].get("loss").get(0), h[1].get("loss").get(0));
    assertEquals(h[0].get("accuracy").get(0), h[1].get("accuracy").get(0));
  }

  @Test
  void theTreeAddsInItsFixedOrder() {
    // float32: 1e8 + (-1e8 + 1) = 0 (the 1 is lost inside the parenthesis), (1e8 - 1e8) + 1 = 1;
    // the tree of three splits at mid = 1: g0 + (g1 + g2)
    List<List<Tensor>> g =
        List.of(List.of(Tensor.of(1e8f)), List.of(Tensor.of(-1e8f)), List.of(Tensor.of(1f)));
    assertEquals(0f, MicroBatches.combine(g).get(0).floatValue());
    // four: (g0 + g1) + (g2 + g3)
    List<List<Tensor>> four =
        List.of(
            List.of(Tensor.of(1e8f)),
            List.of(Tensor.of(-1e8f)),
            List.of(Tensor.of(1f)),
            List.of(Tensor.of(2f)));
    assertEquals(3f, MicroBatches.combine(four).get(0).floatValue());
  }

  @Test
  void aNullGradientCountsAsAbsent() {
    List<Tensor> a = Arrays.asList(null, Tensor.of(2f), null);
    List<Tensor> b = Arrays.asList(Tensor.of(1f), Tensor.of(3f), null);
    List<Tensor> sum = MicroBatches.combine(List.of(a, b));
    assertEquals(1f, sum.get(0).floatValue());
    assertEquals(5f, sum.get(1).floatValue());
    assertNull(sum.get(2));
  }

  @Test
  void stateUpdatesWaitForTheirMicroBatchOutsideOnlyWhenMicroBatched() {
    Variable v = Variable.of(Tensor.of(1f));
    MicroBatches.update(v, t -> t.mul(3.0));
    assertEquals(3f, v.floatValue());
    List<Runnable> deferred = new ArrayList<>();
    MicroBatches.Context prev = MicroBatches.enter(4, 2, deferred);
    try {
      MicroBatches.update(v, t -> t.add(Tensor.of(1f)));
      assertEquals(3f, v.floatValue());
      assertArrayEquals(new long[] {4, 2}, MicroBatches.position());
    } finally {
      MicroBatches.leave(prev);
    }
    assertNull(MicroBatches.position());
    deferred.forEach(Runnable::run);
    assertEquals(4f, v.floatValue());
  }

  @Test
  void badOptionsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FitOptions.builder().replicas(2).build());
    assertTrue(e.getMessage().contains("microBatch"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().replicas(0));
    assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().microBatch(-1));
    assertThrows(IllegalArgumentException.class, () -> MicroBatches.combine(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MicroBatches.combine(
                List.of(List.of(Tensor.of(1f)), List.of(Tensor.of(1f), Tensor.of(2f)))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MicroBatches.combine(
                List.of(List.of(Tensor.of(1f)), List.of(Tensor.of(new float[] {1f, 2f})))));
    assertThrows(IllegalArgumentException.class, () -> MicroBatches.update(null, t -> t));
  }

  @Test
  void noReplicaThreadOutlivesFit() {
    train(5, 3, false, 1);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("lanegrad-replica-")) {
        // shutdownNow interrupts idle workers; give them a moment to leave
        try {
          t.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        assertTrue(!t.isAlive(), t.getName() + " outlived fit");
      }
    }
  }

  @Test
  void gradientPartsCombinedByHandEqualFitBitForBit() {
    // what a distributed trainer does with MicroBatches.gradient: the parts of one batch of 11
    // rows in micro-batches of 4 (4, 4, 3), combined, divided once by 11, one SGD step; fit with
    // shuffle off and one batch must give the same bits. The model has no input shape, so the
    // first call builds it: its variables exist only after the forward pass of micro-batch 0.
    Tensor[] d = data(11);
    List<List<float[]>> runs = new ArrayList<>();
    for (boolean byHand : new boolean[] {false, true}) {
      Sequential m =
          new Sequential(
              Dense.builder(5)
                  .activation(Activation.TANH)
                  .kernelInitializer(Initializers.glorotUniform(31))
                  .kernelRegularizer(Regularizers.l2(0.01))
                  .build(),
              Dense.builder(3).kernelInitializer(Initializers.glorotUniform(32)).build());
      SGD sgd = new SGD(0.1);
      Loss loss = Losses.sparseCategoricalCrossentropy(true);
      m.compile(sgd, loss);
      if (byHand) {
        List<List<Tensor>> grads = new ArrayList<>();
        for (int i = 0, from = 0; from < 11; i++, from += 4) {
          int to = Math.min(11, from + 4);
          MicroBatches.Part p =
              MicroBatches.gradient(
                  m, loss, d[0].get(from + ":" + to), d[1].get(from + ":" + to), 0, i);
          assertEquals(to - from, p.predictions().shape().dim(0));
          assertTrue(p.stateUpdates().isEmpty());
          grads.add(p.gradients());
        }
        List<Tensor> mean = new ArrayList<>();
        for (Tensor g : MicroBatches.combine(grads)) {
          mean.add(g.div(11.0));
        }
        sgd.applyGradients(mean, m.trainableVariables());
      } else {
        m.fit(
            d[0],
            d[1],
            FitOptions.builder()
                .epochs(1)
                .batchSize(11)
                .shuffle(false)
                .verbose(0)
                .microBatch(4)
                .build());
      }
      assertEquals(1, sgd.iterations(), "the first batch steps even though it built the model");
      List<float[]> w = new ArrayList<>();
      for (Variable v : m.trainableVariables()) {
        w.add(v.toFloatArray());
      }
      runs.add(w);
    }
    assertEquals(4, runs.get(0).size());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "variable " + i);
    }
  }

  @Test
  void gradientRejectsMismatchedRowsAndNegativePositions() {
    Tensor[] d = data(6);
    Sequential m = model(false);
    Loss loss = Losses.sparseCategoricalCrossentropy(true);
    IllegalArgumentException rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> MicroBatches.gradient(m, loss, d[0], d[1].get("0:5"), 0, 0));
    assertTrue(rows.getMessage().contains("MicroBatches.gradient"), rows.getMessage());
    assertTrue(rows.getMessage().contains("(6, 6)"), rows.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> MicroBatches.gradient(m, loss, d[0], d[1], -1, 0));
    assertThrows(
        IllegalArgumentException.class, () -> MicroBatches.gradient(m, null, d[0], d[1], 0, 0));
  }

  @Test
  void aMovingAverageAssignsAtOnceOutsideMicroBatchesAndTravelsAsData() {
    Variable v = Variable.of(new float[] {1f, 2f});
    // 1 * 0.75 + 3 * 0.25 = 1.5; 2 * 0.75 + 6 * 0.25 = 3
    MicroBatches.movingAverage(v, Tensor.of(new float[] {3f, 6f}), 0.75);
    assertArrayEquals(new float[] {1.5f, 3f}, v.toFloatArray());
    // a replica elsewhere replays the same update from its parts: the same bits
    Variable w = Variable.of(new float[] {1f, 2f});
    MicroBatches.MovingAverage u =
        new MicroBatches.MovingAverage(w, Tensor.of(new float[] {3f, 6f}), 0.75);
    u.run();
    assertArrayEquals(v.toFloatArray(), w.toFloatArray());
    assertThrows(
        IllegalArgumentException.class,
        () -> new MicroBatches.MovingAverage(w, Tensor.of(new float[] {1f, 1f}), 1.5));
    assertThrows(IllegalArgumentException.class, () -> MicroBatches.movingAverage(w, null, 0.5));
    assertThrows(IllegalArgumentException.class, () -> MicroBatches.capThreads(-1));
  }

  @Test
  void trainingLogsReportABatchAsEvaluateDoes() {
    Tensor[] d = data(40);
    Sequential m = model(false);
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    TrainingLogs logs = new TrainingLogs(m);
    logs.reset();
    double loss = logs.addBatch(d[1], m.apply(d[0])); // Dense only: training mode changes nothing
    Map<String, Double> got = logs.logs(loss);
    Map<String, Double> expected = m.evaluate(d[0], d[1], 40);
    assertEquals(List.of("loss", "accuracy"), List.copyOf(got.keySet()));
    // evaluate's float32 Mean adds loss * 40 and divides by 40: within one float ulp
    assertEquals(expected.get("loss"), got.get("loss"), 1e-6);
    assertEquals(expected.get("accuracy"), got.get("accuracy"));
    assertThrows(IllegalArgumentException.class, () -> new TrainingLogs(model(false)));
    assertThrows(IllegalArgumentException.class, () -> logs.addBatch(null, d[0]));
  }

  @Test
  void combineNodesOfWholeSubtreesEqualsCombineOfAll() {
    List<List<Tensor>> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // 1e8-scale and unit-scale terms: float sums whose bits depend on the order
      all.add(List.of(Tensor.of(new float[] {(i % 2 == 0 ? 1e8f : 1f) * (i + 1), 0.1f * i})));
    }
    // the tree over 7 splits [0, 3) | [3, 7), then [3, 5) | [5, 7)
    List<int[]> nodes = List.of(new int[] {0, 3}, new int[] {3, 5}, new int[] {5, 7});
    List<List<Tensor>> sums =
        List.of(
            MicroBatches.combine(all.subList(0, 3)),
            MicroBatches.combine(all.subList(3, 5)),
            MicroBatches.combine(all.subList(5, 7)));
    assertArrayEquals(
        MicroBatches.combine(all).get(0).toFloatArray(),
        MicroBatches.combineNodes(7, nodes, sums).get(0).toFloatArray());
    // [0, 4) is no node of that tree; too few nodes; a node per sum
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MicroBatches.combineNodes(
                7, List.of(new int[] {0, 4}, new int[] {4, 7}), sums.subList(0, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> MicroBatches.combineNodes(7, nodes.subList(0, 2), sums.subList(0, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> MicroBatches.combineNodes(7, nodes.subList(0, 2), sums));
  }

  @Test
  void sumsFilledInAnyOrderOnAnyThreadsEqualCombineBitForBit() throws Exception {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int m = 1; m <= 20; m++) {
      List<List<Tensor>> all = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        float[] g = new float[37];
        for (int j = 0; j < g.length; j++) {
          // magnitudes from 1e-3 to 1e5: float sums whose bits depend on the order
          g[j] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 6)));
        }
        // variable 1 only in even micro-batches: an absent gradient where the tree meets it
        all.add(Arrays.asList(Tensor.of(g), i % 2 == 0 ? Tensor.of(g[0]) : null));
      }
      List<Tensor> expected = MicroBatches.combine(all);
      for (int threads = 1; threads <= 3; threads++) {
        // the micro-batches in a shuffled order, taken by 1-3 threads as fit's replicas take them
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
          order[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        MicroBatches.Sums sums = new MicroBatches.Sums(m);
        java.util.concurrent.atomic.AtomicInteger next =
            new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          ts.add(
              new Thread(() -> {
                for (int k = next.getAndIncrement(); k < order.length; k = next.getAndIncrement()) {
                  sums.add(order[k], all.get(order[k]));
                }
              }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
          t.join();
        }
        List<Tensor> got = sums.result();
        String where = m + " micro-batches, " + threads + " threads";
        assertArrayEquals(expected.get(0).toFloatArray(), got.get(0).toFloatArray(), where);
        assertEquals(expected.get(1).floatValue(), got.get(1).floatValue(), where);
      }
    }
  }
}
