package dev.lanegrad.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code format/numpy_cases.txt}: texts printed by NumPy 1.24 itself (regenerate with
 * {@code src/test/resources/format/gen_numpy_cases.py}), for the seeds' values, the rules one by
 * one, summaries and 220 seeded random arrays of every dtype; and 7000 scalars.
 */
class NumpyFormatFixtureTest {
  record Case(String name, DType dtype, int[] dims, Object data, String str, String repr) {}

  @TestFactory
  List<DynamicTest> matchesNumpy() throws IOException {
    List<Case> cases = load();
    assertTrue(cases.size() >= 400, "fixture has " + cases.size() + " cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases) {
      tests.add(
          DynamicTest.dynamicTest(
              c.name(),
              () -> {
                assertEquals(
                    c.str(), NumpyFormat.str(c.dtype(), c.dims(), c.data()), c.name() + " str");
                assertEquals(
                    c.repr(), NumpyFormat.repr(c.dtype(), c.dims(), c.data()), c.name() + " repr");
              }));
    }
    return tests;
  }

  /** 7000 scalars (random bit patterns and short decimals) as NumPy's {@code str} prints them. */
  @Test
  void scalarsMatchNumpy() throws IOException {
    int n = 0;
    for (String line : read("numpy_scalars.txt").split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" ");
      DType dtype = dtype(f[0]);
      Object data =
          parse(dtype, dtype.isComplex() ? new String[] {f[1], f[2]} : new String[] {f[1]});
      assertEquals(f[f.length - 1], NumpyFormat.str(dtype, new int[0], data), line);
      n++;
    }
    assertEquals(7000, n);
  }

  private static String read(String name) throws IOException {
    try (InputStream in = NumpyFormatFixtureTest.class.getResourceAsStream("/format/" + name)) {
      return in != null
          ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of("src/test/resources/format/" + name));
    }
  }

  static List<Case> load() throws IOException {
    String text = read("numpy_cases.txt");
    List<Case> cases = new ArrayList<>();
    String name = null;
    DType dtype = null;
    int[] dims = null;
    Object data = null;
    String str = null;
    String repr = null;
    for (String line : text.split("\n", -1)) {
      int sp = line.indexOf(' ');
      String key = sp < 0 ? line : line.substring(0, sp);
      String rest = sp < 0 ? "" : line.substring(sp + 1);
      switch (key) {
        case "case" -> name = rest;
        case "dtype" -> dtype = dtype(rest);
        case "shape" ->
            dims =
                rest.isEmpty()
                    ? new int[0]
                    : java.util.Arrays.stream(rest.split(" "))
                        .mapToInt(Integer::parseInt)
                        .toArray();
        case "data" -> data = parse(dtype, rest.isEmpty() ? new String[0] : rest.split(" "));
        case "gen" -> data = arange(dtype, size(dims));
        case "str" -> str = rest.replace("\\n", "\n");
        case "repr" -> repr = rest.replace("\\n", "\n");
        case "end" -> cases.add(new Case(name, dtype, dims, data, str, repr));
        default -> {
          if (!line.isEmpty()) {
            throw new IllegalStateException("fixture: unexpected line " + line);
          }
        }
      }
    }
    return cases;
  }

  static DType dtype(String tfName) {
    for (DType d : DType.values()) {
      if (d.toString().equals(tfName)) {
        return d;
      }
    }
    throw new IllegalArgumentException(tfName);
  }

  static int size(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  static double real(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  static Object parse(DType dtype, String[] v) {
    int n = v.length;
    switch (dtype) {
      case FLOAT32, COMPLEX64:
        {
          float[] a = new float[n];
          for (int i = 0; i < n; i++) {
            a[i] = (float) real(v[i]);
          }
          return a;
        }
      case FLOAT64, COMPLEX128:
        {
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = real(v[i]);
          }
          return a;
        }
      case INT32:
        {
          int[] a = new int[n];
          for (int i = 0; i < n; i++) {
            a[i] = Integer.parseInt(v[i]);
          }
          return a;
        }
      case INT64:
        {
          long[] a = new long[n];
          for (int i = 0; i < n; i++) {
            a[i] = Long.parseLong(v[i]);
          }
          return a;
        }
      default:
        {
          boolean[] a = new boolean[n];
          for (int i = 0; i < n; i++) {
            a[i] = v[i].equals("1");
          }
          return a;
        }
    }
  }

  /** NumPy's {@code arange(n).astype(dtype)}. */
  static Object arange(DType dtype, int n) {
    switch (dtype) {
      case FLOAT32:
        {
          float[] a = new float[n];
          for (int i = 0; i < n; i++) {
            a[i] = i;
          }
          return a;
        }
      case FLOAT64:
        {
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = i;
          }
          return a;
        }
      case COMPLEX64:
        {
          float[] a = new float[2 * n];
          for (int i = 0; i < n; i++) {
            a[2 * i] = i;
          }
          return a;
        }
      case COMPLEX128:
        {
          double[] a = new double[2 * n];
          for (int i = 0; i < n; i++) {
            a[2 * i] = i;
          }
          return a;
        }
      case INT32:
        {
          int[] a = new int[n];
          for (int i = 0; i < n; i++) {
            a[i] = i;
          }
          return a;
        }
      case INT64:
        {
          long[] a = new long[n];
          for (int i = 0; i < n; i++) {
            a[i] = i;
          }
          return a;
        }
      default:
        {
          boolean[] a = new boolean[n];
          for (int i = 0; i < n; i++) {
            a[i] = i != 0;
          }
          return a;
        }
    }
  }
}
