package dev.lanegrad.spark;

import dev.lanegrad.Tensor;
import dev.lanegrad.nn.MicroBatches;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MicroBatches#combine}'s fixed tree over a batch's {@code m} micro-batches, cut where the
 * ranks' blocks meet. A node of the tree ({@code [lo, hi)}, split at {@code mid = (lo + hi) / 2})
 * whose micro-batches all belong to one rank is summed by that rank alone ({@code combine} of the
 * node's micro-batches, the same additions in the same order, since {@code (lo + hi) / 2 - lo = (hi
 * - lo) / 2}), and only that sum travels; every rank then adds the travelled sums in the part of
 * the tree above them. The result is {@code combine} of all micro-batches, bit for bit, with one
 * message per owned node instead of one per micro-batch: at 2 ranks and 8 micro-batches each rank
 * sends one sum instead of four gradients.
 */
final class CombineTree {
  /** The owned nodes, in micro-batch order: {lo, hi, owner}. */
  final List<int[]> nodes = new ArrayList<>();

  private final int m;
  private final int[] first;

  /**
   * The tree over {@code m} micro-batches where rank q owns {@code [first[q], first[q + 1])}
   * ({@code first} has ranks + 1 entries, non-decreasing, from 0 to m).
   */
  CombineTree(int m, int[] first) {
    this.m = m;
    this.first = first.clone();
    cut(0, m);
  }

  int size() {
    return m;
  }

  /** The rank that computes micro-batch {@code i}. */
  int owner(int i) {
    int q = 0;
    while (first[q + 1] <= i) {
      q++;
    }
    return q;
  }

  private void cut(int lo, int hi) {
    int q = owner(lo);
    if (hi <= first[q + 1]) {
      nodes.add(new int[] {lo, hi, q});
      return;
    }
    int mid = (lo + hi) >>> 1;
    cut(lo, mid);
    cut(mid, hi);
  }

  /** The nodes rank {@code q} owns. */
  List<int[]> ownedBy(int q) {
    List<int[]> out = new ArrayList<>();
    for (int[] n : nodes) {
      if (n[2] == q) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * The whole batch's sum from the owned nodes' sums ({@code sums.get(k)} belongs to {@code
   * nodes.get(k)}, one tensor per variable, null where no micro-batch of the node reached it):
   * {@link MicroBatches#combineNodes}, bit for bit {@code combine} of all micro-batches.
   */
  List<Tensor> combine(List<List<Tensor>> sums) {
    return MicroBatches.combineNodes(m, nodes, sums);
  }
}
