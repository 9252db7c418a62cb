package dev.lanegrad.internal.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the model files and safetensors headers need (RFC 8259), by hand so that the library
 * keeps no dependency. Values map to Java as: object → {@code LinkedHashMap<String, Object>} (keys
 * in file order; a repeated key is an error), array → {@code ArrayList<Object>}, string → {@code
 * String}, number → {@code Long} when it is an integer that fits, else {@code Double}, {@code
 * true/false} → {@code Boolean}, {@code null} → null. Written: the same types, plus other {@code
 * Number}s; doubles as Java's shortest round-trip digits ({@code 1.0E-5} is valid JSON); NaN and
 * infinities are rejected, as JSON has no spelling for them.
 */
public final class Json {
  private Json() {}

  /**
   * Parses one JSON value filling the whole text (surrounding whitespace allowed).
   *
   * @throws IllegalArgumentException {@code "<what>: bad JSON at offset 17: expected ':'"}
   */
  public static Object parse(String what, String text) {
    Parser p = new Parser(what, text);
    p.ws();
    Object v = p.value(0);
    p.ws();
    if (p.i != text.length()) {
      throw p.bad("unexpected text after the value");
    }
    return v;
  }

  /** Compact JSON for a value of the types above. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean z) {
      b.append(z);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("Json.write: " + d + " has no JSON spelling");
      }
      b.append(Double.toString(d));
    } else if (v instanceof Number n) {
      b.append(n.longValue());
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, l.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException(
          "Json.write: cannot write a " + v.getClass().getName() + " (" + v + ")");
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static final class Parser {
    private static final int MAX_DEPTH = 512;
    final String what;
    final String s;
    int i;

    Parser(String what, String s) {
      this.what = what;
      this.s = s;
    }

    IllegalArgumentException bad(String why) {
      return new IllegalArgumentException(what + ": bad JSON at offset " + i + ": " + why);
    }

    void ws() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        i++;
      }
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw bad("nested deeper than " + MAX_DEPTH);
      }
      if (i >= s.length()) {
        throw bad("unexpected end of text");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw bad("unexpected character '" + c + "'");
      }
    }

    Object literal(String word, Object v) {
      if (!s.startsWith(word, i)) {
        throw bad("expected " + word);
      }
      i += word.length();
      return v;
    }

    Map<String, Object> object(int depth) {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      ws();
      if (i < s.length() && s.charAt(i) == '}') {
        i++;
        return m;
      }
      while (true) {
        ws();
        if (i >= s.length() || s.charAt(i) != '"') {
          throw bad("expected a string key");
        }
        int at = i;
        String k = string();
        ws();
        expect(':');
        ws();
        Object v = value(depth + 1);
        if (m.containsKey(k)) {
          i = at;
          throw bad("repeated key \"" + k + "\"");
        }
        m.put(k, v);
        ws();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
          continue;
        }
        expect('}');
        return m;
      }
    }

    List<Object> array(int depth) {
      List<Object> l = new ArrayList<>();
      i++;
      ws();
      if (i < s.length() && s.charAt(i) == ']') {
        i++;
        return l;
      }
      while (true) {
        ws();
        l.add(value(depth + 1));
        ws();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
          continue;
        }
        expect(']');
        return l;
      }
    }

    void expect(char c) {
      if (i >= s.length() || s.charAt(i) != c) {
        throw bad("expected '" + c + "'");
      }
      i++;
    }

    String string() {
      i++; // the opening quote
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw bad("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          i--;
          throw bad("a control character in a string must be escaped");
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw bad("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw bad("short \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException x) {
              throw bad("bad \\u escape");
            }
            i += 4;
          }
          default -> {
            i--;
            throw bad("unknown escape \\" + e);
          }
        }
      }
    }

    Object number() {
      int start = i;
      if (s.charAt(i) == '-') {
        i++;
      }
      int intStart = i;
      digits();
      if (i == intStart || (s.charAt(intStart) == '0' && i - intStart > 1)) {
        throw bad("bad number");
      }
      boolean integer = true;
      if (i < s.length() && s.charAt(i) == '.') {
        integer = false;
        i++;
        int f = i;
        digits();
        if (i == f) {
          throw bad("bad number: no digits after '.'");
        }
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        integer = false;
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        int e = i;
        digits();
        if (i == e) {
          throw bad("bad number: no digits in the exponent");
        }
      }
      String t = s.substring(start, i);
      if (integer) {
        try {
          return Long.parseLong(t);
        } catch (NumberFormatException e) {
          // larger than a long: a double, as Python's json would give a big int
        }
      }
      return Double.parseDouble(t);
    }

    void digits() {
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
    }
  }
}
