package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.optimizers.Adagrad;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.AdamW;
import dev.lanegrad.optimizers.Adamax;
import dev.lanegrad.optimizers.Nadam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.RMSprop;
import dev.lanegrad.optimizers.SGD;
import dev.lanegrad.optimizers.schedules.CosineDecay;
import dev.lanegrad.optimizers.schedules.CosineDecayRestarts;
import dev.lanegrad.optimizers.schedules.ExponentialDecay;
import dev.lanegrad.optimizers.schedules.InverseTimeDecay;
import dev.lanegrad.optimizers.schedules.LearningRateSchedule;
import dev.lanegrad.optimizers.schedules.PiecewiseConstantDecay;
import dev.lanegrad.optimizers.schedules.PolynomialDecay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model.save/load keeps each optimizer's configuration (a schedule included) and its state: the
 * loaded model resumes training bit for bit.
 */
class OptimizerSavingTest {
  @TempDir Path dir;

  static void resumesBitForBit(Path file, String prefix, Supplier<Optimizer> optimizer) {
    Tensor[] d = SavingTest.data(64, 3);
    Dataset train = Dataset.fromTensorSlices(d[0], d[1]).batch(8);
    Sequential a = SavingTest.model(prefix);
    a.compile(optimizer.get(), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    a.fit(train, SavingTest.quiet(2));
    a.save(file);
    Model b = Model.load(file);
    Optimizer oa = a.optimizer();
    Optimizer ob = b.optimizer();
    assertEquals(oa.getClass(), ob.getClass());
    assertEquals(oa.toString(), ob.toString());
    assertEquals(oa.learningRateSchedule(), ob.learningRateSchedule());
    assertEquals(oa.iterations(), ob.iterations());
    assertEquals(oa.learningRate(), ob.learningRate());
    History ha = a.fit(train, SavingTest.quiet(2));
    History hb = b.fit(train, SavingTest.quiet(2));
    assertEquals(ha.history(), hb.history());
    SavingTest.assertSameWeights(SavingTest.weights(a), SavingTest.weights(b));
    assertArrayEquals(a.predict(d[0]).toFloatArray(), b.predict(d[0]).toFloatArray());
  }

  @Test
  void everyOptimizerAndOptionIsSavedAndResumesBitForBit() {
    List<Supplier<Optimizer>> all =
        List.of(
            () -> Adam.builder().learningRate(0.01).amsgrad(true).clipNorm(0.5).build(),
            () -> AdamW.builder().learningRate(0.01).weightDecay(0.02).amsgrad(true).build(),
            () -> new RMSprop(0.005),
            () ->
                RMSprop.builder()
                    .learningRate(0.005)
                    .rho(0.8)
                    .momentum(0.5)
                    .centered(true)
                    .globalClipNorm(1)
                    .build(),
            () -> Adagrad.builder().learningRate(0.05).initialAccumulatorValue(0.2).build(),
            () -> Adamax.builder().learningRate(0.01).clipValue(0.1).weightDecay(0.01).build(),
            () -> new Nadam(0.01),
            () -> SGD.builder().learningRate(0.05).momentum(0.9).weightDecay(0.001).build());
    int i = 0;
    for (Supplier<Optimizer> s : all) {
      String p = "o" + i++;
      resumesBitForBit(dir.resolve(p + ".lgm"), p, s);
    }
  }

  @Test
  void anUnregisteredScheduleIsNamedAndTheFileIsNotWritten() {
    Sequential a = SavingTest.model("lambda");
    LearningRateSchedule mine = step -> 0.1 / (step + 1);
    a.compile(SGD.builder().learningRate(mine).build(), Losses.sparseCategoricalCrossentropy(true));
    a.apply(SavingTest.data(4, 1)[0], false);
    Path f = dir.resolve("lambda.lgm");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.save(f));
    assertTrue(e.getMessage().startsWith("Model.save: "), e.getMessage());
    assertTrue(e.getMessage().contains("registerSchedule"), e.getMessage());
    assertFalse(Files.exists(f));
    // registered, it saves and loads
    Serialization.registerSchedule(
        "Halving",
        Halving.class,
        h -> Serialization.map("initial", h.initial()),
        c -> new Halving(Serialization.num(c, "initial")));
    resumesBitForBit(
        dir.resolve("halving.lgm"),
        "halving",
        () -> SGD.builder().learningRate(new Halving(0.05)).build());
  }

  /** A user's schedule: halves the rate every 4 steps. */
  record Halving(double initial) implements LearningRateSchedule {
    @Override
    public double at(long step) {
      return initial / (1L << Math.min(step / 4, 30));
    }
  }

  @Test
  void checkpointRestoresTheNewOptimizersSlots() {
    Tensor[] d = SavingTest.data(64, 5);
    Dataset train = Dataset.fromTensorSlices(d[0], d[1]).batch(16);
    List<Supplier<Optimizer>> all =
        List.of(
            () -> RMSprop.builder().learningRate(0.01).momentum(0.5).centered(true).build(),
            () -> Adam.builder().learningRate(0.01).amsgrad(true).build(),
            () -> new Adagrad(0.05),
            () -> new Adamax(0.01),
            () -> new Nadam(0.01));
    int i = 0;
    for (Supplier<Optimizer> s : all) {
      String p = "c" + i++;
      Sequential a = SavingTest.model(p);
      a.compile(s.get(), Losses.sparseCategoricalCrossentropy(true));
      a.fit(train, SavingTest.quiet(1));
      Path f = dir.resolve(p + ".ckpt");
      Checkpoint.save(f, a, a.optimizer());
      Sequential b = SavingTest.model(p);
      b.compile(s.get(), Losses.sparseCategoricalCrossentropy(true));
      b.apply(d[0], false); // built, so that its variables exist to restore into
      Checkpoint.restore(f, b, b.optimizer());
      assertEquals(a.optimizer().iterations(), b.optimizer().iterations());
      History ha = a.fit(train, SavingTest.quiet(2));
      History hb = b.fit(train, SavingTest.quiet(2));
      assertEquals(ha.history(), hb.history(), a.optimizer().toString());
      SavingTest.assertSameWeights(SavingTest.weights(a), SavingTest.weights(b));
    }
  }

  @Test
  void everyScheduleIsSavedWithItsOptimizer() {
    List<LearningRateSchedule> schedules =
        List.of(
            new ExponentialDecay(0.05, 3, 0.9, true),
            new InverseTimeDecay(0.05, 2, 0.5),
            new PolynomialDecay(0.05, 10, 0.001, 2.0, true),
            new PiecewiseConstantDecay(new long[] {5, 12}, new double[] {0.05, 0.02, 0.01}),
            new CosineDecay(0.05, 20),
            new CosineDecay(0.001, 15, 0.1, 0.05, 5),
            new CosineDecayRestarts(0.05, 6, 1.5, 0.9, 0.01));
    int i = 0;
    for (LearningRateSchedule s : schedules) {
      String p = "s" + i++;
      resumesBitForBit(
          dir.resolve(p + ".lgm"), p, () -> SGD.builder().learningRate(s).momentum(0.9).build());
    }
    resumesBitForBit(
        dir.resolve("adam.lgm"),
        "adam",
        () -> Adam.builder().learningRate(new CosineDecay(0.01, 50)).build());
  }
}
