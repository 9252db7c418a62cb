package dev.lanegrad.examples;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.callbacks.EarlyStopping;
import dev.lanegrad.callbacks.ModelCheckpoint;
import dev.lanegrad.callbacks.TensorBoard;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.data.Datasets;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.Optimizer;
import dev.lanegrad.optimizers.schedules.CosineDecay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the three Fashion-MNIST examples share: loading the IDX files (Debian's {@code
 * dataset-fashion-mnist}, or the 600 + 200 image slice in {@code data/fashion-mnist-slice}),
 * training on a {@link Dataset} with Keras's progress line, a cosine learning-rate schedule and the
 * callbacks Keras users add (EarlyStopping, ModelCheckpoint, TensorBoard), the test accuracy,
 * examples per second and the PNG curves.
 *
 * <p>System properties: {@code lanegrad.fashion.dir} (the folder of the four {@code .gz} files,
 * default {@code /usr/share/datasets/fashion-mnist}), {@code lanegrad.fashion.epochs}, {@code
 * lanegrad.fashion.train} (use only the first N training images), {@code lanegrad.examples.out}.
 */
final class Fashion {
  /** Where Debian's package puts the files. */
  static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The committed slice, relative to the project folder. */
  static final Path SLICE_DIR = Path.of("data/fashion-mnist-slice");

  static final String[] CLASSES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  private Fashion() {}

  /** Images scaled to [0, 1] (n, 28, 28) float32 and labels (n,) int32. */
  record Split(Tensor x, Tensor y) {
    int size() {
      return x.shape().dim(0);
    }
  }

  record Data(Split train, Split test, Path dir) {}

  /** The data folder to use, or null (after saying how to install it) when there is none. */
  static Path dataDir() {
    String prop = System.getProperty("lanegrad.fashion.dir");
    Path dir = prop != null ? Path.of(prop) : SYSTEM_DIR;
    if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
      return dir;
    }
    System.out.println(
        "Fashion-MNIST is not in "
            + dir
            + ": install it with `apt-get install dataset-fashion-mnist`"
            + " (or pass -Dlanegrad.fashion.dir=data/fashion-mnist-slice for the 800-image slice)");
    return null;
  }

  static Data load(Path dir) {
    Split train = read(dir, "train");
    Split test = read(dir, "t10k");
    int limit = Integer.getInteger("lanegrad.fashion.train", 0);
    if (limit > 0 && limit < train.size()) {
      train = new Split(first(train.x(), limit), first(train.y(), limit));
    }
    return new Data(train, test, dir);
  }

  private static Tensor first(Tensor t, int n) {
    int[] dims = t.shape().dims();
    int row = (int) (t.size() / dims[0]);
    dims[0] = n;
    if (t.dtype() == DType.INT32) {
      return Tensor.of(
          java.util.Arrays.copyOf(t.toIntArray(), n * row), dev.lanegrad.Shape.of(dims));
    }
    return Tensor.of(
        java.util.Arrays.copyOf(t.toFloatArray(), n * row), dev.lanegrad.Shape.of(dims));
  }

  private static Split read(Path dir, String prefix) {
    try (var ds =
        Datasets.idx(
                dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                dir.resolve(prefix + "-labels-idx1-ubyte.gz"))
            .batch(Integer.MAX_VALUE)) {
      List<Tensor> all = ds.iterator().next();
      // tf.keras tutorial: train_images / 255.0
      return new Split(all.get(0).div(255.0), all.get(1));
    }
  }

  /** Steps of one epoch at this batch size (the last batch may be smaller, as Keras). */
  static long stepsPerEpoch(Data data, int batchSize) {
    return (data.train().size() + batchSize - 1) / batchSize;
  }

  /**
   * Keras's {@code Adam(CosineDecay(initial, decay_steps))}: the rate falls from {@code initial}
   * along a half cosine to 0 at the last step of the last epoch.
   */
  static Optimizer adamCosine(double initial, Data data, int epochs, int batchSize) {
    long steps = Math.max(1, epochs * stepsPerEpoch(data, batchSize));
    return Adam.builder().learningRate(new CosineDecay(initial, steps)).build();
  }

  /**
   * Compiles with sparse categorical cross-entropy from logits and accuracy, fits on a shuffled,
   * batched {@link Dataset} with EarlyStopping (val_accuracy, patience 3, the last weights kept),
   * ModelCheckpoint (the best val_accuracy's weights as {@code <name>-best.safetensors}) and
   * TensorBoard ({@code logs/<name>}), evaluates the final weights, prints the test accuracy and
   * examples per second, writes {@code <name>.png}; returns the test accuracy.
   */
  static double run(
      String name, Sequential model, Optimizer optimizer, Data data, int epochs, int batchSize) {
    System.out.printf(
        Locale.ROOT,
        "data: %s, %d training and %d test images of 28x28 pixels%n",
        data.dir(),
        data.train().size(),
        data.test().size());
    model.compile(optimizer, Losses.sparseCategoricalCrossentropy(true), "accuracy");
    Path out = Charts.outputDir();
    // tf.data: from_tensor_slices(...).shuffle(len, seed).batch(b); shuffled again every epoch
    Dataset train =
        Dataset.fromTensorSlices(data.train().x(), data.train().y())
            .shuffle(data.train().size(), 42L)
            .batch(batchSize);
    Dataset test = Dataset.fromTensorSlices(data.test().x(), data.test().y()).batch(500);
    // the test images double as validation data, as the Keras examples do; the reported accuracy
    // is the final weights' (no early-stopping restore), so nothing is chosen on the test set
    EarlyStopping stop = EarlyStopping.builder().monitor("val_accuracy").patience(3).build();
    Path best = out.resolve(name + "-best.safetensors");
    Path logs = out.resolve("logs").resolve(name);
    long start = System.nanoTime();
    History h =
        model.fit(
            train,
            FitOptions.builder()
                .epochs(epochs)
                .validationData(test)
                .callbacks(
                    stop,
                    ModelCheckpoint.builder(best.toString())
                        .monitor("val_accuracy")
                        .saveBestOnly(true)
                        .saveWeightsOnly(true)
                        .build(),
                    new TensorBoard(logs))
                .verbose(1)
                .build());
    double seconds = (System.nanoTime() - start) / 1e9;
    int ran = h.get("loss").size();
    System.out.println();
    System.out.print(model.summary());
    Map<String, Double> result = model.evaluate(test);
    System.out.printf(
        Locale.ROOT,
        "test accuracy: %.4f (loss %.4f) on %d images%n",
        result.get("accuracy"),
        result.get("loss"),
        data.test().size());
    System.out.printf(
        Locale.ROOT,
        "training: %d epochs in %.1f s, %.0f examples/s%s%n",
        ran,
        seconds,
        (double) ran * data.train().size() / seconds,
        stop.stoppedEpoch() > 0 ? " (stopped early by EarlyStopping)" : "");
    System.out.println("best weights (val_accuracy): " + best.toAbsolutePath());
    System.out.println("TensorBoard: tensorboard --logdir " + logs.toAbsolutePath());
    Map<String, List<Double>> loss = new LinkedHashMap<>();
    loss.put("loss", h.get("loss"));
    loss.put("val_loss", h.get("val_loss"));
    Map<String, List<Double>> acc = new LinkedHashMap<>();
    acc.put("accuracy", h.get("accuracy"));
    acc.put("val_accuracy", h.get("val_accuracy"));
    Path png =
        Charts.writePng(
            out.resolve(name + ".png"),
            640,
            420,
            Charts.lines("loss", "epoch", "loss", 1, loss),
            Charts.lines("accuracy", "epoch", "accuracy", 1, acc));
    System.out.println("curves: " + png.toAbsolutePath());
    return result.get("accuracy");
  }
}
