package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which package may use which, read from the sources (every {@code dev.lanegrad...} name in an
 * import or in code), as Lucene's {@code VALID_CALLERS} guards its internal entry points. The
 * layers and the reason for each arrow are in docs/architecture.md. A package not listed here
 * fails: a new package states its place in the house when it is added.
 */
class LayeringTest {
  static final String R = "dev.lanegrad";
  static final String INTERNAL = R + ".internal";
  static final String OPS = INTERNAL + ".ops";
  static final String KERNELS = INTERNAL + ".kernels";
  static final String AUTODIFF = INTERNAL + ".autodiff";
  static final String FORMAT = INTERNAL + ".format";
  static final String IO = INTERNAL + ".io";

  /**
   * The public rooms: the face and what is written against it as a user would write it. They may
   * use each other; nothing internal except the entries below.
   */
  static final Set<String> PUBLIC =
      Set.of(
          R,
          R + ".nn",
          R + ".optimizers",
          R + ".optimizers.schedules",
          R + ".data",
          R + ".metrics",
          R + ".callbacks");

  /** Package -> the packages of the library it may use (its own always). */
  static final Map<String, Set<String>> MAY_USE =
      Map.of(
          // kernels: loops over primitive arrays, nothing of tensors, shapes or tapes
          KERNELS, Set.of(),
          // the door into Tensor's storage, used by every internal package
          INTERNAL, Set.of(R),
          // ops: checks, forwards (into kernels) and rules; they never import autodiff
          OPS, Set.of(R, INTERNAL, KERNELS),
          // the tape: records through the ops' Recorder hook, differentiates with ops
          AUTODIFF, Set.of(R, INTERNAL, OPS),
          FORMAT, Set.of(R, INTERNAL),
          IO, Set.of(R, INTERNAL, OPS),
          // the face: argument conversion, then one call into ops, autodiff, format or io
          R, Set.of(INTERNAL, OPS, AUTODIFF, FORMAT, IO));

  /**
   * The named internal entry points a public room may use where the face cannot serve, each with
   * why: importer package -> class (or package, ending in ".*") -> reason.
   */
  static final Map<String, Map<String, String>> ENTRIES =
      Map.of(
          R + ".nn",
          Map.of(
              IO + ".CheckpointFile",
              "the checkpoint file format, whose public face is nn.Checkpoint",
              KERNELS + ".Threads",
              "data-parallel replicas cap their kernels' threads so that replicas x threads stay"
                  + " within the cores",
              IO + ".Safetensors",
              "the safetensors format of Model.saveWeights and of the weights inside Model.save",
              IO + ".Json",
              "the JSON of Model.save's configuration (no dependency on a JSON library)",
              IO + ".AtomicFiles",
              "Model.save and saveWeights replace their files atomically, as Checkpoint does",
              AUTODIFF + ".Tape",
              "MicroBatches.update runs a user's function: when it is rejected, Tape.rollback"
                  + " takes the enclosing tapes back to Tape.mark (no face method forgets entries)",
              INTERNAL + ".Internal",
              "fit reads x and y in place and hands each batch and micro-batch, copied once, to its"
                  + " tensor without the face's defensive copy (the step's serial path, which"
                  + " bounds replicas' speed-up)"),
          R + ".optimizers",
          Map.of(
              INTERNAL + ".Internal",
              "a fused update writes a variable's next value into Internal.updateBuffer and"
                  + " commits it: no face method hands out a variable's array",
              KERNELS + ".UpdateKernels",
              "the fused in-place updates of every optimizer are kernels with scalar twins",
              AUTODIFF + ".Tape",
              "a rejected minimize takes the enclosing tapes back to Tape.mark, where the loss"
                  + " function and the gradient had recorded"),
          R + ".callbacks",
          Map.of(
              IO + ".EventFile",
              "TensorBoard's event files (TFRecord framing, protobuf by hand): a file format,"
                  + " kept in io beside the other formats, with TensorBoard as its public face"),
          R + ".metrics",
          Map.of(
              AUTODIFF + ".Tape",
              "MeanMetricWrapper runs a user's function: when the update is rejected,"
                  + " Tape.rollback takes the enclosing tapes back to Tape.mark"),
          R + ".data",
          Map.of(
              INTERNAL + ".Internal",
              "batches and loaded columns become tensors over arrays filled once, without the"
                  + " face's defensive copy"));

  static final Pattern NAME = Pattern.compile("\\bdev\\.lanegrad(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
  static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);");

  @Test
  void everyPackageUsesOnlyWhatItsLayerAllows() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the project root: " + main.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    Set<String> packages = new TreeSet<>();
    for (Path p : sources(main)) {
      check(p, problems, packages, false);
    }
    // the examples are users' programs: the public rooms only
    for (Path p : sources(Path.of("src/examples/java"))) {
      check(p, problems, packages, true);
    }
    // so is lanegrad-spark (main and tests): it trains through the public API alone (what it
    // needed, MicroBatches and TrainingLogs, is public), so it runs on any lanegrad jar
    Path spark = Path.of("../lanegrad-spark/src");
    assertTrue(
        Files.isDirectory(spark), "lanegrad-spark beside lanegrad: " + spark.toAbsolutePath());
    for (Path p : sources(spark)) {
      check(p, problems, packages, true);
    }
    problems.forEach(System.err::println);
    assertEquals(List.of(), problems);
    // guards the scan itself
    assertTrue(
        packages.containsAll(Set.of(R, OPS, KERNELS, AUTODIFF, R + ".nn", R + ".spark")),
        "" + packages);
  }

  @Test
  void theRulesNameOnlyPackagesOfTheHouse() {
    for (Map.Entry<String, Map<String, String>> e : ENTRIES.entrySet()) {
      assertTrue(PUBLIC.contains(e.getKey()), e.getKey() + " is not a public room");
      for (String to : e.getValue().keySet()) {
        assertTrue(to.startsWith(INTERNAL), to + " is not internal");
      }
    }
    for (String p : MAY_USE.keySet()) {
      assertTrue(!PUBLIC.contains(p) || p.equals(R), p + " is a public room; it has no row");
    }
  }

  @Test
  void knownCasesGetTheirVerdicts() {
    assertNotNull(verdict(R + ".nn", OPS + ".Check", false));
    assertNull(verdict(R + ".nn", IO + ".CheckpointFile", false));
    assertNotNull(verdict(R + ".optimizers", KERNELS + ".ScalarKernels", false));
    assertNull(verdict(R + ".optimizers", KERNELS + ".UpdateKernels", false));
    assertNotNull(verdict(R + ".metrics", INTERNAL + ".Internal", false));
    assertNull(verdict(R + ".callbacks", R + ".nn.Model", false));
    assertNotNull(verdict(OPS, AUTODIFF + ".Tape", false)); // ops never import autodiff
    assertNotNull(verdict(KERNELS, R + ".Tensor", false));
    assertNotNull(verdict(INTERNAL + ".spark", R + ".Tensor", false)); // a package without a row
    assertNotNull(verdict(R + ".examples", OPS + ".UnaryOps", true));
    assertNotNull(verdict(R + ".spark", KERNELS + ".Threads", true));
    assertNull(verdict(R + ".spark.examples", R + ".spark.SparkTestsAccess", true));
  }

  private static void check(Path p, List<String> problems, Set<String> packages, boolean user)
      throws IOException {
    List<String> lines = Files.readAllLines(p);
    String pkg = null;
    boolean inComment = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (inComment) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("//") || line.startsWith("*")) {
        continue;
      }
      Matcher pm = PACKAGE.matcher(line);
      if (pm.find()) {
        pkg = pm.group(1);
        packages.add(pkg);
        continue;
      }
      int comment = line.indexOf("//");
      String code = comment >= 0 ? line.substring(0, comment) : line;
      Matcher m = NAME.matcher(code);
      while (m.find()) {
        String why = verdict(pkg, m.group(), user);
        if (why != null) {
          problems.add(p + ":" + (i + 1) + ": " + why);
        }
      }
    }
  }

  /** Null when package {@code from} may use class {@code name}, else why not. */
  static String verdict(String from, String name, boolean user) {
    String to = packageOf(name);
    if (to.equals(from)) {
      return null;
    }
    if (user) {
      boolean sparkItself = from.startsWith(R + ".spark") && to.startsWith(R + ".spark");
      return PUBLIC.contains(to) || sparkItself
          ? null
          : "a user's program (an example, lanegrad-spark) uses " + name + "; they use the face";
    }
    if (PUBLIC.contains(from) && !from.equals(R)) {
      if (PUBLIC.contains(to)) {
        return null;
      }
      Map<String, String> entries = ENTRIES.getOrDefault(from, Map.of());
      if (entries.containsKey(name) || entries.containsKey(to + ".*")) {
        return null;
      }
      return from + " uses " + name + ": a public room uses the face, or a named entry point";
    }
    Set<String> allowed = MAY_USE.get(from);
    if (allowed == null) {
      return "package " + from + " has no row in LayeringTest: give it its place in the layers";
    }
    if (!allowed.contains(to)) {
      return from + " uses " + name + ", but " + from + " may use only " + new TreeSet<>(allowed);
    }
    return null;
  }

  private static String packageOf(String name) {
    String[] parts = name.split("\\.");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int k = 1; k < parts.length && !Character.isUpperCase(parts[k].charAt(0)); k++) {
      sb.append('.').append(parts[k]);
    }
    return sb.toString();
  }

  private static List<Path> sources(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(q -> q.toString().endsWith(".java")).sorted().toList();
    }
  }
}
