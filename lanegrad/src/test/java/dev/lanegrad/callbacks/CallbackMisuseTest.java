package dev.lanegrad.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanegrad.Tensor;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks used outside {@code fit} or with missing logs (Keras's callbacks read {@code logs or
 * {}}, keras/callbacks.py), and the files of TensorBoard and CSVLogger when {@code fit} throws.
 */
class CallbackMisuseTest {
  @TempDir Path dir;

  @Test
  void hooksWithoutAModelNameTheCallback() {
    Map<String, Double> logs = new HashMap<>(Map.of("loss", Double.NaN));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> new TerminateOnNaN().onTrainBatchEnd(0, logs));
    assertTrue(
        e.getMessage().startsWith("TerminateOnNaN.onTrainBatchEnd: no model"), e.getMessage());
    LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> lr);
    e = assertThrows(IllegalStateException.class, () -> s.onEpochBegin(0, logs));
    assertTrue(e.getMessage().startsWith("LearningRateScheduler.onEpochBegin"), e.getMessage());
    Sequential uncompiled = new Sequential(new Dense(1));
    s.setModel(uncompiled);
    e = assertThrows(IllegalStateException.class, () -> s.onEpochBegin(0, logs));
    assertTrue(e.getMessage().contains("not compiled"), e.getMessage());
    ReduceLROnPlateau r = ReduceLROnPlateau.builder().build();
    assertThrows(IllegalStateException.class, () -> r.onEpochEnd(0, logs));
  }

  @Test
  void nullLogsAreEmptyLogs() {
    Sequential m = new Sequential(new Dense(1));
    m.compile(new SGD(0.1), Losses::meanSquaredError);
    ReduceLROnPlateau r = ReduceLROnPlateau.builder().build();
    r.setModel(m);
    r.onTrainBegin(null);
    r.onEpochEnd(0, null);
    assertEquals(0.1, m.optimizer().learningRate(), 1e-7);
    LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> lr / 2);
    s.setModel(m);
    s.onEpochBegin(0, null);
    s.onEpochEnd(0, null);
    assertEquals(0.05, m.optimizer().learningRate(), 1e-7);
  }

  /** Open descriptors of this process that point into {@code folder} (Linux's /proc/self/fd). */
  private static List<Path> openFilesUnder(Path folder) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
    List<Path> open = new ArrayList<>();
    try (Stream<Path> s = Files.list(fds)) {
      for (Path fd : s.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.startsWith(folder.toRealPath())) {
            open.add(target);
          }
        } catch (IOException gone) {
          // the listing's own descriptor, closed by now
        }
      }
    }
    return open;
  }

  @Test
  void filesAreClosedWhenFitThrows() throws IOException {
    Sequential m = new Sequential(Dense.builder(1).inputShape(2).build());
    m.compile(new SGD(0.1), Losses::meanSquaredError);
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    Tensor y = Tensor.of(new float[][] {{1}, {2}});
    TensorBoard tb = new TensorBoard(dir.resolve("logs"));
    CSVLogger csv = new CSVLogger(dir.resolve("log.csv"));
    Callback failing =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            if (epoch == 1) {
              throw new IllegalStateException("failing.onEpochEnd: stop here");
            }
          }
        };
    FitOptions o =
        FitOptions.builder().epochs(3).batchSize(2).verbose(0).callbacks(tb, csv, failing).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.fit(x, y, o));
    assertEquals("failing.onEpochEnd: stop here", e.getMessage());
    assertEquals(List.of(), openFilesUnder(dir));
    // the rows written before the failure stay: the header and epochs 0 and 1
    assertEquals(3, Files.readAllLines(dir.resolve("log.csv")).size());
    tb.close();
    csv.close();
  }
}
