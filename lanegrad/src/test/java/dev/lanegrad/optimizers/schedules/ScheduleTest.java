package dev.lanegrad.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The schedules against Keras 2.15's formulas (tf_keras/optimizers/schedules/
 * learning_rate_schedule.py) evaluated in NumPy float32 by src/test/resources/optimizers/
 * schedules.py, whose output schedules.txt is committed: every value equal to the bit.
 */
class ScheduleTest {
  /** The cases of schedules.py, under the same names and arguments. */
  static Map<String, LearningRateSchedule> cases() {
    Map<String, LearningRateSchedule> m = new LinkedHashMap<>();
    m.put("exp", new ExponentialDecay(0.1, 100, 0.96, false));
    m.put("exp_stair", new ExponentialDecay(0.1, 100, 0.96, true));
    m.put("exp_odd", new ExponentialDecay(0.037, 7, 0.5));
    m.put("inv", new InverseTimeDecay(0.1, 1, 0.5, false));
    m.put("inv_stair", new InverseTimeDecay(0.1, 10, 0.5, true));
    m.put("poly", new PolynomialDecay(0.1, 100, 0.01, 1.0, false));
    m.put("poly_sqrt", new PolynomialDecay(0.1, 100, 0.01, 0.5, false));
    m.put("poly_cycle", new PolynomialDecay(0.1, 100, 0.0001, 2.0, true));
    m.put("piece", new PiecewiseConstantDecay(new long[] {100, 300}, new double[] {1.0, 0.5, 0.1}));
    m.put("cos", new CosineDecay(0.1, 1000));
    m.put("cos_alpha", new CosineDecay(0.01, 300, 0.1, 0.01, 0));
    m.put("cos_warm", new CosineDecay(0.0, 900, 0.0, 0.1, 100));
    m.put("cos_warm_alpha", new CosineDecay(0.001, 200, 0.05, 0.01, 13));
    m.put("sgdr", new CosineDecayRestarts(0.1, 100));
    m.put("sgdr_m", new CosineDecayRestarts(0.05, 10, 1.0, 0.5, 0.1));
    m.put("sgdr_t", new CosineDecayRestarts(0.2, 7, 1.5, 0.8, 0.01));
    return m;
  }

  static List<String[]> expected() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                ScheduleTest.class.getResourceAsStream("/optimizers/schedules.txt"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          rows.add(line.trim().split(" "));
        }
      }
    }
    return rows;
  }

  @Test
  void everyValueEqualsTheFloat32FormulaToTheBit() throws IOException {
    Map<String, LearningRateSchedule> cases = cases();
    List<String[]> rows = expected();
    assertEquals(cases.size() * 18, rows.size(), "schedules.txt: 18 steps per case");
    for (String[] row : rows) {
      LearningRateSchedule s = cases.get(row[0]);
      long step = Long.parseLong(row[1]);
      int bits = Integer.parseUnsignedInt(row[2], 16);
      double got = s.at(step);
      assertEquals((double) (float) got, got, row[0] + " at " + step + ": not a float32 value");
      assertEquals(
          Integer.toHexString(bits),
          Integer.toHexString(Float.floatToIntBits((float) got)),
          row[0]
              + " at step "
              + step
              + ": expected "
              + Float.intBitsToFloat(bits)
              + ", got "
              + got);
    }
  }

  @Test
  void documentedShapes() {
    // Keras's docstrings: the piecewise example, the staircase holding its value
    PiecewiseConstantDecay p =
        new PiecewiseConstantDecay(new long[] {100000, 110000}, new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, p.at(100000));
    assertEquals(0.5, p.at(100001));
    assertEquals((float) 0.1, p.at(110001));
    ExponentialDecay e = new ExponentialDecay(0.1, 100, 0.96, true);
    assertEquals(e.at(0), e.at(99));
    assertEquals((double) (0.1f * 0.96f), e.at(100));
    // cosine: the start, the middle and the floor; after the end it stays at alpha * initial
    CosineDecay c = new CosineDecay(2.0, 100, 0.25, 2.0, 0);
    assertEquals(2.0, c.at(0));
    assertEquals(2.0 * (0.75 * 0.5 + 0.25), c.at(50), 1e-6);
    assertEquals(0.5, c.at(100), 1e-7);
    assertEquals(c.at(100), c.at(5000));
    // warm-up: linear from the initial rate to the target, exact in float32 at these steps
    CosineDecay w = new CosineDecay(0.0, 100, 0.0, 1.0, 4);
    assertEquals(0.0, w.at(0));
    assertEquals(0.25, w.at(1));
    assertEquals(0.75, w.at(3));
    assertEquals(1.0, w.at(4));
    // restarts with tMul = 2: periods 0-99, 100-299, 300-699 each start at the full rate
    CosineDecayRestarts r = new CosineDecayRestarts(1.0, 100);
    assertEquals(1.0, r.at(0));
    assertEquals(1.0, r.at(100));
    assertEquals(1.0, r.at(300));
    assertEquals(0.5, r.at(200), 1e-6);
    // polynomial without cycle stays at the end rate; with cycle it restarts
    PolynomialDecay poly = new PolynomialDecay(1.0, 10, 0.0, 1.0, false);
    assertEquals(0.0, poly.at(10));
    assertEquals(0.0, poly.at(11));
    PolynomialDecay cyc = new PolynomialDecay(1.0, 10, 0.0, 1.0, true);
    assertEquals(0.45, cyc.at(11), 1e-6); // d = 20: 1 - 11/20
  }

  private static void rejects(String fragment, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(fragment), x.getMessage());
  }

  @Test
  void badArgumentsAreRejectedByName() {
    rejects("ExponentialDecay: decaySteps must be > 0, got 0", () -> new ExponentialDecay(1, 0, 1));
    rejects(
        "ExponentialDecay: initialLearningRate must be a finite number >= 0, got -1.0",
        () -> new ExponentialDecay(-1, 10, 0.5));
    rejects("InverseTimeDecay: decayRate", () -> new InverseTimeDecay(1, 1, Double.NaN));
    rejects("PolynomialDecay: power", () -> new PolynomialDecay(1, 1, 0, Double.NaN, false));
    rejects("PolynomialDecay: decaySteps", () -> new PolynomialDecay(1, -5));
    rejects(
        "PiecewiseConstantDecay: the length of boundaries should be 1 less",
        () -> new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {1, 2}));
    rejects(
        "PiecewiseConstantDecay: boundaries must increase strictly, got [5, 5]",
        () -> new PiecewiseConstantDecay(new long[] {5, 5}, new double[] {1, 2, 3}));
    rejects(
        "PiecewiseConstantDecay: every value",
        () -> new PiecewiseConstantDecay(new long[] {5}, new double[] {1, -2}));
    rejects(
        "PiecewiseConstantDecay: boundaries and values must not be null",
        () -> {
          new PiecewiseConstantDecay(null, new double[] {1});
        });
    rejects(
        "CosineDecay: warmupSteps must be >= 0, got -1", () -> new CosineDecay(1, 10, 0, 1, -1));
    rejects("CosineDecay: alpha", () -> new CosineDecay(1, 10, Double.POSITIVE_INFINITY, 1, 0));
    rejects(
        "CosineDecayRestarts: tMul must be a finite number > 0, got 0.0",
        () -> {
          new CosineDecayRestarts(1, 10, 0, 1, 0);
        });
    rejects("CosineDecayRestarts: firstDecaySteps", () -> new CosineDecayRestarts(1, 0));
  }

  @Test
  void piecewiseKeepsItsOwnCopies() {
    long[] b = {10};
    double[] v = {1, 2};
    PiecewiseConstantDecay p = new PiecewiseConstantDecay(b, v);
    b[0] = 0;
    v[1] = 7;
    assertEquals(2.0, p.at(11));
    assertEquals(new PiecewiseConstantDecay(new long[] {10}, new double[] {1, 2}), p);
  }
}
