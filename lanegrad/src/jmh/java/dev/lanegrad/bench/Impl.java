package dev.lanegrad.bench;

import dev.lanegrad.internal.kernels.Kernels;
import dev.lanegrad.internal.kernels.ScalarKernels;
import dev.lanegrad.internal.kernels.SimdKernels;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The kernel layer a "kernel"/"out" benchmark calls: {@code simd} (the Vector API twin) or {@code
 * scalar} (the reference loops). Only the benchmark methods that take this state get the {@code
 * impl} parameter; the Tensor-level ones run on the JVM's chosen kernels.
 */
@State(Scope.Benchmark)
public class Impl {
  @Param({"simd", "scalar"})
  public String impl;

  public Kernels k;

  @Setup
  public void setup() {
    k = "scalar".equals(impl) ? new ScalarKernels() : new SimdKernels();
  }
}
