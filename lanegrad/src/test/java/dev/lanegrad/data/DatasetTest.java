package dev.lanegrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanegrad.DType;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** tf.data semantics (tensorflow/python/data/ops/dataset_ops.py), checked on small counted data. */
class DatasetTest {

  /** The first component of each element as an int (elements are [i] or [x[i], y[i]]). */
  static List<Integer> firsts(Iterable<List<Tensor>> ds) {
    List<Integer> out = new ArrayList<>();
    for (List<Tensor> e : ds) {
      out.add(e.get(0).intValue());
    }
    return out;
  }

  static Dataset range(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return Dataset.fromTensorSlices(Tensor.of(a));
  }

  static List<Integer> ints(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void fromTensorSlicesYieldsRowsOfEachComponent() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor y = Tensor.of(new int[] {7, 8, 9});
    Dataset ds = Dataset.fromTensorSlices(x, y);
    assertEquals(3, ds.cardinality());
    List<List<Tensor>> all = new ArrayList<>();
    ds.forEach(all::add);
    assertEquals(3, all.size());
    assertEquals(Shape.of(2), all.get(1).get(0).shape());
    assertArrayEquals(new float[] {3, 4}, all.get(1).get(0).toFloatArray());
    assertEquals(Shape.scalar(), all.get(1).get(1).shape());
    assertEquals(DType.INT32, all.get(1).get(1).dtype());
    assertEquals(8, all.get(1).get(1).intValue());
    // every pass starts from the beginning
    assertEquals(List.of(7, 8, 9), firstsOf(ds, 1));
    assertEquals(List.of(7, 8, 9), firstsOf(ds, 1));
  }

  static List<Integer> firstsOf(Dataset ds, int component) {
    List<Integer> out = new ArrayList<>();
    for (List<Tensor> e : ds) {
      out.add(e.get(component).intValue());
    }
    return out;
  }

  @Test
  void fromTensorSlicesRejectsBadInput() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.fromTensorSlices(Tensor.of(new int[] {1, 2}), Tensor.of(new int[] {1})));
    assertTrue(e.getMessage().startsWith("Dataset.fromTensorSlices: "), e.getMessage());
    assertTrue(e.getMessage().contains("[(2,), (1,)]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(Tensor.of(1f)));
    assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices());
    assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices((Tensor) null));
  }

  @Test
  void batchStacksAndKeepsOrDropsTheRemainder() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}});
    Tensor y = Tensor.of(new int[] {0, 1, 2, 3, 4});
    List<List<Tensor>> b = new ArrayList<>();
    Dataset.fromTensorSlices(x, y).batch(2).forEach(b::add);
    assertEquals(3, b.size());
    assertEquals(Shape.of(2, 2), b.get(0).get(0).shape());
    assertArrayEquals(new float[] {5, 6, 7, 8}, b.get(1).get(0).toFloatArray());
    assertArrayEquals(new int[] {2, 3}, b.get(1).get(1).toIntArray());
    assertEquals(Shape.of(1, 2), b.get(2).get(0).shape());
    assertArrayEquals(new int[] {4}, b.get(2).get(1).toIntArray());
    assertEquals(3, Dataset.fromTensorSlices(x, y).batch(2).cardinality());
    assertEquals(2, Dataset.fromTensorSlices(x, y).batch(2, true).cardinality());
    List<List<Tensor>> d = new ArrayList<>();
    Dataset.fromTensorSlices(x, y).batch(2, true).forEach(d::add);
    assertEquals(2, d.size());
    // batches of batches, as tf.data allows
    List<List<Tensor>> bb = new ArrayList<>();
    Dataset.fromTensorSlices(x).batch(2, true).batch(2).forEach(bb::add);
    assertEquals(Shape.of(2, 2, 2), bb.get(0).get(0).shape());
  }

  @Test
  void batchOfRaggedElementsNamesBothShapes() {
    Dataset ds =
        Dataset.fromGenerator(() ->
                List.<List<Tensor>>of(
                        List.of(Tensor.of(new float[] {1, 2})),
                        List.of(Tensor.of(new float[] {1, 2, 3})))
                    .iterator())
            .batch(2);
    var e = assertThrows(IllegalArgumentException.class, () -> ds.iterator().next());
    assertTrue(e.getMessage().startsWith("Dataset.batch: "), e.getMessage());
    assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2,)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> range(3).batch(0));
  }

  @Test
  void shuffleIsAPermutationReshuffledEachPassAndSeeded() {
    Dataset ds = range(100).shuffle(100, 7L);
    List<Integer> p1 = firsts(ds);
    List<Integer> p2 = firsts(ds);
    List<Integer> sorted = new ArrayList<>(p1);
    sorted.sort(null);
    assertEquals(ints(0, 100), sorted);
    assertNotEquals(ints(0, 100), p1);
    assertNotEquals(p1, p2, "each pass reshuffles");
    // the same seed on a new dataset replays the same sequence of passes
    Dataset again = range(100).shuffle(100, 7L);
    assertEquals(p1, firsts(again));
    assertEquals(p2, firsts(again));
    assertNotEquals(p1, firsts(range(100).shuffle(100, 8L)));
    // a buffer of one keeps the order
    assertEquals(ints(0, 20), firsts(range(20).shuffle(1, 3L)));
  }

  @Test
  void shuffleBufferBoundsHowFarAnElementMoves() {
    // TF's algorithm: output k is drawn from a buffer holding inputs below k + bufferSize, so no
    // element comes out before its input position minus (bufferSize - 1)
    int buffer = 5;
    for (long seed = 0; seed < 20; seed++) {
      List<Integer> p = firsts(range(50).shuffle(buffer, seed));
      for (int k = 0; k < p.size(); k++) {
        assertTrue(p.get(k) < k + buffer, "seed " + seed + ": output " + k + " is " + p.get(k));
      }
      List<Integer> sorted = new ArrayList<>(p);
      sorted.sort(null);
      assertEquals(ints(0, 50), sorted, "seed " + seed);
    }
    // and the first output is uniform over the first bufferSize inputs
    int[] counts = new int[buffer];
    Dataset ds = range(50).shuffle(buffer, 1L);
    for (int pass = 0; pass < 5000; pass++) {
      try (DatasetIterator it = ds.iterator()) {
        counts[it.next().get(0).intValue()]++;
      }
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - 1000) < 150, Arrays.toString(counts)); // > 4 sigma of Binomial
    }
  }

  @Test
  void mapTakeSkipRepeat() {
    Dataset ds = range(5).map(e -> List.of(e.get(0).mul(10)));
    assertEquals(List.of(0, 10, 20, 30, 40), firsts(ds));
    assertEquals(List.of(0, 10), firsts(ds.take(2)));
    assertEquals(List.of(30, 40), firsts(ds.skip(3)));
    assertEquals(List.of(), firsts(ds.skip(9)));
    assertEquals(List.of(0, 10, 20, 30, 40, 0, 10, 20, 30, 40), firsts(ds.repeat(2)));
    assertEquals(List.of(), firsts(ds.repeat(0)));
    assertEquals(List.of(0, 10, 20, 30, 40, 0, 10), firsts(ds.repeat().take(7)));
    assertEquals(Dataset.INFINITE, ds.repeat().cardinality());
    assertEquals(7, ds.repeat().take(7).cardinality());
    assertEquals(10, ds.repeat(2).cardinality());
    assertEquals(2, ds.skip(3).cardinality());
    // repeat reshuffles each repetition
    List<Integer> twice = firsts(range(30).shuffle(30, 1L).repeat(2));
    assertNotEquals(twice.subList(0, 30), twice.subList(30, 60));
    // an empty dataset repeated forever ends instead of spinning
    assertEquals(List.of(), firsts(range(0).repeat()));
    Dataset bad = range(2).map(e -> null);
    var e = assertThrows(IllegalStateException.class, () -> bad.iterator().next());
    assertTrue(e.getMessage().startsWith("Dataset.map: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> range(2).map(null));
    assertThrows(IllegalArgumentException.class, () -> range(2).take(-1));
    assertThrows(IllegalArgumentException.class, () -> range(2).skip(-1));
    assertThrows(IllegalArgumentException.class, () -> range(2).repeat(-1));
    assertThrows(IllegalArgumentException.class, () -> range(2).shuffle(0, 1L));
    assertThrows(IllegalArgumentException.class, () -> range(2).prefetch(0));
  }

  @Test
  void cacheReadsTheSourceOnceAfterACompletePass() {
    AtomicInteger reads = new AtomicInteger();
    Dataset ds =
        range(4)
            .map(e -> {
              reads.incrementAndGet();
              return e;
            })
            .cache();
    // an abandoned pass caches nothing
    try (DatasetIterator it = ds.iterator()) {
      it.next();
    }
    assertEquals(1, reads.get());
    assertEquals(List.of(0, 1, 2, 3), firsts(ds));
    assertEquals(5, reads.get());
    assertEquals(List.of(0, 1, 2, 3), firsts(ds));
    assertEquals(List.of(0, 1, 2, 3), firsts(ds));
    assertEquals(5, reads.get(), "later passes read the cache");
  }

  // ---------------------------------------------------------------- prefetch

  static long prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lanegrad-prefetch-") && t.isAlive())
        .count();
  }

  @Test
  void prefetchKeepsOrderAndItsThreadEndsWithThePass() throws Exception {
    long before = prefetchThreads();
    Dataset ds = range(200).batch(3).prefetch(2);
    List<Integer> got = new ArrayList<>();
    for (List<Tensor> e : ds) {
      got.add(e.get(0).toIntArray()[0]);
    }
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < 200; i += 3) {
      want.add(i);
    }
    assertEquals(want, got);
    assertEquals(before, prefetchThreads(), "an exhausted pass ends its thread");
  }

  @Test
  void closingAPassOrTheDatasetStopsTheThread() throws Exception {
    long before = prefetchThreads();
    Dataset ds = range(10).repeat().prefetch(4);
    DatasetIterator it = ds.iterator();
    assertEquals(0, it.next().get(0).intValue());
    assertEquals(before + 1, prefetchThreads());
    it.close();
    it.close();
    assertEquals(before, prefetchThreads());
    assertFalse(it.hasNext());
    // a pass left open is ended by the dataset's close, also from a dataset built on top
    Dataset top = ds.take(1000);
    DatasetIterator a = top.iterator();
    DatasetIterator b = top.iterator();
    a.next();
    b.next();
    assertEquals(before + 2, prefetchThreads());
    top.close();
    assertEquals(before, prefetchThreads());
  }

  @Test
  void aProducerExceptionReachesTheConsumerInOrder() {
    long before = prefetchThreads();
    IllegalArgumentException boom = new IllegalArgumentException("my map: bad row 3");
    Dataset ds =
        range(6)
            .map(e -> {
              if (e.get(0).intValue() == 3) {
                throw boom;
              }
              return e;
            })
            .prefetch(4);
    Iterator<List<Tensor>> it = ds.iterator();
    assertEquals(0, it.next().get(0).intValue());
    assertEquals(1, it.next().get(0).intValue());
    assertEquals(2, it.next().get(0).intValue());
    var e = assertThrows(IllegalArgumentException.class, it::hasNext);
    assertSame(boom, e);
    assertEquals(before, prefetchThreads());
  }

  @Test
  void fromGeneratorCallsTheSupplierPerPass() {
    AtomicInteger calls = new AtomicInteger();
    Dataset ds =
        Dataset.fromGenerator(() -> {
          calls.incrementAndGet();
          return List.<List<Tensor>>of(List.of(Tensor.of(1)), List.of(Tensor.of(2))).iterator();
        });
    assertEquals(List.of(1, 2), firsts(ds));
    assertEquals(List.of(1, 2), firsts(ds));
    assertEquals(2, calls.get());
    assertEquals(Dataset.UNKNOWN, ds.cardinality());
    assertThrows(IllegalArgumentException.class, () -> Dataset.fromGenerator(null));
  }
}
