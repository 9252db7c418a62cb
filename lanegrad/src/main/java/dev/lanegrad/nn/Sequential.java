package dev.lanegrad.nn;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stack of layers, each feeding the next, as {@code tf.keras.Sequential}. Its variables are those
 * of its layers, in order; it trains with {@link Model#compile} and {@link Model#fit}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *     Dense.builder(16).activation(Activation.RELU).inputShape(4).build(),
 *     new Dense(3));
 * model.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy(true), "accuracy");
 * History h = model.fit(x, y, 20, 16);
 * }</pre>
 */
public class Sequential extends Model {
  private final List<Layer> layers = new ArrayList<>();

  /**
   * A model made of {@code layers}, in order (none is fine: {@link #add} them later).
   *
   * @throws IllegalArgumentException for a null layer
   */
  public Sequential(Layer... layers) {
    super();
    addAll(layers);
  }

  /** A named model: {@code new Sequential("classifier", layers...)}. */
  public Sequential(String name, Layer... layers) {
    super(name);
    addAll(layers);
  }

  private void addAll(Layer[] layers) {
    if (layers == null) {
      throw new IllegalArgumentException("Sequential \"" + name() + "\": the layer array is null");
    }
    for (Layer l : layers) {
      add(l);
    }
  }

  /**
   * Appends a layer at the top of the stack. As in Keras, when the first layer is built (it was
   * given an input shape), the new layer is built at once on the previous layer's output shape, so
   * {@code countParams()} and {@link #summary()} count its weights before the first call.
   *
   * @throws IllegalArgumentException for null, the model itself, or a layer that contains this
   *     model at any depth (a layer cannot be inside itself)
   */
  public void add(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Sequential \"" + name() + "\".add: the layer is null");
    }
    if (layer == this) {
      throw new IllegalArgumentException("Sequential \"" + name() + "\".add: cannot add itself");
    }
    if (layer.contains(this)) {
      // the stack would hold itself: building or calling it would never end
      throw new IllegalArgumentException(
          "Sequential \""
              + name()
              + "\".add: layer \""
              + layer.name()
              + "\" contains this model; a layer cannot be inside itself");
    }
    layers.add(layer);
    try {
      buildAhead();
    } catch (RuntimeException e) {
      layers.remove(layers.size() - 1); // a layer that cannot be built is not added
      throw e;
    }
  }

  /**
   * As Keras, once the first layer knows its input shape (built, as by {@code inputShape(...)}),
   * every later layer is built on the output of the one before as soon as it is added, so that
   * {@code variables()} and {@link #summary()} show all weights before the first call. The chain
   * stops at a layer that cannot tell its output shape without running, or that rejects the shape
   * (it then reports the problem when called).
   */
  private void buildAhead() {
    Shape first = layers.get(0).buildShape();
    if (first == null) {
      return;
    }
    if (built()) {
      buildChain(first);
    } else {
      buildIfNeeded(first); // the model is built too, as Keras's: a stack inside a stack chains
    }
  }

  private void buildChain(Shape inputShape) {
    Spec s = new Spec(inputShape, DType.FLOAT32);
    for (Layer l : layers) {
      Spec next;
      try {
        next = l.checkInput(s.shape(), s.dtype());
      } catch (IllegalArgumentException | IllegalStateException e) {
        return;
      }
      if (next == null) {
        return;
      }
      l.buildIfNeeded(s.shape());
      s = next;
    }
  }

  /** Builds the layers in turn on the shapes they will see (nested stacks included). */
  @Override
  protected void build(Shape inputShape) {
    if (!layers.isEmpty()) {
      buildChain(inputShape);
    }
  }

  /** The layers, in order (a read-only view). */
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /**
   * Applies each layer to the previous one's output.
   *
   * @throws IllegalStateException if the model has no layers
   */
  @Override
  protected Tensor call(Tensor input) {
    return call(input, false);
  }

  /** Applies each layer to the previous one's output, passing {@code training} on. */
  @Override
  protected Tensor call(Tensor input, boolean training) {
    requireLayers();
    Tensor x = input;
    for (Layer l : layers) {
      x = l.apply(x, training);
    }
    return x;
  }

  /**
   * Every layer's checks in turn, each on what the one before would output, so that a layer deep in
   * the stack rejects an input before the first layer records anything on a tape. The chain stops
   * at a layer that cannot tell its output without running (it checks when it runs).
   */
  @Override
  Spec checkInput(Shape shape, DType dtype) {
    requireLayers();
    Spec s = new Spec(shape, dtype);
    for (Layer l : layers) {
      s = l.checkInput(s.shape(), s.dtype());
      if (s == null) {
        return null;
      }
    }
    return s;
  }

  private void requireLayers() {
    if (layers.isEmpty()) {
      throw new IllegalStateException(
          "Sequential \"" + name() + "\" has no layers: add(...) one before calling it");
    }
  }
}
