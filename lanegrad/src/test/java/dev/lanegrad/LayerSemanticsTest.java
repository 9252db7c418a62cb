package dev.lanegrad;

import static dev.lanegrad.TfFixtures.close;
import static dev.lanegrad.TfFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layers as Keras's guide "Making new layers and models via subclassing" builds them: weights
 * tracked in fields, lazy builds, non-trainable state, nested blocks; Dense as its docstring shows
 * it. The expected values are TF's and Keras's (docstrings, guides, kernels, gradient functions);
 * each test names its source.
 */
class LayerSemanticsTest {
  /** Keras guide "Making new layers and models via subclassing": Linear with weights in fields. */
  static final class Linear extends dev.lanegrad.nn.Layer {
    Variable w;
    Variable b;

    Linear(int units, int inputDim) {
      w = Variable.of(Tensor.randomNormal(Shape.of(inputDim, units), 7));
      b = Variable.of(Tensor.zeros(Shape.of(units), DType.FLOAT32));
    }

    @Override
    protected Tensor call(Tensor inputs) {
      return Ops.matmul(inputs, w).add(b);
    }
  }

  /** The same guide's lazily built Linear (add_weight in build). */
  static final class LazyLinear extends dev.lanegrad.nn.Layer {
    final int units;
    Variable w;
    Variable b;

    LazyLinear(int units) {
      this.units = units;
    }

    @Override
    protected void build(Shape inputShape) {
      w =
          addWeight(
              "w",
              Shape.of(inputShape.dim(-1), units),
              dev.lanegrad.nn.Initializers.randomNormal(0, 0.05, 3));
      b = addWeight("b", Shape.of(units), dev.lanegrad.nn.Initializers.zeros());
    }

    @Override
    protected Tensor call(Tensor inputs) {
      return Ops.matmul(inputs, w).add(b);
    }
  }

  /** The guide's ComputeSum: a non-trainable accumulator. */
  static final class ComputeSum extends dev.lanegrad.nn.Layer {
    Variable total;

    ComputeSum(int inputDim) {
      total =
          Variable.builder(Tensor.zeros(Shape.of(inputDim), DType.FLOAT32))
              .trainable(false)
              .build();
    }

    @Override
    protected Tensor call(Tensor inputs) {
      total.assignAdd(inputs.sum(new int[] {0}, false));
      return total.value();
    }
  }

  /** The guide's MLPBlock: three LazyLinear children. */
  static final class MLPBlock extends dev.lanegrad.nn.Layer {
    LazyLinear linear1 = new LazyLinear(32);
    LazyLinear linear2 = new LazyLinear(32);
    LazyLinear linear3 = new LazyLinear(1);

    @Override
    protected Tensor call(Tensor inputs) {
      Tensor x = Ops.relu(linear1.apply(inputs));
      x = Ops.relu(linear2.apply(x));
      return linear3.apply(x);
    }
  }

  @Test
  void linearTracksItsWeightsInOrder() {
    // guide: x = tf.ones((2, 2)); linear_layer = Linear(4, 2); y = linear_layer(x) has shape
    // (2, 4); linear_layer.weights == [linear_layer.w, linear_layer.b]
    Linear layer = new Linear(4, 2);
    Tensor y = layer.apply(Tensor.ones(Shape.of(2, 2), DType.FLOAT32));
    assertEquals(Shape.of(2, 4), y.shape());
    assertEquals(List.of(layer.w, layer.b), layer.variables());
  }

  @Test
  void computeSumNonTrainable() {
    // guide: my_sum = ComputeSum(2); y = my_sum(ones((2, 2))) -> [2. 2.], again -> [4. 4.];
    // weights: 1, non-trainable weights: 1, trainable_weights: []
    ComputeSum mySum = new ComputeSum(2);
    Tensor x = Tensor.ones(Shape.of(2, 2), DType.FLOAT32);
    close(d(2, 2), mySum.apply(x), 0);
    close(d(4, 4), mySum.apply(x), 0);
    assertEquals(1, mySum.variables().size());
    assertEquals(1, mySum.nonTrainableVariables().size());
    assertEquals(0, mySum.trainableVariables().size());
  }

  @Test
  void mlpBlockCountsNestedWeights() {
    // guide: mlp = MLPBlock(); y = mlp(tf.ones(shape=(3, 64))) -> weights: 6,
    // trainable weights: 6 (built lazily on the first call); the output has shape (3, 1)
    MLPBlock mlp = new MLPBlock();
    assertEquals(0, mlp.variables().size());
    Tensor y = mlp.apply(Tensor.ones(Shape.of(3, 64), DType.FLOAT32));
    assertEquals(Shape.of(3, 1), y.shape());
    assertEquals(6, mlp.variables().size());
    assertEquals(6, mlp.trainableVariables().size());
    assertEquals(64 * 32 + 32 + 32 * 32 + 32 + 32 + 1, mlp.countParams());
    assertEquals("mlp_block", mlp.name());
  }

  @Test
  void denseDocSequential() {
    // tf.keras.layers.Dense docstring: Input(shape=(16,)), Dense(32, activation='relu'),
    // Dense(32) -> output shape (None, 32)
    dev.lanegrad.nn.Sequential model =
        new dev.lanegrad.nn.Sequential(
            new dev.lanegrad.nn.Dense(32, dev.lanegrad.nn.Activation.RELU),
            new dev.lanegrad.nn.Dense(32));
    Tensor y = model.apply(Tensor.ones(Shape.of(5, 16), DType.FLOAT32));
    assertEquals(Shape.of(5, 32), y.shape());
    assertEquals(4, model.variables().size());
  }

  @Test
  void denseOnRank3ActsOnTheLastAxis() {
    // tf.keras.layers.Dense docstring: input (batch_size, d0, d1) -> kernel (d1, units),
    // output (batch_size, d0, units); values x @ kernel + bias per sub-tensor
    dev.lanegrad.nn.Dense dense =
        dev.lanegrad.nn.Dense.builder(3)
            .kernelInitializer(dev.lanegrad.nn.Initializers.constant(0.5f))
            .biasInitializer(dev.lanegrad.nn.Initializers.constant(1f))
            .build();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Shape.of(2, 3, 2));
    Tensor y = dense.apply(x);
    assertEquals(Shape.of(2, 3, 3), y.shape());
    assertEquals(Shape.of(2, 3), dense.kernel().shape());
    double[] e = new double[18];
    for (int r = 0; r < 6; r++) {
      double v = 0.5 * ((2 * r + 1) + (2 * r + 2)) + 1;
      e[3 * r] = v;
      e[3 * r + 1] = v;
      e[3 * r + 2] = v;
    }
    close(e, y, 0);
  }

  @Test
  void denseGradientMatchesHandFormula() {
    // y = relu(x W + b) with loss sum(y): dW = x^T (y > 0), db = sum over the batch of (y > 0)
    dev.lanegrad.nn.Dense dense =
        dev.lanegrad.nn.Dense.builder(2)
            .activation(dev.lanegrad.nn.Activation.RELU)
            .kernelInitializer(
                dev.lanegrad.nn.Initializers.constant(Tensor.of(new float[][] {{1, -1}, {2, 1}})))
            .biasInitializer(dev.lanegrad.nn.Initializers.zeros())
            .build();
    Tensor x = Tensor.of(new float[][] {{1, 1}, {1, -3}});
    GradientTape t = new GradientTape();
    Tensor loss;
    try (t) {
      loss = dense.apply(x).sum();
    }
    // pre-activations: row 1 [3, 0] (relu'(0) = 0), row 2 [-5, -4]
    List<Tensor> g = t.gradient(loss, List.of(dense.kernel(), dense.bias()));
    close(d(1, 0, 1, 0), g.get(0), 0);
    close(d(1, 0), g.get(1), 0);
  }
}
