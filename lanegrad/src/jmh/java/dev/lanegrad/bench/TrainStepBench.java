package dev.lanegrad.bench;

import dev.lanegrad.GradientTape;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.StepFunction;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training steps, the peers' MLP training case (PyTorch, see docs/benchmarks.md): {@code step}, a
 * 784-256-256-10 ReLU MLP with softmax cross-entropy and SGD 0.01 on 8192 synthetic examples (x ~
 * N(0,1), labels from a fixed linear teacher), {@code style} = {@code tape} (bare Variables, TF
 * layout {@code relu(x @ W + b)}) or {@code nn} (Sequential of Dense), both eager under a
 * user-written tape; {@code tapefn}, the tape step inside a {@link StepFunction} (a tf.function'd
 * step, whose buffers are reused); {@code fit}, the Sequential's {@code Model.trainOnBatch}
 * (Keras's train_on_batch, fit's step); {@code linreg}, the tutorial's {@code y = 2x - 1} with an
 * abs loss, a persistent tape and two gradients, 1000 steps per call; {@code dense_grad}, the
 * gradient of {@code mean(Dense(2, relu)([[1,2,3]])^2)}. Examples/s = batch / time. Run with {@code
 * -prof gc} for bytes per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
// a step reaches its steady time only after about 9 s here (C2 compiling the Vector API kernels
// of eight GEMM shapes and the tape); 5 warm-up seconds left it 2x slow
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrainStepBench {
  static final int N = 8192;

  /** One MLP and its data, batched ahead of time (a batch is a view in the peers). */
  @State(Scope.Thread)
  public static class Mlp {
    @Param({"tape", "nn", "tapefn", "fit"})
    public String style;

    @Param({"64", "256"})
    public int batch;

    Tensor[] xs;
    Tensor[] ys;
    int next;
    List<Variable> params;
    Sequential model;
    SGD sgd;
    StepFunction fn;

    @Setup
    public void setup() {
      SplittableRandom r = new SplittableRandom(20261122);
      float[] teacher = ElementwiseBench.gaussian(r, 784 * 10);
      int batches = N / batch;
      xs = new Tensor[batches];
      ys = new Tensor[batches];
      for (int bi = 0; bi < batches; bi++) {
        float[] x = ElementwiseBench.gaussian(r, batch * 784);
        float[] y = new float[batch * 10];
        for (int i = 0; i < batch; i++) {
          int best = 0;
          double bestV = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < 10; j++) {
            double s = 0;
            for (int p = 0; p < 784; p++) {
              s += x[i * 784 + p] * teacher[p * 10 + j];
            }
            if (s > bestV) {
              bestV = s;
              best = j;
            }
          }
          y[i * 10 + best] = 1f;
        }
        xs[bi] = Tensor.of(x, Shape.of(batch, 784));
        ys[bi] = Tensor.of(y, Shape.of(batch, 10));
      }
      sgd = new SGD(0.01);
      if ("nn".equals(style) || "fit".equals(style)) {
        model =
            new Sequential(
                new Dense(256, Activation.RELU), new Dense(256, Activation.RELU), new Dense(10));
        model.apply(xs[0]);
        params = model.trainableVariables();
        if ("fit".equals(style)) {
          model.compile(sgd, Losses.categoricalCrossentropy(true));
        }
      } else {
        params = new ArrayList<>();
        int[][] layers = {{784, 256}, {256, 256}, {256, 10}};
        long seed = 1234;
        for (int[] l : layers) {
          double lim = Math.sqrt(6.0 / (l[0] + l[1]));
          params.add(Variable.of(Tensor.randomUniform(Shape.of(l[0], l[1]), -lim, lim, seed++)));
          params.add(Variable.of(Tensor.zeros(Shape.of(l[1]), dev.lanegrad.DType.FLOAT32)));
        }
        if ("tapefn".equals(style)) {
          fn = new StepFunction(in -> tapeStep(this, in.get(0), in.get(1)));
        }
      }
    }
  }

  static final int[] CLASSES = {1};

  @Benchmark
  public Object step(Mlp s) {
    Tensor xb = s.xs[s.next];
    Tensor yb = s.ys[s.next];
    s.next = (s.next + 1) % s.xs.length;
    if (s.fn != null) {
      return s.fn.call(xb, yb);
    }
    if ("fit".equals(s.style)) {
      return s.model.trainOnBatch(xb, yb);
    }
    if (s.model == null) {
      return tapeStep(s, xb, yb);
    }
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = Losses.categoricalCrossentropy(yb, s.model.apply(xb), true);
    }
    List<Tensor> grads = tape.gradient(loss, s.params);
    s.sgd.applyGradients(grads, s.params);
    return loss;
  }

  /** The user-written tape step on bare variables (style tape, and tapefn's body). */
  static Tensor tapeStep(Mlp s, Tensor xb, Tensor yb) {
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      List<Variable> p = s.params;
      Tensor h = xb.matmul(p.get(0)).add(p.get(1)).relu();
      h = h.matmul(p.get(2)).add(p.get(3)).relu();
      Tensor z = h.matmul(p.get(4)).add(p.get(5));
      loss = Ops.logSoftmax(z, 1).mul(yb).sum(CLASSES, false).mean().neg();
    }
    List<Tensor> grads = tape.gradient(loss, s.params);
    s.sgd.applyGradients(grads, s.params);
    return loss;
  }

  /** The tutorial's data: x = -1..4, y = 2x - 1. */
  @State(Scope.Thread)
  public static class Linreg {
    Tensor x = Tensor.of(new float[] {-1, 0, 1, 2, 3, 4});
    Tensor y = Tensor.of(new float[] {-3, -1, 1, 3, 5, 7});
    SplittableRandom r = new SplittableRandom(7);
  }

  /** 1000 steps of the tutorial's linear regression; returns the final w. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Tensor linreg(Linreg d) {
    Variable w = Variable.of((float) d.r.nextDouble());
    Variable b = Variable.of((float) d.r.nextDouble());
    Tensor kept = null;
    for (int i = 0; i < 1000; i++) {
      GradientTape tape = new GradientTape(true);
      Tensor loss;
      try (tape) {
        loss = w.mul(d.x).add(b).sub(d.y).abs();
      }
      Tensor dw = tape.gradient(loss, w);
      Tensor db = tape.gradient(loss, b);
      w.assignSub(dw.mul(0.001));
      b.assignSub(db.mul(0.001));
      if (i % 100 == 99) {
        kept = loss;
      }
    }
    return kept;
  }

  /** Dense(2, relu) on [[1, 2, 3]], built once. */
  @State(Scope.Thread)
  public static class DenseGrad {
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
    Dense layer;
    List<Variable> vars;

    @Setup
    public void setup() {
      layer = new Dense(2, Activation.RELU);
      layer.apply(x);
      vars = layer.trainableVariables();
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Tensor> dense_grad(DenseGrad d) {
    GradientTape tape = new GradientTape();
    Tensor loss;
    try (tape) {
      loss = d.layer.apply(d.x).square().mean();
    }
    return tape.gradient(loss, d.vars);
  }
}
