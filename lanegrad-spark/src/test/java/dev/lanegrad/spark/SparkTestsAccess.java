package dev.lanegrad.spark;

import org.apache.spark.sql.SparkSession;

/** The shared test session, for test classes in other packages. */
public final class SparkTestsAccess {
  private SparkTestsAccess() {}

  public static SparkSession session() {
    return SparkTests.session();
  }
}
