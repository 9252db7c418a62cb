package dev.lanegrad.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every gradient rule of the op families has one form, so that one search ({@code static final
 * GradRule}) lists them all (a {@code MultiGradRule} for an op with several outputs): a named
 * constant {@code FOO_GRAD} directly under its forward {@code foo}, never a lambda built inside the
 * forward. Reads the sources of {@code internal.ops} and {@code AutodiffOps} (customGradient);
 * prints file:line and why.
 */
class GradRuleFormTest {
  static final Path DIR = Path.of("src/main/java/dev/lanegrad/internal/ops");
  static final Path AUTODIFF_OPS =
      Path.of("src/main/java/dev/lanegrad/internal/autodiff/AutodiffOps.java");

  static final Pattern RULE =
      Pattern.compile("^  (?:private )?static final (?:Multi)?GradRule ([A-Z][A-Z0-9_]*) =");
  static final Pattern LAMBDA = Pattern.compile("\\(\\s*\\w+\\s*,\\s*\\w+\\s*\\)\\s*->");
  static final Pattern METHOD =
      Pattern.compile(
          "^  (?:public |private |protected )?static (?!final)[\\w<>\\[\\], ]+ \\w+\\(");

  @Test
  void everyRuleIsANamedConstantUnderItsForward() throws IOException {
    assertTrue(Files.isDirectory(DIR), "run from the project root: " + DIR.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    int rules = 0;
    List<Path> sources;
    try (Stream<Path> list = Files.list(DIR)) {
      sources = new ArrayList<>(list.sorted().toList());
    }
    sources.add(AUTODIFF_OPS);
    for (Path p : sources) {
      if (!p.toString().endsWith(".java")) {
        continue;
      }
      String file = p.getFileName().toString();
      List<String> lines = Files.readAllLines(p);
      int method = -1; // the line of the last method declared
      int ruleEnd = -1; // the last line of the rule being read
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (METHOD.matcher(line).find()) {
          method = i;
        }
        if (line.contains("Recorder.active")) {
          problems.add(file + ":" + (i + 1) + ": a rule built only while a tape records");
        }
        Matcher m = RULE.matcher(line);
        if (m.find()) {
          rules++;
          String name = m.group(1);
          ruleEnd = endOfStatement(lines, i);
          if (!name.contains("GRAD")) {
            problems.add(file + ":" + (i + 1) + ": rule " + name + " is not named *_GRAD*");
          }
          if (method < 0 || !usedBetween(lines, method, i, name)) {
            problems.add(
                file
                    + ":"
                    + (i + 1)
                    + ": rule "
                    + name
                    + " is not directly under a forward that uses it");
          }
          continue;
        }
        if (i > ruleEnd && LAMBDA.matcher(line).find() && !line.strip().startsWith("*")) {
          problems.add(file + ":" + (i + 1) + ": a lambda outside a named rule constant");
        }
      }
    }
    problems.forEach(System.err::println);
    assertEquals(List.of(), problems);
    // guards the scan itself: it found the rules (the families have more than forty)
    assertTrue(rules > 40, "rules found: " + rules);
  }

  // the line that ends the declaration: braces balanced and a semicolon at the end
  private static int endOfStatement(List<String> lines, int from) {
    int depth = 0;
    for (int i = from; i < lines.size(); i++) {
      String line = lines.get(i);
      for (int k = 0; k < line.length(); k++) {
        char c = line.charAt(k);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      if (depth == 0 && line.stripTrailing().endsWith(";")) {
        return i;
      }
    }
    return lines.size();
  }

  private static boolean usedBetween(List<String> lines, int from, int to, String name) {
    Pattern use = Pattern.compile("\\b" + name + "\\b");
    for (int i = from; i < to; i++) {
      if (use.matcher(lines.get(i)).find()) {
        return true;
      }
    }
    return false;
  }
}
