package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code Reshape}: keeps the batch axis and reshapes the rest to {@code targetShape}, one
 * of whose entries may be -1 (inferred).
 *
 * <pre>{@code
 * new Reshape(-1, 2).apply(Tensor.zeros(Shape.of(4, 3, 2, 2), DType.FLOAT32)).shape();  // (4, 6, 2)
 * }</pre>
 */
public class Reshape extends Layer {
  private final int[] target;

  /**
   * Reshapes each sample to {@code targetShape}.
   *
   * @throws IllegalArgumentException for no dimension, a dimension below 1 other than a single -1
   */
  public Reshape(int... targetShape) {
    this(builder(targetShape));
  }

  private Reshape(Builder b) {
    super(b.name != null ? b.name : defaultName("reshape"));
    this.target = b.target;
  }

  /** Options: {@code Reshape.builder(7, 7, 16).name("unflatten").build()}. */
  public static Builder builder(int... targetShape) {
    return new Builder(targetShape);
  }

  /** The target shape without the batch axis (a copy). */
  public int[] targetShape() {
    return target.clone();
  }

  @Override
  Spec checkInput(Shape shape, DType dtype) {
    if (shape.rank() < 1) {
      throw new IllegalArgumentException(
          "Layer \"" + name() + "\": the input needs a batch axis, got shape " + shape);
    }
    long in = 1;
    for (int i = 1; i < shape.rank(); i++) {
      in *= shape.dim(i);
    }
    long known = 1;
    int unknown = -1;
    int[] out = new int[target.length + 1];
    out[0] = shape.dim(0);
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        unknown = i;
      } else {
        known *= target[i];
      }
      out[i + 1] = target[i];
    }
    boolean ok = unknown < 0 ? known == in : known != 0 && in % known == 0;
    if (!ok) {
      int[] inDims = Arrays.copyOfRange(shape.dims(), 1, shape.rank());
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Reshape): total size of the new array must be unchanged, input_shape = "
              + Arrays.toString(inDims)
              + ", output_shape = "
              + Arrays.toString(target));
    }
    if (unknown >= 0) {
      out[unknown + 1] = (int) (in / known);
    }
    return new Spec(Shape.of(out), dtype);
  }

  @Override
  protected Tensor call(Tensor input) {
    return input.reshape(checkInput(input.shape(), input.dtype()).shape().dims());
  }

  /** Options for a {@link Reshape}. */
  public static final class Builder extends LayerBuilder<Builder, Reshape> {
    private final int[] target;

    private Builder(int[] targetShape) {
      super("Reshape");
      if (targetShape == null || targetShape.length == 0) {
        throw new IllegalArgumentException("Reshape: give at least one target dimension");
      }
      int unknown = 0;
      for (int d : targetShape) {
        if (d == -1) {
          unknown++;
        } else if (d < 1) {
          throw new IllegalArgumentException(
              "Reshape: target dimensions must be positive or a single -1, got "
                  + Arrays.toString(targetShape));
        }
      }
      if (unknown > 1) {
        throw new IllegalArgumentException(
            "Reshape: there must be at most one unknown dimension (-1) in the target shape, got "
                + Arrays.toString(targetShape));
      }
      this.target = targetShape.clone();
    }

    @Override
    Reshape make() {
      return new Reshape(this);
    }
  }
}
