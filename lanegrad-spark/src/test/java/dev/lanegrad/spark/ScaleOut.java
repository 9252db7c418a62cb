package dev.lanegrad.spark;

import dev.lanegrad.Padding;
import dev.lanegrad.Tensor;
import dev.lanegrad.nn.Activation;
import dev.lanegrad.nn.Conv2D;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.FitOptions;
import dev.lanegrad.nn.Flatten;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Losses;
import dev.lanegrad.nn.MaxPooling2D;
import dev.lanegrad.nn.MicroBatches;
import dev.lanegrad.nn.Model;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The figures of bench/scaleout.sh (a program, not a test: it times, it asserts nothing).
 *
 * <pre>
 * ScaleOut replicas BATCH MICRO STEPS ROUNDS      Model.fit with replicas(1) and replicas(2),
 *                                                 interleaved rounds, examples/s
 * ScaleOut spark MASTER MODEL BATCH MICRO STEPS EPOCHS
 *                                                 one process on one core (Model.fit) against
 *                                                 SparkTrainer on MASTER, steps/s, E, overhead
 * </pre>
 *
 * MODEL is {@code mlp} (784-256-256-10) or {@code cnn} (the Fashion-MNIST CNN's convolutions
 * without BatchNormalization and Dropout, which SparkTrainer does not take yet). The data are
 * random 28x28 images and labels: speed does not depend on the values.
 */
public final class ScaleOut {
  private ScaleOut() {}

  static Model mlp() {
    return new Sequential(
        Dense.builder(256)
            .activation(Activation.RELU)
            .inputShape(784)
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        Dense.builder(256)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(2))
            .build(),
        Dense.builder(10).kernelInitializer(Initializers.glorotUniform(3)).build());
  }

  static Model cnn() {
    return new Sequential(
        Conv2D.builder(32, 3)
            .padding(Padding.SAME)
            .activation(Activation.RELU)
            .inputShape(28, 28, 1)
            .kernelInitializer(Initializers.glorotUniform(1))
            .build(),
        new MaxPooling2D(2),
        Conv2D.builder(64, 3)
            .padding(Padding.SAME)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(2))
            .build(),
        new MaxPooling2D(2),
        new Flatten(),
        Dense.builder(128)
            .activation(Activation.RELU)
            .kernelInitializer(Initializers.glorotUniform(3))
            .build(),
        Dense.builder(10).kernelInitializer(Initializers.glorotUniform(4)).build());
  }

  static float[][] images(int n) {
    SplittableRandom r = new SplittableRandom(7);
    float[][] x = new float[n][784];
    for (float[] row : x) {
      for (int j = 0; j < 784; j++) {
        row[j] = (float) r.nextDouble();
      }
    }
    return x;
  }

  static float[] labels(int n) {
    SplittableRandom r = new SplittableRandom(8);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(10);
    }
    return y;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("replicas")) {
      replicas(
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
    } else if (args.length > 0 && args[0].equals("spark")) {
      spark(
          args[1],
          args[2],
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]),
          Integer.parseInt(args[5]),
          Integer.parseInt(args[6]));
    } else {
      throw new IllegalArgumentException(
          "usage: ScaleOut replicas BATCH MICRO STEPS ROUNDS | spark MASTER MODEL BATCH MICRO"
              + " STEPS EPOCHS");
    }
  }

  /** One fit of {@code steps} batches; returns its seconds. */
  static double fitSeconds(Model m, Tensor x, Tensor y, int batch, int micro, int replicas) {
    long t0 = System.nanoTime();
    m.fit(
        x,
        y,
        FitOptions.builder()
            .batchSize(batch)
            .microBatch(micro)
            .replicas(replicas)
            .epochs(1)
            .seed(1)
            .verbose(0)
            .build());
    return (System.nanoTime() - t0) / 1e9;
  }

  static void replicas(int batch, int micro, int steps, int rounds) {
    int n = batch * steps;
    Tensor x = Tensor.of(images(n));
    Tensor y = Tensor.of(labels(n));
    // 0: one replica whose kernels run on one thread (as a one-core process: the baseline of E);
    // 1: one replica on lanegrad.threads (its products split over the threads); 2: two replicas
    Model[] models = new Model[3];
    for (int r = 0; r <= 2; r++) {
      models[r] = mlp();
      models[r].compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true), new String[0]);
      for (int w = 0; w < 2; w++) {
        replicaFit(models[r], x, y, batch, micro, r); // warm-up: JIT, buffers
      }
    }
    List<Double> ratios = new ArrayList<>();
    List<Double> ratios1 = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      double[] eps = new double[3];
      double[] cpu = new double[3];
      for (int r = 0; r <= 2; r++) {
        long c0 = Stage.processCpu();
        eps[r] = n / replicaFit(models[r], x, y, batch, micro, r);
        cpu[r] = (Stage.processCpu() - c0) / 1e6 / steps;
      }
      ratios.add(eps[2] / eps[1]);
      ratios1.add(eps[2] / eps[0]);
      cpuRatios.add(cpu[0] / cpu[2]);
      System.out.printf(
          Locale.ROOT,
          "replicas\tround %d\tbatch %d\tmicro %d\t1 replica on 1 thread %.0f ex/s\t1 replica %.0f"
              + " ex/s\t2 replicas %.0f ex/s\tratio %.2f (against 1 thread %.2f)\tprocess CPU"
              + " ms/step: %.1f / %.1f / %.1f\tload %s%n",
          round + 1,
          batch,
          micro,
          eps[0],
          eps[1],
          eps[2],
          eps[2] / eps[1],
          eps[2] / eps[0],
          cpu[0],
          cpu[1],
          cpu[2],
          load());
    }
    ratios.sort(null);
    ratios1.sort(null);
    cpuRatios.sort(null);
    System.out.printf(
        Locale.ROOT,
        "replicas\tmedian ratio %.2f over %d rounds (batch %d, micro %d); against 1 replica on 1"
            + " thread %.2f; CPU of 1 thread / CPU of 2 replicas %.2f%n",
        ratios.get(ratios.size() / 2),
        rounds,
        batch,
        micro,
        ratios1.get(ratios1.size() / 2),
        cpuRatios.get(cpuRatios.size() / 2));
  }

  /** {@link #fitSeconds} for row {@code r} of {@link #replicas}: r = 0 caps the kernels at 1. */
  static double replicaFit(Model m, Tensor x, Tensor y, int batch, int micro, int r) {
    if (r == 0) {
      MicroBatches.capThreads(1);
    }
    try {
      return fitSeconds(m, x, y, batch, micro, Math.max(1, r));
    } finally {
      MicroBatches.capThreads(0);
    }
  }

  static String load() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  static void printEpochs(String what, SparkTrainer t) {
    StringBuilder line = new StringBuilder("# " + what + " fit, ms a step per epoch:");
    for (long[] st : t.stageTimes) {
      line.append(String.format(Locale.ROOT, " %.1f", st[2] / 1e6 / st[1]));
    }
    System.out.println(line);
  }

  static void spark(String master, String model, int batch, int micro, int steps, int epochs) {
    int n = batch * steps;
    float[][] images = images(n);
    float[] labels = labels(n);
    boolean cnn = model.equals("cnn");
    SerializableSupplier<Model> factory = cnn ? ScaleOut::cnn : ScaleOut::mlp;

    // one process on one core: Model.fit in this JVM (run with -Dlanegrad.threads=1)
    Model one = factory.get();
    one.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true), new String[0]);
    Tensor x = cnn ? Tensor.of(images).reshape(n, 28, 28, 1) : Tensor.of(images);
    Tensor y = Tensor.of(labels);
    for (int w = 0; w < 2; w++) {
      fitSeconds(one, x, y, batch, micro, 1); // warm-up: JIT, buffers
    }

    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("lanegrad-scaleout")
            .set("spark.ui.enabled", "false")
            .set(
                "spark.executor.extraJavaOptions",
                ("--add-modules=jdk.incubator.vector -Dlanegrad.threads=1 "
                        + System.getProperty("scaleout.executorOptions", ""))
                    .strip())
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      List<Sample> s = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        s.add(Sample.of(images[i], labels[i]));
      }
      JavaRDD<Sample> data = sc.parallelize(s, sc.defaultParallelism());
      SparkTrainer.Builder b =
          SparkTrainer.builder()
              .model(factory)
              .optimizer(() -> new Adam(1e-3))
              .loss(() -> Losses.sparseCategoricalCrossentropy(true))
              .batchSize(batch)
              .microBatch(micro)
              .epochs(1)
              .seed(1)
              .verbose(0);
      if (cnn) {
        b.inputShape(28, 28, 1);
      }
      // a warm-up fit first, as the one process had two: the executor JVMs are new, and their
      // JIT compiles the kernels while it runs
      SparkTrainer warm = b.epochs(2).build();
      warm.fit(data);
      printEpochs("warm-up", warm);
      b.epochs(1);
      // interleaved rounds, as bench/pair.sh: an epoch of the one process, then one on the
      // ranks, so that both see the same load; each round's E, the median reported
      List<double[]> rounds = new ArrayList<>();
      for (int round = 0; round < epochs; round++) {
        long c0 = Stage.threadCpu(); // lanegrad.threads=1: the fit runs on this thread alone
        double t1 = fitSeconds(one, x, y, batch, micro, 1) / steps;
        double cpu1 = (Stage.threadCpu() - c0) / 1e9 / steps;
        SparkTrainer t = b.build();
        t.fit(data);
        long[] st = t.stageTimes.get(0);
        int ranks = (int) st[0];
        double t2 = st[2] / 1e9 / st[1];
        double overhead = (st[2] - st[3]) / 1e9 / st[1];
        // CPU time, which the load does not inflate: the ranks' task threads against the one
        // process's thread (E_cpu = 1 when splitting the work cost no CPU), and the ranks' JVMs
        double cpu2 = st[4] / 1e9 / st[1];
        double jvm2 = st[5] / 1e9 / st[1];
        rounds.add(new double[] {t1 / (ranks * t2), t1, t2, overhead, ranks, round, cpu1 / cpu2});
        System.out.printf(
            Locale.ROOT,
            "round\t%s\tbatch %d\t%d\t1 process %.1f ms/step\t%d ranks %.1f ms/step\tE %.2f\t"
                + "overhead %.1f ms/step\tCPU ms/step: 1 process %.1f, ranks' threads %.1f,"
                + " ranks' JVMs %.1f\tE_cpu %.2f\tload %s%n",
            model,
            batch,
            round + 1,
            t1 * 1e3,
            ranks,
            t2 * 1e3,
            t1 / (ranks * t2),
            overhead * 1e3,
            cpu1 * 1e3,
            cpu2 * 1e3,
            jvm2 * 1e3,
            cpu1 / cpu2,
            load());
        if (round == 0) {
          for (String jvm : t.rankJvms) {
            System.out.println("# " + jvm);
          }
        }
        // where each rank's step went (ms a step), from its own timestamps
        long[][] phases = t.stagePhases.get(0);
        for (int r = 0; r < phases.length; r++) {
          StringBuilder line = new StringBuilder();
          line.append(
              String.format(Locale.ROOT, "breakdown\t%s\tbatch %d\trank %d", model, batch, r));
          long sum = 0;
          for (int k = 0; k < Stage.PHASES; k++) {
            sum += phases[r][k];
            line.append(
                String.format(
                    Locale.ROOT, "\t%s %.1f", Stage.PHASE_NAMES[k], phases[r][k] / 1e6 / st[1]));
          }
          line.append(String.format(Locale.ROOT, "\ttotal %.1f ms/step", sum / 1e6 / st[1]));
          System.out.println(line);
        }
      }
      rounds.sort((p, q) -> Double.compare(p[0], q[0]));
      double[] med = rounds.get(rounds.size() / 2);
      System.out.printf(
          Locale.ROOT,
          "spark\t%s\t%s\tbatch %d\tmicro %d\tmedian of %d rounds (round %d):\t1 process %.2f"
              + " steps/s\t%d ranks %.2f steps/s\tE = T1/(%d T2) %.2f\toverhead %.1f ms/step"
              + "\tE_cpu %.2f%n",
          master,
          model,
          batch,
          micro,
          rounds.size(),
          (int) med[5] + 1,
          1 / med[1],
          (int) med[4],
          1 / med[2],
          (int) med[4],
          med[0],
          med[3] * 1e3,
          med[6]);
    }
  }
}
