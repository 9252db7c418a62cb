package dev.lanegrad;

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
 * Nothing in the repository cites a file that a user's clone does not have: no notes from outside
 * the repository by name, and every relative link of the README and of docs/ resolves to a file
 * inside it. The project's own notes are in docs/.
 */
class CitationsTest {
  /** The repository's root: tests run in the module's directory, lanegrad/. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** Notes that lived outside the repository (built by parts, so this file does not match). */
  static final Pattern OUTSIDE =
      Pattern.compile(
          "\\.\\./"
              + "shared|/work/"
              + "shared|\\b(API|DESIGN|STYLE|BUILD|BENCHMARKS|SCALEOUT)\\.md\\b");

  static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void noFileCitesNotesOutsideTheRepository() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String top :
        List.of("lanegrad/src", "lanegrad-spark/src", "bench", "docs", ".ci", "samples")) {
      for (Path p : files(ROOT.resolve(top))) {
        scan(p, problems);
      }
    }
    for (String top :
        List.of("README.md", "pom.xml", "lanegrad/pom.xml", "lanegrad-spark/pom.xml")) {
      if (Files.isRegularFile(ROOT.resolve(top))) {
        scan(ROOT.resolve(top), problems);
      }
    }
    problems.forEach(System.err::println);
    assertEquals(List.of(), problems);
  }

  @Test
  void everyRelativeLinkOfTheDocsResolvesInsideTheRepository() throws IOException {
    List<Path> pages = new ArrayList<>(files(ROOT.resolve("docs")));
    pages.add(ROOT.resolve("README.md"));
    List<String> problems = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      if (!page.toString().endsWith(".md") || !Files.isRegularFile(page)) {
        continue;
      }
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        links++;
        Path resolved = page.getParent().resolve(target).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          problems.add(ROOT.relativize(page) + ": link to " + target + " does not resolve");
        }
      }
    }
    problems.forEach(System.err::println);
    assertEquals(List.of(), problems);
    assertTrue(links > 3, "links found: " + links);
  }

  private static void scan(Path p, List<String> problems) throws IOException {
    if (p.endsWith("CitationsTest.java")) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(p);
    } catch (java.nio.charset.MalformedInputException e) {
      return; // binary fixtures
    }
    for (int i = 0; i < lines.size(); i++) {
      if (OUTSIDE.matcher(lines.get(i)).find()) {
        problems.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
      }
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(q -> !q.toString().contains("/target/"))
          .filter(q ->
              q.toString().matches(".*\\.(java|md|py|sh|txt|xml|template|properties)$")
                  || q.getFileName().toString().equals("run"))
          .sorted()
          .toList();
    }
  }
}
