package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.internal.Internal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code .npy}/{@code .npz} against files NumPy 1.24 wrote ({@code src/test/resources/npy}, made by
 * {@code make_fixtures.py}, whose formulas {@link #values} recomputes), and round trips. The
 * round-trip files are also left in {@code <buildDir>/npy-written} so that {@code python3
 * make_fixtures.py --check <buildDir>/npy-written} shows NumPy reads them back.
 */
class NpyTest {
  static final List<String> CODES = List.of("f4", "f8", "i4", "i8", "b1", "c8", "c16");

  @TempDir Path tmp;

  static Path fixture(String name) {
    try {
      return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static DType dtypeOf(String code) {
    return switch (code) {
      case "f4", "f2" -> DType.FLOAT32;
      case "f8" -> DType.FLOAT64;
      case "i4", "i1", "i2", "u1", "u2" -> DType.INT32;
      case "i8", "u4" -> DType.INT64;
      case "b1" -> DType.BOOL;
      case "c8" -> DType.COMPLEX64;
      case "c16" -> DType.COMPLEX128;
      default -> throw new IllegalArgumentException(code);
    };
  }

  /** The script's formulas, by C-order index. */
  static Tensor values(String code, int... dims) {
    Shape s = Shape.of(dims);
    int n = (int) s.size();
    DType d = dtypeOf(code);
    Object data =
        switch (d) {
          case FLOAT32 -> {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) ((i - 3) * 0.25);
            yield a;
          }
          case FLOAT64 -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = (i - 3) * 0.25;
            yield a;
          }
          case INT32 -> {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
              a[i] =
                  code.startsWith("u")
                      ? (code.equals("u1") ? (i * 7 + 200) % 256 : i * 7 + 200)
                      : i * 7 - 10;
            }
            yield a;
          }
          case INT64 -> {
            long[] a = new long[n];
            for (int i = 0; i < n; i++)
              a[i] = code.equals("u4") ? i * 7 + 200 : (i - 3) * 1_000_000_000_000L + i;
            yield a;
          }
          case BOOL -> {
            boolean[] a = new boolean[n];
            for (int i = 0; i < n; i++) a[i] = i % 3 == 0;
            yield a;
          }
          case COMPLEX64 -> {
            float[] a = new float[2 * n];
            for (int i = 0; i < n; i++) {
              a[2 * i] = (float) ((i - 2) * 0.5);
              a[2 * i + 1] = (float) (i * 0.25 - 1);
            }
            yield a;
          }
          case COMPLEX128 -> {
            double[] a = new double[2 * n];
            for (int i = 0; i < n; i++) {
              a[2 * i] = (i - 2) * 0.5;
              a[2 * i + 1] = i * 0.25 - 1;
            }
            yield a;
          }
        };
    return Internal.make(d, s, data);
  }

  static void assertSame(Tensor want, Tensor got, String what) {
    assertEquals(want.dtype(), got.dtype(), what + ": dtype");
    assertEquals(want.shape(), got.shape(), what + ": shape");
    Object a = Internal.data(want);
    Object b = Internal.data(got);
    if (a instanceof float[] f) {
      assertArrayEquals(f, (float[]) b, what);
    } else if (a instanceof double[] f) {
      assertArrayEquals(f, (double[]) b, what);
    } else if (a instanceof int[] f) {
      assertArrayEquals(f, (int[]) b, what);
    } else if (a instanceof long[] f) {
      assertArrayEquals(f, (long[]) b, what);
    } else if (a instanceof boolean[] f) {
      assertArrayEquals(f, (boolean[]) b, what);
    } else {
      throw new AssertionError(a);
    }
  }

  // ---------------------------------------------------------------- files NumPy wrote

  @ParameterizedTest
  @ValueSource(strings = {"f4", "f8", "i4", "i8", "b1", "c8", "c16"})
  void readsEveryDTypeInEveryLayout(String code) {
    assertSame(values(code, 2, 3), Tensor.loadNpy(fixture(code + "_le.npy")), code + " le");
    if (!code.equals("b1")) {
      assertSame(values(code, 2, 3), Tensor.loadNpy(fixture(code + "_be.npy")), code + " be");
    }
    assertSame(
        values(code, 2, 3, 4), Tensor.loadNpy(fixture(code + "_fortran.npy")), code + " fortran");
    assertSame(values(code), Tensor.loadNpy(fixture(code + "_scalar.npy")), code + " 0-d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"f4", "f8", "i4", "i8", "b1", "c8", "c16"})
  void writesTheBytesNumPyWrites(String code) throws IOException {
    for (String f : List.of(code + "_le.npy", code + "_scalar.npy")) {
      Tensor t = Tensor.loadNpy(fixture(f));
      Path out = tmp.resolve(f);
      t.saveNpy(out);
      assertArrayEquals(Files.readAllBytes(fixture(f)), Files.readAllBytes(out), f);
    }
  }

  @Test
  void widensSmallerTypesWithoutLoss() {
    for (String c : List.of("i1", "i2", "u1", "u2", "u4", "f2")) {
      assertSame(values(c, 5), Tensor.loadNpy(fixture(c + "_widened.npy")), c);
    }
  }

  @Test
  void versionsShapesAndSpecialValues() {
    assertSame(values("f8", 4), Tensor.loadNpy(fixture("f8_v2.npy")), "format 2.0");
    assertSame(values("f8", 4), Tensor.loadNpy(fixture("f8_v3.npy")), "format 3.0");
    assertSame(values("f8", 3, 2), Tensor.loadNpy(fixture("f8_be_fortran.npy")), "be fortran");
    assertSame(values("f4", 1, 2, 1, 3, 2), Tensor.loadNpy(fixture("f4_rank5.npy")), "rank 5");
    Tensor e = Tensor.loadNpy(fixture("f4_empty_0x3.npy"));
    assertEquals(Shape.of(0, 3), e.shape());
    assertEquals(DType.FLOAT32, e.dtype());
    Tensor e2 = Tensor.loadNpy(fixture("i8_empty_2x0x4.npy"));
    assertEquals(Shape.of(2, 0, 4), e2.shape());
    assertEquals(DType.INT64, e2.dtype());
    double[] s = Tensor.loadNpy(fixture("f8_special.npy")).toDoubleArray();
    assertTrue(Double.isNaN(s[0]));
    assertEquals(Double.POSITIVE_INFINITY, s[1]);
    assertEquals(Double.NEGATIVE_INFINITY, s[2]);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(s[3]));
    assertEquals(Double.MIN_VALUE, s[4]);
    assertEquals(Double.MAX_VALUE, s[5]);
  }

  @Test
  void readsNpzStoredAndDeflated() {
    Map<String, Tensor> m = Tensor.loadNpz(fixture("stored.npz"));
    assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
    assertSame(values("f4", 2, 2), m.get("a"), "a");
    assertSame(values("i8", 3), m.get("b"), "b");
    assertSame(values("b1"), m.get("c"), "c");
    Map<String, Tensor> d = Tensor.loadNpz(fixture("deflated.npz"));
    assertEquals(List.of("arr_0", "arr_1"), List.copyOf(d.keySet()));
    assertSame(values("f8", 3, 2), d.get("arr_0"), "arr_0");
    assertSame(values("c8", 2), d.get("arr_1"), "arr_1");
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void roundTripsEveryDTypeAndRank() throws IOException {
    Path keep = writtenDir();
    for (String code : CODES) {
      for (int rank = 0; rank <= 4; rank++) {
        int[] dims = new int[rank];
        for (int a = 0; a < rank; a++) dims[a] = a + 2; // (2, 3, 4, 5): distinct, so axes show
        Tensor t = values(code, dims);
        String name = code + "_r" + rank + ".npy";
        Path p = tmp.resolve(name);
        t.saveNpy(p);
        assertSame(t, Tensor.loadNpy(p), name);
        if (keep != null) {
          Files.copy(p, keep.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      for (int[] dims : new int[][] {{0}, {3, 0}, {0, 2, 5}}) {
        Tensor t = Tensor.zeros(Shape.of(dims), dtypeOf(code));
        Path p = tmp.resolve(code + "_empty.npy");
        t.saveNpy(p);
        assertSame(t, Tensor.loadNpy(p), code + " empty " + Shape.of(dims));
      }
    }
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", values("f4", 2, 3));
    m.put("b", values("i8", 3));
    Path z = tmp.resolve("all.npz");
    Tensor.saveNpz(z, m);
    Map<String, Tensor> back = Tensor.loadNpz(z);
    assertEquals(List.of("w", "b"), List.copyOf(back.keySet()));
    assertSame(m.get("w"), back.get("w"), "npz w");
    assertSame(m.get("b"), back.get("b"), "npz b");
    try (ZipFile zf = new ZipFile(z.toFile())) {
      assertEquals(2, zf.size());
      assertTrue(zf.getEntry("w.npy") != null && zf.getEntry("b.npy") != null);
    }
    if (keep != null) {
      Files.copy(z, keep.resolve("all.npz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void specialValuesAndVariablesRoundTrip() {
    Tensor t = Tensor.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE});
    Path p = tmp.resolve("s.npy");
    t.saveNpy(p);
    float[] back = Tensor.loadNpy(p).toFloatArray();
    for (int i = 0; i < 4; i++) {
      assertEquals(Float.floatToRawIntBits(Internal.f32(t)[i]), Float.floatToRawIntBits(back[i]));
    }
    Variable v = Variable.of(new double[][] {{1, 2}, {3, 4}});
    v.saveNpy(p);
    v.assign(new double[][] {{5, 6}, {7, 8}});
    assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.loadNpy(p).toDoubleArray());
    assertEquals(Shape.of(2, 2), Tensor.loadNpy(p).shape());
  }

  @Test
  void saveReplacesAnOldFileAndLeavesNoTemporaryFiles() throws IOException {
    Path p = tmp.resolve("x.npy");
    Tensor.of(new int[] {1, 2, 3}).saveNpy(p);
    Tensor.of(new int[] {4}).saveNpy(p);
    assertArrayEquals(new int[] {4}, Tensor.loadNpy(p).toIntArray());
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  // ---------------------------------------------------------------- bad files

  @Test
  void unsupportedOrBrokenFilesNameTheFile() {
    assertBad("unicode_U5.npy", "'<U5'");
    assertBad("object.npy", "'|O'");
    assertBad("structured.npy", "structured");
    assertBad("u8.npy", "'<u8'");
    assertBad("f8_le_truncated.npy", "truncated");
    assertBad("bad_magic.npy", "bad magic");
    assertBad("header_truncated.npy", "truncated");
    Path nz = fixture("not_a_zip.npz");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpz(nz));
    assertTrue(
        e.getMessage().startsWith("Tensor.loadNpz: ") && e.getMessage().contains(nz.toString()),
        e.getMessage());
    // a .npy file is not a zip, a zip is not a .npy file
    assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpz(fixture("f4_le.npy")));
    assertBad("stored.npz", "bad magic");
  }

  private static void assertBad(String fixture, String part) {
    Path p = fixture(fixture);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p));
    assertTrue(e.getMessage().startsWith("Tensor.loadNpy: " + p), e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void hugeShapesAreRejectedBeforeAllocation() throws IOException {
    // a 70-byte file that claims 10^15 float32 elements, and one with a dimension over int range
    for (String shape : List.of("(100000, 100000, 100000)", "(3000000000,)", "(65536, 32768)")) {
      Path p = tmp.resolve("huge.npy");
      Files.write(
          p,
          npyBytes(
              "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", new byte[16]));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p), shape);
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
    Path p = tmp.resolve("huge.npy");
    Files.write(
        p,
        npyBytes(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 32768), }", new byte[16]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p));
    assertTrue(e.getMessage().contains("2147483648 elements"), e.getMessage());
    // within range but larger than the file: truncated, before the data array is allocated
    Files.write(
        p,
        npyBytes(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }", new byte[16]));
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void malformedHeaders() throws IOException {
    Path p = tmp.resolve("h.npy");
    for (String h :
        List.of(
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1 2), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
            "['descr']",
            "{'descr': 'f4")) {
      Files.write(p, npyBytes(h, new byte[4]));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p), h);
      assertTrue(e.getMessage().startsWith("Tensor.loadNpy: " + p), e.getMessage());
    }
    // keys in another order, double quotes, Python 2 longs, no byte order mark: all fine
    Files.write(
        p,
        npyBytes(
            "{\"shape\": (2L,), \"fortran_order\": False, \"descr\": \"f4\"}",
            new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40}));
    assertArrayEquals(new float[] {1, 2}, Tensor.loadNpy(p).toFloatArray());
    // versions other than 1 to 3
    byte[] b = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new byte[4]);
    b[6] = 4;
    Files.write(p, b);
    assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p));
    Files.write(p, new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(p));
  }

  @Test
  void ioFailuresAreUncheckedIOExceptionsNamingTheFile() throws IOException {
    Path missing = tmp.resolve("missing.npy");
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> Tensor.loadNpy(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path missingZ = tmp.resolve("missing.npz");
    e = assertThrows(UncheckedIOException.class, () -> Tensor.loadNpz(missingZ));
    assertTrue(e.getMessage().contains(missingZ.toString()), e.getMessage());
    Path noDir = tmp.resolve("no/such/dir/x.npy");
    e = assertThrows(UncheckedIOException.class, () -> Tensor.of(1f).saveNpy(noDir));
    assertTrue(e.getMessage().contains(noDir.toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpy(null));
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f).saveNpy(null));
    assertThrows(IllegalArgumentException.class, () -> Tensor.loadNpz(null));
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("a", null);
    Path z = tmp.resolve("z.npz");
    assertThrows(IllegalArgumentException.class, () -> Tensor.saveNpz(z, withNull));
    assertTrue(!Files.exists(z));
    assertThrows(IllegalArgumentException.class, () -> Tensor.saveNpz(z, null));
  }

  /** A version 1.0 file around a header dict, padded as NumPy pads. */
  static byte[] npyBytes(String dict, byte[] data) {
    StringBuilder h = new StringBuilder(dict);
    int total = 10 + h.length() + 1;
    h.append(" ".repeat((total + 63) / 64 * 64 - total)).append('\n');
    byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) hb.length).put(hb).put(data);
    return b.array();
  }

  /** {@code <buildDir>/npy-written}, beside test-classes, or null if that is not a folder. */
  private static Path writtenDir() {
    try {
      Path classes =
          Path.of(NpyTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = classes.getParent().resolve("npy-written");
      Files.createDirectories(dir);
      return dir;
    } catch (Exception e) {
      return null;
    }
  }
}
