package dev.lanegrad.bench;

import dev.lanegrad.Tensor;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.data.Datasets;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import dev.lanegrad.optimizers.Adam;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * lanegrad's side of {@code bench/fashion_mlp_torch.py}: TF's "Basic classification" tutorial on
 * Fashion-MNIST (Flatten, Dense(128, relu), Dense(10), Adam, sparse categorical cross-entropy from
 * logits, batch 32), timed one {@code fit} epoch at a time, training only (no validation, silent).
 * Not a JMH benchmark: an epoch is long, and the first one includes C2 compiling the kernels, so it
 * prints both {@code ms_first_epoch} and {@code ms}, the median of the later epochs, in the peers'
 * line format ({@code fashion/lanegrad/none/t<threads>/mlp_fit_b32}).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -Dlanegrad.threads=1 -cp
 * lanegrad/target/benchmarks.jar dev.lanegrad.bench.FashionFit [epochs=3] [data dir]}
 */
public final class FashionFit {
  private FashionFit() {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path dir = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
    List<Tensor> train = load(dir, "train");
    List<Tensor> test = load(dir, "t10k");
    Tensor x = train.get(0).div(255.0);
    Tensor y = train.get(1);
    Sequential model = model();
    long n = x.shape().dims()[0];
    double[] ms = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      long t0 = System.nanoTime();
      epoch(model, x, y, e);
      ms[e] = (System.nanoTime() - t0) / 1e6;
    }
    Map<String, Double> eval = model.evaluate(test.get(0).div(255.0), test.get(1));
    double[] later = epochs > 1 ? Arrays.copyOfRange(ms, 1, epochs) : ms.clone();
    Arrays.sort(later);
    double median =
        later.length % 2 == 1
            ? later[later.length / 2]
            : (later[later.length / 2 - 1] + later[later.length / 2]) / 2;
    String name =
        "fashion/lanegrad/none/t" + dev.lanegrad.internal.kernels.Threads.get() + "/mlp_fit_b32";
    System.out.printf(Locale.ROOT, "%s\tms\t%.6g%n", name, median);
    System.out.printf(Locale.ROOT, "%s\texamples_per_s\t%.6g%n", name, n / (median / 1e3));
    System.out.printf(Locale.ROOT, "%s\tms_first_epoch\t%.6g%n", name, ms[0]);
    System.out.printf(Locale.ROOT, "%s\ttest_accuracy\t%.4f%n", name, eval.get("accuracy"));
    System.out.printf(Locale.ROOT, "%s\tepochs\t%d%n", name, epochs);
  }

  /** The tutorial's model, compiled (seeded: every run starts from the same weights). */
  static Sequential model() {
    Utils.setRandomSeed(42);
    Sequential model =
        new Sequential(
            Flatten.builder().inputShape(28, 28).build(),
            new Dense(128, Activation.RELU),
            new Dense(10));
    model.compile(new Adam(0.001), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    return model;
  }

  /** One silent {@code fit} epoch at batch 32, shuffled by a seed of the epoch's number. */
  static void epoch(Sequential model, Tensor x, Tensor y, int e) {
    model.fit(x, y, FitOptions.builder().epochs(1).batchSize(32).seed(42L + e).verbose(0).build());
  }

  static List<Tensor> load(Path dir, String prefix) {
    try (Dataset ds =
        Datasets.idx(
                dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                dir.resolve(prefix + "-labels-idx1-ubyte.gz"))
            .batch(Integer.MAX_VALUE)) {
      return ds.iterator().next();
    }
  }
}
