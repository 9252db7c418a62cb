import dev.lanegrad.*;
import dev.lanegrad.optimizers.SGD;
import java.lang.management.ManagementFactory;
import java.util.*;

/**
 * Bytes a step of the eager MLP tape step (TrainStepBench's {@code tape} style: 784-256-256-10,
 * SGD), by the thread's allocation counter over rounds of {@code steps} steps; the last two rounds
 * are recorded by JFR into /tmp/tape-steady.jfr. With -XX:-UseTLAB every allocation is one
 * jdk.ObjectAllocationOutsideTLAB event, so `jfr print --events jdk.ObjectAllocationOutsideTLAB
 * --stack-depth 8 /tmp/tape-steady.jfr` lists each array and object of a step with its site
 * (docs/benchmarks.md, "What the eager tape step allocates"):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -Xmn128m -Dlanegrad.threads=1 \
 *   -cp lanegrad/target/benchmarks.jar bench/TapeAlloc.java 64 1000 8
 * java ... -XX:-UseTLAB ... bench/TapeAlloc.java 64 200 5
 * </pre>
 *
 * Arguments: batch, steps a round, rounds.
 */
public class TapeAlloc {
  static final int[] CLASSES = {1};
  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[batch * 784];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    float[] y = new float[batch * 10];
    for (int i = 0; i < batch; i++) y[i * 10 + (i % 10)] = 1f;
    Tensor xb = Tensor.of(x, Shape.of(batch, 784)), yb = Tensor.of(y, Shape.of(batch, 10));
    List<Variable> params = new ArrayList<>();
    int[][] layers = {{784, 256}, {256, 256}, {256, 10}};
    long seed = 1234;
    for (int[] l : layers) {
      double lim = Math.sqrt(6.0 / (l[0] + l[1]));
      params.add(Variable.of(Tensor.randomUniform(Shape.of(l[0], l[1]), -lim, lim, seed++)));
      params.add(Variable.of(Tensor.zeros(Shape.of(l[1]), DType.FLOAT32)));
    }
    SGD sgd = new SGD(0.01);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    jdk.jfr.Recording rec = null;
    for (int round = 0; round < Integer.parseInt(args[2]); round++) {
      if (round == Integer.parseInt(args[2]) - 2) { rec = new jdk.jfr.Recording(); rec.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace(); rec.start(); }
      long b0 = mx.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        GradientTape tape = new GradientTape();
        Tensor loss;
        try (tape) {
          List<Variable> p = params;
          Tensor h = xb.matmul(p.get(0)).add(p.get(1)).relu();
          h = h.matmul(p.get(2)).add(p.get(3)).relu();
          Tensor z = h.matmul(p.get(4)).add(p.get(5));
          loss = Ops.logSoftmax(z, 1).mul(yb).sum(CLASSES, false).mean().neg();
        }
        List<Tensor> grads = tape.gradient(loss, params);
        sgd.applyGradients(grads, params);
      }
      long b1 = mx.getThreadAllocatedBytes(tid);
      System.out.printf("round %d: %d B/step, %.3f ms/step%n", round, (b1 - b0) / steps, (System.nanoTime() - t0) / 1e6 / steps);
    }
    rec.stop(); rec.dump(java.nio.file.Path.of("/tmp/tape-steady.jfr"));
  }
}
