package dev.veil.cli;

import dev.veil.core.spec.Engine;
import dev.veil.pipelines.EngineRunner;
import dev.veil.pipelines.beam.BeamRunner;
import dev.veil.pipelines.spark.SparkRunner;
import org.apache.spark.sql.SparkSession;

/** Creates engine runners for the CLI, starting a local Spark session only when Spark is used. */
final class Engines implements AutoCloseable {
  private final String master;
  private SparkSession spark;

  Engines(String master) {
    this.master = master;
  }

  EngineRunner runner(Engine engine) {
    if (engine == Engine.BEAM) {
      return new BeamRunner();
    }
    if (spark == null) {
      spark = SparkRunner.localSession(master);
    }
    return new SparkRunner(spark);
  }

  @Override
  public void close() {
    if (spark != null) {
      spark.stop();
    }
  }
}
