package dev.lanegrad.data;

import dev.lanegrad.Tensor;
import java.util.Iterator;
import java.util.List;

/**
 * One pass over a {@link Dataset}. Closing it releases what the pass holds (an open file, the
 * thread of a {@link Dataset#prefetch prefetch}) before the pass is exhausted; an exhausted pass
 * has released them already, and closing twice is harmless.
 *
 * <pre>{@code
 * try (DatasetIterator it = dataset.iterator()) {
 *   List<Tensor> first = it.next();          // stop early: close() ends the background thread
 * }
 * }</pre>
 */
public interface DatasetIterator extends Iterator<List<Tensor>>, AutoCloseable {
  /** Releases the pass's file handles and threads; idempotent, never throws a checked exception. */
  @Override
  void close();
}
