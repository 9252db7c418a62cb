package dev.lanegrad.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Variable;
import dev.lanegrad.optimizers.schedules.ExponentialDecay;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Six steps of every optimizer, with clipping, weight decay and a schedule, against Keras 2.15's
 * formulas (tf_keras/optimizers/*.py) computed in NumPy by src/test/resources/optimizers/
 * trajectories.py, whose output trajectories.txt is committed: float32 equal to the bit, float64
 * within a few ulps (its pow is the platform's).
 */
class TrajectoryTest {
  static final float[] W0 = {1.5f, -2.25f, 0.1f, 3.0f, -0.7f};
  static final float[] B0 = {0.25f, -4.0f};

  /** The cases of trajectories.py, under the same names. */
  static Map<String, Supplier<Optimizer>> cases() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put(
        "sgd_momentum_wd",
        () -> SGD.builder().learningRate(0.1).momentum(0.9).weightDecay(0.01).build());
    m.put("adam_amsgrad", () -> Adam.builder().learningRate(0.01).amsgrad(true).build());
    m.put("adamw", () -> new AdamW(0.01, 0.004));
    m.put("rmsprop", () -> new RMSprop(0.01));
    m.put("rmsprop_centered", () -> RMSprop.builder().learningRate(0.01).centered(true).build());
    m.put("rmsprop_momentum", () -> RMSprop.builder().learningRate(0.01).momentum(0.9).build());
    m.put(
        "rmsprop_all",
        () ->
            RMSprop.builder()
                .learningRate(0.01)
                .rho(0.8)
                .momentum(0.5)
                .centered(true)
                .epsilon(1e-3)
                .build());
    m.put("adagrad", () -> new Adagrad(0.1));
    m.put("adamax", () -> new Adamax(0.02));
    m.put("nadam", () -> new Nadam(0.01));
    m.put("adam_clipnorm", () -> Adam.builder().learningRate(0.1).clipNorm(1.0).build());
    m.put("sgd_global_clipnorm", () -> SGD.builder().learningRate(0.1).globalClipNorm(1.0).build());
    m.put("sgd_clipvalue", () -> SGD.builder().learningRate(0.1).clipValue(0.5).build());
    m.put(
        "rmsprop_schedule",
        () -> RMSprop.builder().learningRate(new ExponentialDecay(0.01, 2, 0.5)).build());
    m.put(
        "nadam_wd_clipnorm",
        () -> Nadam.builder().learningRate(0.01).weightDecay(0.1).clipNorm(2.0).build());
    m.put(
        "adamax_wd_clipvalue",
        () -> Adamax.builder().learningRate(0.05).weightDecay(0.05).clipValue(1.0).build());
    m.put(
        "adagrad_global_wd",
        () ->
            Adagrad.builder()
                .learningRate(0.1)
                .initialAccumulatorValue(0.5)
                .globalClipNorm(0.5)
                .weightDecay(0.2)
                .build());
    return m;
  }

  static List<String[]> expected() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                TrajectoryTest.class.getResourceAsStream("/optimizers/trajectories.txt"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          rows.add(line.trim().split(" "));
        }
      }
    }
    return rows;
  }

  static double[] values(Variable w, Variable b) {
    double[] out = new double[7];
    double[] a = w.toDoubleArray();
    double[] c = b.toDoubleArray();
    System.arraycopy(a, 0, out, 0, 5);
    System.arraycopy(c, 0, out, 5, 2);
    return out;
  }

  @Test
  void everyOptimizerFollowsKerasFormulas() throws IOException {
    Map<String, Supplier<Optimizer>> cases = cases();
    List<String[]> rows = expected();
    assertEquals(cases.size() * 2 * 6, rows.size(), "trajectories.txt: 2 dtypes x 6 steps");
    int row = 0;
    for (Map.Entry<String, Supplier<Optimizer>> c : cases.entrySet()) {
      for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        Optimizer opt = c.getValue().get();
        Variable w = Variable.builder(W0).dtype(dtype).build();
        Variable b = Variable.builder(B0).dtype(dtype).build();
        for (int step = 0; step < 6; step++) {
          // the gradient of sum(w^2)/2 + sum(b^2)/2 is the current value
          opt.applyGradients(List.of(w.readValue(), b.readValue()), List.of(w, b));
          String[] r = rows.get(row++);
          String where = c.getKey() + " " + dtype + " step " + step;
          assertEquals(c.getKey() + " " + dtype + " " + step, r[0] + " " + r[1] + " " + r[2]);
          double[] got = values(w, b);
          for (int i = 0; i < 7; i++) {
            if (dtype == DType.FLOAT32) {
              float e = Float.intBitsToFloat(Integer.parseUnsignedInt(r[3 + i], 16));
              assertEquals(
                  Integer.toHexString(Float.floatToIntBits(e)),
                  Integer.toHexString(Float.floatToIntBits((float) got[i])),
                  where + " value " + i + ": expected " + e + ", got " + got[i]);
            } else {
              double e = Double.parseDouble(r[3 + i]);
              assertEquals(e, got[i], 8 * Math.ulp(e), where + " value " + i);
            }
          }
        }
      }
    }
    assertTrue(row == rows.size());
  }
}
