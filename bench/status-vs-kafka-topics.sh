#!/usr/bin/env bash
# How the toolkit's read-only views of Kafka scale with the number of partition replicas, against
# Kafka's own kafka-topics, on the stand-in cluster (the fabric8 mock API with a stand-in controller
# and kubelet whose pods are real ZooKeeper servers and Kafka brokers in this JVM) of 3 brokers,
# holding topics of replication factor 3 that total 2,000, then 20,000 partition replicas. Timed side
# by side, all in this JVM:
#   - status: the `status` step (volumes, claims, pods, ZooKeeper's quorum, under-replicated
#     partitions), reaching ZooKeeper and the brokers through port-forwards of the stand-in's API
#     server, as it does on a real cluster;
#   - scale guard: `scale --replicas 2 --dry-run`, which proves the Kafka it reaches is this cluster's
#     (its id in ZooKeeper), asks where every replica is and plans to move those of broker 2 (it
#     refuses: broker 2 holds a replica of every partition); nothing is scaled; port-forwards too;
#   - kafka-topics: `kafka-topics --describe --under-replicated-partitions --bootstrap-server ...`
#     (org.apache.kafka.tools.TopicCommand, as its main runs it minus the exit), connecting to the
#     brokers' local addresses directly: no port-forward, no Kubernetes, no ZooKeeper.
# Goal: status and the scale-down guard within 2x the time of kafka-topics at 20,000 replicas.
#
#   bench/status-vs-kafka-topics.sh            RUNS=5 REPLICAS="2000 20000" by default
#
# status and the scale guard are also timed as operators run them, through bin/jbang and the catalog:
# with the launcher's class data archive (from a step's third run on) and without it (its first two
# runs, or KAFKA_PETSET_NO_CDS=1); kafka-topics as its script starts it, a JVM of its own.
#
# One cluster, brought up and filled untimed (topics of 100 partitions, created 10 at a time, then
# waited for until all in sync); at each size one untimed run of each (three at the first: the
# launcher archives a step's classes at its third run), then RUNS rounds, each in another order;
# medians compared. Every replica keeps its log file open in this JVM: where the open-file limit
# (ulimit -n) can't hold a size plus about 3,000, that size is measured at the most thousands it can
# hold, and a note says so (ulimit -n 20000 holds 16,000).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
read -r -a replicas <<<"${REPLICAS:-2000 20000}"
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
  -cp "$classpath" dev.kafkapetset.scripts.StatusVsKafkaTopics "$runs" "${replicas[@]}"
