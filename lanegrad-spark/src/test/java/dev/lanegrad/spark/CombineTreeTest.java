package dev.lanegrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.nn.MicroBatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rank's node sums, added above them, are MicroBatches.combine of all micro-batches to the bit:
 * what lets a rank send one sum per owned node of the tree instead of every micro-batch.
 */
class CombineTreeTest {
  /** Values whose float sums depend on the order: 1e8-scale and unit-scale terms mixed. */
  static List<Tensor> gradient(int i, boolean withNull) {
    float[] a = new float[5];
    for (int k = 0; k < a.length; k++) {
      a[k] = (float) ((i % 3 == 0 ? 1e8 : 1) * Math.sin(7 * i + k) + 0.1 * k);
    }
    Tensor second = withNull && i % 4 == 1 ? null : Tensor.of(new float[] {i * 0.3f + 1e-3f});
    return Arrays.asList(Tensor.of(a, Shape.of(5)), second, null);
  }

  @Test
  void nodeSumsAddedAboveEqualCombineOfAllMicroBatches() {
    for (int m = 1; m <= 20; m++) {
      for (int ranks = 1; ranks <= 5; ranks++) {
        for (boolean withNull : new boolean[] {false, true}) {
          List<List<Tensor>> all = new ArrayList<>();
          for (int i = 0; i < m; i++) {
            all.add(gradient(i, withNull));
          }
          int[] first = new int[ranks + 1];
          for (int q = 0; q <= ranks; q++) {
            first[q] = Stage.firstOwned(q, ranks, m);
          }
          CombineTree tree = new CombineTree(m, first);
          List<List<Tensor>> sums = new ArrayList<>();
          int covered = 0;
          for (int[] node : tree.nodes) {
            assertEquals(covered, node[0], "nodes tile the micro-batches in order");
            covered = node[1];
            for (int i = node[0]; i < node[1]; i++) {
              assertEquals(node[2], tree.owner(i));
            }
            sums.add(MicroBatches.combine(all.subList(node[0], node[1])));
          }
          assertEquals(m, covered);
          List<Tensor> expected = MicroBatches.combine(all);
          List<Tensor> actual = tree.combine(sums);
          String what = m + " micro-batches on " + ranks + " ranks, nulls " + withNull;
          for (int v = 0; v < 2; v++) {
            assertArrayEquals(
                expected.get(v).toFloatArray(), actual.get(v).toFloatArray(), what + " var " + v);
          }
          assertNull(actual.get(2), what);
        }
      }
    }
  }

  @Test
  void twoRanksOfEightMicroBatchesSendOneNodeEach() {
    CombineTree tree = new CombineTree(8, new int[] {0, 4, 8});
    assertEquals(2, tree.nodes.size());
    assertArrayEquals(new int[] {0, 4, 0}, tree.nodes.get(0));
    assertArrayEquals(new int[] {4, 8, 1}, tree.nodes.get(1));
    // 7 micro-batches on 2 ranks (blocks [0, 3) and [3, 7)): the tree splits at 3, one node each
    assertEquals(2, new CombineTree(7, new int[] {0, 3, 7}).nodes.size());
    // 5 on 2 ([0, 2), [2, 5)): the root splits at 2; one node each again
    assertEquals(2, new CombineTree(5, new int[] {0, 2, 5}).nodes.size());
  }
}
