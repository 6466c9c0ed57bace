#!/usr/bin/env bash
# Bring-up wall time for 1, 3 and 5 brokers on the stand-in cluster (the fabric8 mock API with a
# stand-in controller and kubelet whose pods are real ZooKeeper servers and Kafka brokers in this
# JVM), every pod first waiting a fixed start delay as image pulls and JVM starts do on a real node.
# With podManagementPolicy Parallel the brokers start together, so the time should stay nearly flat
# as brokers are added. Goal: 5 brokers within 1.3x the time of 1.
#
#   bench/bring-up-scaling.sh            DELAY=3 (seconds) RUNS=3 BROKERS="1 3 5" by default
#
# bring-up runs in-process (no JBang, no JVM start counted), with --smoke-count 100, on a fresh
# cluster each run; runs are interleaved after one untimed warm-up, and the medians are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
delay=${DELAY:-3}
runs=${RUNS:-3}
read -r -a brokers <<<"${BROKERS:-1 3 5}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building..." >&2
# One reactor run, so that the project's own modules come from their target/ directories, not from
# whatever another checkout installed in ~/.m2.
mvn -B -q test-compile dependency:build-classpath -pl modules/scripts -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
classpath=modules/scripts/target/test-classes:modules/scripts/target/classes:$(<"$work/classpath")

java -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dslf4j.internal.verbosity=WARN \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=off \
  -cp "$classpath" dev.kafkapetset.scripts.BringUpScaling "$delay" "$runs" "${brokers[@]}"
