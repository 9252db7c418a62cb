package dev.lanegrad.metrics;

import dev.lanegrad.Tensor;
import java.util.Arrays;

/**
 * Intersection over union for chosen classes, as Keras's {@code tf.keras.metrics.IoU}: a float32
 * confusion matrix {@code cm[label][prediction]} accumulates the (weighted) pairs of class ids; per
 * class {@code iou = tp / (row sum + column sum - tp)}, and the result is the mean over the {@code
 * targetClassIds} whose denominator is not 0. Class ids are the inputs' values truncated to
 * integers ({@code sparseYTrue}/{@code sparseYPred}, the default) or the argmax over {@code axis}
 * of one-hot or probability inputs; every id must lie in {@code [0, numClasses)}, except labels
 * equal to {@code ignoreClass}, which are dropped with their predictions.
 *
 * <pre>{@code
 * Metric m = new IoU(2, new int[] {0});
 * m.updateState(Tensor.of(new int[] {0, 0, 1, 1}), Tensor.of(new int[] {0, 1, 0, 1}));
 * m.result();   // 0.33333334: cm = [[1, 1], [1, 1]], iou_0 = 1 / (2 + 2 - 1)
 * }</pre>
 */
public class IoU extends Metric {
  /** The most classes: a 4096 x 4096 float32 confusion matrix takes 64 MiB. */
  static final int MAX_CLASSES = 4096;

  private final int numClasses;
  private final int[] targetClassIds;
  private final Integer ignoreClass;
  private final boolean sparseYTrue;
  private final boolean sparseYPred;
  private final int axis;
  private final float[] cm;

  /**
   * Named {@code "io_u"} (Keras's snake case of the class name; numbered {@code io_u_1}, ... in one
   * compile), sparse inputs, no ignored class.
   *
   * @throws IllegalArgumentException for {@code numClasses <= 0}, or null, empty or out-of-range
   *     target ids
   */
  public IoU(int numClasses, int[] targetClassIds) {
    this("io_u", numClasses, targetClassIds, null, true, true, -1);
    autoNamed = true;
  }

  /**
   * @param numClasses the number of classes, the side of the confusion matrix
   * @param targetClassIds the classes whose IoUs are averaged, each in {@code [0, numClasses)}
   * @param ignoreClass a label whose elements are dropped, or null
   * @param sparseYTrue whether labels are class ids (else the argmax over {@code axis})
   * @param sparseYPred whether predictions are class ids (else the argmax over {@code axis})
   * @param axis the class axis of dense inputs (default -1)
   * @throws IllegalArgumentException for a null or empty name, {@code numClasses <= 0}, or null,
   *     empty or out-of-range target ids
   */
  public IoU(
      String name,
      int numClasses,
      int[] targetClassIds,
      Integer ignoreClass,
      boolean sparseYTrue,
      boolean sparseYPred,
      int axis) {
    this(name, numClasses, targetClassIds, false, ignoreClass, sparseYTrue, sparseYPred, axis);
  }

  /**
   * With {@code allClasses}, the targets are every class (MeanIoU) and {@code targetClassIds} is
   * ignored.
   */
  IoU(
      String name,
      int numClasses,
      int[] targetClassIds,
      boolean allClasses,
      Integer ignoreClass,
      boolean sparseYTrue,
      boolean sparseYPred,
      int axis) {
    super(name);
    String what = getClass().getSimpleName() + " \"" + name + "\"";
    if (numClasses <= 0) {
      throw new IllegalArgumentException(what + ": numClasses must be > 0, got " + numClasses);
    }
    if (numClasses > MAX_CLASSES) {
      throw new IllegalArgumentException(
          what
              + ": numClasses "
              + numClasses
              + " would need a confusion matrix of numClasses^2 floats; at most "
              + MAX_CLASSES);
    }
    if (allClasses) {
      targetClassIds = new int[numClasses];
      for (int c = 0; c < numClasses; c++) {
        targetClassIds[c] = c;
      }
    }
    if (targetClassIds == null || targetClassIds.length == 0) {
      throw new IllegalArgumentException(what + ": targetClassIds must not be null or empty");
    }
    for (int id : targetClassIds) {
      if (id < 0 || id >= numClasses) {
        throw new IllegalArgumentException(
            what + ": target class id " + id + " is out of range [0, " + numClasses + ")");
      }
    }
    this.numClasses = numClasses;
    this.targetClassIds = targetClassIds.clone();
    this.ignoreClass = ignoreClass;
    this.sparseYTrue = sparseYTrue;
    this.sparseYPred = sparseYPred;
    this.axis = axis;
    this.cm = new float[numClasses * numClasses];
  }

  /** The number of classes. */
  public int numClasses() {
    return numClasses;
  }

  /** The classes whose IoUs are averaged (a copy). */
  public int[] targetClassIds() {
    return targetClassIds.clone();
  }

  /** The label whose elements are dropped, or null. */
  public Integer ignoreClass() {
    return ignoreClass;
  }

  /** Whether labels are class ids. */
  public boolean sparseYTrue() {
    return sparseYTrue;
  }

  /** Whether predictions are class ids. */
  public boolean sparseYPred() {
    return sparseYPred;
  }

  /** The class axis of dense inputs. */
  public int axis() {
    return axis;
  }

  /** The accumulated confusion matrix, rows the labels, columns the predictions (a copy). */
  public float[][] confusionMatrix() {
    float[][] out = new float[numClasses][];
    for (int r = 0; r < numClasses; r++) {
      out[r] = Arrays.copyOfRange(cm, r * numClasses, (r + 1) * numClasses);
    }
    return out;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    updateState(yTrue, yPred, null);
  }

  /** The predictions as class scores before the ids are taken: BinaryIoU thresholds them. */
  float[] predictions(String what, Tensor yPred) {
    return Values.floats(what, "yPred", yPred);
  }

  /**
   * Adds the batch's pairs, each weighted by {@code sampleWeight} (null: 1; else one weight per
   * element of the flattened ids).
   *
   * @throws IllegalArgumentException for null or complex inputs, an axis outside a dense input's
   *     rank, label and prediction counts that differ, weights of another count, or an id outside
   *     {@code [0, numClasses)} (as {@code tf.math.confusion_matrix}); the state is then unchanged
   */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    String what = getClass().getSimpleName() + " \"" + name() + "\".updateState";
    float[] t = Values.floats(what, "yTrue", yTrue);
    float[] p = predictions(what, yPred);
    if (!sparseYTrue) {
      t = argmax(what, "yTrue", t, yTrue.shape().dims());
    }
    if (!sparseYPred) {
      p = argmax(what, "yPred", p, yPred.shape().dims());
    }
    if (t.length != p.length) {
      throw new IllegalArgumentException(
          what
              + ": "
              + t.length
              + " labels and "
              + p.length
              + " predictions do not pair up: "
              + Values.shapes(yTrue, yPred));
    }
    float[] w = null;
    if (sampleWeight != null) {
      w = Values.floats(what, "sampleWeight", sampleWeight);
      if (w.length != t.length || sampleWeight.rank() == 0) {
        throw new IllegalArgumentException(
            what
                + ": sampleWeight of shape "
                + sampleWeight.shape()
                + " must have one weight per label ("
                + t.length
                + ")");
      }
    }
    float ignore = ignoreClass == null ? Float.NaN : (float) (int) ignoreClass;
    int n = 0;
    int[] rows = new int[t.length];
    int[] cols = new int[t.length];
    float[] ws = new float[t.length];
    for (int i = 0; i < t.length; i++) {
      if (ignoreClass != null && t[i] == ignore) {
        continue;
      }
      rows[n] = id(what, "label", t[i]);
      cols[n] = id(what, "prediction", p[i]);
      ws[n] = w == null ? 1f : w[i];
      n++;
    }
    double[] add = new double[cm.length];
    for (int i = 0; i < n; i++) {
      add[rows[i] * numClasses + cols[i]] += ws[i];
    }
    for (int i = 0; i < cm.length; i++) {
      cm[i] += (float) add[i];
    }
  }

  /** A class id as {@code tf.math.confusion_matrix} casts it: truncated, in range. */
  private int id(String what, String role, float v) {
    if (!(v > -1f && v < numClasses)) { // truncation toward zero maps (-1, 0) to 0
      throw new IllegalArgumentException(
          what + ": a " + role + " " + v + " is outside the classes [0, " + numClasses + ")");
    }
    return (int) v;
  }

  /** The first index of the largest value along {@link #axis}, as {@code tf.argmax}. */
  private float[] argmax(String what, String role, float[] v, int[] dims) {
    int r = dims.length;
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException(
          what + ": axis " + axis + " is outside " + role + " of rank " + r);
    }
    int len = dims[a];
    int inner = 1;
    for (int d = a + 1; d < r; d++) {
      inner *= dims[d];
    }
    if (len == 0) {
      throw new IllegalArgumentException(
          what + ": cannot take the argmax of " + role + " over an empty axis " + axis);
    }
    int outer = inner == 0 ? 0 : v.length / (len * inner);
    float[] out = new float[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        int best = 0;
        for (int k = 1; k < len; k++) {
          if (v[base + k * inner] > v[base + best * inner]) {
            best = k;
          }
        }
        out[o * inner + i] = best;
      }
    }
    return out;
  }

  /** The mean IoU over the target classes with a non-zero denominator, in float32. */
  @Override
  public double result() {
    float sum = 0f;
    float valid = 0f;
    for (int c : targetClassIds) {
      float rowSum = 0f;
      float colSum = 0f;
      for (int k = 0; k < numClasses; k++) {
        colSum += cm[k * numClasses + c];
        rowSum += cm[c * numClasses + k];
      }
      float tp = cm[c * numClasses + c];
      float denominator = colSum + rowSum - tp;
      if (denominator != 0f) {
        valid += 1f;
      }
      sum += Confusion.divNoNan(tp, denominator);
    }
    return Confusion.divNoNan(sum, valid);
  }

  @Override
  public void resetState() {
    Arrays.fill(cm, 0f);
  }
}
