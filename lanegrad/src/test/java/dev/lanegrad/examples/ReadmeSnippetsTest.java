package dev.lanegrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of {@code README.md} and of the tour, {@code docs/tour.md}, compile and run.
 *
 * <p>Each {@code ```java} block becomes one class: {@link #DEFAULT_IMPORTS} and the block's own
 * {@code import} lines on top, the rest the body of a {@code static void run() throws Exception}
 * method (so a block may declare local classes and records). It is compiled with the system Java
 * compiler against the test class path, then run. When a {@code ```text} block follows it (only
 * blank lines, or a line ending in a colon, between them), the snippet's output must equal that
 * block: the outputs shown in the tour are the real ones.
 */
class ReadmeSnippetsTest {
  @TempDir Path work;

  /** What every snippet may use without importing it (the tour says so once, at its top). */
  static final String DEFAULT_IMPORTS =
      """
      import dev.lanegrad.*;
      import dev.lanegrad.nn.*;
      import dev.lanegrad.optimizers.*;
      import java.util.*;
      """;

  /** A java block of a markdown file, and the text block that shows its output, if one follows. */
  record Snippet(Path file, int line, String code, String expectedOutput) {
    String className() {
      String base = file.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
      return "Snippet_" + base + "_line" + line;
    }

    String source() {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String l : code.split("\n", -1)) {
        if (l.startsWith("import ")) imports.append(l).append('\n');
        else body.append("    ").append(l).append('\n');
      }
      return DEFAULT_IMPORTS
          + imports
          + "\npublic class "
          + className()
          + " {\n"
          + "  public static void run() throws Exception {\n"
          + body
          + "  }\n}\n";
    }
  }

  /** The ```java blocks of a markdown file, in order, with the ```text block after each, if any. */
  static List<Snippet> snippets(Path md) throws IOException {
    List<String> lines = Files.readAllLines(md, StandardCharsets.UTF_8);
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) continue;
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) end++;
      String code = String.join("\n", lines.subList(start, end));
      // its output block: a ```text fence next, with only blank lines or a "prints:" line between
      String expected = null;
      int j = end + 1;
      while (j < lines.size()
          && !lines.get(j).startsWith("```")
          && (lines.get(j).isBlank() || lines.get(j).strip().endsWith(":"))) j++;
      if (j < lines.size() && lines.get(j).strip().equals("```text")) {
        int k = j + 1;
        while (k < lines.size() && !lines.get(k).strip().equals("```")) k++;
        expected = String.join("\n", lines.subList(j + 1, k));
      }
      out.add(new Snippet(md, start, code, expected));
      i = end;
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> readmeSnippets() throws IOException {
    Path readme = Path.of("..", "README.md"); // tests run in lanegrad/
    List<Snippet> s = snippets(readme);
    assertFalse(s.isEmpty(), "README.md has no ```java block: the tour is gone");
    return tests(s);
  }

  /** The full tour lives in docs/tour.md (the README keeps a taste of it): same checks. */
  @TestFactory
  Stream<DynamicTest> tourSnippets() throws IOException {
    Path tour = Path.of("..", "docs", "tour.md");
    List<Snippet> s = snippets(tour);
    assertFalse(s.isEmpty(), "docs/tour.md has no ```java block: the tour is gone");
    return tests(s);
  }

  private Stream<DynamicTest> tests(List<Snippet> snippets) {
    return snippets.stream()
        .map(s ->
            DynamicTest.dynamicTest(
                s.file().getFileName() + " line " + s.line(), () -> compileAndRun(s)));
  }

  private void compileAndRun(Snippet s) throws Exception {
    Path src = work.resolve("src").resolve(s.className() + ".java");
    Path classes = work.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, s.source());

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-classpath",
              testClassPath(),
              "-d",
              classes.toString(),
              "-proc:none",
              "-Xlint:-options");
      ok =
          javac
              .getTask(log, fm, diagnostics, options, null, fm.getJavaFileObjects(src.toFile()))
              .call();
    }
    StringBuilder why = new StringBuilder();
    diagnostics.getDiagnostics().forEach(d -> why.append(d).append('\n'));
    assertTrue(
        ok,
        () ->
            s.file()
                + " line "
                + s.line()
                + " does not compile:\n"
                + why
                + "\n"
                + numbered(s.source()));

    String printed;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method run = loader.loadClass(s.className()).getMethod("run");
      printed =
          Capture.stdout(() -> {
            try {
              run.invoke(null);
            } catch (InvocationTargetException e) {
              throw new AssertionError(
                  s.file() + " line " + s.line() + " threw " + e.getCause(), e.getCause());
            }
          });
    }
    if (s.expectedOutput() != null) {
      assertEquals(
          s.expectedOutput().stripTrailing(),
          printed.stripTrailing(),
          s.file() + " line " + s.line() + ": the output shown under the snippet");
    }
  }

  /**
   * Surefire may run tests from a manifest-only jar; it gives the real class path in a property.
   */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  private static String numbered(String source) {
    String[] l = source.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < l.length; i++)
      sb.append(String.format(Locale.ROOT, "%3d  %s%n", i + 1, l[i]));
    return sb.toString();
  }
}
