package dev.lanegrad.examples;

import dev.lanegrad.Tensor;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * The demo: a multilayer perceptron learns the UCI handwritten digits (8x8 images, 1797 of them,
 * shipped in {@code data/digits.csv.gz}) with {@code compile}/{@code fit}/{@code evaluate}, prints
 * its test accuracy and writes its loss and accuracy curves as a PNG.
 *
 * <p>Run from the project folder: {@code ./mvnw -q test-compile exec:exec@demo}. System properties:
 * {@code lanegrad.demo.epochs} (default {@value #EPOCHS}), {@code lanegrad.demo.data} (the CSV),
 * {@code lanegrad.examples.out} (where the PNG goes, default {@code target}).
 */
public final class Demo {
  /** Seeds the split, the shuffling and the initial weights: every run prints the same figures. */
  public static final long SEED = 42;

  /** Training epochs unless {@code -Dlanegrad.demo.epochs} says otherwise. */
  public static final int EPOCHS = 20;

  /** Adam's step size. */
  public static final double LEARNING_RATE = 3e-3;

  /** The share of the 1797 images held out for the final test. */
  public static final double TEST_SHARE = 0.2;

  private Demo() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    int epochs = Integer.getInteger("lanegrad.demo.epochs", EPOCHS);
    Path csv = Path.of(System.getProperty("lanegrad.demo.data", "data/digits.csv.gz"));

    Digits all = Digits.load(csv);
    Digits[] split = all.split(TEST_SHARE, SEED);
    Digits train = split[0];
    Digits test = split[1];
    System.out.printf(
        Locale.ROOT, "lanegrad demo: a 64-64-10 perceptron on the UCI handwritten digits%n");
    System.out.printf(
        Locale.ROOT,
        "data: %s, %d images of 8x8 pixels; %d to train, %d to test (seed %d)%n",
        csv,
        all.size(),
        train.size(),
        test.size(),
        SEED);

    Sequential model =
        new Sequential(
            Dense.builder(64)
                .activation(Activation.RELU)
                .inputShape(64)
                .kernelInitializer(Initializers.glorotUniform(SEED))
                .build(),
            Dense.builder(10).kernelInitializer(Initializers.glorotUniform(SEED + 1)).build());
    System.out.printf(
        Locale.ROOT,
        "model: Dense(64, relu) -> Dense(10), Adam(%s), "
            + "sparse categorical cross-entropy from logits%n%n",
        LEARNING_RATE);
    model.compile(new Adam(LEARNING_RATE), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History history =
        model.fit(
            train.x(),
            train.y(),
            FitOptions.builder()
                .epochs(epochs)
                .batchSize(32)
                .validationSplit(0.1)
                .shuffle(true)
                .seed(SEED)
                .verbose(1)
                .build());

    System.out.println();
    System.out.print(model.summary());

    Map<String, Double> result = model.evaluate(test.x(), test.y());
    double accuracy = result.get("accuracy");
    System.out.printf(
        Locale.ROOT,
        "%ntest: loss %.4f, accuracy %.2f %% (%d of %d images)%n",
        result.get("loss"),
        100 * accuracy,
        Math.round(accuracy * test.size()),
        test.size());

    int[] predicted = argmax(model.predict(test.x()));
    System.out.println();
    System.out.print(test.render(0, 4, predicted));

    Path png =
        Charts.writePng(
            Charts.outputDir().resolve("demo-digits.png"),
            560,
            400,
            Charts.lines(
                "loss", "epoch", "sparse categorical cross-entropy", 1, curves(history, "loss")),
            Charts.lines("accuracy", "epoch", "accuracy", 1, curves(history, "accuracy")));
    // relative to the working directory when inside it: the output holds no machine's paths
    Path here = Path.of("").toAbsolutePath();
    Path abs = png.toAbsolutePath();
    System.out.println("curves: " + (abs.startsWith(here) ? here.relativize(abs) : abs));
    System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** The training curve of {@code metric} and its validation twin {@code val_<metric>}, if any. */
  private static Map<String, List<Double>> curves(History history, String metric) {
    Map<String, List<Double>> curves = new LinkedHashMap<>();
    curves.put("train", history.get(metric));
    List<Double> val = history.history().get("val_" + metric);
    if (val != null && !val.isEmpty()) curves.put("validation", val);
    return curves;
  }

  /** The index of the largest value of each row of a (n, k) tensor. */
  static int[] argmax(Tensor scores) {
    float[] s = scores.toFloatArray();
    int k = scores.shape().dim(1);
    int[] best = new int[s.length / k];
    for (int i = 0; i < best.length; i++) {
      int b = 0;
      for (int j = 1; j < k; j++) if (s[i * k + j] > s[i * k + b]) b = j;
      best[i] = b;
    }
    return best;
  }

  /** Images (pixels scaled to [0, 1], 64 a row) and their labels 0..9. */
  record Digits(float[][] pixels, int[] labels) {
    int size() {
      return labels.length;
    }

    Tensor x() {
      return Tensor.of(pixels);
    }

    Tensor y() {
      return Tensor.of(labels);
    }

    /** Reads scikit-learn's {@code digits.csv.gz}: 64 pixels in 0..16 then the label, a line. */
    static Digits load(Path file) {
      List<float[]> px = new ArrayList<>();
      List<Integer> lb = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.isBlank()) continue;
          String[] f = line.split(",");
          if (f.length != 65)
            throw new IllegalArgumentException(file + ": 65 values expected, got " + f.length);
          float[] row = new float[64];
          for (int j = 0; j < 64; j++) row[j] = Float.parseFloat(f[j]) / 16f;
          px.add(row);
          lb.add((int) Float.parseFloat(f[64]));
        }
      } catch (NoSuchFileException e) {
        throw new UncheckedIOException(
            "no "
                + file.toAbsolutePath()
                + ": run the demo from the project folder, or pass -Dlanegrad.demo.data=<digits.csv.gz>",
            e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
      }
      int[] labels = new int[lb.size()];
      for (int i = 0; i < labels.length; i++) labels[i] = lb.get(i);
      return new Digits(px.toArray(new float[0][]), labels);
    }

    /**
     * A seeded shuffle (Fisher-Yates), then the first {@code 1 - testShare} to train, the rest to
     * test.
     */
    Digits[] split(double testShare, long seed) {
      int n = size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      int nTest = (int) Math.round(n * testShare);
      return new Digits[] {subset(order, 0, n - nTest), subset(order, n - nTest, n)};
    }

    private Digits subset(int[] order, int from, int to) {
      float[][] p = new float[to - from][];
      int[] l = new int[to - from];
      for (int i = from; i < to; i++) {
        p[i - from] = pixels[order[i]];
        l[i - from] = labels[order[i]];
      }
      return new Digits(p, l);
    }

    /**
     * Images {@code from..from+count-1} side by side in text, each with its label and prediction.
     */
    String render(int from, int count, int[] predicted) {
      String shades = " .:-=+*#%@";
      StringBuilder sb = new StringBuilder();
      for (int row = 0; row < 8; row++) {
        for (int i = from; i < from + count; i++) {
          for (int col = 0; col < 8; col++) {
            float v = pixels[i][row * 8 + col];
            char c = shades.charAt(Math.min(shades.length() - 1, (int) (v * shades.length())));
            sb.append(c).append(c);
          }
          sb.append("    ");
        }
        sb.setLength(sb.length() - 4);
        sb.append('\n');
      }
      for (int i = from; i < from + count; i++) {
        String caption =
            String.format(
                Locale.ROOT,
                "%d -> %d%s",
                labels[i],
                predicted[i],
                labels[i] == predicted[i] ? " ok" : " NO");
        sb.append(String.format(Locale.ROOT, "%-16s    ", caption));
      }
      sb.setLength(sb.length() - 4);
      return sb.append("   (label -> prediction)\n").toString();
    }
  }
}
