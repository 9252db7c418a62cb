package dev.lanegrad.bench;

import dev.lanegrad.internal.kernels.KernelProvider;
import dev.lanegrad.internal.kernels.Threads;

/** Prints the peers' {@code meta} lines of this JVM: JDK, kernels, vector lanes, thread cap. */
public final class Meta {
  private Meta() {}

  public static void main(String[] args) {
    System.out.println(
        "meta\tjdk\t"
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    System.out.println("meta\tkernels\t" + KernelProvider.get().name());
    System.out.println(
        "meta\tvector_bits\t" + jdk.incubator.vector.VectorShape.preferredShape().vectorBitSize());
    System.out.println("meta\tthreads_cap\t" + Threads.get());
    System.out.println("meta\tcpus\t" + Runtime.getRuntime().availableProcessors());
  }
}
