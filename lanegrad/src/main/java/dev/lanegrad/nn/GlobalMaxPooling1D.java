package dev.lanegrad.nn;

/**
 * Keras's {@code GlobalMaxPooling1D}: the largest value of each channel over the steps, {@code (b,
 * steps, c)} to {@code (b, c)}.
 *
 * <pre>{@code
 * new GlobalMaxPooling1D().apply(x).shape();   // (batch, channels)
 * }</pre>
 */
public class GlobalMaxPooling1D extends GlobalPooling {
  /** Keras's defaults: the spatial axes dropped. */
  public GlobalMaxPooling1D() {
    super(1, true, "global_max_pooling1d", null, false);
  }

  /** With a name (null: Keras's default) and Keras's {@code keepdims} (spatial axes kept as 1). */
  public GlobalMaxPooling1D(String name, boolean keepdims) {
    super(1, true, "global_max_pooling1d", name, keepdims);
  }
}
