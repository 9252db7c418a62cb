package dev.lanegrad.data;

import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.History;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.nio.file.Path;

/**
 * Run by {@link CsvStreamingTest} in a JVM with a small heap: trains one epoch from a CSV file
 * larger than that heap and prints what it saw.
 */
public final class CsvStreamingMain {
  private CsvStreamingMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    Sequential model =
        new Sequential(
            Dense.builder(1)
                .inputShape(4)
                .kernelInitializer(Initializers.glorotUniform(1))
                .build());
    model.compile(new Adam(0.05), Losses.binaryCrossentropy(true), "accuracy");
    long[] rows = new long[1];
    Dataset ds =
        Datasets.csv(file)
            .map(e -> {
              rows[0]++;
              return java.util.List.of(e.get(0), e.get(1).reshape(1));
            })
            .batch(1024)
            .prefetch(2);
    History h;
    try (ds) {
      h = model.fit(ds, FitOptions.builder().epochs(1).verbose(0).build());
    }
    long threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("lanegrad-prefetch-") && t.isAlive())
            .count();
    System.out.println(
        "rows="
            + rows[0]
            + " accuracy="
            + h.get("accuracy").get(0)
            + " maxMemory="
            + Runtime.getRuntime().maxMemory()
            + " prefetchThreads="
            + threads);
  }
}
