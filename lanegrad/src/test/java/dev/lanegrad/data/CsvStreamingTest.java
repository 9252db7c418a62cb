package dev.lanegrad.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset larger than memory streams: a JVM with a 32 MiB heap trains one epoch from a CSV file
 * of 126 MB, which it could not hold (as float32 tensors it would still be 70 MB).
 */
class CsvStreamingTest {
  static final int ROWS = 3_500_000;
  static final String HEAP = "-Xmx32m";

  @TempDir Path dir;

  @Test
  void trainsFromACsvFileSeveralTimesLargerThanTheHeap() throws Exception {
    Path csv = dir.resolve("big.csv");
    SplittableRandom r = new SplittableRandom(42);
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("a,b,c,d,label\n");
      StringBuilder b = new StringBuilder(64);
      for (int i = 0; i < ROWS; i++) {
        double x0 = r.nextDouble(-1, 1);
        double x1 = r.nextDouble(-1, 1);
        b.setLength(0);
        b.append(
            String.format(
                Locale.ROOT,
                "%.5f,%.5f,%.5f,%.5f,",
                x0,
                x1,
                r.nextDouble(-1, 1),
                r.nextDouble(-1, 1)));
        b.append(x0 + x1 > 0 ? '1' : '0').append('\n');
        w.write(b.toString());
      }
    }
    long size = Files.size(csv);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                CsvStreamingMain.class.getName(),
                csv.toString()));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
    assertEquals(0, p.exitValue(), out);
    Matcher m =
        Pattern.compile("rows=(\\d+) accuracy=([0-9.]+) maxMemory=(\\d+) prefetchThreads=(\\d+)")
            .matcher(out);
    assertTrue(m.find(), out);
    long maxMemory = Long.parseLong(m.group(3));
    assertTrue(size > 3 * maxMemory, "file " + size + " bytes, heap " + maxMemory);
    assertEquals(ROWS, Long.parseLong(m.group(1)), out);
    // a linear rule, learnt in one pass
    assertTrue(Double.parseDouble(m.group(2)) > 0.95, out);
    assertEquals("0", m.group(4), "the prefetch thread ended with fit");
  }
}
