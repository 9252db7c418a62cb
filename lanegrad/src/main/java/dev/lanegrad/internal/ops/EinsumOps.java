package dev.lanegrad.internal.ops;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code einsum} as TF's {@code tf.einsum} (NumPy's rules): explicit ({@code "ij,jk->ik"}) and
 * implicit ({@code "ij,jk"}: the labels seen once, sorted, after any ellipsis dimensions) forms,
 * {@code ...} standing for broadcast dimensions, and repeated labels within an operand taking its
 * diagonal ({@code "ii->i"}, {@code "ii"} the trace). Built only of differentiable ops (diagonals
 * by {@code take}, sums, transposes, reshapes, broadcasts, batched matmul), so every gradient, to
 * any order, comes from the parts. Operands contract left to right, each pair as one matmul over
 * [batch, kept-left, contracted] x [batch, contracted, kept-right].
 */
public final class EinsumOps {
  private EinsumOps() {}

  // labels of ellipsis dimensions: outside the letters an equation may use
  private static final char ELLIPSIS_BASE = '\u0100';

  /** A tensor and the label of each of its axes. */
  private record Term(Tensor t, List<Character> labels) {}

  public static Tensor einsum(String equation, Tensor... operands) {
    Check.notNull("einsum", "equation", equation);
    Check.notNull("einsum", "operands", operands);
    for (int i = 0; i < operands.length; i++) {
      Check.notNull("einsum", "operands[" + i + "]", operands[i]);
    }
    for (int i = 1; i < operands.length; i++) {
      Check.sameDType("einsum", operands[0], operands[i]);
    }
    if (operands.length == 0) {
      throw new IllegalArgumentException("einsum: needs at least one operand ('" + equation + "')");
    }
    Check.dtypeIn("einsum", operands[0], Elementwise.REAL);
    String eq = equation.replace(" ", "");
    int arrow = eq.indexOf("->");
    String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
    String[] ins = lhs.split(",", -1);
    if (ins.length != operands.length) {
      throw bad(
          equation,
          operands,
          ins.length + " input subscripts for " + operands.length + " operands");
    }
    int ell = 0;
    List<List<Character>> labels = new ArrayList<>();
    for (int i = 0; i < ins.length; i++) {
      List<Character> named = parse(equation, operands, ins[i], true);
      int named0 = named.size() - (named.contains('.') ? 1 : 0);
      int rank = operands[i].rank();
      if (named.contains('.') ? rank < named0 : rank != named0) {
        throw bad(
            equation,
            operands,
            "operand "
                + i
                + " of shape "
                + operands[i].shape()
                + " has rank "
                + rank
                + " but subscripts '"
                + ins[i]
                + "'");
      }
      ell = Math.max(ell, named.contains('.') ? rank - named0 : 0);
      labels.add(named);
    }
    // ellipsis dimensions aligned from the right, as NumPy broadcasting
    List<Term> terms = new ArrayList<>();
    for (int i = 0; i < ins.length; i++) {
      List<Character> expanded = new ArrayList<>();
      int e = operands[i].rank() - (labels.get(i).size() - (labels.get(i).contains('.') ? 1 : 0));
      for (char c : labels.get(i)) {
        if (c == '.') {
          for (int j = ell - e; j < ell; j++) {
            expanded.add((char) (ELLIPSIS_BASE + j));
          }
        } else {
          expanded.add(c);
        }
      }
      terms.add(new Term(operands[i], expanded));
    }
    List<Character> out = output(equation, operands, eq, arrow, labels, terms, ell);
    int[] size = sizes(equation, operands, terms);
    List<Term> work = new ArrayList<>();
    for (Term t : terms) {
      work.add(diagonals(t));
    }
    // broadcast size-1 ellipsis axes that meet a larger size in another operand
    for (int i = 0; i < work.size(); i++) {
      work.set(i, broadcastLabels(work.get(i), size));
    }
    Term cur = sumUnneeded(work.get(0), needed(out, work, 1));
    for (int i = 1; i < work.size(); i++) {
      List<Character> later = needed(out, work, i + 1);
      Term next = sumUnneeded(work.get(i), union(later, cur.labels()));
      cur = sumUnneeded(cur, union(later, next.labels()));
      cur = contract(cur, next, later);
    }
    cur = sumUnneeded(cur, out);
    int[] perm = new int[out.size()];
    for (int k = 0; k < perm.length; k++) {
      perm[k] = cur.labels().indexOf(out.get(k));
    }
    return ShapeOps.transpose(cur.t(), perm);
  }

  private static List<Character> parse(String equation, Tensor[] ops, String s, boolean input) {
    List<Character> r = new ArrayList<>();
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '.') {
        if (!s.startsWith("...", k) || r.contains('.')) {
          throw bad(equation, ops, "a '.' that is not one ellipsis '...' in '" + s + "'");
        }
        r.add('.');
        k += 2;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        r.add(c);
      } else {
        throw bad(equation, ops, "invalid subscript '" + c + "'");
      }
    }
    return r;
  }

  private static List<Character> output(
      String equation,
      Tensor[] ops,
      String eq,
      int arrow,
      List<List<Character>> labels,
      List<Term> terms,
      int ell) {
    List<Character> out = new ArrayList<>();
    if (arrow < 0) {
      // implicit: the ellipsis dimensions, then the labels seen exactly once, sorted
      for (int j = 0; j < ell; j++) {
        out.add((char) (ELLIPSIS_BASE + j));
      }
      int[] count = new int[128];
      for (List<Character> l : labels) {
        for (char c : l) {
          if (c != '.') {
            count[c]++;
          }
        }
      }
      for (char c = 'A'; c <= 'z'; c++) {
        if (c < 128 && count[c] == 1) {
          out.add(c);
        }
      }
      return out;
    }
    List<Character> named = parse(equation, ops, eq.substring(arrow + 2), false);
    boolean anyEllipsis = false;
    for (List<Character> l : labels) {
      anyEllipsis |= l.contains('.');
    }
    for (char c : named) {
      if (c == '.') {
        if (!anyEllipsis && ell == 0) {
          // an output ellipsis with no input one stands for no dimensions (NumPy)
          continue;
        }
        for (int j = 0; j < ell; j++) {
          out.add((char) (ELLIPSIS_BASE + j));
        }
        continue;
      }
      if (out.contains(c)) {
        throw bad(equation, ops, "output subscript '" + c + "' appears more than once");
      }
      boolean found = false;
      for (Term t : terms) {
        found |= t.labels().contains(c);
      }
      if (!found) {
        throw bad(equation, ops, "output subscript '" + c + "' appears in no input");
      }
      out.add(c);
    }
    return out;
  }

  // the size of every label; named labels must agree, ellipsis ones broadcast
  private static int[] sizes(String equation, Tensor[] ops, List<Term> terms) {
    int[] size = new int[ELLIPSIS_BASE + 64];
    Arrays.fill(size, -1);
    for (Term t : terms) {
      int[] d = Internal.dims(t.t().shape());
      for (int k = 0; k < d.length; k++) {
        char c = t.labels().get(k);
        if (c >= size.length) {
          throw bad(equation, ops, "too many ellipsis dimensions");
        }
        int s = size[c];
        if (s == -1 || s == d[k]) {
          size[c] = d[k];
        } else if (c >= ELLIPSIS_BASE && (s == 1 || d[k] == 1)) {
          size[c] = Math.max(s, d[k]);
        } else {
          String what = c >= ELLIPSIS_BASE ? "ellipsis dimensions" : "subscript '" + c + "'";
          throw bad(equation, ops, what + " has sizes " + s + " and " + d[k]);
        }
      }
    }
    return size;
  }

  // a label repeated within an operand: its diagonal, the label kept once (at its first place)
  private static Term diagonals(Term t) {
    List<Character> l = new ArrayList<>(t.labels());
    Tensor x = t.t();
    for (int k = 0; k < l.size(); k++) {
      int j = l.lastIndexOf(l.get(k));
      while (j > k) {
        x = diagonal(x, k, j);
        l.remove(j);
        j = l.lastIndexOf(l.get(k));
      }
    }
    return new Term(x, l);
  }

  // x with axis j dropped, reading x where index j equals index k
  private static Tensor diagonal(Tensor x, int k, int j) {
    int[] d = Internal.dims(x.shape());
    int[] st = Layout.strides(d);
    int[] od = new int[d.length - 1];
    int[] os = new int[d.length - 1];
    for (int a = 0, b = 0; a < d.length; a++) {
      if (a != j) {
        od[b] = d[a];
        os[b] = st[a] + (a == k ? st[j] : 0);
        b++;
      }
    }
    Shape s = Shape.of(od);
    int n = (int) s.size();
    int[] src = new int[n];
    int[] idx = new int[od.length];
    for (int q = 0; q < n; q++) {
      int at = 0;
      for (int a = 0; a < od.length; a++) {
        at += idx[a] * os[a];
      }
      src[q] = at;
      for (int a = od.length - 1; a >= 0; a--) {
        if (++idx[a] < od[a]) {
          break;
        }
        idx[a] = 0;
      }
    }
    return IndexMapOps.take(x, src, s);
  }

  private static Term broadcastLabels(Term t, int[] size) {
    int[] d = Internal.dims(t.t().shape());
    int[] to = d.clone();
    boolean change = false;
    for (int k = 0; k < d.length; k++) {
      to[k] = size[t.labels().get(k)];
      change |= to[k] != d[k];
    }
    return change ? new Term(ShapeOps.broadcastTo(t.t(), Shape.of(to)), t.labels()) : t;
  }

  // labels of the output and of operands from index `from` on
  private static List<Character> needed(List<Character> out, List<Term> work, int from) {
    List<Character> r = new ArrayList<>(out);
    for (int i = from; i < work.size(); i++) {
      r = union(r, work.get(i).labels());
    }
    return r;
  }

  private static List<Character> union(List<Character> a, List<Character> b) {
    List<Character> r = new ArrayList<>(a);
    for (char c : b) {
      if (!r.contains(c)) {
        r.add(c);
      }
    }
    return r;
  }

  // sums the axes whose labels are not in keep
  private static Term sumUnneeded(Term t, List<Character> keep) {
    List<Character> l = t.labels();
    List<Character> rest = new ArrayList<>();
    int[] axes = new int[l.size()];
    int c = 0;
    for (int k = 0; k < l.size(); k++) {
      if (keep.contains(l.get(k))) {
        rest.add(l.get(k));
      } else {
        axes[c++] = k;
      }
    }
    if (c == 0) {
      return t;
    }
    return new Term(ReductionOps.sum(t.t(), Arrays.copyOf(axes, c), false), rest);
  }

  private static Term contract(Term a, Term b, List<Character> later) {
    List<Character> batch = new ArrayList<>();
    List<Character> inner = new ArrayList<>();
    List<Character> left = new ArrayList<>();
    List<Character> right = new ArrayList<>();
    for (char c : a.labels()) {
      if (b.labels().contains(c)) {
        (later.contains(c) ? batch : inner).add(c);
      } else {
        left.add(c);
      }
    }
    for (char c : b.labels()) {
      if (!a.labels().contains(c)) {
        right.add(c);
      }
    }
    Tensor x = arrange(a, batch, left, inner);
    Tensor y = arrange(b, batch, inner, right);
    Tensor z = LinalgOps.matmul(x, y, false, false);
    List<Character> labels = new ArrayList<>(batch);
    labels.addAll(left);
    labels.addAll(right);
    int[] dims = new int[labels.size()];
    for (int k = 0; k < dims.length; k++) {
      char c = labels.get(k);
      int ia = a.labels().indexOf(c);
      dims[k] =
          ia >= 0
              ? Internal.dims(a.t().shape())[ia]
              : Internal.dims(b.t().shape())[b.labels().indexOf(c)];
    }
    return new Term(ShapeOps.reshape(z, dims), labels);
  }

  // t transposed to the three groups and reshaped to [prod g1, prod g2, prod g3]
  private static Tensor arrange(
      Term t, List<Character> g1, List<Character> g2, List<Character> g3) {
    int[] d = Internal.dims(t.t().shape());
    int[] perm = new int[d.length];
    int[] three = {1, 1, 1};
    int p = 0;
    List<List<Character>> groups = List.of(g1, g2, g3);
    for (int g = 0; g < 3; g++) {
      for (char c : groups.get(g)) {
        int k = t.labels().indexOf(c);
        perm[p++] = k;
        three[g] *= d[k];
      }
    }
    return ShapeOps.reshape(ShapeOps.transpose(t.t(), perm), three);
  }

  private static IllegalArgumentException bad(String equation, Tensor[] ops, String why) {
    StringBuilder shapes = new StringBuilder();
    for (int i = 0; i < ops.length; i++) {
      shapes.append(i == 0 ? "" : ", ").append(ops[i] == null ? "null" : ops[i].shape());
    }
    return new IllegalArgumentException(
        "einsum: " + why + " (equation '" + equation + "', operand shapes " + shapes + ")");
  }
}
