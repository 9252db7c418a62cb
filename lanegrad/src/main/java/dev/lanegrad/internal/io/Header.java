package dev.lanegrad.internal.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The header of a {@code .npy} file: a Python dict literal such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }}. A small parser that takes the literals NumPy writes
 * (single or double quoted strings, True/False, tuples of ints, Python 2's {@code 3L}) in any key
 * order, and rejects anything else with the file name.
 */
final class Header {
  final String descr;
  final boolean fortran;
  final long[] shape;

  private Header(String descr, boolean fortran, long[] shape) {
    this.descr = descr;
    this.fortran = fortran;
    this.shape = shape;
  }

  static Header parse(String op, String name, String text) {
    Parser p = new Parser(op, name, text);
    return p.dict();
  }

  private static final class Parser {
    final String op;
    final String name;
    final String s;
    int i;

    Parser(String op, String name, String s) {
      this.op = op;
      this.name = name;
      this.s = s;
    }

    IllegalArgumentException fail(String what) {
      String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
      return Npy.bad(
          op, name, "bad .npy header (" + what + " at character " + i + "): " + shown.strip());
    }

    void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean peek(char c) {
      skip();
      return i < s.length() && s.charAt(i) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw fail("expected '" + c + "'");
      }
      i++;
    }

    Header dict() {
      expect('{');
      String descr = null;
      Boolean fortran = null;
      long[] shape = null;
      boolean descrList = false;
      while (!peek('}')) {
        String key = string();
        expect(':');
        switch (key) {
          case "descr" -> {
            if (peek('[')) {
              descrList = true;
              skipValue();
            } else {
              descr = string();
            }
          }
          case "fortran_order" -> fortran = bool();
          case "shape" -> shape = tuple();
          default -> skipValue();
        }
        if (peek(',')) {
          i++;
        } else if (!peek('}')) {
          throw fail("expected ',' or '}'");
        }
      }
      i++;
      if (descrList) {
        throw Npy.bad(
            op,
            name,
            "unsupported dtype: structured arrays (a list descr) are not"
                + " supported (supported: f4 f8 i4 i8 b1 c8 c16)");
      }
      if (descr == null || fortran == null || shape == null) {
        throw fail("the keys 'descr', 'fortran_order' and 'shape' are required");
      }
      return new Header(descr, fortran, shape);
    }

    String string() {
      skip();
      if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
        throw fail("expected a string");
      }
      char q = s.charAt(i++);
      int start = i;
      while (i < s.length() && s.charAt(i) != q) {
        i++;
      }
      if (i >= s.length()) {
        throw fail("unterminated string");
      }
      return s.substring(start, i++);
    }

    boolean bool() {
      skip();
      if (s.startsWith("True", i)) {
        i += 4;
        return true;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return false;
      }
      throw fail("expected True or False");
    }

    long[] tuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (!peek(')')) {
        dims.add(integer());
        if (peek(',')) {
          i++;
        } else if (!peek(')')) {
          throw fail("expected ',' or ')'");
        }
      }
      i++;
      long[] d = new long[dims.size()];
      for (int k = 0; k < d.length; k++) {
        d[k] = dims.get(k);
      }
      return d;
    }

    long integer() {
      skip();
      int start = i;
      if (i < s.length() && s.charAt(i) == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || (i == start + 1 && s.charAt(start) == '-')) {
        throw fail("expected an integer");
      }
      String digits = s.substring(start, i);
      if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
        i++; // Python 2 long
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw fail("integer " + digits + " out of range");
      }
    }

    /** Skips one value of any nesting (a list descr, an unknown key's value). */
    void skipValue() {
      skip();
      int depth = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
          string();
          continue;
        }
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          if (depth == 0) {
            return;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          return;
        }
        i++;
      }
      throw fail("unterminated value");
    }
  }
}
