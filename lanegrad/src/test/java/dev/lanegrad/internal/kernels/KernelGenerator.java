package dev.lanegrad.internal.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the per-type SIMD kernel families from one template each, as the JDK writes its {@code
 * XxxVector} classes from {@code X-Vector.java.template} (gen-src.sh and its Spp preprocessor). The
 * generated files are checked in; {@link GeneratedKernelsTest} regenerates them and fails on any
 * difference, so a template and its outputs never drift apart.
 *
 * <p>Run {@code ./mvnw -B -ntp test -Dtest=GeneratedKernelsTest -Dlanegrad.regenerate=true} after
 * editing a template (then {@code ./mvnw spotless:check}: the templates are written so that their
 * outputs are already google-java-format's layout).
 *
 * <p>A template is Java with these marks:
 *
 * <ul>
 *   <li>{@code $type$} float, double, int, long; {@code $Type$} Float, Double, Int, Long (the
 *       vector class prefix); {@code $Boxtype$} Float, Double, Integer, Long; {@code $TN$} F32,
 *       F64, I32, I64 (the method and class suffix); {@code $DTYPE$} FLOAT32...; {@code $S$} the
 *       species constant (F, D, I, J); {@code $Lit$} the suffix that makes a literal of the type
 *       (f, .0, none, L), and {@code $zero$}, {@code $one$} those literals.
 *   <li>{@code #if[key]}, {@code #else[key]}, {@code #end[key]} on lines of their own, nested;
 *       {@code key} is a type name ({@code float}), {@code FP} (float or double) or {@code
 *       integral} (int or long); {@code #if[!key]} negates.
 *   <li>{@code #for[binary]} or {@code #for[compare]} ... {@code #end[for]}: the lines between,
 *       once per operator of that family that has a lane loop for the type ({@link Type#binary}),
 *       with {@code $OP$} (ADD) and {@code $op$} (add) substituted. The JMH answer in
 *       docs/kernels.md is why there is a loop per operator at all.
 *   <li>{@code #repeat} ... {@code #end[repeat]}: the lines between are written once per type of a
 *       multi-type output (one class holding all four types); the lines outside, once.
 * </ul>
 */
public final class KernelGenerator {
  /** Where the templates live, relative to the project root. */
  static final Path TEMPLATES = Path.of("src/main/templates/kernels");

  /** Where the outputs go, relative to the project root. */
  static final Path OUT = Path.of("src/main/java/dev/lanegrad/internal/kernels");

  /**
   * One element type: its names, the literal suffix, and the operators that have a lane loop (the
   * others run on the scalar twin).
   */
  record Type(
      String type,
      String vecType,
      String boxType,
      String tn,
      String dtype,
      String s,
      String lit,
      List<String> binary) {
    boolean fp() {
      return type.equals("float") || type.equals("double");
    }

    Set<String> keys() {
      return Set.of(type, fp() ? "FP" : "integral");
    }

    List<String> ops(String family) {
      return switch (family) {
        case "binary" -> binary;
        case "compare" -> COMPARE;
        default -> throw new IllegalStateException("no operator family " + family);
      };
    }
  }

  static final List<String> COMPARE = List.of("GT", "GE", "LT", "LE", "EQ", "NE");

  // integer DIV and POW throw on the scalar twin; a long MUL has no AVX2 instruction
  static final Type F32 =
      new Type(
          "float",
          "Float",
          "Float",
          "F32",
          "FLOAT32",
          "F",
          "f",
          List.of("ADD", "SUB", "MUL", "DIV", "MAX", "MIN"));
  static final Type F64 =
      new Type(
          "double",
          "Double",
          "Double",
          "F64",
          "FLOAT64",
          "D",
          ".0",
          List.of("ADD", "SUB", "MUL", "DIV", "MAX", "MIN"));
  static final Type I32 =
      new Type(
          "int",
          "Int",
          "Integer",
          "I32",
          "INT32",
          "I",
          "",
          List.of("ADD", "SUB", "MUL", "MAX", "MIN"));
  static final Type I64 =
      new Type(
          "long", "Long", "Long", "I64", "INT64", "J", "L", List.of("ADD", "SUB", "MAX", "MIN"));

  static final List<Type> ALL = List.of(F32, F64, I32, I64);

  /** One output file: its template and the types it is written for. */
  record Output(String template, String file, List<Type> types) {}

  /** Every generated file of the package. */
  static final List<Output> OUTPUTS =
      List.of(
          new Output("SimdGemm.java.template", "SimdGemmF32.java", List.of(F32)),
          new Output("SimdGemm.java.template", "SimdGemmF64.java", List.of(F64)),
          new Output("SimdReduce.java.template", "SimdReduceF32.java", List.of(F32)),
          new Output("SimdReduce.java.template", "SimdReduceF64.java", List.of(F64)),
          new Output("SimdElementwise.java.template", "SimdElementwise.java", ALL),
          new Output("SimdCompare.java.template", "SimdCompare.java", ALL),
          // the tf.nn kernels: F32 and F64 in one class each
          new Output("Convolution.java.template", "Convolution.java", List.of(F32, F64)),
          new Output("ScalarPool.java.template", "ScalarPoolKernels.java", List.of(F32, F64)),
          new Output("SimdPool.java.template", "SimdPoolKernels.java", List.of(F32, F64)),
          new Output("ScalarUpdate.java.template", "ScalarUpdateKernels.java", List.of(F32, F64)),
          new Output("SimdUpdate.java.template", "SimdUpdateKernels.java", List.of(F32, F64)),
          new Output(
              "ScalarBatchNorm.java.template", "ScalarBatchNormKernels.java", List.of(F32, F64)),
          new Output(
              "SimdBatchNorm.java.template", "SimdBatchNormKernels.java", List.of(F32, F64)));

  private static final Pattern DIRECTIVE =
      Pattern.compile("^\\s*#(if|else|end)\\[(!?)([A-Za-z]+)\\]\\s*$");
  private static final Pattern FOR = Pattern.compile("^\\s*#for\\[([a-z]+)\\]\\s*$");
  private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z]+)\\$");

  private KernelGenerator() {}

  /** Every output's file name and generated text, from the templates under {@code root}. */
  static Map<String, String> generate(Path root) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Output o : OUTPUTS) {
      String template =
          Files.readString(root.resolve(TEMPLATES).resolve(o.template()), StandardCharsets.UTF_8);
      out.put(o.file(), expand(o, template));
    }
    return out;
  }

  /** Writes every output under {@code root}. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    for (Map.Entry<String, String> e : generate(root).entrySet()) {
      Files.writeString(root.resolve(OUT).resolve(e.getKey()), e.getValue());
      System.out.println("wrote " + OUT.resolve(e.getKey()));
    }
  }

  static String expand(Output o, String template) {
    List<String> lines = List.of(template.split("\n", -1));
    StringBuilder sb = new StringBuilder();
    sb.append("// Generated by KernelGenerator (src/test/java) from the template\n// ")
        .append(TEMPLATES.resolve(o.template()).toString().replace('\\', '/'))
        .append(": do not edit this file.\n")
        .append("// Edit the template, then regenerate:\n")
        .append("// ./mvnw test -Dtest=GeneratedKernelsTest -Dlanegrad.regenerate=true\n");
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.equals("#repeat")) {
        start = i;
      } else if (l.equals("#end[repeat]")) {
        end = i;
      }
    }
    if (start < 0) {
      if (o.types().size() != 1) {
        throw new IllegalStateException(o.template() + ": no #repeat block for " + o.types());
      }
      sb.append(body(o, lines, o.types().get(0)));
    } else {
      if (end < start) {
        throw new IllegalStateException(o.template() + ": #repeat without #end[repeat]");
      }
      Type first = o.types().get(0);
      sb.append(body(o, lines.subList(0, start), first));
      for (int t = 0; t < o.types().size(); t++) {
        sb.append(body(o, lines.subList(start + 1, end), o.types().get(t)));
      }
      sb.append(body(o, lines.subList(end + 1, lines.size()), first));
    }
    String s = sb.toString();
    // a template ends with a newline; split(-1) keeps the empty last element
    return s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
  }

  private static String body(Output o, List<String> lines, Type t) {
    lines = expandFor(o, lines, t);
    StringBuilder sb = new StringBuilder();
    Deque<boolean[]> stack = new ArrayDeque<>(); // {this branch on, enclosing on}
    boolean on = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher d = DIRECTIVE.matcher(line);
      if (d.matches()) {
        String what = d.group(1);
        boolean test = t.keys().contains(d.group(3)) != d.group(2).equals("!");
        switch (what) {
          case "if" -> {
            stack.push(new boolean[] {on && test, on});
            on = on && test;
          }
          case "else" -> {
            if (stack.isEmpty()) {
              throw new IllegalStateException(o.template() + ": #else without #if: " + line);
            }
            boolean[] top = stack.peek();
            top[0] = top[1] && !top[0];
            on = top[0];
          }
          default -> {
            if (stack.isEmpty()) {
              throw new IllegalStateException(o.template() + ": #end without #if: " + line);
            }
            on = stack.pop()[1];
          }
        }
        continue;
      }
      if (on) {
        sb.append(substitute(o, line, t)).append('\n');
      }
    }
    if (!stack.isEmpty()) {
      throw new IllegalStateException(o.template() + ": an #if is not closed");
    }
    return sb.toString();
  }

  /**
   * Lines between {@code #for[family]} and {@code #end[for]}, once per operator of the family for
   * this type, with {@code $OP$} (ADD) and {@code $op$} (add) substituted.
   */
  private static List<String> expandFor(Output o, List<String> lines, Type t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher f = FOR.matcher(lines.get(i));
      if (!f.matches()) {
        out.add(lines.get(i));
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).strip().equals("#end[for]")) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalStateException(o.template() + ": #for without #end[for]");
      }
      for (String op : t.ops(f.group(1))) {
        for (int j = i + 1; j < end; j++) {
          out.add(
              lines
                  .get(j)
                  .replace("$OP$", op)
                  .replace("$op$", op.toLowerCase(java.util.Locale.ROOT)));
        }
      }
      i = end;
    }
    return out;
  }

  private static String substitute(Output o, String line, Type t) {
    Matcher m = VARIABLE.matcher(line);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v =
          switch (m.group(1)) {
            case "type" -> t.type();
            case "Type" -> t.vecType();
            case "Boxtype" -> t.boxType();
            case "TN" -> t.tn();
            case "DTYPE" -> t.dtype();
            case "S" -> t.s();
            case "Lit" -> t.lit();
            case "zero" -> "0" + t.lit();
            case "one" -> "1" + t.lit();
            default ->
                throw new IllegalStateException(
                    o.template() + ": unknown variable $" + m.group(1) + "$ in: " + line);
          };
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The lines of {@code a} and {@code b} that differ, for a failure message. */
  static List<String> diff(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.max(x.length, y.length) && out.size() < 10; i++) {
      String l = i < x.length ? x[i] : "<none>";
      String r = i < y.length ? y[i] : "<none>";
      if (!l.equals(r)) {
        out.add((i + 1) + ": checked in: " + l + "\n" + (i + 1) + ": generated:  " + r);
      }
    }
    return out;
  }
}
