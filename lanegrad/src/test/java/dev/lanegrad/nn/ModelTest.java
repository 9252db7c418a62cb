package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelTest {
  private static final long SEED = 20261130L;

  /** Two separable clusters: class 1 around (1, 1), class 0 around (-1, -1). */
  private static Tensor[] clusters(int n) {
    SplittableRandom r = new SplittableRandom(SEED);
    float[][] x = new float[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      float c = y[i] == 1 ? 1f : -1f;
      x[i][0] = c + (float) (0.3 * r.nextGaussian());
      x[i][1] = c + (float) (0.3 * r.nextGaussian());
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  private static Sequential mlp(int outputs, Activation out) {
    return new Sequential(
        Dense.builder(8)
            .activation(Activation.RELU)
            .inputShape(2)
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        Dense.builder(outputs)
            .activation(out)
            .kernelInitializer(Initializers.glorotUniform(2))
            .build());
  }

  private static FitOptions.Builder quiet(int epochs, int batch) {
    return FitOptions.builder().epochs(epochs).batchSize(batch).seed(SEED).verbose(0);
  }

  // Found by a bad-input fuzz (seed of issue 12): predict on a zero-size tensor of shape
  // (2147483647, 0) sized an index array by the batch axis and ran out of memory. Samples of no
  // elements are refused wherever the trainer cuts batches (fit, evaluate, predict; x and y)
  @Test
  void samplesOfNoElementsAreRefusedBeforeAnythingIsSizedByTheirCount() {
    Sequential model = mlp(1, Activation.LINEAR);
    model.compile(new SGD(0.1), Losses::meanSquaredError);
    List<float[]> before = new ArrayList<>();
    for (Variable v : model.variables()) {
      before.add(v.toFloatArray());
    }
    Tensor huge = Tensor.zeros(Shape.of(Integer.MAX_VALUE, 0), dev.lanegrad.DType.FLOAT32);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.predict(huge));
    assertTrue(e.getMessage().startsWith("Model \"" + model.name() + "\".predict: x holds"));
    assertTrue(e.getMessage().contains("2147483647 samples of no elements"), e.getMessage());
    assertTrue(e.getMessage().contains("(2147483647, 0)"), e.getMessage());

    Tensor x = Tensor.zeros(Shape.of(4, 2), dev.lanegrad.DType.FLOAT32);
    Tensor y = Tensor.zeros(Shape.of(4, 1), dev.lanegrad.DType.FLOAT32);
    Tensor emptyRows = Tensor.zeros(Shape.of(4, 3, 0), dev.lanegrad.DType.FLOAT32);
    Tensor emptyY = Tensor.zeros(Shape.of(4, 0), dev.lanegrad.DType.FLOAT32);
    FitOptions o = quiet(1, 2).build();
    assertThrows(IllegalArgumentException.class, () -> model.predict(emptyRows, 2));
    e = assertThrows(IllegalArgumentException.class, () -> model.fit(x, emptyY, o));
    assertTrue(e.getMessage().contains("y holds 4 samples of no elements"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.evaluate(huge, y));
    assertTrue(e.getMessage().contains("x holds 2147483647 samples"), e.getMessage());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), model.variables().get(i).toFloatArray(), "untouched");
    }
    // no sample at all is the other refusal, as before
    Tensor none = Tensor.zeros(Shape.of(0, 2), dev.lanegrad.DType.FLOAT32);
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(none));
    assertTrue(e.getMessage().contains("x has no samples"), e.getMessage());
  }

  /** A layer that holds another in a field, as a user's composite layer does. */
  static final class Holder extends Layer {
    final Layer inner;

    Holder(Layer inner) {
      this.inner = inner;
    }

    @Override
    protected Tensor call(Tensor input) {
      return inner.apply(input);
    }
  }

  // Found by a bad-input fuzz (seed of issue 12): adding a Sequential that contains the receiver
  // overflowed the stack while building. Keras refuses a layer inside itself; so does add, at any
  // depth and through any layer that tracks another (a field, a list)
  @Test
  void addRefusesALayerThatContainsTheModel() {
    Sequential a = new Sequential("a");
    Sequential b = new Sequential("b", a);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
    assertEquals(
        "Sequential \"a\".add: layer \"b\" contains this model; a layer cannot be inside itself",
        e.getMessage());
    Sequential c = new Sequential("c", new Dense(2), b);
    assertThrows(IllegalArgumentException.class, () -> a.add(c));
    Holder h = new Holder(new Sequential("d", new Dense(1), c));
    e = assertThrows(IllegalArgumentException.class, () -> a.add(h));
    assertTrue(e.getMessage().contains("layer \"" + h.name() + "\" contains"), e.getMessage());
    Holder viaList = new Holder(new Sequential("e", new Dense(3), new Sequential("f", a)));
    assertThrows(IllegalArgumentException.class, () -> a.add(viaList));
    assertTrue(a.layers().isEmpty(), "nothing was added");

    // the refused models still work
    a.add(Dense.builder(2).inputShape(2).build());
    Sequential twice = new Sequential("twice", a, new Dense(1));
    Tensor out = twice.predict(Tensor.of(new float[][] {{1, 2}}));
    assertArrayEquals(new int[] {1, 1}, out.shape().dims());
  }

  @Test
  void sparseLogitsReachFullAccuracy() {
    Tensor[] d = clusters(40);
    Sequential model = mlp(2, Activation.LINEAR);
    model.compile(new Adam(0.05), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History h = model.fit(d[0], d[1], quiet(30, 8).build());
    assertEquals(30, h.epochs());
    assertEquals(List.of("loss", "accuracy"), new ArrayList<>(h.history().keySet()));
    assertEquals(30, h.get("loss").size());
    assertEquals(1.0, h.get("accuracy").get(29));
    assertTrue(h.get("loss").get(29) < h.get("loss").get(0) / 5, h.toString());
    Map<String, Double> m = model.evaluate(d[0], d[1]);
    assertEquals(List.of("loss", "accuracy"), new ArrayList<>(m.keySet()));
    assertEquals(1.0, m.get("accuracy"));
    assertEquals(h.get("loss").get(29), m.get("loss"), 0.05);
  }

  @Test
  void binarySigmoidAndCategoricalOneHot() {
    Tensor[] d = clusters(40);
    Sequential binary = mlp(1, Activation.SIGMOID);
    binary.compile(new Adam(0.05), Losses::binaryCrossentropy, "accuracy");
    Tensor yFloat = d[1].cast(dev.lanegrad.DType.FLOAT32);
    History h = binary.fit(d[0], yFloat, quiet(30, 8).build());
    assertEquals(1.0, h.get("accuracy").get(29));
    assertEquals(1.0, binary.evaluate(d[0], yFloat.reshape(40, 1)).get("accuracy"));

    Sequential logits = mlp(1, Activation.LINEAR);
    logits.compile(new Adam(0.05), Losses.binaryCrossentropy(true), "acc");
    assertEquals(1.0, logits.fit(d[0], yFloat, quiet(30, 8).build()).get("acc").get(29));

    float[][] oneHot = new float[40][2];
    int[] labels = d[1].toIntArray();
    for (int i = 0; i < 40; i++) {
      oneHot[i][labels[i]] = 1;
    }
    Sequential cat = mlp(2, Activation.SOFTMAX);
    cat.compile(new Adam(0.05), Losses::categoricalCrossentropy, "accuracy");
    assertEquals(
        1.0, cat.fit(d[0], Tensor.of(oneHot), quiet(30, 8).build()).get("accuracy").get(29));
  }

  @Test
  void validationSplitIsTheTailBeforeShuffling() {
    Tensor[] d = clusters(40);
    Sequential model = mlp(2, Activation.LINEAR);
    // learning rate 0: weights stay, so the logged losses equal evaluations of the two parts
    model.compile(new SGD(0), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History h = model.fit(d[0], d[1], quiet(2, 7).validationSplit(0.25).build());
    assertEquals(
        List.of("loss", "accuracy", "val_loss", "val_accuracy"),
        new ArrayList<>(h.history().keySet()));
    float[] x = d[0].toFloatArray();
    int[] y = d[1].toIntArray();
    Tensor headX = Tensor.of(java.util.Arrays.copyOfRange(x, 0, 60), Shape.of(30, 2));
    Tensor headY = Tensor.of(java.util.Arrays.copyOfRange(y, 0, 30));
    Tensor tailX = Tensor.of(java.util.Arrays.copyOfRange(x, 60, 80), Shape.of(10, 2));
    Tensor tailY = Tensor.of(java.util.Arrays.copyOfRange(y, 30, 40));
    Map<String, Double> head = model.evaluate(headX, headY);
    Map<String, Double> tail = model.evaluate(tailX, tailY);
    for (int e = 0; e < 2; e++) {
      assertEquals(head.get("loss"), h.get("loss").get(e), 1e-6);
      assertEquals(head.get("accuracy"), h.get("accuracy").get(e), 1e-12);
      assertEquals(tail.get("loss"), h.get("val_loss").get(e), 1e-6);
      assertEquals(tail.get("accuracy"), h.get("val_accuracy").get(e), 1e-12);
    }
  }

  /** Keras's subclassing API: layers in fields, wired in call. */
  static class TwoLayers extends Model {
    final Dense hidden =
        Dense.builder(8)
            .activation(Activation.TANH)
            .kernelInitializer(Initializers.glorotUniform(3))
            .build();
    final Dense out = Dense.builder(2).kernelInitializer(Initializers.glorotUniform(4)).build();

    @Override
    protected Tensor call(Tensor x) {
      return out.apply(hidden.apply(x));
    }
  }

  @Test
  void subclassedModelTrains() {
    Tensor[] d = clusters(40);
    TwoLayers model = new TwoLayers();
    model.compile(new SGD(0.1, 0.9, false), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    History h = model.fit(d[0], d[1], quiet(20, 8).build());
    assertEquals(1.0, h.get("accuracy").get(19));
    assertEquals(4, model.trainableVariables().size());
    assertEquals(model.hidden.kernel(), model.trainableVariables().get(0));
  }

  @Test
  void explicitValidationData() {
    Tensor[] d = clusters(20);
    Sequential model = mlp(2, Activation.LINEAR);
    model.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true));
    History h = model.fit(d[0], d[1], quiet(1, 5).validationData(d[0], d[1]).build());
    assertEquals(List.of("loss", "val_loss"), new ArrayList<>(h.history().keySet()));
  }

  @Test
  void sameSeedSameHistory() {
    Tensor[] d = clusters(30);
    List<Double> first = null;
    for (int run = 0; run < 2; run++) {
      Sequential model = mlp(2, Activation.LINEAR);
      model.compile(new SGD(0.1, 0.9, true), Losses.sparseCategoricalCrossentropy(true));
      List<Double> losses = model.fit(d[0], d[1], quiet(3, 4).build()).get("loss");
      if (first == null) {
        first = losses;
      } else {
        assertEquals(first, losses);
      }
    }
    Sequential other = mlp(2, Activation.LINEAR);
    other.compile(new SGD(0.1, 0.9, true), Losses.sparseCategoricalCrossentropy(true));
    List<Double> shuffledOtherwise =
        other.fit(d[0], d[1], quiet(3, 4).seed(SEED + 1).build()).get("loss");
    assertFalse(first.equals(shuffledOtherwise));
  }

  @Test
  void regressionWithFitShorthand() {
    // y = 2x - 1 (seed 004's data); one Dense(1), lr 0.1, full-batch: converges
    Tensor x = Tensor.of(new float[][] {{-1}, {0}, {1}, {2}, {3}, {4}});
    Tensor y = Tensor.of(new float[] {-3, -1, 1, 3, 5, 7});
    Sequential model = new Sequential(Dense.builder(1).inputShape(1).build());
    model.compile(new SGD(0.05), Losses::meanSquaredError);
    PrintStream saved = System.out;
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
    History h;
    try {
      h = model.fit(x, y, 300, 6);
    } finally {
      System.setOut(saved);
    }
    assertEquals(300, sink.toString(StandardCharsets.UTF_8).lines().count());
    assertTrue(h.get("loss").get(299) < 1e-4, h.get("loss").get(299).toString());
    Dense d = (Dense) model.layers().get(0);
    assertEquals(2f, d.kernel().floatValue(), 1e-2f);
    assertEquals(-1f, d.bias().floatValue(), 1e-2f);
  }

  @Test
  void progressLines() {
    Tensor[] d = clusters(20);
    Sequential model = mlp(2, Activation.LINEAR);
    model.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    model.fit(d[0], d[1], quiet(3, 4).validationSplit(0.2).verbose(1).output(out).build());
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertEquals(3, lines.size(), text);
    assertFalse(text.contains("\r"));
    for (int e = 0; e < 3; e++) {
      String l = lines.get(e);
      assertTrue(l.startsWith("Epoch " + (e + 1) + "/3 4/4 [==============================] "), l);
      assertTrue(
          l.matches(
              ".* - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4}"
                  + " - val_accuracy: \\d\\.\\d{4} - \\d+ examples/s"),
          l);
    }
    bytes.reset();
    model.fit(d[0], d[1], quiet(2, 4).output(out).build());
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, Double> logs(double loss, double accuracy) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    return m;
  }

  @Test
  void progressRedrawsInPlaceOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress p = new Progress(out, true, 1, 1, 2, 3);
    p.update(1, 4, logs(0.5, 0.25));
    p.update(2, 8, logs(0.4, 0.5)); // drawn only if 50 ms passed since the last draw
    p.update(3, 10, logs(0.3, 0.75)); // the last step always draws
    p.end(new java.util.LinkedHashMap<>(Map.of("loss", 0.3)));
    String text = bytes.toString(StandardCharsets.UTF_8);
    String[] frames = text.split("\r", -1);
    int n = frames.length; // "", step 1, (step 2), step 3, the final line
    assertTrue(n == 4 || n == 5, text);
    assertTrue(
        frames[1].startsWith("Epoch 1/2 1/3 [=========>....................] ETA "), frames[1]);
    assertTrue(frames[1].contains(" - loss: 0.5000 - accuracy: 0.2500 - "), frames[1]);
    assertTrue(
        frames[n - 2].startsWith("Epoch 1/2 3/3 [==============================] ETA "),
        frames[n - 2]);
    assertTrue(
        frames[n - 1].matches(
            "Epoch 1/2 3/3 \\[=+\\] \\S+ \\S+/step - loss: 0.3000 - \\d+ examples/s *\n"),
        frames[n - 1]);
    // a shorter final line pads over the longer frame it replaces
    assertTrue(frames[n - 1].length() > frames[n - 2].length(), text);
  }

  @Test
  void progressFormatting() {
    assertEquals("0.6931", Progress.number(0.69314718));
    assertEquals("1.2346e-04", Progress.number(1.23456e-4));
    assertEquals("0.0000", Progress.number(0));
    assertEquals("1.5s", Progress.duration(1.5));
    assertEquals("12ms", Progress.duration(0.012));
    assertEquals("250us", Progress.duration(0.00025));
  }

  @Test
  void predictConcatenatesBatches() {
    SplittableRandom r = new SplittableRandom(SEED);
    float[][] x = new float[70][2];
    for (float[] row : x) {
      row[0] = (float) r.nextGaussian();
      row[1] = (float) r.nextGaussian();
    }
    Sequential model = mlp(3, Activation.SOFTMAX);
    Tensor all = model.apply(Tensor.of(x));
    Tensor p = model.predict(Tensor.of(x));
    assertEquals(Shape.of(70, 3), p.shape());
    assertArrayEquals(all.toFloatArray(), p.toFloatArray(), 1e-6f);
    assertArrayEquals(all.toFloatArray(), model.predict(Tensor.of(x), 7).toFloatArray(), 1e-6f);
  }

  @Test
  void sequentialStructure() {
    Utils.clearSession();
    Dense a = Dense.builder(3).inputShape(2).build();
    Dense b = new Dense(1);
    Sequential s = new Sequential(a);
    s.add(b);
    assertEquals("sequential", s.name());
    assertEquals(List.of(a, b), s.layers());
    assertThrows(UnsupportedOperationException.class, () -> s.layers().add(a));
    s.apply(Tensor.of(new float[][] {{1, 2}}));
    List<String> names = new ArrayList<>();
    for (Variable v : s.variables()) {
      names.add(v.name());
    }
    assertEquals(
        List.of("dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"), names);
    assertEquals(6 + 3 + 3 + 1, s.countParams());
    String summary = s.summary();
    assertTrue(summary.contains("dense (Dense)") && summary.contains("Total params: 13"), summary);
    assertThrows(
        IllegalStateException.class, () -> new Sequential().apply(Tensor.of(new float[][] {{1}})));
    assertThrows(IllegalArgumentException.class, () -> s.add(null));
    assertThrows(IllegalArgumentException.class, () -> new Sequential((Layer) null));
  }

  @Test
  void badInput() {
    Tensor[] d = clusters(10);
    Sequential model = mlp(2, Activation.LINEAR);
    IllegalStateException notCompiled =
        assertThrows(IllegalStateException.class, () -> model.fit(d[0], d[1], 1, 2));
    assertTrue(notCompiled.getMessage().contains("compile"), notCompiled.getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.compile(new SGD(0.1), Losses::meanSquaredError, "f1"));
    assertTrue(e.getMessage().contains("unknown metric \"f1\""), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> model.compile(null, Losses::meanSquaredError));
    model.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true), "accuracy");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(d[0], Tensor.of(new int[] {0, 1, 0}), 1, 2));
    assertTrue(
        e.getMessage().contains("x and y must have the same number of samples")
            && e.getMessage().contains("x shape (10, 2) and y shape (3,)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(d[0], d[1], quiet(1, 2).validationSplit(0.95).build()));
    assertTrue(
        e.getMessage().contains("validationSplit=0.95 of 10 samples leaves 0 for training"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().validationSplit(1));
    assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().verbose(3));
    assertThrows(IllegalArgumentException.class, () -> model.fit(d[0], d[1], -1, 2));
    assertThrows(IllegalArgumentException.class, () -> model.evaluate(d[0], Tensor.of(1)));
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.of(1f)));
    assertTrue(e.getMessage().contains("batch axis"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(d[0], Tensor.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), 1, 10));
    assertTrue(e.getMessage().contains("outside the valid range of [0, 2)"), e.getMessage());
    History empty = new History();
    e = assertThrows(IllegalArgumentException.class, () -> empty.get("loss"));
    assertTrue(e.getMessage().contains("no key \"loss\""), e.getMessage());
  }
}
