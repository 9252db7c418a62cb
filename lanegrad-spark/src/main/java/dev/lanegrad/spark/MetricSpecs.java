package dev.lanegrad.spark;

import dev.lanegrad.metrics.Metric;
import dev.lanegrad.nn.Loss;
import dev.lanegrad.nn.Model;
import dev.lanegrad.optimizers.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * The metrics of {@link SparkTrainer.Builder#metrics}: Keras's names, or factories of metric
 * objects (a metric holds state, so each JVM that reports makes its own), compiled into a model as
 * {@code Model.compile} takes them.
 */
final class MetricSpecs implements Serializable {
  private static final long serialVersionUID = 1L;
  static final MetricSpecs NONE = new MetricSpecs(new String[0], List.of());

  private final String[] names;
  private final List<SerializableSupplier<? extends Metric>> factories;

  MetricSpecs(String[] names, List<SerializableSupplier<? extends Metric>> factories) {
    this.names = names;
    this.factories = factories;
  }

  /** Compiles the model with these metrics (names or fresh objects). */
  void compile(Model model, Optimizer optimizer, Loss loss) {
    if (factories.isEmpty()) {
      model.compile(optimizer, loss, names);
      return;
    }
    Metric[] m = new Metric[factories.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = factories.get(i).get();
      if (m[i] == null) {
        throw new IllegalArgumentException(
            "SparkTrainer: metric factory " + i + " returned null; it must make a Metric");
      }
    }
    model.compile(optimizer, loss, m);
  }
}
