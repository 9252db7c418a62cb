package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The provider's one-time choice: SIMD when {@code jdk.incubator.vector} is readable, scalar when
 * {@code -Dlanegrad.scalar=true} forces it, and scalar with one warning naming the flag when the
 * module is absent (a child JVM started without {@code --add-modules}). Also the thread cap.
 */
class KernelProviderTest {
  /** The child JVM's program: prints the chosen kernels' name and the thread cap. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println("kernels=" + KernelProvider.get().name() + " threads=" + Threads.get());
    }
  }

  @Test
  void thisJvmGetsWhatItsFlagsAskFor() {
    boolean moduleReadable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    String expected = Boolean.getBoolean("lanegrad.scalar") || !moduleReadable ? "scalar" : "simd";
    assertEquals(expected, KernelProvider.get().name());
    assertEquals(KernelProvider.get(), KernelProvider.get(), "chosen once");
  }

  @Test
  void withoutTheModuleItRunsScalarAndSaysWhichFlagToAdd() throws Exception {
    Result r = run(List.of());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("kernels=scalar"), r.toString());
    long warnings =
        r.err.lines().filter(l -> l.contains("--add-modules jdk.incubator.vector")).count();
    assertEquals(1, warnings, "one line naming the flag; " + r);
  }

  @Test
  void withTheModuleItRunsSimdWithoutAWarning() throws Exception {
    Result r = run(List.of("--add-modules", "jdk.incubator.vector", "-Dlanegrad.threads=3"));
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("kernels=simd threads=3"), r.toString());
    assertTrue(!r.err.contains("lanegrad:"), r.toString());
  }

  @Test
  void scalarCanBeForced() throws Exception {
    Result r = run(List.of("--add-modules", "jdk.incubator.vector", "-Dlanegrad.scalar=true"));
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("kernels=scalar"), r.toString());
    assertTrue(!r.err.contains("lanegrad:"), "forcing scalar is not a problem to report; " + r);
  }

  @Test
  void threadCap() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, Threads.parse(null));
    assertEquals(cores, Threads.parse(" "));
    assertEquals(cores, Threads.parse("two"));
    assertEquals(1, Threads.parse("0"));
    assertEquals(1, Threads.parse("-4"));
    assertEquals(2, Threads.parse("2"));
    assertEquals(16, Threads.parse(" 16 "));
  }

  record Result(int code, String out, String err) {}

  static Result run(List<String> flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java"));
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Probe.class.getName());
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish: " + cmd);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out, err);
  }
}
