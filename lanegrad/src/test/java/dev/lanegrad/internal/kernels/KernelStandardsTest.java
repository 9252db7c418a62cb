package dev.lanegrad.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standards for the hot paths (docs/adding-an-op.md, "The kernel"): the sources of {@code
 * internal.kernels} hold no boxed locals, streams, lambdas, method references, for-each loops,
 * {@code var}, or allocation; and only the {@code Simd*} classes import {@code
 * jdk.incubator.vector} (so that the scalar path never links a vector class). Prints file:line and
 * why. A line marked {@code // standards: allow <reason>} is skipped (GEMM's once-per-thread
 * packing buffers, the provider's one-time choice).
 */
class KernelStandardsTest {
  static final Path DIR = Path.of("src/main/java/dev/lanegrad/internal/kernels");
  static final String ALLOW = "// standards: allow";

  record Rule(String why, Pattern pattern) {}

  static final List<Rule> RULES =
      List.of(
          new Rule(
              "allocation on a hot path (mark once-per-thread buffers)",
              Pattern.compile("\\bnew\\s+[\\w.<>]+\\s*[\\[(]")),
          new Rule(
              "a lambda (an allocation and a megamorphic call per use)",
              Pattern.compile("^(?!\\s*(case\\b.*|default\\s*)->).*(\\w|\\))\\s*->")),
          new Rule("a method reference", Pattern.compile("\\w::\\w")),
          new Rule(
              "a stream",
              Pattern.compile(
                  "\\.stream\\(|\\bStream<|\\b(Int|Long|Double)Stream\\b|java\\.util\\.stream")),
          new Rule(
              "a for-each loop (an iterator on collections; write the index loop)",
              Pattern.compile("\\bfor\\s*\\([^;]*\\s:\\s[^;]*\\)")),
          new Rule(
              "var (spell the primitive type)",
              Pattern.compile("^\\s*(final\\s+)?var\\s+\\w+\\s*=")),
          new Rule(
              "a Vector API transcendental or float add/mul reduction (C2 and the interpreter round"
                  + " them apart: bits would change with the JIT's progress; docs/kernels.md)",
              Pattern.compile(
                  "VectorOperators\\.(EXP|EXPM1|LOG|LOG1P|LOG10|SIN|COS|TAN|ASIN|ACOS|ATAN|ATAN2"
                      + "|SINH|COSH|TANH|POW|HYPOT|CBRT)\\b|reduceLanes\\(VectorOperators\\."
                      + "(ADD|MUL)\\b")),
          new Rule(
              "a boxed local, field or parameter",
              Pattern.compile(
                  "(^|[\\s(,])(Integer|Float|Double|Long|Boolean|Short|Byte|Character)\\s+\\w+\\s*[=;,)]")));

  static final Pattern VECTOR_IMPORT = Pattern.compile("^import\\s+jdk\\.incubator\\.vector\\.");

  @Test
  void kernelSourcesFollowTheStandards() throws IOException {
    assertTrue(Files.isDirectory(DIR), "run from the project root: " + DIR.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    int files = 0;
    try (var list = Files.list(DIR)) {
      for (Path p : list.sorted().toList()) {
        if (!p.toString().endsWith(".java")) {
          continue;
        }
        files++;
        String name = p.getFileName().toString();
        List<String> lines = Files.readAllLines(p);
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
          String raw = lines.get(i);
          String line = raw.strip();
          if (inComment) {
            inComment = !line.contains("*/");
            continue;
          }
          if (line.startsWith("/*")) {
            inComment = !line.contains("*/");
            continue;
          }
          if (line.startsWith("//") || line.startsWith("*") || allowed(lines, i)) {
            continue;
          }
          String code = stripStringsAndComments(raw);
          if (VECTOR_IMPORT.matcher(code).find() && !name.startsWith("Simd")) {
            problems.add(
                name + ":" + (i + 1) + ": imports jdk.incubator.vector outside a Simd* class");
          }
          if (name.equals("KernelProvider.java") || name.equals("Threads.java")) {
            continue; // start-up code, run once per JVM
          }
          for (Rule rule : RULES) {
            if (rule.pattern().matcher(code).find()) {
              problems.add(name + ":" + (i + 1) + ": " + rule.why() + ": " + line);
            }
          }
        }
      }
    }
    assertTrue(files >= 6, "expected the kernel sources, found " + files + " files in " + DIR);
    problems.forEach(System.out::println);
    assertEquals(List.of(), problems, "kernel standards (docs/adding-an-op.md)");
  }

  /**
   * A mark covers its whole statement: the formatter may wrap a long call so that the {@code //
   * standards: allow} comment lands on the statement's last line.
   */
  static boolean allowed(List<String> lines, int i) {
    for (int j = i; j < lines.size() && j < i + 6; j++) {
      String l = lines.get(j);
      if (l.contains(ALLOW)) {
        return true;
      }
      String code = stripStringsAndComments(l);
      if (code.contains(";") || code.contains("{") || code.contains("}")) {
        return false;
      }
    }
    return false;
  }

  @Test
  void theRulesCatchWhatTheyShould() {
    assertTrue(violates("    float[] t = new float[n];"));
    assertTrue(violates("    list.forEach(x -> sum(x));"));
    assertTrue(violates("    Runnable r = () -> go();"));
    assertTrue(violates("    xs.stream().map(f);"));
    assertTrue(violates("    for (float v : x) {"));
    assertTrue(violates("    var v = 3;"));
    assertTrue(violates("    Float boxed = 1f;"));
    assertTrue(violates("    Arrays.sort(a, Float::compare);"));
    assertTrue(
        !violates(
            "      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }"));
    assertTrue(!violates("      default -> 0;"));
    assertTrue(!violates("    for (int p = 0, d = r; p < kc; p++, d += MR) {"));
    assertTrue(!violates("    float init = Float.NEGATIVE_INFINITY;"));
    assertTrue(
        !violates(
            "  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;"));
    assertTrue(!violates("    String s = \"new Thing() -> x\";"));
  }

  static boolean violates(String line) {
    String code = stripStringsAndComments(line);
    for (Rule rule : RULES) {
      if (rule.pattern().matcher(code).find()) {
        return true;
      }
    }
    return false;
  }

  /** The line with string and char literals blanked and a trailing // comment removed. */
  static String stripStringsAndComments(String line) {
    StringBuilder out = new StringBuilder(line.length());
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
          out.append(c);
        }
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
        out.append(c);
        continue;
      }
      if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        break;
      }
      out.append(c);
    }
    return out.toString();
  }
}
