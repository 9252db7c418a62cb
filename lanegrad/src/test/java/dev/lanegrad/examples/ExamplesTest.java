package dev.lanegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example's {@code main} and checks what it prints against the seed notebooks: the
 * deterministic values exactly, the ones that depend on random weights through the relations the
 * notebook's math implies (recomputed here from the same seeds).
 */
class ExamplesTest {
  @TempDir static Path out;

  @BeforeAll
  static void outputIntoTempDir() {
    System.setProperty("lanegrad.examples.out", out.toString());
  }

  // ------------------------------------------------------------------ seed 000

  @Test
  void seed000Variables() throws Exception {
    String o = Capture.stdout(() -> Seed000Variables.main(new String[0]));
    List<String> lines = o.lines().toList();
    assertEquals(11, lines.size(), o);
    // a.assign([1.0, 2.0, 3.0]) on a (2,) variable: refused, and the message names both shapes
    assertTrue(lines.get(0).startsWith("IllegalArgumentException: "), o);
    assertTrue(lines.get(0).contains("(2,)") && lines.get(0).contains("(3,)"), lines.get(0));
    assertEquals(
        List.of(
            "Tensor([9. 9.], shape=(2,), dtype=float32)",
            "[6. 6.]",
            "dense/kernel:0, shape: (3, 2)",
            "dense/bias:0, shape: (2,)",
            "18.0",
            "Tensor(1.0, shape=(), dtype=float32) null",
            "Tensor(8.0, shape=(), dtype=float32)",
            "[Tensor(2.0, shape=(), dtype=float32)]",
            "Tensor(4.0, shape=(), dtype=float32)",
            "[Tensor(30.0, shape=(), dtype=float32)]"),
        lines.subList(1, 11));
  }

  // ------------------------------------------------------------------ seed 001

  @Test
  void seed001Autodiff() throws Exception {
    String o = Capture.stdout(() -> Seed001Autodiff.main(new String[0]));
    List<Printed> p = printed(o);
    assertEquals("Tensor(16.0, shape=(), dtype=float32)", p.get(0).text());
    assertEquals("Tensor(8.0, shape=(), dtype=float32)", p.get(1).text());

    // w = tf.Variable(tf.random.normal((4, 2))): the seeded draw, printed exactly
    float[] w = Tensor.randomNormal(Shape.of(4, 2), Seed001Autodiff.SEED).toFloatArray();
    p.get(2).check("Variable", "4, 2", "float32", toDouble(w));
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 1.]>", p.get(3).text());
    assertEquals(
        "<Variable 'Variable:0' shape=(1, 4) dtype=float32, value=[[10. 20. 30. 40.]]>",
        p.get(4).text());
    checkMatmulModelGradients(w, p.get(5), p.get(6));

    // Dense(2, relu) on [[10, 20, 30]], loss = sum(y**2): dL/dkernel = x^T (dL/dbias), dL/dbias >=
    // 0
    checkDenseGradients(new double[] {10, 20, 30}, p.get(7), p.get(8));
    assertTrue(o.contains("\ndense/kernel:0, shape: (3, 2)\ndense/bias:0, shape: (2,)\n"), o);

    assertTrue(
        o.contains(
            """
            <Variable 'Variable:0' shape=() dtype=float32, value=5.0>
            <Variable 'Variable:0' shape=() dtype=float32, value=5.0>
            Tensor(10.0, shape=(), dtype=float32)
            Tensor(5.0, shape=(), dtype=float32)
            [Tensor(10.0, shape=(), dtype=float32), null, null, null]
            [Tensor(10.0, shape=(), dtype=float32), Tensor(6.0, shape=(), dtype=float32)]
            [Tensor(10.0, shape=(), dtype=float32), null]
            [Tensor(10.0, shape=(), dtype=float32), null]
            [null, Tensor(6.0, shape=(), dtype=float32)]
            null
            """),
        o);
    assertTrue(o.endsWith("\nnull\n"), o);
  }

  // ------------------------------------------------------------------ seed 002

  @Test
  void seed002MoreTape() throws Exception {
    String o = Capture.stdout(() -> Seed002MoreTape.main(new String[0]));
    List<Printed> p = printed(o);
    assertEquals("Tensor(16.0, shape=(), dtype=float32)", p.get(0).text());
    assertEquals("Tensor(8.0, shape=(), dtype=float32)", p.get(1).text());
    float[] w = Tensor.randomNormal(Shape.of(4, 2), Seed002MoreTape.SEED).toFloatArray();
    checkMatmulModelGradients(w, p.get(2), p.get(3));
    // tape.gradient(y, [w, b]): the notebook's exact values
    p.get(4).check("Tensor", "4, 2", "float32", 10, 10, 20, 20, 30, 30, 40, 40);
    p.get(5).check("Tensor", "2,", "float32", 1, 1);
    checkDenseGradients(new double[] {10, 20, 30, 40}, p.get(6), p.get(7));
    assertTrue(
        o.endsWith(
            """
            Tensor(9.0, shape=(), dtype=float32)
            Tensor(5.0, shape=(), dtype=float32)
            [Tensor(8.0, shape=(), dtype=float32), null, null, null]
            [Tensor(8.0, shape=(), dtype=float32), Tensor(10.0, shape=(), dtype=float32), null, null]
            [Tensor(8.0, shape=(), dtype=float32), null]
            [Tensor(10.0, shape=(), dtype=float32), null]
            [null, Tensor(12.0, shape=(), dtype=float32)]
            """),
        o);
  }

  // ------------------------------------------------------------------ seed 003

  @Test
  void seed003Optimizer() throws Exception {
    String o = Capture.stdout(() -> Seed003Optimizer.main(new String[0]));
    List<String> lines = o.lines().toList();
    assertEquals(
        List.of(
            "UnsupportedOperationException",
            "[5, 2, 3]",
            "Tensor(15.0, shape=(), dtype=float32)",
            "Tensor(6.0, shape=(), dtype=float32)",
            "Tensor(22.0, shape=(), dtype=float32)",
            // the notebook's value, bit for bit: 50 float32 SGD steps of w -= 0.1 * 2w from 5
            "Final loss: 5.0925916816879635e-09",
            "Final loss (manual): 5.0925916816879635e-09"),
        lines.subList(0, 7));
    assertEquals(8, lines.size(), o);
    checkPng(lines.get(7), "Plot: ", 640, 420);
  }

  // ------------------------------------------------------------------ seed 004

  @Test
  void seed004Basics() throws Exception {
    String o = Capture.stdout(() -> Seed004Basics.main(new String[0]));
    List<Printed> p = printed(o);
    // model.variables: a seeded Glorot kernel of shape (1, 1) within +-sqrt(6 / 2), a zero bias
    assertEquals("dense/kernel:0", p.get(0).name());
    assertEquals("1, 1", p.get(0).shape());
    assertTrue(Math.abs(p.get(0).values()[0]) <= Math.sqrt(3), p.get(0).text());
    assertEquals("<Variable 'dense/bias:0' shape=(1,) dtype=float32, value=[0.]>", p.get(1).text());
    assertTrue(o.startsWith("[<Variable 'dense/kernel:0' shape=(1, 1) dtype=float32, value=[["), o);
    p.get(2).check("Variable", "2,", "int32", 1, 2);
    assertEquals("<Variable 'Variable:0' shape=(2,) dtype=int32, value=[1 2]>", p.get(2).text());
    assertEquals(
        "<Variable 'Variable:0' shape=(2,) dtype=float32, value=[1. 2.]>", p.get(3).text());
    p.get(4).check("Variable", "2, 2", "float32", 1, 2, 3, 4);

    List<String> lines = o.lines().toList();
    String error =
        lines.stream()
            .filter(l -> l.startsWith("IllegalArgumentException: "))
            .findFirst()
            .orElseThrow();
    assertTrue(error.contains("(4,)") && error.contains("(2, 2)"), error);

    assertInOrder(
        o,
        "Tensor([1 2 3], shape=(3,), dtype=int32)",
        "Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)",
        "Tensor(\n[[-1 -1]\n [-1 -1]], shape=(2, 2), dtype=int32)",
        "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]",
        // NumPy's str of the same arrays (numpy 2.4: str(np.arange(25)) and friends)
        "Tensor(\n[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24], "
            + "shape=(25,), dtype=int64)",
        "Tensor(\n[  0   1   4   9  16  25  36  49  64  81 100 121 144 169 196 225 256 289\n"
            + " 324 361 400 441 484 529 576], shape=(25,), dtype=int64)",
        "Tensor(\n[[ 0  1  2  3  4]\n [ 5  6  7  8  9]\n [10 11 12 13 14]\n [15 16 17 18 19]\n"
            + " [20 21 22 23 24]], shape=(5, 5), dtype=int64)",
        "Tensor(\n[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n"
            + " 18. 19. 20. 21. 22. 23. 24.], shape=(25,), dtype=float32)",
        "Tensor(\n[  0   1   4   9  16  25  36  49  64  81 100 121 144 169 196 225 256 289\n"
            + " 324 361 400 441 484 529 576], shape=(25,), dtype=int64)",
        "Tensor(\n[ 0  2  4  6  8 10 12 14 16 18 20 22 24 26 28 30 32 34 36 38 40 42 44 46\n"
            + " 48], shape=(25,), dtype=int64)",
        "\nHello 25\n",
        "\nTensor([2 3 4 5], shape=(4,), dtype=int32)\n",
        "\nTensor([1 4 9], shape=(3,), dtype=int32)\n",
        "\n25\n",
        "\n[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]\n",
        // print(tensor) in the notebook, character for character (tf. aside)
        "\nTensor(\n[[5. 5. 5.]\n [5. 5. 5.]\n [5. 5. 5.]], shape=(3, 3), dtype=float64)\n",
        "\n[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]\n",
        "\nTensor(2, shape=(), dtype=int32)\n",
        "\n<Variable 'Variable:0' shape=() dtype=int32, value=4>\n",
        "\n2\n",
        "\n[10, 0, 1, 2]\n",
        "\nfloat32\n",
        "\n[-3, -1, 1, 3, 5, 7]\n",
        // print(dz_dx, dy_dx) and (dy_dx, d2y_dx2): 4x^3 = 108, 2x = 6, 3x^2 = 27, 6x = 18 at x = 3
        "\nTensor(108.0, shape=(), dtype=float32) Tensor(6.0, shape=(), dtype=float32)\n",
        "\n[Tensor(27.0, shape=(), dtype=float32), Tensor(18.0, shape=(), dtype=float32)]\n");

    // the regression loop: 10 loss reports, then weight and bias near y = 2x - 1
    List<String> lossLines = lines.stream().filter(l -> l.startsWith("Loss [")).toList();
    assertEquals(10, lossLines.size(), o);
    for (int k = 0; k < 10; k++)
      assertTrue(lossLines.get(k).endsWith("] @ iteration " + (100 * k + 99)), lossLines.get(k));
    double[] last = numbers(lossLines.get(9).substring(5, lossLines.get(9).indexOf(']')));
    assertEquals(6, last.length, lossLines.get(9));
    for (double l : last) assertTrue(l < 0.05, lossLines.get(9));
    String weights =
        lines.stream().filter(l -> l.startsWith("Weight <Variable")).findFirst().orElseThrow();
    List<Printed> wb = printed(weights);
    assertEquals(2.0, wb.get(0).values()[0], 0.02, weights);
    assertEquals(-1.0, wb.get(1).values()[0], 0.05, weights);
  }

  // ------------------------------------------------------------------ demo

  /**
   * The accuracy the README states for the demo's default run ({@link Demo#EPOCHS} epochs, seed
   * 42).
   */
  static final double STATED_ACCURACY = 0.95;

  @Test
  void demo() throws Exception {
    // the demo's default path is relative to the repository root; tests run in lanegrad/
    System.setProperty("lanegrad.demo.data", "../data/digits.csv.gz");
    String o;
    try {
      o = Capture.stdout(() -> Demo.main(new String[0]));
    } finally {
      System.clearProperty("lanegrad.demo.data");
    }
    assertTrue(o.contains("1797 images"), o);
    // one progress line per epoch
    for (int e = 1; e <= Demo.EPOCHS; e++) {
      assertTrue(
          Pattern.compile("Epoch +" + e + "/" + Demo.EPOCHS + " ").matcher(o).find(),
          "epoch " + e + "\n" + o);
    }
    Matcher m = Pattern.compile("test: loss ([0-9.]+), accuracy ([0-9.]+) %").matcher(o);
    assertTrue(m.find(), o);
    double accuracy = Double.parseDouble(m.group(2)) / 100;
    assertTrue(
        accuracy >= STATED_ACCURACY,
        "test accuracy " + accuracy + " < " + STATED_ACCURACY + "\n" + o);
    String curves = o.lines().filter(l -> l.startsWith("curves: ")).findFirst().orElseThrow();
    checkPng(curves, "curves: ", 1120, 400);
  }

  // ------------------------------------------------------------------ Fashion-MNIST

  /**
   * Each Fashion-MNIST example for one epoch on the committed slice (600 training images, 200
   * test): Keras's progress line, the summary, a test accuracy above chance, examples/s, the PNG.
   */
  @Test
  void fashionExamplesOnTheSlice() throws Exception {
    System.setProperty("lanegrad.fashion.dir", "../data/fashion-mnist-slice"); // from lanegrad/
    System.setProperty("lanegrad.fashion.epochs", "1");
    System.setProperty("lanegrad.fashion.units", "16");
    System.setProperty("lanegrad.fashion.train", "256");
    try {
      Capture.Body[] mains = {
        () -> FashionMlp.main(new String[0]),
        () -> FashionCnn.main(new String[0]),
        () -> FashionRnn.main(new String[0])
      };
      String[] names = {"fashion-mlp", "fashion-cnn", "fashion-rnn"};
      for (int i = 0; i < mains.length; i++) {
        String o = Capture.stdout(mains[i]);
        assertTrue(o.contains("256 training and 200 test images"), o);
        assertTrue(
            Pattern.compile(
                    "Epoch 1/1 [0-9]+/[0-9]+ \\[=+\\] .* - loss: [0-9.]+ - accuracy: [0-9.]+ - val_loss")
                .matcher(o)
                .find(),
            o);
        assertTrue(o.contains("Total params: "), o);
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+) ").matcher(o);
        assertTrue(m.find(), o);
        assertTrue(Double.parseDouble(m.group(1)) > 0.1, "above chance: " + o);
        assertTrue(Pattern.compile("[0-9]+ examples/s").matcher(o).find(), o);
        String curves = o.lines().filter(l -> l.startsWith("curves: ")).findFirst().orElseThrow();
        assertTrue(curves.endsWith(names[i] + ".png"), curves);
        checkPng(curves, "curves: ", 1280, 420);
      }
      // without the data: one line that says how to install it, and nothing else
      System.setProperty("lanegrad.fashion.dir", out.resolve("nowhere").toString());
      String o = Capture.stdout(() -> FashionMlp.main(new String[0]));
      assertTrue(o.contains("apt-get install dataset-fashion-mnist"), o);
      assertEquals(1, o.lines().count(), o);
    } finally {
      System.clearProperty("lanegrad.fashion.dir");
      System.clearProperty("lanegrad.fashion.epochs");
      System.clearProperty("lanegrad.fashion.units");
      System.clearProperty("lanegrad.fashion.train");
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * {@code y = x w + 1} with x = [[10, 20, 30, 40]], {@code loss = mean(y**2)} over its 2 values:
   * {@code dL/db = y} and {@code dL/dw[i][j] = x[i] y[j]}.
   */
  private static void checkMatmulModelGradients(float[] w, Printed dlDw, Printed dlDb) {
    double[] x = {10, 20, 30, 40};
    double[] y = new double[2];
    for (int j = 0; j < 2; j++) {
      y[j] = 1;
      for (int i = 0; i < 4; i++) y[j] += x[i] * w[i * 2 + j];
    }
    double[] dw = new double[8];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 2; j++) dw[i * 2 + j] = x[i] * y[j];
    dlDb.checkClose("Tensor", "2,", "float32", 1e-5, y);
    dlDw.checkClose("Tensor", "4, 2", "float32", 1e-5, dw);
  }

  /**
   * A Dense layer on one row x, {@code loss = sum(relu(xK + b)**2)}: dK[i][j] = x[i] db[j], db >=
   * 0.
   */
  private static void checkDenseGradients(double[] x, Printed dKernel, Printed dBias) {
    double[] db = dBias.values();
    assertEquals(2, db.length, dBias.text());
    for (double v : db) assertTrue(v >= 0, dBias.text());
    double[] dk = new double[x.length * 2];
    for (int i = 0; i < x.length; i++) for (int j = 0; j < 2; j++) dk[i * 2 + j] = x[i] * db[j];
    dKernel.checkClose("Tensor", x.length + ", 2", "float32", 1e-5, dk);
  }

  private static void checkPng(String line, String prefix, int width, int height) throws Exception {
    assertTrue(line.startsWith(prefix), line);
    Path png = Path.of(line.substring(prefix.length()));
    assertTrue(png.startsWith(out), "written into lanegrad.examples.out: " + png);
    assertTrue(Files.size(png) > 1000, png.toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(width, image.getWidth(), png.toString());
    assertEquals(height, image.getHeight(), png.toString());
  }

  private static void assertInOrder(String text, String... parts) {
    int from = 0;
    for (String part : parts) {
      int at = text.indexOf(part, from);
      assertTrue(
          at >= 0, "expected, after offset " + from + ":\n" + part + "\n--- in ---\n" + text);
      from = at + part.length() - (part.endsWith("\n") ? 1 : 0);
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*(?:e[-+]?\\d+)?|nan|inf)");

  private static double[] numbers(String s) {
    List<Double> v = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    while (m.find()) {
      String t = m.group();
      v.add(
          t.endsWith("nan")
              ? Double.NaN
              : t.endsWith("inf")
                  ? (t.startsWith("-") ? -1 : 1) * Double.POSITIVE_INFINITY
                  : Double.parseDouble(t));
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A tensor or variable found in printed text. */
  record Printed(
      String kind, String name, String shape, String dtype, double[] values, String text) {
    void check(String kind, String shape, String dtype, double... expected) {
      assertEquals(kind + " " + shape + " " + dtype, kind() + " " + shape() + " " + dtype(), text);
      assertEquals(expected.length, values.length, text);
      for (int i = 0; i < expected.length; i++) {
        // NumPy prints float32 with its shortest digits, but at most 8 after the point
        double tol = dtype.equals("float32") ? Math.max(5.1e-9, Math.ulp((float) expected[i])) : 0;
        assertEquals(
            expected[i],
            values[i],
            tol,
            "element " + i + " of " + text + ", expected " + Arrays.toString(expected));
      }
    }

    void checkClose(String kind, String shape, String dtype, double rel, double... expected) {
      assertEquals(kind + " " + shape + " " + dtype, kind() + " " + shape() + " " + dtype(), text);
      assertEquals(expected.length, values.length, text);
      for (int i = 0; i < expected.length; i++) {
        double tol = rel * Math.max(1, Math.abs(expected[i]));
        assertEquals(
            expected[i],
            values[i],
            tol,
            "element " + i + " of " + text + ", expected " + Arrays.toString(expected));
      }
    }
  }

  private static final Pattern PRINTED =
      Pattern.compile(
          "Tensor\\((.*?), shape=\\(([^)]*)\\), dtype=(\\w+)\\)"
              + "|<Variable '([^']*)' shape=\\(([^)]*)\\) dtype=(\\w+), value=(.*?)>",
          Pattern.DOTALL);

  /** Every {@code Tensor(...)} and {@code <Variable ...>} in the text, in order. */
  static List<Printed> printed(String text) {
    List<Printed> out = new ArrayList<>();
    Matcher m = PRINTED.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) {
        out.add(
            new Printed("Tensor", null, m.group(2), m.group(3), numbers(m.group(1)), m.group()));
      } else {
        out.add(
            new Printed(
                "Variable", m.group(4), m.group(5), m.group(6), numbers(m.group(7)), m.group()));
      }
    }
    return out;
  }
}
