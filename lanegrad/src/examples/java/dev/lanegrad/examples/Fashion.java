package dev.lanegrad.examples;

import dev.lanegrad.DType;
import dev.lanegrad.Tensor;
import dev.lanegrad.data.Datasets;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the three Fashion-MNIST examples share: loading the IDX files (Debian's {@code
 * dataset-fashion-mnist}, or the 600 + 200 image slice in {@code data/fashion-mnist-slice}),
 * training with Keras's progress line, the test accuracy, examples per second and the PNG curves.
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

  /**
   * Compiles with sparse categorical cross-entropy from logits and accuracy, fits, evaluates,
   * prints the test accuracy and examples per second, writes {@code <name>.png}; returns the test
   * accuracy.
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
    long start = System.nanoTime();
    History h =
        model.fit(
            data.train().x(),
            data.train().y(),
            FitOptions.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .validationData(data.test().x(), data.test().y())
                .seed(42L)
                .verbose(1)
                .build());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println();
    System.out.print(model.summary());
    Map<String, Double> test = model.evaluate(data.test().x(), data.test().y());
    System.out.printf(
        Locale.ROOT,
        "test accuracy: %.4f (loss %.4f) on %d images%n",
        test.get("accuracy"),
        test.get("loss"),
        data.test().size());
    System.out.printf(
        Locale.ROOT,
        "training: %d epochs in %.1f s, %.0f examples/s%n",
        epochs,
        seconds,
        (double) epochs * data.train().size() / seconds);
    Map<String, List<Double>> loss = new LinkedHashMap<>();
    loss.put("loss", h.get("loss"));
    loss.put("val_loss", h.get("val_loss"));
    Map<String, List<Double>> acc = new LinkedHashMap<>();
    acc.put("accuracy", h.get("accuracy"));
    acc.put("val_accuracy", h.get("val_accuracy"));
    Path png =
        Charts.writePng(
            Charts.outputDir().resolve(name + ".png"),
            640,
            420,
            Charts.lines("loss", "epoch", "loss", 1, loss),
            Charts.lines("accuracy", "epoch", "accuracy", 1, acc));
    System.out.println("curves: " + png.toAbsolutePath());
    return test.get("accuracy");
  }
}
