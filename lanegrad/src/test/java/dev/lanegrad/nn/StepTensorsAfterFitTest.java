package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Shape;
import dev.lanegrad.StepFunction;
import dev.lanegrad.Tensor;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fit}'s step runs in a {@code StepFunction}, whose op results live in buffers the next step
 * reuses. What a Keras user reads after {@code fit} (a layer's {@code losses}, the masks a layer
 * records, a tensor a custom layer keeps) must stay readable, unchanged by later steps, by {@code
 * evaluate}, {@code predict} and another {@code fit}; the same program without the step function
 * (an eager loop over the same batches) is the reference.
 */
class StepTensorsAfterFitTest {
  private static final int B = 16;

  private static Tensor x(int seed, int rows, int... rest) {
    int[] dims = new int[1 + rest.length];
    dims[0] = rows;
    System.arraycopy(rest, 0, dims, 1, rest.length);
    return Tensor.randomUniform(Shape.of(dims), -1, 1, seed);
  }

  /**
   * Dense(8), then a per-element activity penalty {@code 0.01 * y^2} of shape (batch, 8) added with
   * {@link Layer#addLoss} (128 values for a batch of 16: a reused buffer inside the step), and a
   * copy of its output kept with {@link StepFunction#keep} for inspection.
   */
  static final class Penalised extends Layer {
    final Dense dense = Dense.builder(8).kernelInitializer(Initializers.glorotUniform(7)).build();
    Tensor lastOutput;

    @Override
    protected Tensor call(Tensor x) {
      Tensor y = dense.apply(x);
      addLoss(y.square().mul(0.01));
      lastOutput = StepFunction.keep(y);
      return y;
    }
  }

  @Test
  void activityLossesAndKeptOutputsAreReadableAfterFitAndEqualAnEagerLoop() {
    Tensor xs = x(1, 4 * B, 5);
    Tensor ys = x(2, 4 * B, 8);
    Penalised traced = new Penalised();
    Sequential m = new Sequential(traced);
    m.compile(new SGD(0.05), Losses::meanSquaredError);
    m.fit(xs, ys, FitOptions.builder().epochs(2).batchSize(B).shuffle(false).verbose(0).build());
    // the last batch's penalty, read after fit as Keras's model.losses
    List<Tensor> losses = m.losses();
    assertEquals(1, losses.size());
    assertEquals(Shape.of(B, 8), losses.get(0).shape());
    float[] afterFit = losses.get(0).toFloatArray();
    float[] kept = traced.lastOutput.toFloatArray();

    // the reference: the same steps with a tape, eagerly (Trainer's step: loss + sum of penalties)
    Penalised eager = new Penalised();
    SGD opt = new SGD(0.05);
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int from = 0; from < 4 * B; from += B) {
        Tensor xb = dev.lanegrad.Ops.slice(xs, new int[] {from, 0}, new int[] {B, 5});
        Tensor yb = dev.lanegrad.Ops.slice(ys, new int[] {from, 0}, new int[] {B, 8});
        dev.lanegrad.GradientTape tape = new dev.lanegrad.GradientTape();
        Tensor l;
        try (tape) {
          Tensor p = eager.apply(xb, true);
          l = Losses.meanSquaredError(yb, p).mean().add(eager.losses().get(0).sum());
        }
        opt.applyGradients(
            tape.gradient(l, eager.trainableVariables()), eager.trainableVariables());
      }
    }
    assertArrayEquals(eager.losses().get(0).toFloatArray(), afterFit, 0f);
    assertArrayEquals(eager.lastOutput.toFloatArray(), kept, 0f);
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(
          eager.trainableVariables().get(k).toFloatArray(),
          traced.trainableVariables().get(k).toFloatArray(),
          0f);
    }

    // evaluate and predict run eagerly after fit; the held tensors keep their values meanwhile
    Tensor keptTensor = traced.lastOutput;
    Tensor lossTensor = losses.get(0);
    m.evaluate(xs, ys);
    m.predict(xs);
    m.fit(xs, ys, FitOptions.builder().epochs(1).batchSize(B).shuffle(false).verbose(0).build());
    assertArrayEquals(kept, keptTensor.toFloatArray(), 0f);
    assertArrayEquals(afterFit, lossTensor.toFloatArray(), 0f);
    // the second fit's own last values are readable too
    assertEquals(Shape.of(B, 8), m.losses().get(0).shape());
    m.losses().get(0).toFloatArray();
    traced.lastOutput.toFloatArray();
  }

  @Test
  void keepOutsideAStepIsTheSameTensorAndNullIsRejected() {
    Tensor t = Tensor.ones(Shape.of(100), dev.lanegrad.DType.FLOAT32);
    assertTrue(t == StepFunction.keep(t));
    assertThrows(IllegalArgumentException.class, () -> StepFunction.keep(null));
  }

  @Test
  void recurrentDropoutMasksAreReadableAfterFitAndFitRunsAgain() {
    for (int kind = 0; kind < 3; kind++) {
      RecurrentLayer rnn =
          kind == 0
              ? SimpleRNN.builder(8).dropout(0.3).recurrentDropout(0.4).seed(3).build()
              : kind == 1
                  ? GRU.builder(8).dropout(0.3).recurrentDropout(0.4).seed(3).build()
                  : LSTM.builder(8).dropout(0.3).recurrentDropout(0.4).seed(3).build();
      Sequential m = new Sequential(rnn, Dense.builder(2).build());
      m.compile(new Adam(0.01), Losses::meanSquaredError);
      Tensor xs = x(4, 2 * B, 6, 10);
      Tensor ys = x(5, 2 * B, 2);
      FitOptions o = FitOptions.builder().epochs(2).batchSize(B).shuffle(false).verbose(0).build();
      m.fit(xs, ys, o);
      Tensor[][] masks = rnn.lastMasks();
      assertNotNull(masks);
      int gates = rnn.kernel().shape().dim(1) / 8;
      for (Tensor mask : masks[0]) {
        assertEquals(Shape.of(B, 10), mask.shape());
        checkMask(mask.toDoubleArray(), 0.3);
      }
      assertEquals(gates, masks[1].length);
      for (Tensor mask : masks[1]) {
        checkMask(mask.toDoubleArray(), 0.4);
      }
      double before = m.evaluate(xs, ys).get("loss");
      m.predict(xs);
      m.fit(xs, ys, o);
      double after = m.evaluate(xs, ys).get("loss");
      assertTrue(Double.isFinite(before) && Double.isFinite(after), before + " " + after);
      rnn.lastMasks()[1][0].toDoubleArray();
    }
  }

  private static void checkMask(double[] m, double rate) {
    int zeros = 0;
    for (double v : m) {
      assertTrue(v == 0 || Math.abs(v - 1 / (1 - rate)) < 1e-6, "mask value " + v);
      zeros += v == 0 ? 1 : 0;
    }
    assertTrue(zeros > 0 && zeros < m.length, "some dropped: " + zeros);
  }

  /** Self-attention of a sequence, then its mean over time, as a Keras user's subclassed model. */
  static final class Attending extends Model {
    final MultiHeadAttention mha =
        MultiHeadAttention.builder(2, 4)
            .dropout(0.25)
            .seed(9)
            .kernelInitializer(Initializers.glorotUniform(5))
            .build();

    @Override
    protected Tensor call(Tensor x) {
      return call(x, false);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
      return mha.apply(x, x, null, null, training).mean(new int[] {1}, false);
    }
  }

  @Test
  void attentionDropoutMaskIsReadableAfterFit() {
    Attending m = new Attending();
    m.compile(new Adam(0.01), Losses::meanSquaredError);
    Tensor xs = x(6, 2 * B, 5, 6);
    Tensor ys = x(7, 2 * B, 6);
    assertNull(m.mha.lastMask());
    m.fit(xs, ys, FitOptions.builder().epochs(2).batchSize(B).shuffle(false).verbose(0).build());
    Tensor mask = m.mha.lastMask();
    assertEquals(Shape.of(B, 2, 5, 5), mask.shape());
    checkMask(mask.toDoubleArray(), 0.25);
    m.evaluate(xs, ys);
    m.fit(xs, ys, FitOptions.builder().epochs(1).batchSize(B).shuffle(false).verbose(0).build());
    checkMask(m.mha.lastMask().toDoubleArray(), 0.25);
  }
}
