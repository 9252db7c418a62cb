package dev.lanegrad.data;

import dev.lanegrad.Tensor;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One prefetching pass: a daemon thread reads the upstream pass into a bounded queue; the consumer
 * takes from it. The thread ends at the upstream's end, at its first exception (which travels
 * through the queue and is thrown to the consumer), or when the pass is closed.
 */
final class Prefetcher implements DatasetIterator {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Object END = new Object();

  private record Failure(Throwable error) {}

  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean closed;
  private Object ahead;
  private boolean finished;

  Prefetcher(Dataset source, int n) {
    this.queue = new ArrayBlockingQueue<>(n);
    this.thread = new Thread(() -> produce(source), "lanegrad-prefetch-" + COUNT.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(Dataset source) {
    Object last;
    try (DatasetIterator up = source.iterator()) {
      while (!closed && up.hasNext()) {
        List<Tensor> e = up.next();
        if (!put(e)) {
          return;
        }
      }
      last = END;
    } catch (Throwable t) { // everything, Errors too: the consumer must not wait forever
      last = new Failure(t);
    }
    put(last);
  }

  /** Puts into the queue; false when the pass was closed meanwhile. */
  private boolean put(Object o) {
    try {
      while (!closed) {
        if (queue.offer(o, 20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public boolean hasNext() {
    if (finished) {
      return false;
    }
    if (ahead == null) {
      try {
        ahead = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Dataset.prefetch: interrupted while waiting for data", e);
      }
    }
    if (ahead == END) {
      close();
      return false;
    }
    if (ahead instanceof Failure f) {
      close();
      Throwable t = f.error();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("Dataset.prefetch: the producer failed: " + t, t);
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Tensor> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Dataset: the pass has no more elements");
    }
    List<Tensor> e = (List<Tensor>) ahead;
    ahead = null;
    return e;
  }

  /** Stops the producer and waits for its thread to end. */
  @Override
  public void close() {
    finished = true;
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != thread) {
      thread.interrupt();
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    queue.clear();
    ahead = null;
  }

  /** The producer thread, for tests that check it ended. */
  Thread thread() {
    return thread;
  }
}
