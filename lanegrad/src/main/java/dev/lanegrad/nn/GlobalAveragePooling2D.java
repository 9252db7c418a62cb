package dev.lanegrad.nn;

/**
 * Keras's {@code GlobalAveragePooling2D}: the mean of each channel over height and width, {@code
 * (b, h, w, c)} to {@code (b, c)}.
 *
 * <pre>{@code
 * new GlobalAveragePooling2D().apply(x).shape();   // (batch, channels)
 * }</pre>
 */
public class GlobalAveragePooling2D extends GlobalPooling {
  /** Keras's defaults: the spatial axes dropped. */
  public GlobalAveragePooling2D() {
    super(2, false, "global_average_pooling2d", null, false);
  }

  /** With a name (null: Keras's default) and Keras's {@code keepdims} (spatial axes kept as 1). */
  public GlobalAveragePooling2D(String name, boolean keepdims) {
    super(2, false, "global_average_pooling2d", name, keepdims);
  }
}
