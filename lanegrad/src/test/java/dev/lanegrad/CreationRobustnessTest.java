package dev.lanegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanegrad.internal.ops.JavaValues;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded random values, many of them malformed (ragged, null holes, values a dtype cannot hold,
 * shapes that do not fit), thrown at creation, operands and assign: the only exception allowed is
 * an IllegalArgumentException that names the operation, and what succeeds is consistent.
 */
class CreationRobustnessTest {
  private static final Class<?>[] TYPES = {
    float.class, double.class, int.class, long.class, boolean.class, Complex.class
  };
  private static final double[] SPECIAL = {
    0,
    -0.0,
    1,
    -1,
    0.5,
    1.5,
    1e10,
    -3e9,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    2147483647,
    2147483648.0,
    0x1p63,
    1e300,
    0.1
  };

  @Test
  void onlyIllegalArgumentExceptionsEscape() {
    int ok = 0;
    int rejected = 0;
    for (long seed = 0; seed < 3000; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      Class<?> type = TYPES[r.nextInt(TYPES.length)];
      int[] dims = new int[1 + r.nextInt(4)];
      for (int d = 0; d < dims.length; d++) {
        dims[d] = r.nextInt(4);
      }
      Object value = Array.newInstance(type, dims);
      fill(value, type, r);
      boolean damaged = r.nextInt(3) == 0 && damage(value, type, r);
      DType dtype = r.nextInt(3) == 0 ? null : DType.values()[r.nextInt(DType.values().length)];
      Shape shape = r.nextInt(3) == 0 ? randomShape(r) : null;
      String where =
          "seed "
              + seed
              + ": "
              + Arrays.deepToString(new Object[] {value})
              + " as "
              + dtype
              + " "
              + shape;

      Tensor t = attempt(where, "Tensor.of", () -> JavaValues.of(value, dtype, shape));
      if (t == null) {
        rejected++;
      } else {
        ok++;
        if (dtype != null) {
          assertEquals(dtype, t.dtype(), where);
        }
        if (shape != null) {
          assertEquals(shape, t.shape(), where);
        } else if (!damaged) {
          int[] seen = dims.clone(); // an empty level hides the lengths below it: they read as 0
          for (int d = 1; d < seen.length; d++) {
            seen[d] = seen[d - 1] == 0 ? 0 : seen[d];
          }
          assertArrayEquals(seen, t.shape().dims(), where);
        }
        if (dtype == null && shape == null && !damaged) {
          assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {t.toArray()}), where);
        }
      }
      Object other = r.nextBoolean() ? SPECIAL[r.nextInt(SPECIAL.length)] : (Object) r.nextInt(5);
      Tensor like = t != null ? t : Tensor.of(1.5f);
      attempt(where, "add", () -> JavaValues.operands("add", value, other)[0]);
      attempt(where, "add", () -> JavaValues.operands("add", other, like)[1]);
      attempt(
          where, "mul", () -> JavaValues.operand("mul", SPECIAL[r.nextInt(SPECIAL.length)], like));
      attempt(where, "square", () -> JavaValues.operand("square", value));
      if (t != null) {
        Variable v = Variable.of(t);
        Object before = v.toArray();
        Tensor after = attempt(where, "assign", () -> v.assign(value));
        if (after == null) {
          assertTrue(Arrays.deepEquals(new Object[] {before}, new Object[] {v.toArray()}), where);
        }
      }
    }
    assertTrue(
        ok > 500 && rejected > 500,
        "both paths exercised: " + ok + " ok, " + rejected + " rejected");
  }

  /** The result, or null after an IllegalArgumentException whose message starts with op. */
  private static Tensor attempt(String where, String op, Supplier<Tensor> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      assertTrue(
          e.getMessage() != null && e.getMessage().startsWith(op),
          where + ": message <" + e.getMessage() + "> should start with " + op);
      return null;
    } catch (RuntimeException e) {
      fail(where + ": " + e, e);
      return null;
    }
  }

  private static void fill(Object a, Class<?> type, SplittableRandom r) {
    int n = Array.getLength(a);
    for (int i = 0; i < n; i++) {
      if (a.getClass().getComponentType().isArray()) {
        fill(Array.get(a, i), type, r);
        continue;
      }
      double v = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextInt(-3, 4);
      if (type == float.class) {
        Array.setFloat(a, i, (float) v);
      } else if (type == double.class) {
        Array.setDouble(a, i, v);
      } else if (type == int.class) {
        Array.setInt(a, i, (int) v);
      } else if (type == long.class) {
        Array.setLong(a, i, (long) v);
      } else if (type == boolean.class) {
        Array.setBoolean(a, i, v > 0);
      } else {
        Array.set(a, i, new Complex(v, r.nextInt(3) == 0 ? 1 : 0));
      }
    }
  }

  /** Replaces one inner array by a null or one of another length; false if there is none. */
  private static boolean damage(Object a, Class<?> type, SplittableRandom r) {
    if (!a.getClass().getComponentType().isArray() || Array.getLength(a) == 0) {
      if (type == Complex.class && Array.getLength(a) > 0) {
        Array.set(a, r.nextInt(Array.getLength(a)), null);
        return true;
      }
      return false;
    }
    Object[] rows = (Object[]) a;
    int i = r.nextInt(rows.length);
    if (r.nextBoolean() && rows[i].getClass().getComponentType().isArray()) {
      return damage(rows[i], type, r);
    }
    if (r.nextBoolean()) {
      rows[i] = null;
    } else {
      Class<?> c = rows[i].getClass().getComponentType();
      int len = Array.getLength(rows[i]) + 1 + r.nextInt(2);
      rows[i] = Array.newInstance(c, len);
      if (!c.isArray()) {
        fill(rows[i], type, r);
      }
    }
    return true;
  }

  private static Shape randomShape(SplittableRandom r) {
    int[] dims = new int[r.nextInt(4)];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = r.nextInt(5);
    }
    return Shape.of(dims);
  }
}
