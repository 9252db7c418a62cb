package dev.lanegrad;

/** What {@link GradientTape#gradient} returns for a source that the target does not depend on. */
public enum UnconnectedGradients {
  /** {@code null}, as TF's default. */
  NONE,
  /** zeros of the source's shape and dtype. */
  ZERO
}
