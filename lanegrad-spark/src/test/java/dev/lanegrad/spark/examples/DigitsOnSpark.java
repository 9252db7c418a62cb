package dev.lanegrad.spark.examples;

import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.spark.Sample;
import dev.lanegrad.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job of docs/spark.md: a 64-64-10 perceptron learns the UCI handwritten digits (a CSV of 64
 * pixels in 0..16 and the label per line, gzip read by Spark as it is) on a Spark cluster, then
 * scores the same rows with {@code predict}.
 *
 * <pre>
 * spark-submit --class dev.lanegrad.spark.examples.DigitsOnSpark ... job.jar data/digits.csv.gz
 * </pre>
 */
public final class DigitsOnSpark {
  private DigitsOnSpark() {}

  /** The model; every executor calls this factory and gets the same layers and initial weights. */
  static Model mlp() {
    return new Sequential(
        Dense.builder(64)
            .activation(Activation.RELU)
            .inputShape(64)
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        Dense.builder(10).kernelInitializer(Initializers.glorotUniform(2)).build());
  }

  /** Trains on the CSV at {@code path} and returns the accuracy of the trained model on it. */
  public static double run(SparkSession spark, String path, int epochs) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Sample> data =
        sc.textFile(path)
            .map(line -> {
              String[] f = line.split(",");
              float[] pixels = new float[64];
              for (int i = 0; i < 64; i++) {
                pixels[i] = Float.parseFloat(f[i]) / 16f;
              }
              return Sample.of(pixels, Float.parseFloat(f[64]));
            });
    SparkTrainer trainer =
        SparkTrainer.builder()
            .model(DigitsOnSpark::mlp)
            .optimizer(() -> new Adam(0.003))
            .loss(() -> Losses.sparseCategoricalCrossentropy(true))
            .metrics("accuracy")
            .batchSize(64)
            .microBatch(16)
            .epochs(epochs)
            .seed(42)
            .build();
    History h = trainer.fit(data);
    System.out.println(h);

    // the same rows as a DataFrame, scored on the executors
    List<Row> rows = new ArrayList<>();
    for (Sample s : data.collect()) {
      List<Float> pixels = new ArrayList<>();
      for (float p : s.features()) {
        pixels.add(p);
      }
      rows.add(RowFactory.create(pixels, (int) s.label()[0]));
    }
    StructType schema =
        new StructType()
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
            .add("digit", DataTypes.IntegerType);
    Dataset<Row> scored =
        trainer.predict(spark.createDataFrame(rows, schema), "pixels", "prediction");
    long right = 0;
    List<Row> out = scored.collectAsList();
    for (Row r : out) {
      List<Float> p = r.getList(2);
      int best = 0;
      for (int k = 1; k < p.size(); k++) {
        if (p.get(k) > p.get(best)) {
          best = k;
        }
      }
      if (best == r.getInt(1)) {
        right++;
      }
    }
    double accuracy = (double) right / out.size();
    System.out.printf("accuracy on the %d training rows: %.4f%n", out.size(), accuracy);
    return accuracy;
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("lanegrad digits").getOrCreate();
    try {
      run(spark, args.length > 0 ? args[0] : "data/digits.csv.gz", 10);
    } finally {
      spark.stop();
    }
  }
}
