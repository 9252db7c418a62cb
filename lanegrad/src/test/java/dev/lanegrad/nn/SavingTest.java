package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.data.Dataset;
import dev.lanegrad.internal.io.Json;
import dev.lanegrad.internal.io.Safetensors;
import dev.lanegrad.optimizers.Adam;
import dev.lanegrad.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavingTest {
  static final Path RES = Path.of("src/test/resources/safetensors");
  @TempDir Path dir;

  static Tensor[] data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
      y[i] = x[i][0] + x[i][1] > 0 ? 1 : 0;
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  static Sequential model(String prefix) {
    return new Sequential(
        prefix,
        Dense.builder(4)
            .activation(Activation.TANH)
            .inputShape(3)
            .name(prefix + "_h")
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        Dense.builder(2)
            .name(prefix + "_o")
            .kernelInitializer(Initializers.glorotUniform(2))
            .build());
  }

  static List<float[]> weights(Layer m) {
    List<float[]> out = new ArrayList<>();
    for (Variable v : m.variables()) {
      out.add(v.toFloatArray());
    }
    return out;
  }

  static void assertSameWeights(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "variable " + i);
    }
  }

  static FitOptions quiet(int epochs) {
    return FitOptions.builder().epochs(epochs).verbose(0).build();
  }

  @Test
  void saveAndLoadGiveTheSamePredictionsAndResumeTrainingBitForBit() {
    Tensor[] d = data(64, 1);
    Dataset train = Dataset.fromTensorSlices(d[0], d[1]).batch(8);
    for (boolean adam : new boolean[] {true, false}) {
      Sequential a = model(adam ? "adam" : "sgd");
      a.compile(
          adam ? new Adam(0.01) : new SGD(0.05, 0.9, true),
          Losses.sparseCategoricalCrossentropy(true),
          "accuracy");
      a.fit(train, quiet(2));
      a.optimizer().setLearningRate(adam ? 0.02 : 0.03); // a changed rate is saved too
      Path f = dir.resolve((adam ? "adam" : "sgd") + ".lgm");
      a.save(f);
      Model b = Model.load(f);
      assertEquals(a.getClass(), b.getClass());
      assertEquals(a.name(), b.name());
      assertArrayEquals(a.predict(d[0]).toFloatArray(), b.predict(d[0]).toFloatArray());
      assertEquals(a.optimizer().iterations(), b.optimizer().iterations());
      assertEquals(a.optimizer().learningRate(), b.optimizer().learningRate());
      History ha = a.fit(train, quiet(2));
      History hb = b.fit(train, quiet(2));
      assertEquals(ha.history(), hb.history());
      assertSameWeights(weights(a), weights(b));
    }
  }

  @Test
  void theFileIsAZipWithChecksummedEntries() throws Exception {
    Sequential m = model("zip");
    m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true));
    Path f = dir.resolve("m.lgm");
    m.save(f);
    try (ZipFile z = new ZipFile(f.toFile())) {
      List<String> names = new ArrayList<>();
      z.stream().forEach(e -> names.add(e.getName()));
      assertEquals(
          List.of(
              "metadata.json", "config.json", "model.weights.safetensors", "optimizer.safetensors"),
          names);
      String config =
          new String(
              z.getInputStream(z.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(
          config.startsWith(
              "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"zip\",\"layers\":[{\"class_name\":"
                  + "\"Dense\",\"config\":{\"name\":\"zip_h\",\"units\":4,\"activation\":\"tanh\","
                  + "\"use_bias\":true,\"trainable\":true,\"kernel_regularizer\":null,"
                  + "\"bias_regularizer\":null}}"),
          config);
      assertTrue(config.contains("\"build_input_shape\":[null,3]"), config);
      assertTrue(
          config.contains(
              "\"optimizer\":{\"class_name\":\"Adam\",\"config\":{\"learning_rate\":0.01,"),
          config);
    }
    // saving the same model twice gives the same bytes
    Path g = dir.resolve("again.lgm");
    m.save(g);
    assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
  }

  @Test
  void truncatedAlteredAndNewerFilesAreRejected() throws Exception {
    Sequential m = model("bad");
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    Path f = dir.resolve("m.lgm");
    m.save(f);
    byte[] good = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.lgm");
    Files.write(cut, Arrays.copyOf(good, good.length / 2));
    var t = assertThrows(IllegalArgumentException.class, () -> Model.load(cut));
    assertTrue(
        t.getMessage()
            .startsWith("Model.load: " + cut + " is not a lanegrad model file, or it is truncated"),
        t.getMessage());
    // altered weights: rewrite the zip with one weight byte changed (valid zip, wrong checksum)
    Path altered = dir.resolve("altered.lgm");
    rewrite(f, altered, "model.weights.safetensors", b -> b[b.length - 1] ^= 1);
    var a = assertThrows(IllegalArgumentException.class, () -> Model.load(altered));
    assertTrue(
        a.getMessage().contains("entry model.weights.safetensors does not match its checksum"),
        a.getMessage());
    // a raw byte flipped inside the compressed data
    Path flipped = dir.resolve("flipped.lgm");
    byte[] fb = good.clone();
    fb[fb.length / 2] ^= 0x55;
    Files.write(flipped, fb);
    assertThrows(IllegalArgumentException.class, () -> Model.load(flipped));
    Path newer = dir.resolve("newer.lgm");
    rewrite(f, newer, "metadata.json", null);
    var v = assertThrows(IllegalArgumentException.class, () -> Model.load(newer));
    assertTrue(
        v.getMessage().contains("has format version 2, newer than this lanegrad reads (1)"),
        v.getMessage());
    Path missing = dir.resolve("none.lgm");
    var u = assertThrows(UncheckedIOException.class, () -> Model.load(missing));
    assertTrue(u.getMessage().contains(missing.toString()), u.getMessage());
    Path text = dir.resolve("text.lgm");
    Files.writeString(text, "hello");
    assertThrows(IllegalArgumentException.class, () -> Model.load(text));
  }

  interface Edit {
    void apply(byte[] b);
  }

  /** Copies a model zip, editing one entry (metadata.json: version 2). */
  static void rewrite(Path from, Path to, String entry, Edit edit) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipFile z = new ZipFile(from.toFile());
        ZipOutputStream zo = new ZipOutputStream(out)) {
      for (ZipEntry e : z.stream().toList()) {
        byte[] b = z.getInputStream(e).readAllBytes();
        if (e.getName().equals(entry)) {
          if (edit == null) {
            b =
                new String(b, StandardCharsets.UTF_8)
                    .replace("\"version\":1", "\"version\":2")
                    .getBytes(StandardCharsets.UTF_8);
          } else {
            edit.apply(b);
          }
        }
        zo.putNextEntry(new ZipEntry(e.getName()));
        zo.write(b);
        zo.closeEntry();
      }
    }
    Files.write(to, out.toByteArray());
  }

  @Test
  void aFailedSaveLeavesTheOldFileAndUnknownClassesAreNamed() throws Exception {
    Sequential m = model("keep");
    m.compile(new SGD(0.1), Losses.sparseCategoricalCrossentropy(true));
    Path f = dir.resolve("m.lgm");
    m.save(f);
    byte[] before = Files.readAllBytes(f);
    Sequential custom = new Sequential("custom", new Custom());
    custom.apply(Tensor.zeros(Shape.of(1, 2), DType.FLOAT32));
    var e = assertThrows(IllegalArgumentException.class, () -> custom.save(f));
    assertTrue(e.getMessage().startsWith("Model.save: "), e.getMessage());
    assertTrue(e.getMessage().contains("has no registered configuration"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    var io = assertThrows(UncheckedIOException.class, () -> m.save(dir.resolve("no/dir/m.lgm")));
    assertTrue(io.getMessage().contains("no/dir/m.lgm"), io.getMessage());
  }

  static final class Custom extends Layer {
    final Variable w = Variable.of(new float[] {1, 2});

    @Override
    protected Tensor call(Tensor x) {
      return x.mul(w);
    }
  }

  @Test
  void aLossThatIsNotAFactoryIsNotSavedAndSaysSo() {
    Tensor[] d = data(16, 2);
    Sequential m = model("mse");
    m.compile(new SGD(0.1), Losses::meanSquaredError);
    Path f = dir.resolve("m.lgm");
    m.save(f);
    Model b = Model.load(f);
    Tensor y2 = Tensor.zeros(Shape.of(16, 2), DType.FLOAT32);
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> b.fit(d[0], y2, FitOptions.builder().verbose(0).build()));
    assertTrue(e.getMessage().contains("its loss was not saved"), e.getMessage());
    b.compile(b.optimizer(), Losses::meanSquaredError);
    b.fit(d[0], y2, FitOptions.builder().verbose(0).build());
    // an uncompiled model loads uncompiled
    Sequential plain = model("plain");
    plain.save(dir.resolve("p.lgm"));
    assertNull(Model.load(dir.resolve("p.lgm")).optimizer());
  }

  // ---------------------------------------------------------------- safetensors

  @Test
  void loadWeightsFromAnIndependentWriter() {
    // reference_model.safetensors was written by write_reference.py (json + numpy)
    Sequential m =
        new Sequential(
            "ref",
            Dense.builder(2).inputShape(3).name("ref_a").build(),
            Dense.builder(1).name("ref_b").build());
    m.apply(Tensor.zeros(Shape.of(1, 3), DType.FLOAT32));
    m.loadWeights(RES.resolve("reference_model.safetensors"));
    float[] k = new float[6];
    for (int i = 0; i < 6; i++) {
      k[i] = (float) i / 7f; // numpy's float32 arange / float32(7)
    }
    assertArrayEquals(k, m.variables().get(0).toFloatArray());
    assertArrayEquals(new float[] {0.5f, -0.25f}, m.variables().get(1).toFloatArray());
    // x = [1, 1, 1]: h = [0/7 + 2/7 + 4/7 + 0.5, 1/7 + 3/7 + 5/7 - 0.25]; y = 1.5 h0 - 2 h1 + 0.125
    float h0 = (0f / 7f + 2f / 7f) + 4f / 7f + 0.5f;
    float h1 = (1f / 7f + 3f / 7f) + 5f / 7f - 0.25f;
    float y = (1.5f * h0 + -2f * h1) + 0.125f;
    assertEquals(y, m.apply(Tensor.of(new float[][] {{1, 1, 1}})).toFloatArray()[0], 1e-6f);
  }

  @Test
  void safetensorsOfEveryDtypeFromTheIndependentWriter() {
    var c = Safetensors.read("test", RES.resolve("reference_dtypes.safetensors"));
    assertEquals(
        List.of("f64", "flags", "i32", "i64", "scalar"), new ArrayList<>(c.tensors().keySet()));
    assertArrayEquals(new double[] {0.1, -2.5, 1e300}, c.tensors().get("f64").toDoubleArray());
    assertArrayEquals(new int[] {1, -2, 3, 2147483647}, c.tensors().get("i32").toIntArray());
    assertEquals(Shape.of(2, 2), c.tensors().get("i32").shape());
    assertArrayEquals(new long[] {-(1L << 62), 7}, c.tensors().get("i64").toLongArray());
    assertArrayEquals(new boolean[] {true, false, true}, c.tensors().get("flags").toBooleanArray());
    assertEquals(Shape.scalar(), c.tensors().get("scalar").shape());
    assertEquals(3.25f, c.tensors().get("scalar").floatValue());
  }

  @Test
  void ourFileReadsInTheIndependentReader() throws Exception {
    Sequential m = model("py");
    Path f = dir.resolve("w.safetensors");
    m.saveWeights(f);
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    Process p =
        new ProcessBuilder(python.toString(), RES.resolve("read_check.py").toString(), f.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assumeTrue(!out.contains("No module named 'numpy'"), "numpy is not installed");
    assertEquals(0, p.exitValue(), out);
    @SuppressWarnings("unchecked")
    Map<String, Object> got = (Map<String, Object>) Json.parse("python", out.trim());
    assertEquals(4, got.size());
    for (Variable v : m.variables()) {
      List<?> e = (List<?>) got.get(v.name());
      assertEquals("F32", e.get(0));
      float[] want = v.toFloatArray();
      List<?> vals = (List<?>) e.get(2);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], ((Number) vals.get(i)).floatValue(), v.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void loadWeightsIsAllOrNothing() throws Exception {
    Sequential m = model("aon");
    Path f = dir.resolve("w.safetensors");
    m.saveWeights(f);
    Sequential other =
        new Sequential(
            "aon",
            Dense.builder(4).inputShape(3).name("aon_h").build(),
            Dense.builder(3).name("aon_o").build());
    List<float[]> before = weights(other);
    var e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(f));
    assertTrue(
        e.getMessage()
            .contains("\"aon_o/kernel:0\" as float32 (4, 2), the model's is float32 (4, 3)"),
        e.getMessage());
    assertSameWeights(before, weights(other));
    Sequential renamed = model("zzz");
    var n = assertThrows(IllegalArgumentException.class, () -> renamed.loadWeights(f));
    assertTrue(n.getMessage().contains("missing [zzz_h/bias:0"), n.getMessage());
    Path cut = dir.resolve("cut.safetensors");
    byte[] b = Files.readAllBytes(f);
    Files.write(cut, Arrays.copyOf(b, b.length - 4));
    var t = assertThrows(IllegalArgumentException.class, () -> m.loadWeights(cut));
    assertTrue(t.getMessage().contains("the file is truncated"), t.getMessage());
    var u = assertThrows(UncheckedIOException.class, () -> m.loadWeights(dir.resolve("none")));
    assertTrue(u.getMessage().contains("none"), u.getMessage());
    Files.write(cut, new byte[] {1, 2, 3});
    assertThrows(IllegalArgumentException.class, () -> m.loadWeights(cut));
  }

  // ---------------------------------------------------------------- JSON

  @Test
  void jsonRoundTripsAndNamesWhereItFails() {
    String text =
        "{\"a\": [1, -2.5, 1e3, true, null, \"x\\\"\\u00e9\\n\"], \"b\": {}, \"c\": 12345678901234}";
    Object v = Json.parse("t", text);
    assertEquals(
        "{\"a\":[1,-2.5,1000.0,true,null,\"x\\\"\u00e9\\n\"],\"b\":{},\"c\":12345678901234}",
        Json.write(v));
    assertEquals(v, Json.parse("t", Json.write(v)));
    assertEquals(Long.class, ((List<?>) ((Map<?, ?>) v).get("a")).get(0).getClass());
    var e = assertThrows(IllegalArgumentException.class, () -> Json.parse("cfg", "{\"a\" 1}"));
    assertEquals("cfg: bad JSON at offset 5: expected ':'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "{\"a\":1,\"a\":2}"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "[1,]"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "01"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "[1] x"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "\"abc"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("t", "[".repeat(2000)));
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
  }
}
