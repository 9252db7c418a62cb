package dev.lanegrad.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.ClippedTensors;
import dev.lanegrad.DType;
import dev.lanegrad.Moments;
import dev.lanegrad.Ops;
import dev.lanegrad.Padding;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.TopK;
import dev.lanegrad.Variable;
import dev.lanegrad.callbacks.CSVLogger;
import dev.lanegrad.callbacks.Callback;
import dev.lanegrad.callbacks.EarlyStopping;
import dev.lanegrad.callbacks.LearningRateScheduler;
import dev.lanegrad.callbacks.ModelCheckpoint;
import dev.lanegrad.callbacks.ReduceLROnPlateau;
import dev.lanegrad.callbacks.TensorBoard;
import dev.lanegrad.callbacks.TerminateOnNaN;
import dev.lanegrad.data.CsvOptions;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.data.Datasets;
import dev.lanegrad.metrics.AUC;
import dev.lanegrad.metrics.Accuracy;
import dev.lanegrad.metrics.BinaryAccuracy;
import dev.lanegrad.metrics.CategoricalAccuracy;
import dev.lanegrad.metrics.Mean;
import dev.lanegrad.metrics.MeanAbsoluteError;
import dev.lanegrad.metrics.MeanSquaredError;
import dev.lanegrad.metrics.Metric;
import dev.lanegrad.metrics.Precision;
import dev.lanegrad.metrics.Recall;
import dev.lanegrad.metrics.RootMeanSquaredError;
import dev.lanegrad.metrics.SparseCategoricalAccuracy;
import dev.lanegrad.metrics.SparseTopKCategoricalAccuracy;
import dev.lanegrad.metrics.TopKCategoricalAccuracy;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.ActivationLayer;
import dev.lanegrad.nn.AveragePooling1D;
import dev.lanegrad.nn.AveragePooling2D;
import dev.lanegrad.nn.BatchNormalization;
import dev.lanegrad.nn.Conv1D;
import dev.lanegrad.nn.Conv2D;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Dropout;
import dev.lanegrad.nn.Embedding;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.GRU;
import dev.lanegrad.nn.GlobalAveragePooling1D;
import dev.lanegrad.nn.GlobalAveragePooling2D;
import dev.lanegrad.nn.GlobalMaxPooling1D;
import dev.lanegrad.nn.GlobalMaxPooling2D;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializer;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.LSTM;
import dev.lanegrad.nn.Layer;
import dev.lanegrad.nn.LayerNormalization;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.MaxPooling1D;
import dev.lanegrad.nn.MaxPooling2D;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.MultiHeadAttention;
import dev.lanegrad.nn.Regularizer;
import dev.lanegrad.nn.Regularizers;
import dev.lanegrad.nn.Reshape;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.SimpleRNN;
import dev.lanegrad.nn.Utils;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public contract of the round-2 additions, called from a package of its own as a user's
 * program would: every signature of the list (ops, layers and builders, Model, callbacks and their
 * builders with each listed option, metrics, optimizers and their builders with each listed option,
 * schedules, Dataset, Datasets, FitOptions), with the declared types spelled out so that a renamed,
 * removed or retyped signature fails compilation. Each call runs on a small input and a few results
 * are checked against TF's documented values (tf.math, tf.nn docstrings).
 */
class ApiContractTest {
  @TempDir Path dir;

  private static final Tensor X = Tensor.of(new float[][] {{-1.5f, 0f}, {0.5f, 2f}});
  private static final Tensor I = Tensor.of(new int[] {1, 0});

  @Test
  void unaryOpsAsStaticsAndMethods() {
    List<UnaryOperator<Tensor>> statics =
        List.of(
            Ops::log1p,
            Ops::expm1,
            Ops::reciprocal,
            Ops::rsqrt,
            Ops::floor,
            Ops::ceil,
            Ops::round,
            Ops::sin,
            Ops::cos,
            Ops::erf,
            Ops::softplus,
            Ops::softsign,
            Ops::elu,
            Ops::selu,
            Ops::relu6,
            Ops::silu,
            Ops::isNan,
            Ops::isFinite);
    List<UnaryOperator<Tensor>> methods =
        List.of(
            Tensor::log1p,
            Tensor::expm1,
            Tensor::reciprocal,
            Tensor::rsqrt,
            Tensor::floor,
            Tensor::ceil,
            Tensor::round,
            Tensor::sin,
            Tensor::cos,
            Tensor::erf,
            Tensor::softplus,
            Tensor::softsign,
            Tensor::elu,
            Tensor::selu,
            Tensor::relu6,
            Tensor::silu,
            Tensor::isNan,
            Tensor::isFinite);
    for (int i = 0; i < statics.size(); i++) {
      assertEquals(
          statics.get(i).apply(X).toString(), methods.get(i).apply(X).toString(), "unary " + i);
    }
    Tensor g1 = Ops.gelu(X, true);
    Tensor g2 = X.gelu(false);
    Tensor l1 = Ops.leakyRelu(X, 0.1);
    Tensor l2 = X.leakyRelu(0.1);
    Tensor l3 = Ops.leakyRelu(X);
    Tensor l4 = X.leakyRelu();
    assertEquals(l1.toString(), l2.toString());
    // TF's default alpha is 0.2: leaky_relu(-1.5) = -0.3
    assertEquals(-0.3f, l3.toFloatArray()[0], 1e-7f);
    assertEquals(l3.toString(), l4.toString());
    assertEquals(g1.shape(), g2.shape());
    Tensor b = Tensor.of(new boolean[] {true, false});
    assertArrayEquals(new boolean[] {false, true}, Ops.logicalNot(b).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true}, b.logicalNot().toBooleanArray());
    // round is half to even: tf.round([0.5, 1.5, 2.5]) = [0, 2, 2]
    assertArrayEquals(
        new float[] {0, 2, 2}, Ops.round(new float[] {0.5f, 1.5f, 2.5f}).toFloatArray());
  }

  @Test
  void binaryOps() {
    Tensor a = Tensor.of(new int[] {7, -7});
    Tensor c = Tensor.of(new int[] {2, 2});
    // tf.math.floordiv([7, -7], 2) = [3, -4], floormod = [1, 1]
    assertArrayEquals(new int[] {3, -4}, Ops.floorDiv(a, c).toIntArray());
    assertArrayEquals(new int[] {3, -4}, a.floorDiv(c).toIntArray());
    assertArrayEquals(new int[] {3, -4}, a.floorDiv(2).toIntArray());
    assertArrayEquals(new int[] {1, 1}, Ops.floorMod(a, 2).toIntArray());
    assertArrayEquals(new int[] {1, 1}, a.floorMod(c).toIntArray());
    assertArrayEquals(new int[] {1, 1}, a.floorMod(2).toIntArray());
    assertArrayEquals(new int[] {25, 81}, Ops.squaredDifference(a, c).toIntArray());
    assertArrayEquals(new int[] {25, 81}, a.squaredDifference(c).toIntArray());
    assertArrayEquals(new int[] {25, 81}, a.squaredDifference(2).toIntArray());
    Tensor p = Tensor.of(new boolean[] {true, false});
    Tensor q = Tensor.of(new boolean[] {true, true});
    assertArrayEquals(new boolean[] {true, false}, Ops.logicalAnd(p, q).toBooleanArray());
    assertArrayEquals(new boolean[] {true, false}, p.logicalAnd(q).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true}, Ops.logicalOr(p, q).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true}, p.logicalOr(q).toBooleanArray());
  }

  @Test
  void reductions() {
    int[] ax = {0};
    Tensor[] all = {
      Ops.reduceProd(X),
      Ops.reduceProd(X, ax, true),
      Ops.reduceLogSumExp(X),
      Ops.reduceLogSumExp(X, ax, false),
      Ops.reduceVariance(X),
      Ops.reduceVariance(X, ax, false),
      Ops.reduceStd(X),
      Ops.reduceStd(X, ax, false),
      Ops.norm(X),
      Ops.norm(X, ax, false),
      Ops.l2Normalize(X, 1)
    };
    assertEquals(11, all.length);
    Tensor b = Tensor.of(new boolean[][] {{true, false}, {true, true}});
    assertTrue(Ops.reduceAny(b).booleanValue());
    assertArrayEquals(new boolean[] {true, false}, Ops.reduceAll(b, ax, false).toBooleanArray());
    assertTrue(Ops.reduceAny(b, new int[] {1}, true).toBooleanArray()[0]);
    assertEquals(false, Ops.reduceAll(b).booleanValue());
    Moments m = Ops.moments(X, ax, false);
    Tensor mean = m.mean();
    Tensor variance = m.variance();
    assertArrayEquals(new float[] {-0.5f, 1f}, mean.toFloatArray());
    assertArrayEquals(new float[] {1f, 1f}, variance.toFloatArray());
  }

  @Test
  void indexingGatherScatter() {
    Tensor t = Tensor.range(6).reshape(2, 3);
    assertArrayEquals(new int[] {5, 4, 3}, t.get("1, ::-1").toIntArray());
    assertArrayEquals(
        new int[] {1, 2}, Ops.slice(t, new int[] {0, 1}, new int[] {1, -1}).toIntArray());
    List<Tensor> s1 = Ops.split(t, 3, 1);
    List<Tensor> s2 = Ops.split(t, new int[] {1, 2}, 1);
    assertEquals(3, s1.size());
    assertEquals(Shape.of(2, 2), s2.get(1).shape());
    assertEquals(Shape.of(4, 3), Ops.tile(t, 2, 1).shape());
    assertEquals(Shape.of(2, 5), Ops.pad(t, new int[][] {{0, 0}, {1, 1}}).shape());
    assertEquals(-1, Ops.pad(t, new int[][] {{0, 0}, {1, 0}}, -1).toIntArray()[0]);
    assertEquals(Shape.of(2, 2, 3), Ops.broadcastTo(t, 2, 2, 3).shape());
    assertArrayEquals(new int[] {3, 4, 5, 0, 1, 2}, Ops.reverse(t, 0).toIntArray());
    assertArrayEquals(
        new int[] {3, 4, 5}, Ops.booleanMask(t, new boolean[] {false, true}).toIntArray());
    assertArrayEquals(new int[] {3, 4, 5, 0, 1, 2}, Ops.gather(t, I, 0).toIntArray());
    assertArrayEquals(
        new int[] {1, 3}, Ops.gather(t, Tensor.of(new int[][] {{1}, {0}}), 1, 1).toIntArray());
    assertArrayEquals(new int[] {5}, Ops.gatherNd(t, Tensor.of(new int[][] {{1, 2}})).toIntArray());
    // tf.scatter_nd adds duplicates
    assertArrayEquals(
        new int[] {0, 7},
        Ops.scatterNd(Tensor.of(new int[][] {{1}, {1}}), Tensor.of(new int[] {3, 4}), Shape.of(2))
            .toIntArray());
    assertArrayEquals(
        new int[] {3, 3},
        Ops.unsortedSegmentSum(Tensor.of(new int[] {1, 2, 3}), Tensor.of(new int[] {0, 0, 1}), 2)
            .toIntArray());
    Tensor oh = Ops.oneHot(Tensor.of(new int[] {0, 2, 5}), 3);
    assertEquals(DType.FLOAT32, oh.dtype());
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0}, oh.toFloatArray());
    assertEquals(DType.INT32, Ops.oneHot(I, 2, DType.INT32).dtype());
    assertEquals(DType.INT64, Ops.argmax(t, 1).dtype());
    assertArrayEquals(new long[] {0, 0}, Ops.argmin(t, 1).toLongArray());
    TopK k = Ops.topK(t, 2);
    Tensor values = k.values();
    Tensor indices = k.indices();
    assertArrayEquals(new int[] {2, 1, 5, 4}, values.toIntArray());
    assertEquals(DType.INT32, indices.dtype());
    assertArrayEquals(new int[] {2, 1, 0}, Ops.sort(t, 1, true).get("0").toIntArray());
    assertArrayEquals(new int[] {2, 1, 0}, Ops.argsort(t, 1, true).get("0").toIntArray());
    assertArrayEquals(new int[] {0, 1, 3, 3, 7, 12}, Ops.cumsum(t, 1).toIntArray());
    assertArrayEquals(new int[] {0, 0, 1, 0, 3, 7}, Ops.cumsum(t, 1, true, false).toIntArray());
  }

  @Test
  void clippingEinsumAndNn() {
    assertArrayEquals(new float[] {-1f, 0f, 0.5f, 1f}, Ops.clipByValue(X, -1, 1).toFloatArray());
    // tf.clip_by_norm([3, 4], 1) = [0.6, 0.8]
    assertArrayEquals(
        new float[] {0.6f, 0.8f},
        Ops.clipByNorm(Tensor.of(new float[] {3, 4}), 1.0).toFloatArray(),
        1e-6f);
    ClippedTensors ct =
        Ops.clipByGlobalNorm(List.of(Tensor.of(new float[] {3}), Tensor.of(new float[] {4})), 1);
    List<Tensor> clipped = ct.tensors();
    Tensor globalNorm = ct.globalNorm();
    assertEquals(5f, globalNorm.floatValue());
    assertEquals(0.6f, clipped.get(0).floatValue(), 1e-6f);
    assertEquals(Shape.of(2, 2), Ops.einsum("ij,jk->ik", X, X).shape());
    Tensor img = Tensor.ones(Shape.of(1, 4, 4, 1), DType.FLOAT32);
    Tensor f2 = Tensor.ones(Shape.of(2, 2, 1, 1), DType.FLOAT32);
    Tensor seq = Tensor.ones(Shape.of(1, 4, 1), DType.FLOAT32);
    Tensor f1 = Tensor.ones(Shape.of(2, 1, 1), DType.FLOAT32);
    assertEquals(Shape.of(1, 4, 4, 1), Ops.conv2d(img, f2, new int[] {1, 1}, Padding.SAME).shape());
    assertEquals(
        Shape.of(1, 2, 2, 1),
        Ops.conv2d(img, f2, new int[] {1, 1}, Padding.VALID, new int[] {2, 2}).shape());
    assertEquals(Shape.of(1, 2, 1), Ops.conv1d(seq, f1, 2, Padding.VALID).shape());
    assertEquals(Shape.of(1, 2, 1), Ops.conv1d(seq, f1, 1, Padding.VALID, 2).shape());
    assertEquals(Shape.of(1, 2, 1), Ops.maxPool1d(seq, 2, 2, Padding.VALID).shape());
    assertEquals(Shape.of(1, 2, 1), Ops.avgPool1d(seq, 2, 2, Padding.SAME).shape());
    int[] two = {2, 2};
    assertEquals(Shape.of(1, 2, 2, 1), Ops.maxPool2d(img, two, two, Padding.VALID).shape());
    assertEquals(Shape.of(1, 2, 2, 1), Ops.avgPool2d(img, two, two, Padding.SAME).shape());
    Tensor d = Ops.dropout(Tensor.ones(Shape.of(100), DType.FLOAT32), 0.5, 7L);
    for (float v : d.toFloatArray()) {
      assertTrue(v == 0f || v == 2f, "kept values are scaled by 1 / (1 - rate)");
    }
    Tensor bn = Ops.batchNormalization(X, 0f, 1f, null, null, 0.0);
    assertArrayEquals(X.toFloatArray(), bn.toFloatArray());
    Tensor labels = Tensor.of(new float[][] {{0, 1}, {1, 0}});
    assertEquals(Shape.of(2), Ops.softmaxCrossEntropyWithLogits(labels, X).shape());
    assertEquals(Shape.of(2), Ops.sparseSoftmaxCrossEntropyWithLogits(I, X).shape());
    assertEquals(2, Padding.values().length);
  }

  @Test
  void layersAndBuilders() {
    Utils.clearSession();
    Initializer[] inits = {
      Initializers.heNormal(1), Initializers.heUniform(1), Initializers.lecunNormal(1),
      Initializers.lecunUniform(1), Initializers.glorotNormal(1), Initializers.orthogonal(1),
      Initializers.truncatedNormal(0, 0.05, 1), Initializers.heNormal(), Initializers.heUniform(),
      Initializers.lecunNormal(), Initializers.lecunUniform(), Initializers.glorotNormal(),
      Initializers.orthogonal(), Initializers.truncatedNormal()
    };
    assertEquals(14, inits.length);
    Regularizer r1 = Regularizers.l1(0.01);
    Regularizer r2 = Regularizers.l2(0.01);
    Regularizer r3 = Regularizers.l1l2(0.01, 0.01);
    Activation[] added = {
      Activation.ELU,
      Activation.SELU,
      Activation.GELU,
      Activation.SOFTPLUS,
      Activation.SOFTSIGN,
      Activation.SILU,
      Activation.RELU6,
      Activation.LEAKY_RELU,
      Activation.LOG_SOFTMAX,
      Activation.EXPONENTIAL,
      Activation.LINEAR,
      Activation.RELU,
      Activation.SIGMOID,
      Activation.TANH,
      Activation.SOFTMAX
    };
    assertEquals(15, added.length);
    Layer[] plain = {
      new Flatten(),
      new Reshape(4),
      new Dropout(0.5),
      new Dropout(0.5, 1L),
      new ActivationLayer(Activation.RELU),
      new BatchNormalization(),
      new LayerNormalization(),
      new Embedding(10, 3),
      new Conv1D(2, 3),
      new Conv2D(2, 3),
      new MaxPooling1D(2),
      new MaxPooling2D(2),
      new AveragePooling1D(2),
      new AveragePooling2D(2),
      new GlobalAveragePooling1D(),
      new GlobalAveragePooling2D(),
      new GlobalMaxPooling1D(),
      new GlobalMaxPooling2D(),
      new SimpleRNN(2),
      new LSTM(2),
      new GRU(2),
      new MultiHeadAttention(2, 4)
    };
    assertEquals("activation", plain[4].name());
    assertEquals("batch_normalization", plain[5].name());
    Conv2D conv =
        Conv2D.builder(2, 3)
            .kernelSize(3, 3)
            .strides(1, 1)
            .padding(Padding.SAME)
            .dilationRate(1, 1)
            .activation(Activation.RELU)
            .useBias(true)
            .kernelInitializer(Initializers.heNormal(3))
            .biasInitializer(Initializers.zeros())
            .kernelRegularizer(r2)
            .inputShape(5, 5, 1)
            .name("c2")
            .build();
    assertEquals("c2/kernel:0", conv.variables().get(0).name());
    Conv1D c1 =
        Conv1D.builder(2, 3)
            .strides(1)
            .padding(Padding.VALID)
            .dilationRate(1)
            .useBias(false)
            .build();
    LSTM lstm = LSTM.builder(3).returnSequences(true).kernelRegularizer(r1).build();
    GRU gru = GRU.builder(3).returnSequences(false).build();
    SimpleRNN rnn = SimpleRNN.builder(3).returnSequences(true).kernelRegularizer(r3).build();
    MaxPooling2D mp = MaxPooling2D.builder(2).strides(2, 2).padding(Padding.SAME).build();
    AveragePooling1D ap = AveragePooling1D.builder(2).strides(1).padding(Padding.VALID).build();
    Tensor y = lstm.apply(Tensor.ones(Shape.of(2, 4, 3), DType.FLOAT32), true);
    assertEquals(Shape.of(2, 4, 3), y.shape());
    // one kernel regularizer on the built LSTM; the others are not built yet
    assertEquals(1, lstm.losses().size());
    assertEquals(0, gru.variables().size() + c1.variables().size());
    Scale scale = new Scale();
    assertEquals(4f, scale.apply(Tensor.of(2f), true).floatValue());
    assertEquals(4f, scale.apply(Tensor.of(2f)).floatValue());
    assertEquals(1, scale.variables().size());
    assertNotNull(rnn.name() + mp.name() + ap.name());
    MultiHeadAttention mha = new MultiHeadAttention(2, 4);
    Tensor q = Tensor.ones(Shape.of(1, 3, 5), DType.FLOAT32);
    assertEquals(Shape.of(1, 3, 5), mha.apply(q, q).shape());
    assertEquals(Shape.of(1, 3, 5), mha.apply(q, q, q, null, false).shape());
  }

  /** A layer of a user's, with the training flag. */
  static final class Scale extends Layer {
    final Variable w = Variable.of(2f);

    @Override
    protected Tensor call(Tensor input) {
      return call(input, false);
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
      return training ? input.mul(w) : input.mul(w).mul(1f);
    }
  }

  @Test
  void modelCallbacksMetricsAndData() throws IOException {
    Utils.clearSession();
    Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor yv = Tensor.of(new float[][] {{0}, {1}, {1}, {1}});
    Sequential model =
        new Sequential(
            Dense.builder(1)
                .activation(Activation.SIGMOID)
                .inputShape(2)
                .kernelInitializer(Initializers.glorotUniform(1))
                .build());
    Metric[] metrics = {
      new BinaryAccuracy(),
      new Precision(),
      new Recall(),
      new AUC(),
      AUC.builder().numThresholds(50).curve("PR").name("pr").build(),
      new MeanSquaredError(),
      new MeanAbsoluteError(),
      new RootMeanSquaredError()
    };
    model.compile(new Adam(0.01), Losses.binaryCrossentropy(false), metrics);
    model.compile(new Adam(0.01), Losses::meanSquaredError, "accuracy", "mse", "mae", "auc");
    Path csv = dir.resolve("log.csv");
    Path csv2 = dir.resolve("log2.csv");
    BiFunction<Integer, Double, Double> schedule = (epoch, lr) -> lr;
    List<Callback> callbacks =
        List.of(
            EarlyStopping.builder()
                .monitor("loss")
                .minDelta(0)
                .patience(3)
                .mode("min")
                .baseline(10)
                .restoreBestWeights(true)
                .startFromEpoch(0)
                .build(),
            ModelCheckpoint.builder(dir.resolve("best.safetensors").toString())
                .monitor("loss")
                .saveBestOnly(true)
                .saveWeightsOnly(true)
                .mode("min")
                .build(),
            ReduceLROnPlateau.builder()
                .monitor("loss")
                .factor(0.5)
                .patience(2)
                .minDelta(1e-4)
                .cooldown(0)
                .minLr(0)
                .mode("auto")
                .build(),
            new LearningRateScheduler(schedule),
            new CSVLogger(csv),
            new CSVLogger(csv2, ";", false),
            new TensorBoard(dir.resolve("tb")),
            new TerminateOnNaN());
    FitOptions opts =
        FitOptions.builder()
            .epochs(2)
            .batchSize(2)
            .microBatch(1)
            .replicas(1)
            .callbacks(callbacks.toArray(new Callback[0]))
            .verbose(0)
            .build();
    History h = model.fit(x, yv, opts);
    assertEquals(2, h.epochs());
    assertTrue(Files.readString(csv2).startsWith("epoch;"));
    Callback first = callbacks.get(0);
    assertEquals(model, first.model());

    Dataset data = Dataset.fromTensorSlices(x, yv).shuffle(4, 1L).batch(2).prefetch(1);
    Dataset more =
        Dataset.fromTensorSlices(x, yv)
            .map(e -> e)
            .batch(3, true)
            .repeat(2)
            .take(2)
            .skip(1)
            .cache()
            .repeat()
            .take(1);
    Iterator<List<Tensor>> it = more.iterator();
    assertEquals(Shape.of(3, 2), it.next().get(0).shape());
    History h2 = model.fit(data, FitOptions.builder().epochs(1).verbose(0).build());
    assertEquals(1, h2.epochs());
    Map<String, Double> ev = model.evaluate(data);
    assertTrue(ev.containsKey("loss"));
    assertEquals(Shape.of(4, 1), model.predict(Dataset.fromTensorSlices(x).batch(2)).shape());
    model.stopTraining();
    data.close();

    Path saved = dir.resolve("model.lgm");
    model.save(saved);
    Model loaded = Model.load(saved);
    assertEquals(model.predict(x).toString(), loaded.predict(x).toString());
    Path weights = dir.resolve("w.safetensors");
    model.saveWeights(weights);
    loaded.loadWeights(weights);

    Tensor.of(new float[] {1, 2}).saveNpy(dir.resolve("a.npy"));
    Map<String, Tensor> npz = Map.of("x", x, "y", yv);
    Tensor.saveNpz(dir.resolve("d.npz"), npz);
    Dataset fromNpz = Datasets.npz(dir.resolve("d.npz"), "x", "y");
    assertEquals(4, count(fromNpz));
    Files.writeString(dir.resolve("d.csv"), "a,b,label\n1,2,0\n3,4,1\n");
    Dataset fromCsv = Datasets.csv(dir.resolve("d.csv"), CsvOptions.builder().header(true).build());
    assertEquals(2, count(fromCsv));
    Path images = dir.resolve("img.idx");
    Path labels = dir.resolve("lbl.idx");
    // IDX: magic 0x00000803 (ubyte, rank 3) with dims, and 0x00000801 for the labels
    Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 5, 6});
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 9});
    Dataset fromIdx = Datasets.idx(images, labels);
    assertEquals(1, count(fromIdx));
  }

  private static int count(Dataset d) {
    int n = 0;
    for (List<Tensor> e : d) {
      assertNotNull(e);
      n++;
    }
    return n;
  }

  @Test
  void metricsConstructors() {
    Tensor yt = Tensor.of(new float[][] {{0, 1}, {1, 0}});
    Tensor yp = Tensor.of(new float[][] {{0.2f, 0.8f}, {0.4f, 0.6f}});
    Metric[] all = {
      new Accuracy(),
      new BinaryAccuracy(),
      new CategoricalAccuracy(),
      new SparseCategoricalAccuracy(),
      new TopKCategoricalAccuracy(1),
      new SparseTopKCategoricalAccuracy(1),
      new Precision(),
      new Recall(),
      new AUC(),
      AUC.builder().numThresholds(10).curve("PR").build(),
      new MeanSquaredError(),
      new MeanAbsoluteError(),
      new RootMeanSquaredError()
    };
    for (Metric m : all) {
      if (m instanceof SparseCategoricalAccuracy || m instanceof SparseTopKCategoricalAccuracy) {
        m.updateState(Tensor.of(new float[] {1, 0}), yp);
      } else {
        m.updateState(yt, yp);
      }
      double r = m.result();
      assertTrue(r >= 0 && r <= 1, m.name() + " " + r);
      String n = m.name();
      assertNotNull(n);
      m.resetState();
      assertEquals(0.0, m.result(), m.name());
    }
    // categorical_accuracy: argmax [1, 0] vs [1, 1]: 0.5
    Metric ca = all[2];
    ca.updateState(yt, yp);
    assertEquals(0.5, ca.result());
    Mean mean = new Mean();
    mean.updateState(Tensor.of(new float[] {1, 3}));
    assertEquals(2.0, mean.result());
  }

  @Test
  void optimizersAndSchedules() {
    LearningRateSchedule[] schedules = {
      new ExponentialDecay(0.1, 10L, 0.5, true),
      new PiecewiseConstantDecay(new long[] {5}, new double[] {0.1, 0.01}),
      new PolynomialDecay(0.1, 10L, 0.001, 1.0, false),
      new InverseTimeDecay(0.1, 10L, 0.5, false),
      new CosineDecay(0.1, 10L),
      new CosineDecay(0.0, 10L, 0.0, 0.1, 5L),
      new CosineDecayRestarts(0.1, 10L, 2.0, 1.0, 0.0)
    };
    double[] at0 = {0.1, 0.1, 0.1, 0.1, 0.1, 0.0, 0.1};
    for (int i = 0; i < schedules.length; i++) {
      assertEquals(at0[i], schedules[i].at(0L), 1e-7, "schedule " + i);
    }
    // staircase: 0.1 * 0.5^floor(15 / 10)
    assertEquals(0.05, schedules[0].at(15L), 1e-7);
    Optimizer[] built = {
      SGD.builder()
          .learningRate(0.1)
          .momentum(0.9)
          .nesterov(true)
          .clipNorm(1)
          .clipValue(1)
          .weightDecay(0.01)
          .build(),
      Adam.builder()
          .learningRate(schedules[0])
          .beta1(0.9)
          .beta2(0.999)
          .epsilon(1e-7)
          .amsgrad(true)
          .globalClipNorm(1)
          .build(),
      AdamW.builder().weightDecay(0.004).amsgrad(false).beta1(0.9).build(),
      Adamax.builder().beta1(0.9).beta2(0.999).epsilon(1e-7).build(),
      Nadam.builder().beta1(0.9).beta2(0.999).epsilon(1e-7).build(),
      RMSprop.builder().rho(0.9).momentum(0.0).epsilon(1e-7).centered(true).build(),
      Adagrad.builder().initialAccumulatorValue(0.1).epsilon(1e-7).build(),
      new RMSprop(0.001),
      new Adagrad(0.001),
      new AdamW(0.001, 0.004),
      new Adamax(0.001),
      new Nadam(0.001)
    };
    for (Optimizer o : built) {
      Variable v = Variable.of(new float[] {1f, 2f});
      o.applyGradients(List.of(Tensor.of(new float[] {0.5f, -0.5f})), List.of(v));
      assertEquals(1L, o.iterations(), o.name());
      if (o.learningRateSchedule() == null) {
        o.setLearningRate(0.5);
        assertEquals(0.5, o.learningRate(), 1e-7, o.name());
      }
    }
  }
}
