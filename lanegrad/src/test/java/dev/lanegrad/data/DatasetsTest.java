package dev.lanegrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  static List<List<Tensor>> all(Dataset ds) {
    List<List<Tensor>> out = new ArrayList<>();
    ds.forEach(out::add);
    return out;
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  // ---------------------------------------------------------------- CSV

  @Test
  void csvWithHeaderTypesAndALabelColumn() throws IOException {
    Path f = write("iris.csv", "sepal,species,petal\n5.1,0,1.4\n\n4.9, 2 ,\"1.5\"\n-1e-3,1,NaN\n");
    Dataset ds =
        Datasets.csv(
            f,
            CsvOptions.builder().labelColumn("species").columnType("species", DType.INT32).build());
    List<List<Tensor>> rows = all(ds);
    assertEquals(3, rows.size());
    assertEquals(Shape.of(2), rows.get(0).get(0).shape());
    assertArrayEquals(new float[] {5.1f, 1.4f}, rows.get(0).get(0).toFloatArray());
    assertEquals(DType.INT32, rows.get(1).get(1).dtype());
    assertEquals(2, rows.get(1).get(1).intValue());
    assertArrayEquals(new float[] {4.9f, 1.5f}, rows.get(1).get(0).toFloatArray());
    assertArrayEquals(new float[] {-1e-3f, Float.NaN}, rows.get(2).get(0).toFloatArray());
    // again: each pass reads the file anew
    assertEquals(3, all(ds).size());
    // batched for training
    List<List<Tensor>> b = all(ds.batch(2));
    assertEquals(Shape.of(2, 2), b.get(0).get(0).shape());
    assertArrayEquals(new int[] {0, 2}, b.get(0).get(1).toIntArray());
  }

  @Test
  void csvWithoutHeaderUnpackedAndWithoutLabel() throws IOException {
    Path f = write("plain.csv", "1;2.5;true\n3;4.5;0\n");
    List<List<Tensor>> rows =
        all(
            Datasets.csv(
                f,
                CsvOptions.builder()
                    .header(false)
                    .separator(';')
                    .columnTypes(DType.INT64, DType.FLOAT64, DType.BOOL)
                    .packFeatures(false)
                    .build()));
    assertEquals(2, rows.size());
    assertEquals(3, rows.get(0).size());
    assertEquals(DType.INT64, rows.get(0).get(0).dtype());
    assertEquals(3L, rows.get(1).get(0).longValue());
    assertEquals(4.5, rows.get(1).get(1).doubleValue());
    assertEquals(true, rows.get(0).get(2).booleanValue());
    List<List<Tensor>> noLabel =
        all(Datasets.csv(write("nl.csv", "a,b\n1,2\n"), CsvOptions.builder().noLabel().build()));
    assertEquals(1, noLabel.get(0).size());
    assertArrayEquals(new float[] {1, 2}, noLabel.get(0).get(0).toFloatArray());
    // the default label is the last column
    List<List<Tensor>> last = all(Datasets.csv(write("d.csv", "a,b,c\n1,2,3\n")));
    assertArrayEquals(new float[] {1, 2}, last.get(0).get(0).toFloatArray());
    assertEquals(3f, last.get(0).get(1).floatValue());
  }

  @Test
  void aBadCellNamesFileLineAndColumn() throws IOException {
    Path f = write("bad.csv", "x,y,label\n1,2,0\n3,4,1\n5,oops,1\n");
    Dataset ds = Datasets.csv(f);
    var it = ds.iterator();
    it.next();
    it.next();
    var e = assertThrows(IllegalArgumentException.class, it::next);
    assertEquals(
        "Datasets.csv: " + f + " line 4, column 2 (\"y\"): cannot read \"oops\" as float32",
        e.getMessage());
    // the same through a prefetch thread
    var p = assertThrows(IllegalArgumentException.class, () -> all(ds.batch(2).prefetch(2)));
    assertTrue(p.getMessage().contains("line 4, column 2"), p.getMessage());
    Path ragged = write("ragged.csv", "x,y\n1,2\n3\n");
    var r = assertThrows(IllegalArgumentException.class, () -> all(Datasets.csv(ragged)));
    assertEquals("Datasets.csv: " + ragged + " line 3 has 1 cells, expected 2", r.getMessage());
    Path ints = write("ints.csv", "x,k\n1,2.5\n");
    var i =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                all(Datasets.csv(ints, CsvOptions.builder().columnType("k", DType.INT32).build())));
    assertTrue(i.getMessage().endsWith("cannot read \"2.5\" as int32"), i.getMessage());
    Path javaish = write("j.csv", "x,y\n1f,2\n");
    assertThrows(IllegalArgumentException.class, () -> all(Datasets.csv(javaish)));
    Path quote = write("q.csv", "x,y\n\"1,2\n");
    var q = assertThrows(IllegalArgumentException.class, () -> all(Datasets.csv(quote)));
    assertTrue(q.getMessage().contains("line 2 has an unclosed quote"), q.getMessage());
  }

  @Test
  void csvOptionMistakesAndMissingFiles() throws IOException {
    Path missing = dir.resolve("nope.csv");
    var e = assertThrows(UncheckedIOException.class, () -> Datasets.csv(missing));
    assertTrue(e.getMessage().startsWith("Datasets.csv: cannot read " + missing), e.getMessage());
    Path f = write("h.csv", "a,b\n1,2\n");
    var l =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.csv(f, CsvOptions.builder().labelColumn("c").build()));
    assertTrue(
        l.getMessage().contains("\"c\" is not a column") && l.getMessage().contains("[a, b]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Datasets.csv(f, CsvOptions.builder().labelColumn(5).build()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Datasets.csv(f, CsvOptions.builder().columnTypes(DType.FLOAT32).build()));
    Path mixed = write("m.csv", "a,b,c\n1,2,3\n");
    var m =
        assertThrows(
            IllegalArgumentException.class,
            () -> Datasets.csv(mixed, CsvOptions.builder().columnType("a", DType.INT32).build()));
    assertTrue(m.getMessage().contains("packFeatures(false)"), m.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Datasets.csv(write("e.csv", "\n\n")));
    assertThrows(IllegalArgumentException.class, () -> Datasets.csv(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> CsvOptions.builder().columnType("a", DType.COMPLEX64));
    assertThrows(IllegalArgumentException.class, () -> CsvOptions.builder().separator('"'));
  }

  // ---------------------------------------------------------------- IDX

  static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b); // big-endian, as IDX
    d.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int x : dims) {
      d.writeInt(x);
    }
    d.write(payload);
    return b.toByteArray();
  }

  Path file(String name, byte[] bytes, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream o =
        gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      o.write(bytes);
    }
    return p;
  }

  @Test
  void idxGzippedOrNot() throws IOException {
    byte[] pixels = {0, 1, 2, (byte) 255, 10, 20, 30, (byte) 128};
    for (boolean gz : new boolean[] {false, true}) {
      Path x = file("x" + gz, idx(0x08, new int[] {2, 2, 2}, pixels), gz);
      Path y = file("y" + gz, idx(0x08, new int[] {2}, new byte[] {7, 3}), !gz);
      Dataset ds = Datasets.idx(x, y);
      assertEquals(2, ds.cardinality());
      List<List<Tensor>> rows = all(ds);
      assertEquals(Shape.of(2, 2), rows.get(0).get(0).shape());
      assertArrayEquals(new float[] {0, 1, 2, 255}, rows.get(0).get(0).toFloatArray());
      assertArrayEquals(new float[] {10, 20, 30, 128}, rows.get(1).get(0).toFloatArray());
      assertEquals(DType.INT32, rows.get(1).get(1).dtype());
      assertEquals(3, rows.get(1).get(1).intValue());
    }
  }

  @Test
  void idxRejectsTruncatedForeignAndMismatchedFiles() throws IOException {
    Path y = file("y", idx(0x08, new int[] {2}, new byte[] {7, 3}), false);
    Path shortX = file("short", idx(0x08, new int[] {2, 2, 2}, new byte[] {1, 2, 3}), false);
    var t = assertThrows(IllegalArgumentException.class, () -> Datasets.idx(shortX, y));
    assertTrue(
        t.getMessage().startsWith("Datasets.idx: " + shortX + " is truncated"), t.getMessage());
    Path text = write("t.txt", "hello world");
    assertThrows(IllegalArgumentException.class, () -> Datasets.idx(text, y));
    Path three = file("y3", idx(0x08, new int[] {3}, new byte[] {1, 2, 3}), false);
    Path x = file("x", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}), false);
    var m = assertThrows(IllegalArgumentException.class, () -> Datasets.idx(x, three));
    assertTrue(m.getMessage().contains("holds 2 items but"), m.getMessage());
    byte[] gz = Files.readAllBytes(file("g", idx(0x08, new int[] {2, 1}, new byte[] {1, 2}), true));
    Path cut = dir.resolve("cut.gz");
    Files.write(cut, java.util.Arrays.copyOf(gz, gz.length - 6));
    assertThrows(IllegalArgumentException.class, () -> Datasets.idx(cut, y));
    Path missing = dir.resolve("missing");
    var u = assertThrows(UncheckedIOException.class, () -> Datasets.idx(missing, y));
    assertTrue(u.getMessage().contains(missing.toString()), u.getMessage());
  }

  @Test
  void fashionMnistTestSet() {
    Path d = Path.of("/usr/share/datasets/fashion-mnist");
    Path x = d.resolve("t10k-images-idx3-ubyte.gz");
    assumeTrue(Files.exists(x), "Debian's dataset-fashion-mnist is not installed");
    Dataset ds = Datasets.idx(x, d.resolve("t10k-labels-idx1-ubyte.gz"));
    assertEquals(10_000, ds.cardinality());
    List<Integer> labels = new ArrayList<>();
    int[] perClass = new int[10];
    float max = 0;
    for (List<Tensor> e : ds) {
      if (labels.size() < 5) {
        labels.add(e.get(1).intValue());
      }
      perClass[e.get(1).intValue()]++;
      assertEquals(Shape.of(28, 28), e.get(0).shape());
      for (float v : e.get(0).toFloatArray()) {
        max = Math.max(max, v);
      }
    }
    // keras.datasets.fashion_mnist: y_test[:5] == [9, 2, 1, 1, 6], 1000 images per class
    assertEquals(List.of(9, 2, 1, 1, 6), labels);
    for (int c : perClass) {
      assertEquals(1000, c);
    }
    assertEquals(255f, max);
  }

  // ---------------------------------------------------------------- NPZ

  @Test
  void npzByKeysOrAll() {
    Path f = dir.resolve("d.npz");
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("y", Tensor.of(new int[] {1, 0, 1}));
    m.put("x", Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
    Tensor.saveNpz(f, m);
    List<List<Tensor>> rows = all(Datasets.npz(f, "x", "y"));
    assertEquals(3, rows.size());
    assertArrayEquals(new double[] {3, 4}, rows.get(1).get(0).toDoubleArray());
    assertEquals(0, rows.get(1).get(1).intValue());
    List<List<Tensor>> fileOrder = all(Datasets.npz(f));
    assertEquals(DType.INT32, fileOrder.get(0).get(0).dtype());
    var e = assertThrows(IllegalArgumentException.class, () -> Datasets.npz(f, "z"));
    assertTrue(e.getMessage().contains("no array \"z\"") && e.getMessage().contains("[y, x]"));
    Path missing = dir.resolve("none.npz");
    var u = assertThrows(UncheckedIOException.class, () -> Datasets.npz(missing));
    assertTrue(u.getMessage().startsWith("Datasets.npz: ") && u.getMessage().contains("none.npz"));
  }
}
