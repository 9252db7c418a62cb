package dev.lanegrad.data;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.internal.Internal;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A sequence of elements, each a {@code List<Tensor>} (features first, label last), as TF's {@code
 * tf.data.Dataset}. Each transformation returns a new dataset and nothing runs until a pass is
 * started with {@link #iterator()} (a for-each loop, or {@code Model.fit}); every pass starts from
 * the beginning.
 *
 * <pre>{@code
 * Dataset train = Dataset.fromTensorSlices(x, y)     // x (60000, 784), y (60000,)
 *     .shuffle(10_000, 42L)                          // reshuffled on each pass, from the seed
 *     .batch(64)                                     // elements [(64, 784), (64,)]
 *     .prefetch(2);                                  // prepared on a background thread
 * try (train) {
 *   model.fit(train, FitOptions.builder().epochs(5).build());
 * }
 * }</pre>
 *
 * <p>A dataset is {@link AutoCloseable} because a {@link #prefetch} somewhere in its chain holds a
 * thread per open pass: {@link #close()} ends every pass still open on this dataset and the
 * datasets it was made from. A pass that runs to its end, or whose {@link DatasetIterator} is
 * closed, ends its thread too, and {@code fit}, {@code evaluate} and {@code predict} close the
 * passes they open, so no thread outlives them. A dataset may be iterated by one thread at a time
 * per pass; passes are independent.
 */
public abstract class Dataset implements Iterable<List<Tensor>>, AutoCloseable {
  /** {@link #cardinality()} of a dataset that never ends ({@code repeat()}). */
  public static final long INFINITE = -1;

  /** {@link #cardinality()} when the count is only known by reading (a CSV file, a filter). */
  public static final long UNKNOWN = -2;

  private final Dataset source;
  private final Set<DatasetIterator> open = ConcurrentHashMap.newKeySet();

  Dataset(Dataset source) {
    this.source = source;
  }

  /** Opens one pass; the pass's iterator closes what it holds when exhausted or closed. */
  abstract DatasetIterator open();

  /**
   * The number of elements of a pass, as {@code tf.data.experimental.cardinality}: a count, {@link
   * #INFINITE} or {@link #UNKNOWN}.
   */
  public abstract long cardinality();

  /**
   * Starts a new pass over the elements. Shuffling draws a new order for each pass; a prefetching
   * pass starts its background thread here.
   */
  @Override
  public final DatasetIterator iterator() {
    DatasetIterator it = open();
    Tracked t = new Tracked(it);
    open.add(t);
    return t;
  }

  /**
   * Ends every pass still open on this dataset and on the datasets it was built from (stopping
   * their prefetch threads); the dataset can be iterated again afterwards.
   */
  @Override
  public void close() {
    for (DatasetIterator it : new ArrayList<>(open)) {
      it.close();
    }
    if (source != null) {
      source.close();
    }
  }

  // ---------------------------------------------------------------- sources

  /**
   * The slices of the components along axis 0, as {@code tf.data.Dataset.from_tensor_slices}:
   * {@code fromTensorSlices(x, y)} with x of shape (n, 4) and y of shape (n,) yields n elements
   * {@code [x[i] (4,), y[i] ()]}.
   *
   * @throws IllegalArgumentException for no component, a null one, a scalar, or components whose
   *     first dimensions differ (the message gives every shape)
   */
  public static Dataset fromTensorSlices(Tensor... components) {
    String op = "Dataset.fromTensorSlices";
    if (components == null || components.length == 0) {
      throw new IllegalArgumentException(op + ": needs at least one tensor");
    }
    List<Shape> shapes = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      Tensor t = components[i];
      if (t == null) {
        throw new IllegalArgumentException(op + ": component " + i + " is null");
      }
      if (t.rank() < 1) {
        throw new IllegalArgumentException(
            op + ": component " + i + " is a scalar (shape ()); slicing needs a first axis");
      }
      shapes.add(t.shape());
    }
    int n = components[0].shape().dim(0);
    for (Shape s : shapes) {
      if (s.dim(0) != n) {
        throw new IllegalArgumentException(
            op + ": the components must have the same first dimension, got shapes " + shapes);
      }
    }
    return new Slices(components.clone(), n);
  }

  /**
   * Elements from a generator, as {@code tf.data.Dataset.from_generator}: the supplier is called
   * once per pass and must return a fresh iterator. {@code Dataset.fromGenerator(() ->
   * myRows.iterator())}.
   *
   * @throws IllegalArgumentException for a null supplier
   */
  public static Dataset fromGenerator(Supplier<? extends Iterator<List<Tensor>>> generator) {
    if (generator == null) {
      throw new IllegalArgumentException("Dataset.fromGenerator: the generator is null");
    }
    return new Generated(generator);
  }

  // ---------------------------------------------------------------- transformations

  /**
   * Applies {@code fn} to each element: {@code ds.map(e -> List.of(e.get(0).div(255f), e.get(1)))}.
   * The function runs when the element is read (on the prefetch thread, if a later {@link
   * #prefetch} pulls it).
   *
   * @throws IllegalArgumentException for a null function; reading an element throws {@link
   *     IllegalStateException} if the function returns null or a list with a null
   */
  public Dataset map(UnaryOperator<List<Tensor>> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("Dataset.map: the function is null");
    }
    return new Mapped(this, fn);
  }

  /**
   * Shuffles with TF's buffer algorithm: a buffer of the first {@code bufferSize} elements; each
   * output is a uniformly drawn buffer slot, which the next input element then fills. A buffer at
   * least as large as the dataset gives a uniform permutation; a buffer of 1 keeps the order. Each
   * pass draws a new order, deterministic from {@code seed} and the pass number (TF's {@code
   * reshuffle_each_iteration=True}).
   *
   * @throws IllegalArgumentException for {@code bufferSize < 1}
   */
  public Dataset shuffle(int bufferSize, long seed) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException(
          "Dataset.shuffle: bufferSize must be >= 1, got " + bufferSize);
    }
    return new Shuffled(this, bufferSize, seed);
  }

  /** {@link #batch(int, boolean) batch(size, false)}: the last batch may be smaller. */
  public Dataset batch(int size) {
    return batch(size, false);
  }

  /**
   * Stacks {@code size} consecutive elements into one, component by component, along a new axis 0:
   * elements {@code [(4,), ()]} become {@code [(size, 4), (size,)]}. The last batch holds what is
   * left unless {@code dropRemainder}.
   *
   * @throws IllegalArgumentException for {@code size < 1}; reading a batch whose elements differ in
   *     dtype, shape or component count throws {@link IllegalArgumentException} naming both
   */
  public Dataset batch(int size, boolean dropRemainder) {
    if (size < 1) {
      throw new IllegalArgumentException("Dataset.batch: size must be >= 1, got " + size);
    }
    return new Batched(this, size, dropRemainder);
  }

  /**
   * Prepares up to {@code n} elements ahead on a background (daemon) thread, one per open pass,
   * started by {@link #iterator()}. An exception in the producer (a bad CSV cell, a failing {@link
   * #map}) is thrown to the consumer by {@code hasNext}/{@code next} in the order the elements
   * came. The thread ends with the pass, when its iterator is closed, or at {@link #close()}.
   *
   * @throws IllegalArgumentException for {@code n < 1}
   */
  public Dataset prefetch(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Dataset.prefetch: n must be >= 1, got " + n);
    }
    return new Prefetched(this, n);
  }

  /** Repeats the dataset forever, each repetition a new pass (reshuffled where it shuffles). */
  public Dataset repeat() {
    return new Repeated(this, -1);
  }

  /**
   * The dataset {@code count} times in a row; a repetition of an empty dataset ends the pass.
   *
   * @throws IllegalArgumentException for a negative count
   */
  public Dataset repeat(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("Dataset.repeat: count must be >= 0, got " + count);
    }
    return new Repeated(this, count);
  }

  /**
   * The first {@code count} elements (all if fewer).
   *
   * @throws IllegalArgumentException for a negative count
   */
  public Dataset take(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("Dataset.take: count must be >= 0, got " + count);
    }
    return new Taken(this, count);
  }

  /**
   * All but the first {@code count} elements.
   *
   * @throws IllegalArgumentException for a negative count
   */
  public Dataset skip(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("Dataset.skip: count must be >= 0, got " + count);
    }
    return new Skipped(this, count);
  }

  /**
   * Keeps the elements in memory after the first complete pass; later passes read the memory, not
   * the source (a CSV file is then read once). A pass abandoned before its end caches nothing. Put
   * it before {@link #shuffle} to keep reshuffling.
   */
  public Dataset cache() {
    return new Cached(this);
  }

  // ---------------------------------------------------------------- helpers

  static IllegalStateException badElement(String op, String why) {
    return new IllegalStateException(op + ": " + why);
  }

  /** Checks an element from user code: a non-empty list of non-null tensors. */
  static List<Tensor> checked(String op, List<Tensor> e) {
    if (e == null || e.isEmpty()) {
      throw badElement(op, "an element must be a non-empty list of tensors, got " + e);
    }
    for (int i = 0; i < e.size(); i++) {
      Object o = e.get(i);
      if (!(o instanceof Tensor)) {
        throw badElement(
            op,
            "component "
                + i
                + " of an element is "
                + (o == null ? "null" : "a " + o.getClass().getSimpleName())
                + ", not a Tensor");
      }
    }
    return e;
  }

  /** The i-th slice along axis 0 of a tensor's flat data (its dims without the first). */
  static Tensor slice(DType dtype, int[] rowDims, Object flat, int width, int i) {
    Object out = Array.newInstance(flat.getClass().getComponentType(), width);
    System.arraycopy(flat, i * width, out, 0, width);
    return Internal.make(dtype, Shape.of(rowDims), out);
  }

  // ---------------------------------------------------------------- passes

  /** Removes itself from the dataset's open passes when closed or exhausted. */
  private final class Tracked implements DatasetIterator {
    private final DatasetIterator it;

    Tracked(DatasetIterator it) {
      this.it = it;
    }

    @Override
    public boolean hasNext() {
      boolean h = it.hasNext();
      if (!h) {
        close();
      }
      return h;
    }

    @Override
    public List<Tensor> next() {
      return it.next();
    }

    @Override
    public void close() {
      open.remove(this);
      it.close();
    }
  }

  /** A pass computed one element ahead: {@link #advance} returns the next or null at the end. */
  abstract static class Pass implements DatasetIterator {
    private List<Tensor> ahead;
    private boolean done;

    /** The next element, or null at the end. */
    abstract List<Tensor> advance();

    /** Releases upstream passes and files; called once. */
    void release() {}

    @Override
    public final boolean hasNext() {
      if (done) {
        return false;
      }
      if (ahead == null) {
        try {
          ahead = advance();
        } catch (RuntimeException | Error e) {
          close();
          throw e;
        }
        if (ahead == null) {
          close();
          return false;
        }
      }
      return true;
    }

    @Override
    public final List<Tensor> next() {
      if (!hasNext()) {
        throw new NoSuchElementException("Dataset: the pass has no more elements");
      }
      List<Tensor> e = ahead;
      ahead = null;
      return e;
    }

    @Override
    public final void close() {
      if (!done) {
        done = true;
        ahead = null;
        release();
      }
    }
  }

  /** A pass with one upstream pass. */
  abstract static class Piped extends Pass {
    final DatasetIterator up;

    Piped(Dataset source) {
      this.up = source.iterator();
    }

    List<Tensor> pull() {
      return up.hasNext() ? up.next() : null;
    }

    @Override
    void release() {
      up.close();
    }
  }

  private static final class Slices extends Dataset {
    private final DType[] dtypes;
    private final int[][] rowDims;
    private final Object[] flat;
    private final int[] widths;
    private final int n;

    Slices(Tensor[] components, int n) {
      super(null);
      this.n = n;
      int k = components.length;
      dtypes = new DType[k];
      rowDims = new int[k][];
      flat = new Object[k];
      widths = new int[k];
      for (int c = 0; c < k; c++) {
        Tensor t = components[c];
        dtypes[c] = t.dtype();
        int[] d = t.shape().dims();
        rowDims[c] = java.util.Arrays.copyOfRange(d, 1, d.length);
        flat[c] = Internal.data(t);
        widths[c] = n == 0 ? 0 : Array.getLength(flat[c]) / n;
      }
    }

    @Override
    public long cardinality() {
      return n;
    }

    @Override
    DatasetIterator open() {
      return new Pass() {
        int i;

        @Override
        List<Tensor> advance() {
          if (i >= n) {
            return null;
          }
          Tensor[] e = new Tensor[dtypes.length];
          for (int c = 0; c < e.length; c++) {
            e[c] = slice(dtypes[c], rowDims[c], flat[c], widths[c], i);
          }
          i++;
          return List.of(e);
        }
      };
    }
  }

  private static final class Generated extends Dataset {
    private final Supplier<? extends Iterator<List<Tensor>>> generator;

    Generated(Supplier<? extends Iterator<List<Tensor>>> generator) {
      super(null);
      this.generator = generator;
    }

    @Override
    public long cardinality() {
      return UNKNOWN;
    }

    @Override
    DatasetIterator open() {
      Iterator<List<Tensor>> it = generator.get();
      if (it == null) {
        throw badElement("Dataset.fromGenerator", "the generator returned a null iterator");
      }
      return new Pass() {
        @Override
        List<Tensor> advance() {
          return it.hasNext() ? checked("Dataset.fromGenerator", it.next()) : null;
        }
      };
    }
  }

  private static final class Mapped extends Dataset {
    private final Dataset source;
    private final UnaryOperator<List<Tensor>> fn;

    Mapped(Dataset source, UnaryOperator<List<Tensor>> fn) {
      super(source);
      this.source = source;
      this.fn = fn;
    }

    @Override
    public long cardinality() {
      return source.cardinality();
    }

    @Override
    DatasetIterator open() {
      return new Piped(source) {
        @Override
        List<Tensor> advance() {
          List<Tensor> e = pull();
          return e == null ? null : checked("Dataset.map", fn.apply(e));
        }
      };
    }
  }

  private static final class Shuffled extends Dataset {
    private final Dataset source;
    private final int bufferSize;
    private final long seed;
    private final AtomicLong passes = new AtomicLong();

    Shuffled(Dataset source, int bufferSize, long seed) {
      super(source);
      this.source = source;
      this.bufferSize = bufferSize;
      this.seed = seed;
    }

    @Override
    public long cardinality() {
      return source.cardinality();
    }

    @Override
    DatasetIterator open() {
      long pass = passes.getAndIncrement();
      // a seed per pass, mixed so that passes (and neighbouring seeds) give unrelated orders
      java.util.SplittableRandom rng =
          new java.util.SplittableRandom(
              new java.util.SplittableRandom(seed ^ (pass * 0xBF58476D1CE4E5B9L)).nextLong());
      return new Piped(source) {
        final List<List<Tensor>> buffer = new ArrayList<>();
        boolean filled;

        @Override
        List<Tensor> advance() {
          if (!filled) {
            while (buffer.size() < bufferSize) {
              List<Tensor> e = pull();
              if (e == null) {
                break;
              }
              buffer.add(e);
            }
            filled = true;
          }
          if (buffer.isEmpty()) {
            return null;
          }
          int i = rng.nextInt(buffer.size());
          List<Tensor> out = buffer.get(i);
          List<Tensor> in = pull();
          if (in != null) {
            buffer.set(i, in);
          } else {
            List<Tensor> last = buffer.remove(buffer.size() - 1);
            if (i < buffer.size()) {
              buffer.set(i, last);
            }
          }
          return out;
        }
      };
    }
  }

  private static final class Batched extends Dataset {
    private final Dataset source;
    private final int size;
    private final boolean dropRemainder;

    Batched(Dataset source, int size, boolean dropRemainder) {
      super(source);
      this.source = source;
      this.size = size;
      this.dropRemainder = dropRemainder;
    }

    @Override
    public long cardinality() {
      long c = source.cardinality();
      if (c < 0) {
        return c;
      }
      return dropRemainder ? c / size : (c + size - 1) / size;
    }

    @Override
    DatasetIterator open() {
      return new Piped(source) {
        @Override
        List<Tensor> advance() {
          List<List<Tensor>> rows = new ArrayList<>(Math.min(size, 1024));
          while (rows.size() < size) {
            List<Tensor> e = pull();
            if (e == null) {
              break;
            }
            rows.add(e);
          }
          if (rows.isEmpty() || (dropRemainder && rows.size() < size)) {
            return null;
          }
          return stack(rows);
        }
      };
    }

    private static List<Tensor> stack(List<List<Tensor>> rows) {
      String op = "Dataset.batch";
      List<Tensor> first = rows.get(0);
      int k = first.size();
      Tensor[] out = new Tensor[k];
      for (int c = 0; c < k; c++) {
        Tensor f = first.get(c);
        int width = (int) f.size();
        Object data = Internal.data(f);
        int unit = width == 0 ? 0 : Array.getLength(data) / width; // array slots per element
        Object flat =
            Array.newInstance(data.getClass().getComponentType(), rows.size() * width * unit);
        for (int r = 0; r < rows.size(); r++) {
          List<Tensor> row = rows.get(r);
          if (row.size() != k) {
            throw new IllegalArgumentException(
                op
                    + ": element "
                    + r
                    + " of a batch has "
                    + row.size()
                    + " components, the first had "
                    + k);
          }
          Tensor t = row.get(c);
          if (t.dtype() != f.dtype() || !t.shape().equals(f.shape())) {
            throw new IllegalArgumentException(
                op
                    + ": element "
                    + r
                    + " of a batch has component "
                    + c
                    + " of shape "
                    + t.shape()
                    + " and dtype "
                    + t.dtype()
                    + ", the first had "
                    + f.shape()
                    + " and "
                    + f.dtype()
                    + "; batching needs equal shapes and dtypes");
          }
          System.arraycopy(Internal.data(t), 0, flat, r * width * unit, width * unit);
        }
        int[] d = f.shape().dims();
        int[] bd = new int[d.length + 1];
        bd[0] = rows.size();
        System.arraycopy(d, 0, bd, 1, d.length);
        out[c] = Internal.make(f.dtype(), Shape.of(bd), flat);
      }
      return List.of(out);
    }
  }

  private static final class Prefetched extends Dataset {
    private final Dataset source;
    private final int n;

    Prefetched(Dataset source, int n) {
      super(source);
      this.source = source;
      this.n = n;
    }

    @Override
    public long cardinality() {
      return source.cardinality();
    }

    @Override
    DatasetIterator open() {
      return new Prefetcher(source, n);
    }
  }

  private static final class Repeated extends Dataset {
    private final Dataset source;
    private final int count;

    Repeated(Dataset source, int count) {
      super(source);
      this.source = source;
      this.count = count;
    }

    @Override
    public long cardinality() {
      long c = source.cardinality();
      if (count == 0 || c == 0) {
        return 0;
      }
      if (count < 0) {
        return c == UNKNOWN ? UNKNOWN : INFINITE;
      }
      return c < 0 ? c : c * count;
    }

    @Override
    DatasetIterator open() {
      return new Pass() {
        int done;
        DatasetIterator up;
        boolean gotAny;

        @Override
        List<Tensor> advance() {
          while (true) {
            if (up == null) {
              if (count >= 0 && done >= count) {
                return null;
              }
              up = source.iterator();
              gotAny = false;
            }
            if (up.hasNext()) {
              gotAny = true;
              return up.next();
            }
            up.close();
            up = null;
            done++;
            if (!gotAny) {
              return null; // an empty repetition: repeating it forever would spin
            }
          }
        }

        @Override
        void release() {
          if (up != null) {
            up.close();
          }
        }
      };
    }
  }

  private static final class Taken extends Dataset {
    private final Dataset source;
    private final long count;

    Taken(Dataset source, long count) {
      super(source);
      this.source = source;
      this.count = count;
    }

    @Override
    public long cardinality() {
      long c = source.cardinality();
      if (c == INFINITE) {
        return count;
      }
      return c == UNKNOWN ? UNKNOWN : Math.min(c, count);
    }

    @Override
    DatasetIterator open() {
      if (count == 0) {
        return emptyPass();
      }
      return new Piped(source) {
        long taken;

        @Override
        List<Tensor> advance() {
          return taken++ < count ? pull() : null;
        }
      };
    }
  }

  private static final class Skipped extends Dataset {
    private final Dataset source;
    private final long count;

    Skipped(Dataset source, long count) {
      super(source);
      this.source = source;
      this.count = count;
    }

    @Override
    public long cardinality() {
      long c = source.cardinality();
      return c < 0 ? c : Math.max(0, c - count);
    }

    @Override
    DatasetIterator open() {
      return new Piped(source) {
        boolean skipped;

        @Override
        List<Tensor> advance() {
          if (!skipped) {
            skipped = true;
            for (long i = 0; i < count; i++) {
              if (pull() == null) {
                return null;
              }
            }
          }
          return pull();
        }
      };
    }
  }

  private static final class Cached extends Dataset {
    private final Dataset source;
    private volatile List<List<Tensor>> cached;

    Cached(Dataset source) {
      super(source);
      this.source = source;
    }

    @Override
    public long cardinality() {
      List<List<Tensor>> c = cached;
      return c != null ? c.size() : source.cardinality();
    }

    @Override
    DatasetIterator open() {
      List<List<Tensor>> c = cached;
      if (c != null) {
        Iterator<List<Tensor>> it = c.iterator();
        return new Pass() {
          @Override
          List<Tensor> advance() {
            return it.hasNext() ? it.next() : null;
          }
        };
      }
      return new Piped(source) {
        final List<List<Tensor>> seen = new ArrayList<>();

        @Override
        List<Tensor> advance() {
          List<Tensor> e = pull();
          if (e == null) {
            if (cached == null) {
              cached = Collections.unmodifiableList(seen);
            }
            return null;
          }
          seen.add(e);
          return e;
        }
      };
    }
  }

  static DatasetIterator emptyPass() {
    return new Pass() {
      @Override
      List<Tensor> advance() {
        return null;
      }
    };
  }
}
