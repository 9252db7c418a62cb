package dev.lanegrad;

import java.util.List;

/**
 * The result of {@link Ops#clipByGlobalNorm}, as TF's {@code tf.clip_by_global_norm}: each tensor
 * times {@code clipNorm / max(globalNorm, clipNorm)} (a null entry stays null), and the global norm
 * {@code sqrt(sum_i sum(t_i^2))} of the tensors before clipping.
 *
 * @param tensors the clipped tensors, in the order given
 * @param globalNorm the global norm before clipping, 0-d
 */
public record ClippedTensors(List<Tensor> tensors, Tensor globalNorm) {
  /** Keeps an unmodifiable copy of the list (null entries allowed, as TF's None). */
  public ClippedTensors {
    if (tensors == null) {
      throw new IllegalArgumentException("ClippedTensors: argument 'tensors' is null");
    }
    tensors = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(tensors));
  }
}
