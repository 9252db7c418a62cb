package dev.lanegrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one Spark session all test classes share (a context costs seconds to start). */
final class SparkTests {
  private static SparkSession session;

  private SparkTests() {}

  static synchronized SparkSession session() {
    if (session == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[4]")
              .setAppName("lanegrad-spark-tests")
              .set("spark.ui.enabled", "false")
              .set("spark.sql.shuffle.partitions", "4")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1");
      session = SparkSession.builder().config(conf).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
