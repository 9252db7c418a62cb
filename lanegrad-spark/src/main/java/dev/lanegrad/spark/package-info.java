/**
 * lanegrad on Apache Spark: data-parallel training whose result is that of one JVM's {@code fit}
 * with the same batch and micro-batch sizes (see {@code docs/spark.md}).
 */
package dev.lanegrad.spark;
