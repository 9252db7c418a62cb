package dev.lanegrad.nn;

/**
 * Keras's {@code GlobalAveragePooling1D}: the mean of each channel over the steps, {@code (b,
 * steps, c)} to {@code (b, c)}.
 *
 * <pre>{@code
 * new GlobalAveragePooling1D().apply(x).shape();   // (batch, channels)
 * }</pre>
 */
public class GlobalAveragePooling1D extends GlobalPooling {
  /** Keras's defaults: the spatial axes dropped. */
  public GlobalAveragePooling1D() {
    super(1, false, "global_average_pooling1d", null, false);
  }

  /** With a name (null: Keras's default) and Keras's {@code keepdims} (spatial axes kept as 1). */
  public GlobalAveragePooling1D(String name, boolean keepdims) {
    super(1, false, "global_average_pooling1d", name, keepdims);
  }
}
