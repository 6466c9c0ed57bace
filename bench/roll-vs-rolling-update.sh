#!/usr/bin/env bash
# What a restart of every broker costs a producer: the toolkit's roll against a plain StatefulSet
# RollingUpdate, on the stand-in cluster (the fabric8 mock API with a stand-in controller and
# kubelet whose pods are real ZooKeeper servers and Kafka brokers in this JVM). A producer writes one
# 100-byte record every PACE_MS with acks=all, idempotence and delivery.timeout.ms 120000 (Kafka's
# default) to a topic of 3 partitions, replication factor 3, min.insync.replicas 2, while the three
# brokers are restarted:
#   - toolkit roll: `roll` run in-process; each broker restarted only when every partition keeps
#     min.insync.replicas in sync without it, the next one only once all are back in sync, the
#     active controller last;
#   - RollingUpdate: the brokers' StatefulSet patched to updateStrategy RollingUpdate with a changed
#     pod template annotation; the stand-in StatefulSet controller then replaces the pods highest
#     ordinal first, each as soon as the others are ready (the broker registered), as Kubernetes
#     does; the wait ends when every pod runs the new template and is ready.
# For each way: sends that failed, acknowledged records missing when the topic is read back, the
# longest time without an acknowledgement (the stall; median and worst over the runs) and the
# restart's wall time. Goal: the toolkit's roll loses nothing, fails no send, and its worst stall is
# shorter than the RollingUpdate's (a roll is as risky as its worst restart).
#
#   bench/roll-vs-rolling-update.sh            RUNS=3 PACE_MS=5 CATCH_UP_KB_S=60 by default
#
# Each way gets a fresh cluster per run (bring-up untimed); after one untimed warm-up of each, rounds
# alternate which way goes first. The producer writes for 3 s before and after the restart, so a
# stall that outlasts it is seen whole.
# Catch-up: on the stand-in a restarted broker copies what it missed over loopback in this JVM, back
# in sync a tenth of a second after it registers; then the RollingUpdate mostly stops the next broker
# after the previous one is in sync, and both ways stall only for a leader moving. A real broker
# catches up for as long as copying what was written while it was down takes. CATCH_UP_KB_S gives the
# stand-in that: Kafka's follower replication quota (follower.replication.throttled.rate on every
# broker, follower.replication.throttled.replicas=* on the topic), which throttles only replicas out of
# sync, so a restarted broker copies at that rate while in-sync followers keep full speed. 60 KB/s is
# about twice what the producer writes at PACE_MS=5 (100-byte records, each its own batch); 0 leaves
# the catch-up unthrottled. Nothing fails either way: that takes a stall longer than delivery.timeout.ms.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
pace=${PACE_MS:-5}
catch_up=${CATCH_UP_KB_S:-60}
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
  -cp "$classpath" dev.kafkapetset.scripts.RollVsRollingUpdate "$runs" "$pace" "$catch_up"
