package dev.lanegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanegrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Python-style printing the notebook ports use; expected strings are CPython 3's. */
class PyTest {
  @ParameterizedTest
  @CsvSource({
    "5.0, 5.0",
    "1e-5, 1e-05",
    "0.0001, 0.0001",
    "1e16, 1e+16",
    "123456789012345678.0, 1.2345678901234568e+17",
    "1e15, 1000000000000000.0",
    "-2.5, -2.5",
    "5.0925916816879635e-09, 5.0925916816879635e-09",
    "0.1, 0.1",
    "0.3333333333333333, 0.3333333333333333",
    "-0.0, -0.0",
    "1e22, 1e+22",
    "1.5e-10, 1.5e-10",
    "NaN, nan",
    "Infinity, inf"
  })
  void reprIsPythons(double value, String python) {
    assertEquals(python, Py.repr(value));
  }

  @Test
  void numpyIsTheValuesOfToString() {
    assertEquals("[6. 6.]", Py.numpy(Tensor.of(new float[] {6, 6})));
    assertEquals("18.0", Py.numpy(Tensor.of(18f)));
    assertEquals("[[1 2]\n [3 4]]", Py.numpy(Tensor.of(new int[][] {{1, 2}, {3, 4}})));
  }

  @Test
  void errorIsTypeColonMessage() {
    assertEquals("IllegalArgumentException: bad", Py.error(new IllegalArgumentException("bad")));
  }
}
