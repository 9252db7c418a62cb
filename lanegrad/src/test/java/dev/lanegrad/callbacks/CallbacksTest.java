package dev.lanegrad.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras 2's fit loop and callbacks (tf_keras/callbacks.py, tf_keras/engine/training.py). */
class CallbacksTest {
  @TempDir Path dir;

  /** Two clusters: class 1 around (1, 1), class 0 around (-1, -1). */
  static Tensor[] clusters(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      float c = y[i] == 1 ? 1f : -1f;
      x[i][0] = c + (float) (0.3 * r.nextGaussian());
      x[i][1] = c + (float) (0.3 * r.nextGaussian());
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  static Sequential mlp() {
    return new Sequential(
        Dense.builder(8)
            .activation(Activation.RELU)
            .inputShape(2)
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        Dense.builder(2).kernelInitializer(Initializers.glorotUniform(2)).build());
  }

  static FitOptions.Builder quiet(int epochs) {
    return FitOptions.builder().epochs(epochs).verbose(0);
  }

  static List<float[]> weights(Sequential m) {
    List<float[]> out = new ArrayList<>();
    for (Variable v : m.variables()) {
      out.add(v.toFloatArray());
    }
    return out;
  }

  static void assertSameWeights(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "variable " + i);
    }
  }

  /** Replaces the monitored key with a scripted value per epoch (put before the callback). */
  static Callback script(String key, double... values) {
    return new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put(key, values[epoch]);
      }
    };
  }

  @Test
  void fitOnADatasetEqualsFitOnTensorsBitForBit() {
    Tensor[] d = clusters(40, 5);
    Sequential a = mlp();
    Sequential b = mlp();
    a.compile(new Adam(0.05), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    b.compile(new Adam(0.05), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History ha = a.fit(d[0], d[1], quiet(5).batchSize(6).shuffle(false).build());
    Dataset ds = Dataset.fromTensorSlices(d[0], d[1]).batch(6).prefetch(2);
    History hb = b.fit(ds, quiet(5).build());
    assertEquals(ha.history(), hb.history());
    assertSameWeights(weights(a), weights(b));
    assertEquals(
        a.evaluate(d[0], d[1], 7), b.evaluate(Dataset.fromTensorSlices(d[0], d[1]).batch(7)));
    assertArrayEquals(
        a.predict(d[0], 9).toFloatArray(),
        b.predict(Dataset.fromTensorSlices(d[0]).batch(9)).toFloatArray());
    // a label after the features is ignored by predict
    assertArrayEquals(a.predict(d[0]).toFloatArray(), b.predict(ds).toFloatArray());
  }

  @Test
  void validationDataAndStepsPerEpochOverARepeatedDataset() {
    Tensor[] d = clusters(40, 6);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    Dataset train = Dataset.fromTensorSlices(d[0], d[1]).shuffle(40, 1L).batch(8).repeat();
    var e = assertThrows(IllegalArgumentException.class, () -> m.fit(train, quiet(2).build()));
    assertTrue(e.getMessage().contains("stepsPerEpoch"), e.getMessage());
    Dataset val = Dataset.fromTensorSlices(d[0], d[1]).batch(16);
    History h = m.fit(train, quiet(3).stepsPerEpoch(4).validationData(val).build());
    assertEquals(
        List.of("loss", "accuracy", "val_loss", "val_accuracy"),
        new ArrayList<>(h.history().keySet()));
    assertEquals(3, h.epochs());
    // the logged validation is an evaluation of the final weights
    assertEquals(m.evaluate(val).get("val_loss".substring(4)), h.get("val_loss").get(2));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            m.fit(
                Dataset.fromTensorSlices(d[0], d[1]).batch(8),
                quiet(1).validationSplit(0.2).build()));
    // Keras: with steps_per_epoch one pass runs across epochs and running out ends training
    Dataset finite = Dataset.fromTensorSlices(d[0], d[1]).batch(8); // 5 batches
    History out = m.fit(finite, quiet(10).stepsPerEpoch(2).build());
    assertEquals(3, out.epochs(), "2 + 2 + 1 batches, then the data ran out");
  }

  @Test
  void callbacksSeeKerasOrderAndZeroBasedIndices() {
    Tensor[] d = clusters(10, 7);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    List<String> events = new ArrayList<>();
    Callback rec =
        new Callback() {
          @Override
          public void onTrainBegin(Map<String, Double> logs) {
            events.add("trainBegin " + (model() == m));
          }

          @Override
          public void onEpochBegin(int epoch, Map<String, Double> logs) {
            events.add("epochBegin " + epoch);
          }

          @Override
          public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
            events.add("batchBegin " + batch);
          }

          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            events.add("batchEnd " + batch + " " + logs.keySet());
          }

          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            events.add("epochEnd " + epoch + " " + logs.keySet());
          }

          @Override
          public void onTrainEnd(Map<String, Double> logs) {
            events.add("trainEnd " + logs.keySet());
          }
        };
    m.fit(d[0], d[1], quiet(2).batchSize(6).callbacks(rec).build());
    assertEquals(
        List.of(
            "trainBegin true",
            "epochBegin 0",
            "batchBegin 0",
            "batchEnd 0 [loss]",
            "batchBegin 1",
            "batchEnd 1 [loss]",
            "epochEnd 0 [loss]",
            "epochBegin 1",
            "batchBegin 0",
            "batchEnd 0 [loss]",
            "batchBegin 1",
            "batchEnd 1 [loss]",
            "epochEnd 1 [loss]",
            "trainEnd [loss]"),
        events);
  }

  @Test
  void stopTrainingEndsAfterTheCurrentBatchAndTheEpochStillEnds() {
    Tensor[] d = clusters(20, 8);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    List<Integer> batches = new ArrayList<>();
    Callback stopper =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            batches.add(batch);
            if (batch == 1) {
              model().stopTraining();
            }
          }
        };
    History h =
        m.fit(
            d[0],
            d[1],
            quiet(5).batchSize(4).validationData(d[0], d[1]).callbacks(stopper).build());
    assertEquals(List.of(0, 1), batches);
    assertEquals(1, h.epochs());
    assertEquals(1, h.get("val_loss").size());
    assertEquals(2, m.optimizer().iterations());
    // the next fit starts with the request cleared
    assertEquals(2, m.fit(d[0], d[1], quiet(2).build()).epochs());
  }

  @Test
  void earlyStoppingKerasDocstringExample() {
    // tf_keras/callbacks.py EarlyStopping docstring: Dense(10) on np.arange(100).reshape(5, 20),
    // zeros(5), SGD() (lr 0.01), mse, batch 1, patience 3 on 'loss': the loss only grows, so
    // training stops after 4 epochs
    float[][] x = new float[5][20];
    for (int i = 0; i < 100; i++) {
      x[i / 20][i % 20] = i;
    }
    Sequential m = new Sequential(Dense.builder(10).inputShape(20).build());
    m.compile(new SGD(0.01), Losses::meanSquaredError);
    EarlyStopping es = EarlyStopping.builder().monitor("loss").patience(3).build();
    History h =
        m.fit(
            Tensor.of(x),
            Tensor.zeros(dev.lanegrad.Shape.of(5, 10), dev.lanegrad.DType.FLOAT32),
            quiet(10).batchSize(1).callbacks(es).build());
    assertEquals(4, h.get("loss").size());
    assertEquals(3, es.stoppedEpoch());
  }

  @Test
  void earlyStoppingPatienceBaselineMinDeltaAndRestore() {
    Tensor[] d = clusters(16, 9);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    List<List<float[]>> atEpochEnd = new ArrayList<>();
    Callback snap =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            atEpochEnd.add(weights(m));
          }
        };
    // val_loss 1.0, 0.9 (best), 0.95, 0.94: with patience 2, wait reaches 2 at epoch 3
    EarlyStopping es = EarlyStopping.builder().patience(2).restoreBestWeights(true).build();
    History h =
        m.fit(
            d[0],
            d[1],
            quiet(10)
                .callbacks(script("val_loss", 1.0, 0.9, 0.95, 0.94, 0.5, 0.4), snap, es)
                .build());
    assertEquals(4, h.epochs());
    assertEquals(3, es.stoppedEpoch());
    assertEquals(1, es.bestEpoch());
    assertEquals(0.9, es.best());
    assertSameWeights(atEpochEnd.get(1), weights(m));

    // minDelta 0.2: 0.9 is not better than 1.0 by more than 0.2, so nothing improves after epoch 0
    EarlyStopping delta = EarlyStopping.builder().patience(1).minDelta(0.2).build();
    History hd =
        m.fit(
            d[0],
            d[1],
            quiet(10).callbacks(script("val_loss", 1.0, 0.9, 0.85, 0.5), delta).build());
    assertEquals(2, hd.epochs());

    // a baseline not beaten keeps the wait counting through improvements: 1, 2, then 3 >= 2 at
    // the first epoch that does not improve; without the baseline the wait would be 1 there
    EarlyStopping base = EarlyStopping.builder().patience(2).baseline(0.5).build();
    double[] vals = {1.0, 0.9, 0.95, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
    History hb = m.fit(d[0], d[1], quiet(10).callbacks(script("val_loss", vals), base).build());
    assertEquals(3, hb.epochs());
    EarlyStopping noBase = EarlyStopping.builder().patience(2).build();
    assertEquals(
        10,
        m.fit(d[0], d[1], quiet(10).callbacks(script("val_loss", vals), noBase).build()).epochs());

    // "accuracy" in auto mode is maximised; startFromEpoch skips the warm-up epochs
    EarlyStopping acc =
        EarlyStopping.builder().monitor("val_accuracy").patience(1).startFromEpoch(2).build();
    History ha =
        m.fit(
            d[0],
            d[1],
            quiet(10).callbacks(script("val_accuracy", 0.1, 0.1, 0.5, 0.6, 0.6, 0.9), acc).build());
    assertEquals(5, ha.epochs());
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().mode("up"));
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().patience(-1));
  }

  @Test
  void reduceLrOnPlateauWithCooldownAndFloor() {
    Tensor[] d = clusters(16, 10);
    Sequential m = mlp();
    SGD sgd = new SGD(0.1);
    m.compile(sgd, Losses.sparseCategoricalCrossentropy(true));
    ReduceLROnPlateau r =
        ReduceLROnPlateau.builder().factor(0.5).patience(1).cooldown(2).minLr(0.02).build();
    // epoch 0 sets the best; 1: wait 1 -> 0.05, cooldown 2; 2: cooldown 1; 3: cooldown 0 and wait 1
    // -> 0.025 (Keras decrements the cooldown before testing it, so cooldown 1 would not pause);
    // 4: cooldown; 5: -> max(0.0125, 0.02) = 0.02; 6, 7: 0.02 is the floor
    History h =
        m.fit(
            d[0], d[1], quiet(8).callbacks(script("val_loss", 1, 1, 1, 1, 1, 1, 1, 1), r).build());
    List<Double> want = new ArrayList<>();
    for (double lr : new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02}) {
      want.add((double) (float) lr);
    }
    // lr is logged at the epoch's end before the reduction, as Keras
    assertEquals(want, h.get("lr"));
    assertEquals(0.02, sgd.learningRate());
    assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1.0));
    var bad = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
    assertTrue(bad.getMessage().startsWith("SGD.setLearningRate: "), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
    assertEquals(0.02, sgd.learningRate(), "unchanged after a rejected rate");
  }

  @Test
  void learningRateSchedulerKerasDocstringExample() {
    // tf_keras/callbacks.py LearningRateScheduler docstring: SGD() starts at 0.01, the schedule
    // keeps it for 10 epochs and then multiplies by exp(-0.1): round(lr, 5) == 0.00607 after 15
    Sequential m = new Sequential(Dense.builder(10).inputShape(20).build());
    SGD sgd = new SGD(0.01);
    m.compile(sgd, Losses::meanSquaredError);
    LearningRateScheduler s =
        new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
    float[][] x = new float[5][20];
    History h =
        m.fit(
            Tensor.of(x),
            Tensor.zeros(dev.lanegrad.Shape.of(5, 10), dev.lanegrad.DType.FLOAT32),
            quiet(15).callbacks(s).build());
    assertEquals(0.00607, Math.round(sgd.learningRate() * 1e5) / 1e5);
    assertEquals(0.01 * Math.exp(-0.5), sgd.learningRate(), 1e-15);
    assertEquals(15, h.get("lr").size());
    assertEquals((double) 0.01f, h.get("lr").get(0));
    LearningRateScheduler bad = new LearningRateScheduler((e, lr) -> -1.0);
    var ex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.fit(
                    Tensor.of(x),
                    Tensor.zeros(dev.lanegrad.Shape.of(5, 10), dev.lanegrad.DType.FLOAT32),
                    quiet(1).callbacks(bad).build()));
    assertTrue(ex.getMessage().startsWith("LearningRateScheduler: "), ex.getMessage());
  }

  @Test
  void csvLoggerWritesKerasRows() throws Exception {
    Path f = dir.resolve("log.csv");
    CSVLogger c = new CSVLogger(f);
    Map<String, Double> e0 = new LinkedHashMap<>();
    e0.put("loss", 0.6931471824645996);
    e0.put("accuracy", 0.5);
    c.onTrainBegin(new LinkedHashMap<>());
    c.onEpochEnd(0, e0);
    Map<String, Double> e1 = new LinkedHashMap<>();
    e1.put("loss", 1e-5);
    e1.put("accuracy", 1.0);
    c.onEpochEnd(1, e1);
    c.onTrainEnd(e1);
    // what csv.DictWriter writes for Keras: sorted keys, val_ twins as NA, repr floats, \r\n
    assertEquals(
        "epoch,accuracy,loss,val_accuracy,val_loss\r\n"
            + "0,0.5,0.6931471824645996,NA,NA\r\n"
            + "1,1.0,1e-05,NA,NA\r\n",
        Files.readString(f));
    // append: no second header
    CSVLogger a = new CSVLogger(f, ";", true);
    a.onTrainBegin(new LinkedHashMap<>());
    a.onEpochEnd(0, e0);
    a.onTrainEnd(e0);
    assertTrue(
        Files.readString(f).endsWith("1,1.0,1e-05,NA,NA\r\n0;0.5;0.6931471824645996;NA;NA\r\n"));
    // through fit
    Tensor[] d = clusters(8, 11);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    Path g = dir.resolve("fit.csv");
    History h =
        m.fit(d[0], d[1], quiet(2).validationData(d[0], d[1]).callbacks(new CSVLogger(g)).build());
    List<String> lines = Files.readAllLines(g);
    assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", lines.get(0));
    assertEquals(
        "1,"
            + Monitor.pythonFloat(h.get("accuracy").get(1))
            + ","
            + Monitor.pythonFloat(h.get("loss").get(1))
            + ","
            + Monitor.pythonFloat(h.get("val_accuracy").get(1))
            + ","
            + Monitor.pythonFloat(h.get("val_loss").get(1)),
        lines.get(2));
    CSVLogger nowhere = new CSVLogger(dir.resolve("no/such/dir/log.csv"));
    var e = assertThrows(UncheckedIOException.class, () -> nowhere.onTrainBegin(Map.of()));
    assertTrue(e.getMessage().contains("no/such/dir/log.csv"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger(f, ",,", false));
  }

  @Test
  void pythonFloatMatchesRepr() {
    // values of Python 3's repr(float)
    assertEquals("0.1", Monitor.pythonFloat(0.1));
    assertEquals("2.0", Monitor.pythonFloat(2));
    assertEquals("0.0001", Monitor.pythonFloat(1e-4));
    assertEquals("1e-05", Monitor.pythonFloat(1e-5));
    assertEquals("1.5e-07", Monitor.pythonFloat(1.5e-7));
    assertEquals("1234567890123456.0", Monitor.pythonFloat(1234567890123456.0));
    assertEquals("1e+16", Monitor.pythonFloat(1e16));
    assertEquals("-0.0010000000474974513", Monitor.pythonFloat(-(double) 0.001f));
    assertEquals("nan", Monitor.pythonFloat(Double.NaN));
    assertEquals("-inf", Monitor.pythonFloat(Double.NEGATIVE_INFINITY));
    assertEquals("0.0", Monitor.pythonFloat(0));
  }

  @Test
  void terminateOnNaNStopsAfterTheFirstBadBatch() {
    Tensor[] d = clusters(12, 12);
    float[] y = new float[12];
    y[3] = Float.NaN;
    Sequential m = new Sequential(Dense.builder(1).inputShape(2).build());
    m.compile(new SGD(0.1), Losses::meanSquaredError);
    List<Integer> batches = new ArrayList<>();
    Callback count =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            batches.add(batch);
          }
        };
    History h =
        m.fit(
            d[0],
            Tensor.of(y).reshape(12, 1),
            quiet(5).batchSize(2).shuffle(false).callbacks(new TerminateOnNaN(), count).build());
    assertEquals(List.of(0, 1), batches);
    assertEquals(1, h.epochs());
    assertTrue(h.get("loss").get(0).isNaN());
  }

  @Test
  void aThrowingCallbackEndsFitWithItsExceptionAndNoThreadOutlivesIt() {
    Tensor[] d = clusters(40, 13);
    Sequential m = mlp();
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    IllegalStateException boom = new IllegalStateException("my callback: disk full");
    Callback thrower =
        new Callback() {
          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            if (batch == 2) {
              throw boom;
            }
          }
        };
    long before = prefetchThreads();
    Dataset ds = Dataset.fromTensorSlices(d[0], d[1]).batch(4).prefetch(3);
    var e =
        assertThrows(
            IllegalStateException.class, () -> m.fit(ds, quiet(3).callbacks(thrower).build()));
    assertSame(boom, e);
    assertEquals(before, prefetchThreads());
    // and a failing producer reaches fit's caller
    Dataset bad =
        Dataset.fromTensorSlices(d[0], d[1])
            .map(el -> {
              throw new IllegalArgumentException("my map: broken row");
            })
            .batch(4)
            .prefetch(2);
    var p = assertThrows(IllegalArgumentException.class, () -> m.fit(bad, quiet(1).build()));
    assertEquals("my map: broken row", p.getMessage());
    assertEquals(before, prefetchThreads());
  }

  static long prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lanegrad-prefetch-") && t.isAlive())
        .count();
  }
}
