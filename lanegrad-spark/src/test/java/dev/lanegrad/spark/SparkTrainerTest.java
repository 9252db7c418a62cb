package dev.lanegrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Padding;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.ActivationLayer;
import dev.lanegrad.nn.BatchNormalization;
import dev.lanegrad.nn.Conv2D;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.MaxPooling2D;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.Regularizers;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SparkTrainer gives the weights of {@code Model.fit} in one JVM with the same batch and
 * micro-batch sizes, bit for bit, on any number of ranks, and after a failed task too.
 */
class SparkTrainerTest {
  static final long SEED = 20261207L;
  static final int ROWS = 150;
  static final int FEATURES = 12;

  /** 3 classes from a fixed linear rule over gaussian features. */
  static float[][] features() {
    SplittableRandom r = new SplittableRandom(SEED);
    float[][] x = new float[ROWS][FEATURES];
    for (float[] row : x) {
      for (int j = 0; j < FEATURES; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  static float[] labels(float[][] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float s = x[i][0] + 0.5f * x[i][1] - x[i][2];
      y[i] = s < -0.5f ? 0 : s < 0.5f ? 1 : 2;
    }
    return y;
  }

  static Model mlp() {
    return new Sequential(
        Dense.builder(16)
            .activation(Activation.RELU)
            .inputShape(FEATURES)
            .kernelInitializer(Initializers.glorotUniform(11))
            .kernelRegularizer(Regularizers.l2(0.001))
            .build(),
        Dense.builder(3).kernelInitializer(Initializers.glorotUniform(12)).build());
  }

  static SparkTrainer.Builder trainer() {
    return SparkTrainer.builder()
        .model(SparkTrainerTest::mlp)
        .optimizer(() -> new Adam(0.01))
        .loss(() -> Losses.sparseCategoricalCrossentropy(true))
        .batchSize(32)
        .microBatch(5)
        .epochs(2)
        .seed(SEED)
        .verbose(0);
  }

  /** The reference: Model.fit in this JVM, batches of 32 in micro-batches of 5. */
  static List<float[]> fitInOneJvm() {
    Model m = mlp();
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), new String[0]);
    fit(m, features(), 2);
    return weights(m);
  }

  static History fit(Model m, Object x, int epochs) {
    return m.fit(
        Tensor.of(x),
        Tensor.of(labels(features())),
        FitOptions.builder()
            .batchSize(32)
            .microBatch(5)
            .epochs(epochs)
            .seed(SEED)
            .verbose(0)
            .build());
  }

  static List<float[]> weights(Model m) {
    List<float[]> w = new ArrayList<>();
    for (Variable v : m.variables()) {
      w.add(v.toFloatArray());
    }
    return w;
  }

  static JavaRDD<Sample> samples(int partitions) {
    float[][] x = features();
    float[] y = labels(x);
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      s.add(Sample.of(x[i], y[i]));
    }
    return JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext())
        .parallelize(s, partitions);
  }

  static void assertSameWeights(List<float[]> expected, List<float[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", variable " + i);
    }
  }

  @ParameterizedTest(name = "{0} ranks")
  @ValueSource(ints = {2, 4})
  void weightsEqualFitInOneJvmBitForBit(int ranks) {
    // 150 rows: 4 batches of 32 (7 micro-batches, the last of 2 rows) and one of 22 (5), 2 epochs
    SparkTrainer t = trainer().numWorkers(ranks).build();
    History h = t.fit(samples(3));
    Model one = mlp();
    one.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), new String[0]);
    History expected = fit(one, features(), 2);
    assertSameWeights(weights(one), weights(t.model()), ranks + " ranks");
    // the loss fit reports: the whole batch's predictions, with the L2 term, to the bit
    assertEquals(expected.history(), h.history());
    assertTrue(h.get("loss").get(1) < h.get("loss").get(0), h.toString());
  }

  /**
   * An 8x8 image version of the Fashion-MNIST CNN: a convolution, BatchNormalization (rank 4: the
   * fused path's Bessel-corrected moving variance) before the ReLU, max-pooling, then Dense.
   */
  static Model cnn() {
    return new Sequential(
        Conv2D.builder(4, 3)
            .padding(Padding.SAME)
            .inputShape(8, 8, 1)
            .kernelInitializer(Initializers.glorotUniform(21))
            .build(),
        BatchNormalization.builder().momentum(0.9).build(),
        new ActivationLayer(Activation.RELU),
        new MaxPooling2D(2),
        new Flatten(),
        Dense.builder(3).kernelInitializer(Initializers.glorotUniform(22)).build());
  }

  /** The features as 150 images of 8x8x1 (the first 12 pixels the features, the rest derived). */
  static float[][][][] images() {
    float[][] f = features();
    float[][][][] x = new float[ROWS][8][8][1];
    for (int i = 0; i < ROWS; i++) {
      for (int p = 0; p < 64; p++) {
        x[i][p / 8][p % 8][0] = f[i][p % FEATURES] * (1 + p / FEATURES) * 0.5f;
      }
    }
    return x;
  }

  /**
   * BatchNormalization trains on Spark as in Model.fit with the same micro-batches: statistics per
   * micro-batch (Keras on several replicas without sync), the moving statistics replayed in
   * micro-batch order on every rank; and the metrics and losses of fit's History, to the bit.
   */
  @ParameterizedTest(name = "{0} ranks")
  @ValueSource(ints = {2, 4})
  void batchNormalizationAndMetricsEqualFitInOneJvm(int ranks) {
    float[][][][] x = images();
    float[] y = labels(features());
    // validation: the first 40 images, mirrored (evaluated on the driver after each epoch)
    float[][][][] vx = new float[40][8][8][1];
    for (int i = 0; i < 40; i++) {
      for (int p = 0; p < 64; p++) {
        vx[i][p / 8][p % 8][0] = x[i][p / 8][7 - p % 8][0];
      }
    }
    float[] vy = Arrays.copyOf(y, 40);
    Model one = cnn();
    one.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History expected =
        one.fit(
            Tensor.of(x),
            Tensor.of(y),
            FitOptions.builder()
                .batchSize(32)
                .microBatch(5)
                .epochs(2)
                .seed(SEED)
                .verbose(0)
                .validationData(Tensor.of(vx), Tensor.of(vy))
                .build());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
    SparkTrainer t =
        trainer()
            .model(SparkTrainerTest::cnn)
            .inputShape(8, 8, 1)
            .metrics("accuracy")
            .validationData(sc.parallelize(flat(vx, vy), 2))
            .numWorkers(ranks)
            .build();
    History h = t.fit(sc.parallelize(flat(x, y), 2));
    // moving_mean and moving_variance are among the variables: replayed to the bit
    assertSameWeights(weights(one), weights(t.model()), "BN on " + ranks + " ranks");
    assertEquals(expected.history(), h.history(), "History");
    assertEquals(
        List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.history().keySet()));
  }

  static List<Sample> flat(float[][][][] x, float[] y) {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      float[] flat = new float[64];
      for (int p = 0; p < 64; p++) {
        flat[p] = x[i][p / 8][p % 8][0];
      }
      s.add(Sample.of(flat, y[i]));
    }
    return s;
  }

  @Test
  void aDataFrameTrainsAsTheSamplesDoAndPredictAddsAColumn() {
    SparkSession spark = SparkTests.session();
    float[][] x = features();
    float[] y = labels(x);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      List<Double> f = new ArrayList<>();
      for (float v : x[i]) {
        f.add((double) v); // exact: float -> double -> float
      }
      double[] v = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        v[j] = x[i][j];
      }
      rows.add(RowFactory.create(i, f, Vectors.dense(v), (int) y[i]));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("vector", new VectorUDT())
            .add("label", DataTypes.IntegerType);
    // a local relation keeps the list's order across its partitions, as zipWithIndex reads it
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    SparkTrainer t = trainer().numWorkers(3).build();
    t.fit(df, "vector", "label"); // an ML vector column; predict below reads the array column
    assertSameWeights(fitInOneJvm(), weights(t.model()), "DataFrame");

    Dataset<Row> scored = t.predict(df, "features", "prediction");
    assertEquals(
        List.of("id", "features", "vector", "label", "prediction"), List.of(scored.columns()));
    float[] expected = t.model().predict(Tensor.of(x)).toFloatArray();
    for (Row r : scored.collectAsList()) {
      int id = r.getInt(0);
      List<Float> p = r.getList(4);
      assertEquals(3, p.size());
      for (int k = 0; k < 3; k++) {
        assertEquals(expected[id * 3 + k], p.get(k), 1e-6f, "row " + id);
      }
    }
  }

  static final AtomicBoolean KILLED = new AtomicBoolean();
  static final Set<String> STEPS = ConcurrentHashMap.newKeySet();
  static final List<String> RUNS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void aTaskKilledOnceResumesFromTheCheckpointAndEndsWithTheSameWeights(@TempDir Path dir) {
    KILLED.set(false);
    RUNS.clear();
    SparkTrainer t =
        trainer()
            .numWorkers(2)
            .checkpointDir(dir.toUri().toString())
            .checkpointEvery(2)
            .stepHook((rank, epoch, step) -> {
              if (rank == 0) {
                RUNS.add(epoch + "/" + step);
              }
              if (rank == 1 && epoch == 1 && step == 3 && KILLED.compareAndSet(false, true)) {
                throw new IllegalStateException("killed by the test at epoch 1, step 3");
              }
            })
            .build();
    t.fit(samples(4));
    assertTrue(KILLED.get(), "the hook never fired");
    assertSameWeights(fitInOneJvm(), weights(t.model()), "after a failure");
    // epoch 1 = steps 0..4 (iterations 5..9); rank 0 checkpointed at iterations 6 and 8, i.e.
    // before epoch 1's steps 1 and 3: the rerun starts at step 3, not at the epoch's start
    List<String> epoch1 = RUNS.stream().filter(s -> s.startsWith("1/")).toList();
    assertEquals(List.of("1/0", "1/1", "1/2", "1/3", "1/3", "1/4"), epoch1, RUNS.toString());
  }

  @Test
  void mistakesAreIllegalArgumentExceptionsNamingWhatIsWrong() {
    SparkSession spark = SparkTests.session();
    StructType schema =
        new StructType()
            .add("f", DataTypes.createArrayType(DataTypes.FloatType))
            .add("y", DataTypes.DoubleType);
    Dataset<Row> ragged =
        spark.createDataFrame(
            List.of(RowFactory.create(List.of(1f, 2f), 0.0), RowFactory.create(List.of(1f), 1.0)),
            schema);
    SparkTrainer t = trainer().build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.fit(ragged, "features", "y"));
    assertTrue(e.getMessage().contains("no column \"features\""), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> t.fit(ragged, "f", "y"));
    assertTrue(e.getMessage().contains("features of 1 to 2 values"), e.getMessage());
    Dataset<Row> text =
        spark.createDataFrame(
            List.of(RowFactory.create("a", 0.0)),
            new StructType().add("f", DataTypes.StringType).add("y", DataTypes.DoubleType));
    e = assertThrows(IllegalArgumentException.class, () -> t.fit(text, "f", "y"));
    assertTrue(e.getMessage().contains("column \"f\" holds a java.lang.String"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> t.predict(ragged, "f", "p"));
    SparkTrainer byColumns = trainer().validationData(ragged).build();
    e = assertThrows(IllegalArgumentException.class, () -> byColumns.fit(samples(2)));
    assertTrue(e.getMessage().contains("validationData was a DataFrame"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SparkTrainer.builder().microBatch(0).build());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder().model(SparkTrainerTest::mlp).build());
    assertTrue(e.getMessage().contains("missing optimizer loss"), e.getMessage());
  }
}
