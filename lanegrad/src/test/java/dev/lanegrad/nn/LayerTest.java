package dev.lanegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated // the name counters are process-wide
class LayerTest {
  /** Seed 004: {@code my_var = tf.Variable(10); my_list = [tf.Variable(i) for i in range(3)]}. */
  static class MyLayer extends Layer {
    Variable myVar = Variable.of(10);
    List<Variable> myList = List.of(Variable.of(0), Variable.of(1), Variable.of(2));

    @Override
    protected Tensor call(Tensor input) {
      return input;
    }
  }

  static class Base extends Layer {
    Variable first = Variable.builder(1f).name("first").build();

    @Override
    protected Tensor call(Tensor input) {
      return input;
    }
  }

  /** Fields of every tracked kind, a child layer declared before own variables, a frozen one. */
  static class Composite extends Base {
    Dense child = Dense.builder(1).inputShape(1).name("child").build();
    Variable frozen = Variable.builder(2f).name("frozen").trainable(false).build();
    Variable[] array = {Variable.builder(3f).name("array").build()};
    Map<String, Object> map = Map.of("k", List.of(Variable.builder(4f).name("nested").build()));
    Variable again = first; // the same variable twice is listed once
    Composite self = this; // a cycle must not loop
    Variable unset;
    Variable built;
    Tensor notAVariable = Tensor.of(9f);

    @Override
    protected void build(Shape inputShape) {
      built = addWeight("w", Shape.of(2), Initializers.ones());
      addWeight("kept_nowhere", Shape.of(1), DType.FLOAT32, Initializers.zeros(), false);
    }
  }

  @BeforeEach
  void reset() {
    Utils.clearSession();
  }

  private static List<String> names(List<Variable> vs) {
    List<String> out = new ArrayList<>();
    for (Variable v : vs) {
      out.add(v.name());
    }
    return out;
  }

  @Test
  void seed004MyLayerVariables() {
    MyLayer m = new MyLayer();
    List<Integer> values = new ArrayList<>();
    for (Variable v : m.variables()) {
      values.add(v.intValue());
    }
    assertEquals(List.of(10, 0, 1, 2), values);
    assertEquals("my_layer", m.name());
    assertEquals(4, m.trainableVariables().size());
    assertTrue(m.nonTrainableVariables().isEmpty());
  }

  @Test
  void kerasNames() {
    assertEquals("dense", new Dense(1).name());
    assertEquals("dense_1", new Dense(1).name());
    assertEquals("my_layer", new MyLayer().name());
    assertEquals("my_layer_1", new MyLayer().name());
    assertEquals("sequential", new Sequential().name());
    assertEquals("head", Dense.builder(1).name("head").build().name());
    assertEquals("dense_2", new Dense(1).name()); // an explicit name does not count
    assertEquals(
        "layer",
        new Layer() {
          @Override
          protected Tensor call(Tensor input) {
            return input;
          }
        }.name());
    Utils.clearSession();
    assertEquals("dense", new Dense(1).name());
  }

  @Test
  void snakeCase() {
    assertEquals("my_layer", Layer.toSnakeCase("MyLayer"));
    assertEquals("dense", Layer.toSnakeCase("Dense"));
    assertEquals("http_layer2", Layer.toSnakeCase("HTTPLayer2"));
    assertEquals("conv2d", Layer.toSnakeCase("Conv2D")); // as Keras names Conv2D
  }

  @Test
  void weightNames() {
    Dense d = Dense.builder(2).inputShape(3).build();
    assertEquals(List.of("dense/kernel:0", "dense/bias:0"), names(d.variables()));
    Dense h = Dense.builder(2).name("head").inputShape(3).build();
    assertEquals("head/bias:0", h.bias().name());
    assertEquals("x0:0", Variable.builder(1f).name("x0").build().name());
  }

  @Test
  void trackingOrder() {
    Composite c = new Composite();
    // before build: own trainable (superclass field first, declaration order), then the child's
    assertEquals(
        List.of("first:0", "array:0", "nested:0", "child/kernel:0", "child/bias:0"),
        names(c.trainableVariables()));
    c.apply(Tensor.of(new float[][] {{1f}}));
    assertEquals(
        List.of(
            "first:0", "array:0", "nested:0", "composite/w:0", "child/kernel:0", "child/bias:0"),
        names(c.trainableVariables()));
    assertEquals(List.of("frozen:0", "composite/kept_nowhere:0"), names(c.nonTrainableVariables()));
    List<String> all = new ArrayList<>(names(c.trainableVariables()));
    all.addAll(names(c.nonTrainableVariables()));
    assertEquals(all, names(c.variables()));
    assertEquals(1 + 1 + 1 + 2 + 1 + 1 + 1 + 1, c.countParams());
  }

  @Test
  void setTrainableFreezesChildren() {
    Dense inner = Dense.builder(1).inputShape(2).build();
    Sequential s = new Sequential(inner);
    s.setTrainable(false);
    assertTrue(s.trainableVariables().isEmpty());
    assertEquals(2, s.nonTrainableVariables().size());
    s.setTrainable(true);
    inner.setTrainable(false);
    assertTrue(s.trainableVariables().isEmpty());
    inner.setTrainable(true);
    assertEquals(2, s.trainableVariables().size());
  }

  @Test
  void buildRunsOnceOnFirstApply() {
    int[] builds = {0};
    Layer l =
        new Layer("counter") {
          @Override
          protected void build(Shape inputShape) {
            builds[0]++;
            assertEquals(Shape.of(2, 3), inputShape);
          }

          @Override
          protected Tensor call(Tensor input) {
            return input.mul(2);
          }
        };
    assertFalse(l.built());
    Tensor y = l.apply(Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    l.apply(Tensor.of(new float[][] {{1, 2, 3}}));
    assertEquals(1, builds[0]);
    assertTrue(l.built());
    assertEquals(12f, y.toFloatArray()[5]);
  }

  @Test
  void badInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MyLayer() {}.apply(null));
    assertTrue(e.getMessage().contains("input is null"), e.getMessage());
    Layer named =
        new Layer("x") {
          @Override
          protected Tensor call(Tensor input) {
            return input;
          }

          Variable bad() {
            return addWeight(
                "w", Shape.of(2), DType.FLOAT32, (s, d) -> Tensor.zeros(Shape.of(3), d), true);
          }
        };
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Layer("") {
              @Override
              protected Tensor call(Tensor input) {
                return input;
              }
            });
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              try {
                named.getClass().getDeclaredMethod("bad").invoke(named);
              } catch (java.lang.reflect.InvocationTargetException ite) {
                throw ite.getCause();
              }
            });
    assertTrue(
        e.getMessage().contains("returned shape (3,)")
            && e.getMessage().contains("expected shape (2,)"),
        e.getMessage());
  }
}
