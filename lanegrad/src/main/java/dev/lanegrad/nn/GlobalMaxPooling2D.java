package dev.lanegrad.nn;

/**
 * Keras's {@code GlobalMaxPooling2D}: the largest value of each channel over height and width,
 * {@code (b, h, w, c)} to {@code (b, c)}.
 *
 * <pre>{@code
 * new GlobalMaxPooling2D().apply(x).shape();   // (batch, channels)
 * }</pre>
 */
public class GlobalMaxPooling2D extends GlobalPooling {
  /** Keras's defaults: the spatial axes dropped. */
  public GlobalMaxPooling2D() {
    super(2, true, "global_max_pooling2d", null, false);
  }

  /** With a name (null: Keras's default) and Keras's {@code keepdims} (spatial axes kept as 1). */
  public GlobalMaxPooling2D(String name, boolean keepdims) {
    super(2, true, "global_max_pooling2d", name, keepdims);
  }
}
