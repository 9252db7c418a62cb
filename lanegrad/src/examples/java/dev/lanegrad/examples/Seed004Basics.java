package dev.lanegrad.examples;

import dev.lanegrad.DType;
import dev.lanegrad.GradientTape;
import dev.lanegrad.Ops;
import dev.lanegrad.Shape;
import dev.lanegrad.Tensor;
import dev.lanegrad.Variable;
import dev.lanegrad.nn.Dense;
import dev.lanegrad.nn.Initializers;
import dev.lanegrad.nn.Layer;
import dev.lanegrad.nn.Sequential;
import dev.lanegrad.nn.Utils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seed notebook 004 ({@code 004_8fd9ed360fe73624.txt}, "Differentiation &amp; Gradient") in Java:
 * the Tensor Basics tour (variables, constants, operations, broadcasting, operator forms, NumPy
 * interop, dtype changes), a training loop (linear regression with an absolute loss), persistent
 * tapes and higher-order gradients. A cell that shows a value prints it here; where the notebook
 * shows a NumPy array, the Java program prints the Java array it uses in its place.
 */
public final class Seed004Basics {
  /** Seeds the Dense kernel and the {@code np.random.random()} initial weight and bias. */
  public static final long SEED = 4;

  private Seed004Basics() {}

  public static void main(String[] args) {
    Utils.clearSession(); // a fresh notebook kernel: the first Dense layer is "dense"
    tensorBasics();
    gradientTape();
  }

  /** The "Tensor Basics" cells. */
  static void tensorBasics() {
    // ## Tensor Basics
    // ### Tensor Variable
    // - Weights(kernel) has random value & Bias with zero
    // - Shape is determined by the initial value. But the tensor can't reshape a vector into matrix
    Sequential model =
        new Sequential(
            Dense.builder(1)
                .inputShape(1)
                .kernelInitializer(Initializers.glorotUniform(SEED))
                .build());
    System.out.println(model.variables());

    System.out.println(Variable.of(new int[] {1, 2}));

    System.out.println(Variable.builder(new int[] {1, 2}).dtype(DType.FLOAT32).build());

    try {
      System.out.println(
          Variable.builder(new int[] {1, 2, 3, 4})
              .dtype(DType.FLOAT32)
              .shape(Shape.of(2, 2))
              .build());
    } catch (IllegalArgumentException e) {
      System.out.println(Py.error(e));
    }

    System.out.println(Variable.builder(new int[][] {{1, 2}, {3, 4}}).dtype(DType.FLOAT32).build());

    // ### Tensor Constant
    // - Constant tensor cannot be updated
    // - Reshape can be performed
    System.out.println(Tensor.of(new int[] {1, 2, 3}));

    System.out.println(Tensor.of(new int[][] {{1, 2}, {3, 4}}, Shape.of(2, 2)));

    System.out.println(Tensor.of(-1, Shape.of(2, 2)));

    // ### Tensor Operations
    long[] x = LongStream.range(0, 25).toArray(); // np.arange(25): a long[] is NumPy's int64 array
    System.out.println(Arrays.toString(x));

    System.out.println(Tensor.of(x));

    System.out.println(Ops.square(x));

    System.out.println(Ops.reshape(x, 5, 5));

    System.out.println(Ops.cast(x, DType.FLOAT32));

    System.out.println(Ops.multiply(Tensor.of(x), Tensor.of(x)));

    System.out.println(Tensor.of(x).add(Tensor.of(x)));

    // ### Eager-Based
    // - Tensorflow works on both Eager & Graph based modes; lanegrad is eager only
    // #### Tensor Evaluation
    // - Since eager mode is default any print statement gets evaluated on its own
    System.out.println("Hello " + Py.numpy(Ops.square(5)));

    // #### Broadcast values
    System.out.println(Ops.add(Tensor.of(new int[] {1, 2, 3, 4}), 1));

    // #### Overload Operators (Java has none: the operator is a method)
    System.out.println(Tensor.of(new int[] {1, 2, 3}).pow(2));

    // #### Compatability with NumPy (Java arrays in and out)
    System.out.println(Ops.multiply(Tensor.of(5), Tensor.of(5)).intValue());

    double[][] ndarray = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}; // np.ones([3, 3])
    System.out.println(Arrays.deepToString(ndarray));

    Tensor tensor = Ops.multiply(ndarray, 5);
    System.out.println(tensor);

    System.out.println(Arrays.deepToString((double[][]) tensor.toArray())); // tensor.numpy()

    // ### Evaluting Variables
    System.out.println(Variable.of(1).add(1));

    System.out.println(Variable.of(1).assignAdd(3));

    System.out.println(Variable.of(1).assignAdd(1).readValue().intValue());

    MyLayer m = new MyLayer();
    List<Integer> values = new ArrayList<>();
    for (Variable v : m.variables()) values.add(v.intValue());
    System.out.println(values);

    // ### Change Data Type
    System.out.println(Ops.cast(Tensor.of(5), DType.FLOAT32).dtype());
  }

  /** A layer holding a variable and a list of variables: both are tracked, in that order. */
  static final class MyLayer extends Layer {
    final Variable myVar = Variable.of(10);
    final List<Variable> myList = List.of(Variable.of(0), Variable.of(1), Variable.of(2));

    @Override
    protected Tensor call(Tensor input) {
      return input;
    }
  }

  /** The "Gradient Tape" cells. */
  static void gradientTape() {
    // ## Gradient Tape
    long[] x = LongStream.rangeClosed(-1, 4).toArray(); // np.arange(-1, 5)
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) y[i] = 2 * x[i] - 1;
    System.out.println(Arrays.toString(y));

    // Trainable parameters (np.random.random(): a Python float, so float32 variables)
    SplittableRandom random = new SplittableRandom(SEED);
    Variable w = Variable.builder((float) random.nextDouble()).trainable(true).build();
    Variable b = Variable.builder((float) random.nextDouble()).trainable(true).build();

    // Train on data: the Java arrays x and y take the variables' dtype, float32, in each op
    for (int i = 0; i < 1000; i++) {
      Tensor loss = fitData(w, b, x, y);
      if (i % 100 == 99) {
        System.out.println("Loss " + Py.numpy(loss) + " @ iteration " + i);
      }
    }
    // New weight & bias
    System.out.println("Weight " + w + " Bias " + b);

    // ### `persistent=True` & Higher Order Gradients
    Variable xv = Variable.builder(3).dtype(DType.FLOAT32).build();
    Tensor yv;
    Tensor zv;
    GradientTape tape = new GradientTape(true);
    try (tape) {
      tape.watch(xv);
      yv = xv.mul(xv);
      zv = yv.mul(yv);
    }
    Tensor dzDx = tape.gradient(zv, xv);
    Tensor dyDx = tape.gradient(yv, xv);

    System.out.println(dzDx + " " + dyDx);
    // Since persistence is used the tape keeps its records until it is unreachable (del tape)

    // y = x^3, dy/dx = 3x^2, d2y/dx2 = 6x
    xv = Variable.builder(3).dtype(DType.FLOAT32).build();
    Tensor d2yDx2;
    GradientTape tape1 = new GradientTape();
    try (tape1) {
      GradientTape tape2 = new GradientTape();
      try (tape2) {
        yv = xv.mul(xv).mul(xv);
      }
      dyDx = tape2.gradient(yv, xv);
    }
    d2yDx2 = tape1.gradient(dyDx, xv);
    System.out.println(List.of(dyDx, d2yDx2));
  }

  // Loss Function
  static Tensor simpleLoss(Tensor yPred, Object yTrue) {
    return Ops.abs(Ops.subtract(yPred, yTrue));
  }

  // Learning rate
  static final double LEARNING_RATE = 0.001;

  // Train on data
  static Tensor fitData(Variable w, Variable b, long[] x, long[] yTrue) {
    Tensor regLoss;
    GradientTape tape = new GradientTape(true);
    try (tape) {
      // Make prediction
      Tensor yPred = Ops.add(Ops.multiply(w, x), b);
      // Compute Loss
      regLoss = simpleLoss(yPred, yTrue);
    }
    // Calculate gradients
    Tensor wGradient = tape.gradient(regLoss, w);
    Tensor bGradient = tape.gradient(regLoss, b);

    // Update variables
    w.assignSub(wGradient.mul(LEARNING_RATE));
    b.assignSub(bGradient.mul(LEARNING_RATE));

    return regLoss;
  }
}
