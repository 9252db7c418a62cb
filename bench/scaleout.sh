#!/usr/bin/env bash
# Scale-out figures of lanegrad-spark, all in one run on this machine (docs/spark.md):
#   1. Model.fit with replicas(2) against replicas(1) in one JVM (examples/s, interleaved rounds);
#   2. one process on one core (Model.fit, lanegrad.threads=1) against SparkTrainer on
#      local-cluster[2,1,1024] (2 executor JVMs of one core each): steps/s, E = T1 / (2 T2) and
#      the overhead a step (its time beyond the slowest rank's gradient computation);
# for the 784-256-256-10 MLP and the Fashion-MNIST CNN (without BatchNormalization) at global
# batch 512 and 2048.
#   bench/scaleout.sh [--quick]        (SCALEOUT_CASES="mlp:2048 cnn:512" to choose cases,
#                                       SCALEOUT_STEPS / SCALEOUT_EPOCHS: steps an epoch, epochs,
#                                       SCALEOUT_REPLICAS=0 skips the replicas comparison,
#                                       SCALEOUT_EXECUTOR_OPTS: more executor JVM options, e.g.
#                                       a flight recording or a GC log)
# local-cluster mode needs Spark's test hooks (spark.testing, a SPARK_HOME, absolute class
# directories, which executors inherit from this JVM's class path). Run nothing else meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; fi
./mvnw -B -ntp -q -pl lanegrad,lanegrad-spark test-compile -Dspotless.check.skip=true >&2
cpfile=lanegrad-spark/target/scaleout.classpath
./mvnw -B -ntp -q -pl lanegrad-spark dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.excludeGroupIds=dev.lanegrad -Dmdep.outputFile="$root/$cpfile" >&2
cp="$root/lanegrad/target/classes:$root/lanegrad-spark/target/classes"
cp="$cp:$root/lanegrad-spark/target/test-classes:$(cat "$cpfile")"
home="$root/lanegrad-spark/target/spark-home"
mkdir -p "$home/jars"
java="$(bench/jdk.sh)/bin/java"
flags=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
  -Xmx2g -Dlanegrad.threads=1 -Dspark.testing=true -Dspark.test.home="$home"
  -Dlog4j2.configurationFile="$root/lanegrad-spark/src/test/resources/log4j2.properties")
run() {
  SPARK_TESTING=1 SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 \
    "$java" "${flags[@]}" -Dscaleout.executorOptions="${SCALEOUT_EXECUTOR_OPTS:-}" \
    -cp "$cp" dev.lanegrad.spark.ScaleOut "$@"
}
if [ $quick = 1 ]; then steps=4; epochs=2; rounds=2; else steps=8; epochs=4; rounds=5; fi
steps=${SCALEOUT_STEPS:-$steps}
epochs=${SCALEOUT_EPOCHS:-$epochs}
echo "# bench/scaleout.sh $* $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD)"
echo "# cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "# load before: $(cat /proc/loadavg)"
# replicas(2) vs 1 in one JVM: two threads, so lanegrad.threads=2 (each replica then runs its
# kernels on one); the micro-batch of 256 gives each replica 4 of the batch's 8
run_replicas() {
  SPARK_TESTING=1 "$java" --add-modules=jdk.incubator.vector -Xmx2g -Dlanegrad.threads=2 \
    -cp "$cp" dev.lanegrad.spark.ScaleOut replicas "$@"
}
if [ "${SCALEOUT_REPLICAS:-1}" = 1 ]; then
  run_replicas 2048 256 "$steps" "$rounds"
  echo "# load: $(cat /proc/loadavg)"
fi
for c in ${SCALEOUT_CASES:-mlp:512 mlp:2048 cnn:512 cnn:2048}; do
  model=${c%%:*}
  batch=${c##*:}
  # micro-batches of batch/8: each of the 2 ranks computes 4 a step
  run spark 'local-cluster[2,1,1024]' "$model" "$batch" $((batch / 8)) "$steps" "$epochs"
  echo "# load: $(cat /proc/loadavg)"
done
