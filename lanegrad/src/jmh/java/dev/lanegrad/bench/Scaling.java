package dev.lanegrad.bench;

import dev.lanegrad.Tensor;
import dev.lanegrad.internal.kernels.Threads;
import dev.lanegrad.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One case at the thread count of {@code -Dlanegrad.threads}, timed three ways per call: the wall
 * clock, the process's CPU time, and the CPU time of the threads that compute (the caller and
 * lanegrad's kernel workers). {@code bench/threads.sh} runs it at 1 and 2 threads in alternating
 * JVMs. On a host that others keep busy the wall clock measures the wait for a core, so a 2-thread
 * speed-up is read from the wall clock only at a low load; the CPU time a call costs at 2 threads
 * against 1 is the price of splitting (hand-offs, duplicated packing, a worker that spins idle),
 * which the load does not change much.
 *
 * <p>Arguments: CpuTime's cases ({@code sgemm_out <problem>}, {@code mlp <style> <batch>}, {@code
 * step|fit <model> <batch>}, {@code conv <kind> <problem>}) and {@code fashion}, one {@code fit}
 * epoch of TF's Fashion-MNIST MLP tutorial at batch 32 (FashionFit). Per case: warm-up (seconds of
 * the caller's CPU time: CpuTime's, 1 epoch for {@code fashion}), then 7 samples of at least 0.5 s
 * of wall time; prints the medians in the peers' line format ({@code ms}, {@code ms_cpu_process},
 * {@code ms_cpu_compute}).
 */
public final class Scaling {
  private Scaling() {}

  public static void main(String[] args) {
    for (int i = 0; i < args.length; ) {
      CpuTime.Call call;
      String name;
      double warm;
      if (args[i].equals("fashion")) {
        i++;
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        List<Tensor> train = FashionFit.load(dir, "train");
        Tensor x = train.get(0).div(255.0);
        Tensor y = train.get(1);
        Sequential model = FashionFit.model();
        int[] epoch = {0};
        call =
            () -> {
              FashionFit.epoch(model, x, y, epoch[0]++);
              return model;
            };
        name = "fashion/lanegrad/none/t" + Threads.get() + "/mlp_fit_b32";
        warm = 0.1;
      } else {
        CpuTime.Case c = CpuTime.parse(args, i);
        i = c.next;
        call = c.call;
        name = c.name;
        warm = c.warm;
      }
      double[][] s = measure(call, warm);
      System.out.printf(Locale.ROOT, "%s\tms\t%.6g%n", name, median(s[0]));
      System.out.printf(Locale.ROOT, "%s\tms_cpu_process\t%.6g%n", name, median(s[1]));
      System.out.printf(Locale.ROOT, "%s\tms_cpu_compute\t%.6g%n", name, median(s[2]));
      System.out.flush();
    }
  }

  /** {wall, process CPU, compute threads' CPU} ms per call, one entry per sample. */
  static double[][] measure(CpuTime.Call call, double warmSeconds) {
    Object sink = null;
    // warm-up by the caller's CPU time: at a load of 10 on 2 cores, 4 s of wall time left the
    // kernels interpreted
    long t0 = CpuTime.cpu();
    long w0 = System.nanoTime();
    long calls = 0;
    while (calls == 0 || CpuTime.cpu() - t0 < warmSeconds * 1e9) {
      sink = call.run();
      calls++;
    }
    double per = (System.nanoTime() - w0) / (double) calls;
    int inner = (int) Math.max(1, 0.5e9 / per);
    List<Path> compute = computeThreads();
    double[][] out = new double[3][7];
    for (int s = 0; s < 7; s++) {
      long w = System.nanoTime();
      long p = cpu(tasks());
      long c = cpu(compute);
      for (int k = 0; k < inner; k++) {
        sink = call.run();
      }
      out[0][s] = (System.nanoTime() - w) / 1e6 / inner;
      out[1][s] = (cpu(tasks()) - p) / 1e6 / inner;
      out[2][s] = (cpu(compute) - c) / 1e6 / inner;
    }
    if (sink == null) {
      throw new IllegalStateException("Scaling: a case returned null");
    }
    return out;
  }

  /** Every thread of this process, as its /proc task directory. */
  static List<Path> tasks() {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : d) {
        out.add(t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Scaling: needs Linux's /proc/self/task", e);
    }
    return out;
  }

  /** The caller and lanegrad's kernel workers (started by the warm-up's first parallel call). */
  static List<Path> computeThreads() {
    List<Path> out = new ArrayList<>();
    out.add(Path.of("/proc/thread-self").toAbsolutePath());
    try {
      out.set(
          0, Path.of("/proc/self/task").resolve(Files.readSymbolicLink(out.get(0)).getFileName()));
      for (Path t : tasks()) {
        // comm is cut at 15 characters: "lanegrad-kernel"
        if (Files.readString(t.resolve("comm")).startsWith("lanegrad-kernel")) {
          out.add(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Scaling: needs Linux's /proc/self/task", e);
    }
    return out;
  }

  /** The summed CPU time of these threads, ns (a thread that has exited counts 0). */
  static long cpu(List<Path> threads) {
    long sum = 0;
    for (Path t : threads) {
      try {
        String s = Files.readString(t.resolve("schedstat"));
        sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
      } catch (IOException e) {
        // the thread exited between the listing and the read
      }
    }
    return sum;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
