#!/usr/bin/env bash
# Submits the Siamage Spark job through Spark's own entry point (org.apache.spark.deploy.SparkSubmit,
# shipped in spark-core) with the Spark jars Maven has already fetched: no Spark download needed.
# Run from the repository root after `mvn -q package -DskipTests`.
#
#   src/spark/submit-local.sh [SPARK_OPTIONS…] -- embed|predict --model M --input I --out O
#
# SPARK_OPTIONS default to --master local[2]; give your own (e.g. --master local[4] --driver-memory 4g)
# to replace them. On a cluster use your Spark's spark-submit instead (README, "Scoring on Spark").
set -euo pipefail
cd "$(dirname "$0")/../.."

for jar in target/siamage.jar target/siamage-spark.jar; do
  if [ ! -f "$jar" ]; then
    echo "error: $jar is missing: build it first with mvn -q package -DskipTests" >&2
    exit 2
  fi
done
classpath_file=target/spark-classpath.txt
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  mvn -q dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$classpath_file" >&2
fi

spark_options=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  spark_options+=("$1")
  shift
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [SPARK_OPTIONS…] -- embed|predict --model M --input I --out O" >&2
  exit 2
fi
shift
[ ${#spark_options[@]} -gt 0 ] || spark_options=(--master 'local[2]')

# The options Spark 3.5 needs on Java 17, from the one place the build keeps them.
java_options=$(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java $java_options -Dsiamage.log.level=WARN \
  -cp "target/siamage.jar:target/siamage-spark.jar:$(cat "$classpath_file")" \
  org.apache.spark.deploy.SparkSubmit "${spark_options[@]}" \
  --conf spark.ui.enabled=false \
  --class org.siamage.spark.FaceScoringJob target/siamage-spark.jar "$@"
