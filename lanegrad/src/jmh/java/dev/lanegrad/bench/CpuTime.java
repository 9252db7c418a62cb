package dev.lanegrad.bench;

import dev.lanegrad.internal.Internal;
import dev.lanegrad.internal.kernels.ConvGeometry;
import dev.lanegrad.internal.kernels.PoolKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * ConvBench's, FashionStepBench's and GemmBench's cases timed by the calling thread's CPU time
 * instead of the wall clock, for a machine that other processes keep busy: on the 2 shared cores of
 * this project's VM (load average 10-17) a wall-clock JMH run waits for the CPU most of the time
 * and its warm-up does not even reach C2. Thread CPU time counts only the time this thread ran
 * (cache and memory-bandwidth interference from the others still count). One thread only: with
 * {@code -Dlanegrad.threads=1} every kernel runs on the caller; {@code bench/conv_torch.py --clock
 * cpu} and {@code bench/steps_torch.py --clock cpu} time torch the same way ({@code
 * time.thread_time}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dlanegrad.threads=1 -cp lanegrad/target/benchmarks.jar \
 *   dev.lanegrad.bench.CpuTime conv fwd b32_28x28x1_k3x3x32_valid step cnn 32
 * </pre>
 *
 * Arguments: {@code conv <fwd|dx|dw|poolFwd|poolBwd|poolBwdInto|poolBwdAlloc> <problem>} (the last
 * two: MaxPoolGrad's kernel into a reused dx, and the allocation of a fresh dx alone), {@code step
 * <model> <batch>}, {@code fit <model> <batch>} (FashionStepBench's fit: trainOnBatch in fit's step
 * function) and {@code mlp <style> <batch>} (TrainStepBench.step), {@code sgemm <problem>}
 * (GemmBench.ops: {@code Ops.matmul} allocating its result, as numpy's {@code a @ b}) and {@code
 * sgemm_out <problem>} (GemmBench.kernel into a preallocated C, as {@code np.matmul(a, b, out=c)}),
 * and {@code elementwise <op>_<out|alloc|fn>_n<n>} (ElementwiseBench's {@code out} with the SIMD
 * kernels, {@code alloc} and {@code fn}), repeated. Per case: warm-up until 4 s of CPU time (10 s
 * for a step), then 7 samples of at least 0.25 s of CPU time each; prints the median (and the
 * fastest) in ms of CPU time per call, in the peers' line format. The elementwise cases count the
 * whole process's CPU time, not the calling thread's: a new result array's cost includes the young
 * collections its churn brings, which run on the JVM's GC threads (numpy's allocator frees on the
 * calling thread).
 */
public final class CpuTime {
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
  private static final Path TASKS = Path.of("/proc/self/task");

  private CpuTime() {}

  interface Call {
    Object run();
  }

  public static void main(String[] args) {
    for (int i = 0; i < args.length; ) {
      Case c = parse(args, i);
      i = c.next;
      double[] ms = measure(c.call, c.warm, c.process);
      System.out.printf("%s\tms_cpu\t%.6g%n", c.name, ms[0]);
      System.out.printf("%s\tms_cpu_best\t%.6g%n", c.name, ms[1]);
      System.out.flush();
    }
  }

  /**
   * One case of the command line: its peers-format name, the call, its warm-up seconds, and whether
   * its samples count the whole process's CPU time.
   */
  static final class Case {
    final String name;
    final Call call;
    final double warm;
    final int next;
    final boolean process;

    Case(String name, Call call, double warm, int next) {
      this(name, call, warm, next, false);
    }

    Case(String name, Call call, double warm, int next, boolean process) {
      this.name = name;
      this.call = call;
      this.warm = warm;
      this.next = next;
      this.process = process;
    }
  }

  /** The case whose arguments start at {@code args[i]}. */
  static Case parse(String[] args, int i) {
    String threads = System.getProperty("lanegrad.threads", "?");
    String suite = args[i++];
    Call call;
    String name;
    double warm;
    if (suite.equals("conv")) {
      String kind = args[i++];
      String problem = args[i++];
      call = conv(kind, problem);
      String peer =
          switch (kind) {
            case "fwd" -> "conv_fwd";
            case "dx" -> "conv_dx";
            case "dw" -> "conv_dw";
            case "poolFwd" -> "pool_fwd";
            case "poolBwdInto" -> "pool_bwd_into";
            case "poolBwdAlloc" -> "pool_bwd_alloc";
            default -> "pool_bwd";
          };
      name = "conv/lanegrad/none/t" + threads + "/" + peer + "_" + problem;
      warm = 4;
    } else if (suite.equals("step") || suite.equals("fit")) {
      FashionStepBench.Step s = new FashionStepBench.Step();
      s.model = args[i++];
      s.batch = Integer.parseInt(args[i++]);
      s.setup();
      FashionStepBench b = new FashionStepBench();
      boolean fit = suite.equals("fit");
      call = fit ? () -> b.fit(s) : () -> b.step(s);
      name =
          "step/lanegrad/none/t" + threads + "/" + s.model + (fit ? "_fit" : "") + "_b" + s.batch;
      warm = 10;
    } else if (suite.equals("mlp")) {
      TrainStepBench.Mlp s = new TrainStepBench.Mlp();
      s.style = args[i++];
      s.batch = Integer.parseInt(args[i++]);
      s.setup();
      TrainStepBench b = new TrainStepBench();
      call = () -> b.step(s);
      name = "mlp/lanegrad/none/t" + threads + "/" + s.style + "_b" + s.batch;
      warm = 10;
    } else if (suite.equals("sgemm") || suite.equals("sgemm_out")) {
      GemmBench g = new GemmBench();
      g.problem = args[i++];
      g.setup();
      if (suite.equals("sgemm")) {
        call = g::ops;
      } else {
        Impl simd = new Impl();
        simd.impl = "simd";
        simd.setup();
        call = () -> g.kernel(simd);
      }
      name = suite + "/lanegrad/none/t" + threads + "/" + g.problem;
      warm = 4;
    } else if (suite.equals("elementwise")) {
      String c = args[i++];
      return new Case(
          "elementwise/lanegrad/none/t" + threads + "/" + c, elementwise(c), 4, i, true);
    } else {
      throw new IllegalArgumentException("CpuTime: unknown suite " + suite);
    }
    return new Case(name, call, warm, i);
  }

  /** {@code <op>_<out|alloc|fn>_n<n>}, as bench/pair_peer.py names numpy's elementwise cases. */
  static Call elementwise(String c) {
    String[] f = c.split("_");
    if (f.length < 3 || !f[f.length - 1].startsWith("n")) {
      throw new IllegalArgumentException("CpuTime: elementwise case " + c);
    }
    ElementwiseBench b = new ElementwiseBench();
    b.op = String.join("_", Arrays.copyOf(f, f.length - 2));
    b.n = Integer.parseInt(f[f.length - 1].substring(1));
    b.setup();
    switch (f[f.length - 2]) {
      case "out":
        Impl simd = new Impl();
        simd.impl = "simd";
        simd.setup();
        return () -> b.out(simd);
      case "alloc":
        return b::alloc;
      case "fn":
        // fn returns the call's null; the op's (expired) result is the sink
        return () -> {
          b.fn();
          return b.sink;
        };
      default:
        throw new IllegalArgumentException("CpuTime: elementwise variant of " + c);
    }
  }

  static Call conv(String kind, String problem) {
    ConvBench b = new ConvBench();
    if (kind.startsWith("pool")) {
      ConvBench.Pool p = new ConvBench.Pool();
      p.problem = problem;
      p.setup();
      if (kind.equals("poolBwdInto") || kind.equals("poolBwdAlloc")) {
        return poolParts(kind, p);
      }
      return kind.equals("poolFwd") ? () -> b.poolFwd(p) : () -> b.poolBwd(p);
    }
    ConvBench.Conv c = new ConvBench.Conv();
    c.problem = problem;
    c.setup();
    switch (kind) {
      case "fwd":
        return () -> b.fwd(c);
      case "dx":
        return () -> b.dx(c);
      case "dw":
        return () -> b.dw(c);
      default:
        throw new IllegalArgumentException("CpuTime: unknown conv kind " + kind);
    }
  }

  /**
   * MaxPoolGrad taken apart, to see what an eager call spends beside the kernel: {@code
   * poolBwdInto} runs the kernel into one reused dx (its 2x2 windows at stride 2 write every cell
   * they cover, so a reused dx gets the same values), {@code poolBwdAlloc} only allocates a fresh
   * dx of the same size (the JVM zeroes it), as every eager call does.
   */
  static Call poolParts(String kind, ConvBench.Pool p) {
    int[] d = p.x.shape().dims();
    int n = d[0];
    int h = d[1];
    int w = d[2];
    int c = d[3];
    int size = n * h * w * c;
    if (kind.equals("poolBwdAlloc")) {
      return () -> new float[size];
    }
    ConvGeometry g = new ConvGeometry(n, h, w, c, 2, 2, c, 2, 2, 1, 1, 0, 0, h / 2, w / 2);
    float[] x = Internal.f32(p.x);
    float[] y = Internal.f32(p.y);
    float[] dy = Internal.f32(p.dy);
    float[] dx = new float[size];
    PoolKernels k = PoolKernels.get();
    return () -> {
      k.maxPoolGradF32(g, x, y, dy, dx);
      return dx;
    };
  }

  /** This thread's time on a CPU, ns. */
  static long cpu() {
    try {
      String s = Files.readString(SCHEDSTAT);
      return Long.parseLong(s.substring(0, s.indexOf(' ')));
    } catch (IOException e) {
      throw new UncheckedIOException("CpuTime: needs Linux's " + SCHEDSTAT, e);
    }
  }

  /**
   * The whole process's time on a CPU, ns: the sum over its threads' schedstat (GC and JIT threads
   * included; a thread that ends between the listing and its read is left out).
   */
  static long processCpu() {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path t : tasks) {
        try {
          String s = Files.readString(t.resolve("schedstat"));
          sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (IOException gone) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CpuTime: needs Linux's " + TASKS, e);
    }
    return sum;
  }

  /** {median, min} of the samples, ms of CPU time per call. */
  static double[] measure(Call call, double warmSeconds) {
    return measure(call, warmSeconds, false);
  }

  /**
   * {median, min} of the samples, ms of CPU time per call: this thread's, or the process's when
   * {@code process} (the warm-up is timed by this thread's, which is cheap to read).
   */
  static double[] measure(Call call, double warmSeconds, boolean process) {
    Object sink = null;
    long t0 = cpu();
    long calls = 0;
    while (cpu() - t0 < warmSeconds * 1e9) {
      sink = call.run();
      calls++;
    }
    double per = (cpu() - t0) / (double) calls;
    int inner = (int) Math.max(1, 0.25e9 / per);
    double[] samples = new double[7];
    for (int s = 0; s < samples.length; s++) {
      long a = process ? processCpu() : cpu();
      for (int k = 0; k < inner; k++) {
        sink = call.run();
      }
      samples[s] = ((process ? processCpu() : cpu()) - a) / 1e6 / inner;
    }
    if (sink == null) {
      throw new IllegalStateException("CpuTime: a case returned null");
    }
    Arrays.sort(samples);
    return new double[] {samples[samples.length / 2], samples[0]};
  }
}
